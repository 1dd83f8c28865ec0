"""Writes of the minutes' own records: the secretariat's rewrites of generated paragraphs."""

from django.db import transaction

from attendees.models import Attendance
from meetings.models import Meeting, MeetingPhase, OtherBusiness, Report
from meetings.services import meeting_version_bump
from resolutions.models import Recommendation, Resolution

from .models import TITLE_KEY, MinutesOverride


def _title_set(*, meeting: Meeting, version: int | None, text: str) -> Meeting:
    meeting_version_bump(meeting=meeting, version=version)
    meeting.title_override = text
    meeting.full_clean()
    meeting.save(update_fields=["title_override", "updated_at"])
    return meeting


@transaction.atomic
def override_save(*, meeting: Meeting, version: int | None, key: str, text: str) -> MinutesOverride | Meeting:
    """Replace a generated paragraph, or the generated title (TITLE_KEY), with the
    secretariat's own text."""
    if key == TITLE_KEY:
        return _title_set(meeting=meeting, version=version, text=text.strip())
    if key not in MinutesOverride.Key.values:
        raise ValueError(key)
    meeting_version_bump(meeting=meeting, version=version)
    override = MinutesOverride.objects.filter(meeting=meeting, key=key).first()
    override = override or MinutesOverride(meeting=meeting, key=key)
    override.text = text.strip()
    override.full_clean()
    override.save()
    return override


@transaction.atomic
def override_revert(*, meeting: Meeting, version: int | None, key: str) -> None:
    """Go back to the generated text of a paragraph, or to the generated title."""
    if key == TITLE_KEY:
        _title_set(meeting=meeting, version=version, text="")
        return
    meeting_version_bump(meeting=meeting, version=version)
    MinutesOverride.objects.filter(meeting=meeting, key=key).delete()


@transaction.atomic
def meeting_correction_create(*, meeting: Meeting, created_by) -> Meeting:
    """A new draft edition of an issued meeting, with a copy of every part of its minutes, that
    references the original. The original stays as issued until the correction is issued."""
    original = meeting
    copy = Meeting.objects.get(pk=original.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.status = Meeting.Status.DRAFT
    copy.version = 1
    copy.edition = original.edition + 1
    copy.supersedes = original
    copy.created_by = created_by
    copy.full_clean()
    copy.save()
    copy.joint_terms.set(original.joint_terms.all())

    def clone(rows, **changes):
        for row in rows:
            row.pk = None
            row.id = None
            row._state.adding = True
            for name, value in changes.items():
                setattr(row, name, value)
            row.save()

    clone(MeetingPhase.objects.filter(meeting=original), meeting=copy)
    clone(Report.objects.filter(meeting=original), meeting=copy)
    clone(OtherBusiness.objects.filter(meeting=original), meeting=copy)
    clone(Attendance.objects.filter(meeting=original), meeting=copy)
    clone(Resolution.objects.filter(meeting=original), meeting=copy)
    clone(Recommendation.objects.filter(meeting=original), meeting=copy)
    clone(MinutesOverride.objects.filter(meeting=original), meeting=copy)
    for speech in original.speeches.prefetch_related("paragraphs__points"):
        paragraphs = list(speech.paragraphs.all())
        clone([speech], meeting=copy)
        for paragraph in paragraphs:
            points = list(paragraph.points.all())
            clone([paragraph], speech=speech)
            clone(points, paragraph=paragraph)
    return copy


@transaction.atomic
def rows_paste(*, meeting: Meeting, version: int | None, section, forms: list) -> int:
    """Append the rows of a pasted list, all or none, if nobody changed the meeting since
    `version` (the version its preview was made at: the numbers shown are the numbers saved).
    Each row is saved by its list's own service, as the single 添加 does."""
    meeting_version_bump(meeting=meeting, version=version)
    for form in forms:
        section.save(meeting=meeting, version=None, form=form)
    return len(forms)
