"""Forms of a meeting's own details. Layout lives in the crispy-forms helpers; no form saves itself."""

import json

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnas_minutes.forms import NoSilentTruncationMixin, form_helper

from . import services
from .models import CommitteeTerm, Meeting
from .numerals import ordinal

# Meetings the application records: from the founding of the People's Republic, as the
# document numbers' years (Notice.year), and not beyond what date arithmetic can take.
FIRST_YEAR, LAST_YEAR = 1949, 2999


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeetingForm(NoSilentTruncationMixin, forms.ModelForm):
    """When, where and how the meeting was held; the title follows from term and sitting."""

    class Meta:
        model = Meeting
        fields = [
            "term",
            "sitting",
            "starts_on",
            "ends_on",
            "place",
            "joint_meeting_name",
            "minutes_style",
            "reports_conclusion",
            "recommendations_intro",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "reports_conclusion": forms.Textarea(attrs={"rows": 3}),
            "recommendations_intro": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = CommitteeTerm.objects.select_related("committee__organisation")
        self.fields["term"].label_from_instance = lambda term: f"{term.committee.organisation} {term.name}"
        self.helper = form_helper(
            Row(Column("term", css_class="col-md-8"), Column("sitting", css_class="col-md-4")),
            Row(
                Column("starts_on", css_class="col-md-4"),
                Column("ends_on", css_class="col-md-4"),
                Column("minutes_style", css_class="col-md-4"),
            ),
            Row(Column("place", css_class="col-md-6"), Column("joint_meeting_name", css_class="col-md-6")),
            *[name for name in ("reports_conclusion", "recommendations_intro") if name in self.fields],
        )

    def _date_in_range(self, name: str):
        value = self.cleaned_data.get(name)
        if value and not (FIRST_YEAR <= value.year <= LAST_YEAR):
            raise forms.ValidationError(
                _("日期应在%(first)s年至%(last)s年之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return value

    def clean_starts_on(self):
        return self._date_in_range("starts_on")

    def clean(self):
        cleaned = super().clean()
        term, sitting = cleaned.get("term"), cleaned.get("sitting")
        if term and sitting and "sitting" not in self._errors:
            taken = Meeting.objects.filter(term=term, sitting=sitting, edition=self.instance.edition)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "sitting",
                    _("%(term)s已有%(sitting)s次会议，请改用其他次序（下一次为%(next)s次）。")
                    % {
                        "term": term.name,
                        "sitting": ordinal(sitting),
                        "next": ordinal(services.next_sitting(term)),
                    },
                )
        return cleaned

    def clean_ends_on(self):
        return self._date_in_range("ends_on")


class MeetingCreateForm(MeetingForm):
    """A new meeting: the texts that follow the reports and resolutions come later."""

    class Meta(MeetingForm.Meta):
        fields = ["term", "sitting", "starts_on", "ends_on", "place", "joint_meeting_name", "minutes_style"]

    copy_previous = forms.BooleanField(
        label=gettext_lazy("从上次会议复制议程、报告和出席类别"),
        required=False,
        help_text=gettext_lazy(
            "复制本届上一次会议（本届尚无会议时为上一届最后一次会议）的会议阶段、审议的报告和出席名单，"
            "供修改；上次缺席的人员改列为出席。讲话、决议、意见和建议不复制。"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append("copy_previous")
        # The next sitting of each term, so the page (static/app/app.js) follows the chosen term.
        self.fields["term"].widget.attrs["data-next-sittings"] = json.dumps(services.next_sittings())
        self.fields["sitting"].help_text = _("默认为所选届次的下一次会议。")
