"""The editable lists of a meeting's minutes, described once so one set of views serves them all.

Each section names its model, its form, how its rows are found, and how a row is saved and
deleted (services); the model's `sequence_field` says how its rows are kept in sequence.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.forms import ModelForm
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from attendees import services as attendee_services
from attendees.forms import AttendanceForm
from attendees.models import Attendance
from meetings import services
from meetings.models import Meeting, MeetingPhase, OtherBusiness, Report, SpeechParagraph
from resolutions.forms import RecommendationForm, ResolutionForm
from resolutions.models import Recommendation, Resolution

from .forms import OtherBusinessForm, PhaseForm, ReportForm, SpeechParagraphForm


def _save_row(*, meeting: Meeting, version: int | None, form: ModelForm):
    if form.instance.pk is None:
        return services.row_append(meeting=meeting, row=form.instance)
    return services.row_update(meeting=meeting, version=version, row=form.instance)


def _save_attendance(*, meeting: Meeting, version: int | None, form: AttendanceForm):
    return attendee_services.attendance_save(
        meeting=meeting, version=version, row=form.instance, new_person=form.new_person
    )


def _save_paragraph(*, meeting: Meeting, version: int | None, form: SpeechParagraphForm):
    return services.speech_paragraph_save(
        meeting=meeting,
        version=version,
        speaker=form.cleaned_data["speaker"],
        paragraph=form.instance,
        points=form.cleaned_data["points"],
    )


@dataclass(frozen=True)
class Section:
    slug: str
    title: str | Promise
    model: type[models.Model]
    form_class: type[ModelForm]
    save: Callable = _save_row
    delete: Callable = services.row_delete
    hint: str | Promise = ""
    # The meeting's own text printed with this list (the reports' conclusion, the
    # recommendations' introduction), edited in the list's section.
    meeting_field: str = ""

    def rows(self, meeting: Meeting) -> models.QuerySet:
        if self.model is SpeechParagraph:
            return SpeechParagraph.objects.filter(speech__meeting=meeting).select_related("speech")
        return self.model._default_manager.filter(meeting=meeting)

    def siblings(self, meeting: Meeting, row: models.Model) -> models.QuerySet:
        """The rows among which `row` moves and is numbered."""
        if self.model is SpeechParagraph:
            return row.speech.paragraphs.all()
        return self.rows(meeting)

    def new_instance(self, meeting: Meeting) -> models.Model:
        if self.model is SpeechParagraph:
            return SpeechParagraph()
        return self.model(meeting=meeting)

    def preview_key(self, row: models.Model | None) -> str:
        """The `data-key` of the minutes' passage showing `row` (a prefix when the row has
        none of its own), to scroll the preview to what was just changed."""
        if self.slug in ("resolution", "recommendation"):
            return f"{self.slug}-{row.number}" if row is not None else self.slug
        if self.slug == "paragraph":
            return f"speech-{row.pk}" if row is not None else "speech"
        if self.slug == "other":
            return f"other-{row.pk}" if row is not None else "other"
        return {"phase": "opening", "attendance": "attendance", "report": "reports"}[self.slug]

    @property
    def fields(self) -> list[str]:
        return list(self.form_class._meta.fields)


SECTIONS = {
    section.slug: section
    for section in [
        Section(
            "phase",
            _("会议阶段"),
            MeetingPhase,
            PhaseForm,
            hint=_("如“上午召开……联席会议”，纪要写作“会议分为两个阶段，上午……”。"),
        ),
        Section("attendance", _("出席情况"), Attendance, AttendanceForm, _save_attendance),
        Section(
            "paragraph",
            _("讲话"),
            SpeechParagraph,
            SpeechParagraphForm,
            _save_paragraph,
            services.speech_paragraph_delete,
        ),
        Section("report", _("审议的报告"), Report, ReportForm, meeting_field="reports_conclusion"),
        Section(
            "resolution",
            _("决议"),
            Resolution,
            ResolutionForm,
            hint=_("序号自动连续编排；删除或调整顺序后自动重新编号。"),
        ),
        Section(
            "recommendation",
            _("意见和建议"),
            Recommendation,
            RecommendationForm,
            hint=_("序号自动连续编排；导语填在上方的“意见和建议导语”中。"),
            meeting_field="recommendations_intro",
        ),
        Section("other", _("其他事项"), OtherBusiness, OtherBusinessForm),
    ]
}
