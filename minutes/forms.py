"""Forms of the minutes editor's lists and rewrites; no form saves itself."""

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from attendees.forms import PersonNameField
from cnas_minutes.forms import NoSilentTruncationMixin, form_helper
from meetings.models import Meeting, MeetingPhase, OtherBusiness, Report, SpeechParagraph
from meetings.text import paste_split

from .models import TITLE_KEY, MinutesOverride


class PhaseForm(NoSilentTruncationMixin, forms.ModelForm):
    class Meta:
        model = MeetingPhase
        fields = ["label", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(Column("label", css_class="col-md-3"), Column("description", css_class="col-md-9"))
        )


class ReportForm(NoSilentTruncationMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["kind", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(Column("kind", css_class="col-md-4"), Column("title", css_class="col-md-8"))
        )


class OtherBusinessForm(NoSilentTruncationMixin, forms.ModelForm):
    class Meta:
        model = OtherBusiness
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class MeetingTextForm(NoSilentTruncationMixin, forms.ModelForm):
    """One of the meeting's own paragraphs printed with a list: the reports' conclusion (after
    the reports) or the recommendations' introduction (before them), edited in that list's
    section. No prefix: the field keeps the id it had in the meeting's details form."""

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, *args, field: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[field] = forms.fields_for_model(
            Meeting, fields=[field], widgets={field: forms.Textarea(attrs={"rows": 3})}
        )[field]
        self.initial[field] = getattr(self.instance, field)
        self.field = field
        self.field_label = self.fields[field].label
        self.helper = form_helper()


DEFAULT_LEAD = "指出，"


class SpeechParagraphForm(NoSilentTruncationMixin, forms.ModelForm):
    """One paragraph of what a speaker said, with its enumerated points (一要…二要…)."""

    speaker = PersonNameField(label=_("讲话人"))
    points = forms.CharField(
        label=_("要点"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个要点，按顺序编为“一要……二要……”（序号后的字见“要点标记”）。"),
    )

    class Meta:
        model = SpeechParagraph
        fields = ["lead", "text", "point_marker"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("speaker", str(self.instance.speech.speaker))
            self.initial.setdefault("points", "\n".join(p.text for p in self.instance.points.all()))
        if not self.instance.pk and not self.initial.get("lead"):
            # A new row's model_to_dict() gives lead "" which would hide the field's initial.
            self.initial["lead"] = DEFAULT_LEAD
        self.helper = form_helper(
            Row(
                Column("speaker", css_class="col-md-6"),
                Column("lead", css_class="col-md-3"),
                Column("point_marker", css_class="col-md-3"),
            ),
            "text",
            "points",
        )

    def clean_speaker(self):
        speaker = self.cleaned_data["speaker"]
        if speaker is None:
            raise forms.ValidationError(
                _("系统中没有名为“%(name)s”的人员，请先在出席名单中新增此人。"),
                params={"name": getattr(self.fields["speaker"], "typed_name", "")},
            )
        return speaker


class OverrideForm(NoSilentTruncationMixin, forms.Form):
    """The secretariat's own text for a generated paragraph."""

    # The checks of MinutesOverride.text (its limit, what a document can print), on the box.
    text = forms.CharField(
        label=_("改写后的文字"),
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=MinutesOverride._meta.get_field("text").validators,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class TitleOverrideForm(NoSilentTruncationMixin, forms.Form):
    """The secretariat's own title of the minutes (…会议纪要), printed on the minutes and in
    the notice's title."""

    text = forms.CharField(label=_("改写后的标题"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

    def clean_text(self):
        # One line: the title is printed centred, and in the notice's 关于印发…的通知.
        return " ".join(self.cleaned_data["text"].split())


def override_form(key: str, *args, **kwargs) -> forms.Form:
    """The form of one override: the title's, or a paragraph's."""
    form_class = TitleOverrideForm if key == TITLE_KEY else OverrideForm
    return form_class(*args, prefix=f"override-{key}", **kwargs)


class PasteForm(NoSilentTruncationMixin, forms.Form):
    """A pasted list for one of the editor's lists; cleans to its items (meetings.text)."""

    items = forms.CharField(
        label=_("粘贴的清单"),
        max_length=50000,
        error_messages={"required": _("请粘贴至少一行内容。")},
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "每行一项；行首的“1.”“1、”“（一）”“①”等序号会自动去掉，纪要重新编号。"
            "按序号分项时，没有序号的行接在上一项之后。粘贴后立即显示预览。"
        ),
    )

    def __init__(self, *args, kind, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind.choices:
            self.fields["choice"] = forms.ChoiceField(
                label=kind.choice_label,
                choices=kind.choices,
                initial=self._initial_choice(meeting),
                help_text=_("对这次粘贴的每一项都适用；请在粘贴之前选好。"),
            )
            # Chosen before pasting: the paste is previewed at once with the choice made.
            self.order_fields(["choice", "items"])
        self.helper = form_helper()

    def _initial_choice(self, meeting) -> str:
        if self.kind.slug == "resolution":
            # Like the single form: the next resolutions go as the last one did.
            earlier = sorted(meeting.resolutions.all(), key=lambda r: r.number)
            if earlier:
                return earlier[-1].outcome
        if self.kind.slug == "attendance":
            # Like the single form: 出席, never 出席并讲话 by default.
            return "present"
        return self.kind.choices[0][0]

    def clean_items(self):
        return paste_split(self.cleaned_data["items"], max_length=self.kind.max_length)
