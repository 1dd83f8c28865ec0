"""Forms of a meeting's own details. Layout lives in the crispy-forms helpers; no form saves itself."""

import json

from crispy_forms.layout import Column, Div, Row
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnas_minutes.forms import NoSilentTruncationMixin, form_helper
from people.models import Organisation

from . import services
from .models import CommitteeTerm, Meeting
from .numerals import ordinal


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _term_label(term: CommitteeTerm) -> str:
    return f"{term.committee.organisation} {term.name}"


class MeetingForm(NoSilentTruncationMixin, forms.ModelForm):
    """What meeting it is, when, where and how it was held. A sitting's title follows from its
    term and sitting; any other meeting of the organisation is named by the secretariat.

    The page shows only the fields of the chosen kind (static/app/app.js, `data-kinds`); the
    server checks them whatever the page showed, and drops those of the other kinds."""

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "term",
            "sitting",
            "organisation",
            "own_name",
            "joint_terms",
            "theme",
            "starts_on",
            "ends_on",
            "place",
            "joint_meeting_name",
            "minutes_style",
        ]
        widgets = {
            "kind": forms.RadioSelect(),
            "joint_terms": forms.CheckboxSelectMultiple(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        terms = CommitteeTerm.objects.select_related("committee__organisation")
        self.fields["term"].queryset = terms
        self.fields["term"].label_from_instance = _term_label
        self.fields["joint_terms"].queryset = terms
        self.fields["joint_terms"].label_from_instance = _term_label
        # A form posted without a kind (a page of an earlier release) is a sitting's, as before.
        self.fields["kind"].required = False
        # A sitting takes its organisation from its term; the other kinds name it.
        self.fields["organisation"].required = False
        self.fields["organisation"].help_text = _("召开会议的机构；委员会届次会议为该委员会所属机构。")
        if not self.instance.organisation_id:
            # Most installations serve one organisation: it is the one to convene a meeting.
            organisations = list(Organisation.objects.all()[:2])
            if len(organisations) == 1:
                self.initial.setdefault("organisation", organisations[0].pk)
        sitting_kinds = Meeting.Kind.SITTING.value
        own_kinds = " ".join(kind for kind in Meeting.Kind.values if kind != Meeting.Kind.SITTING)
        self.helper = form_helper(
            "kind",
            Div(
                Row(Column("term", css_class="col-md-8"), Column("sitting", css_class="col-md-4")),
                data_kinds=sitting_kinds,
            ),
            Div(
                Row(Column("organisation", css_class="col-md-5"), Column("own_name", css_class="col-md-7")),
                data_kinds=own_kinds,
            ),
            Div("joint_terms", data_kinds=Meeting.Kind.JOINT.value),
            "theme",
            Row(
                Column("starts_on", css_class="col-md-4"),
                Column("ends_on", css_class="col-md-4"),
                Column("minutes_style", css_class="col-md-4"),
            ),
            Row(Column("place", css_class="col-md-6"), Column("joint_meeting_name", css_class="col-md-6")),
        )

    def clean_kind(self):
        return self.cleaned_data.get("kind") or Meeting.Kind.SITTING

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Meeting.Kind.SITTING:
            # What the page hid belongs to the other kinds: dropped, not checked.
            for name in ("organisation", "own_name", "joint_terms"):
                self._errors.pop(name, None)
            cleaned["organisation"], cleaned["own_name"], cleaned["joint_terms"] = None, "", []
            if term := cleaned.get("term"):
                cleaned["organisation"] = term.committee.organisation
        elif kind:
            hidden = ("term", "sitting") if kind == Meeting.Kind.JOINT else ("term", "sitting", "joint_terms")
            for name in hidden:
                self._errors.pop(name, None)
            cleaned["term"], cleaned["sitting"] = None, None
            self._clean_own_meeting(kind, cleaned)
        term, sitting = cleaned.get("term"), cleaned.get("sitting")
        if kind == Meeting.Kind.SITTING and term and sitting and "sitting" not in self._errors:
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

    def _clean_own_meeting(self, kind: str, cleaned: dict) -> None:
        organisation = cleaned.get("organisation")
        if organisation is None and "organisation" not in self._errors:
            self.add_error("organisation", _("请选择召开会议的机构。"))
        joint_terms = list(cleaned.get("joint_terms") or []) if kind == Meeting.Kind.JOINT else []
        cleaned["joint_terms"] = joint_terms
        if kind == Meeting.Kind.JOINT and "joint_terms" not in self._errors:
            if len(joint_terms) < 2:
                self.add_error("joint_terms", _("委员会联席会议请选择至少两个委员会届次。"))
            elif organisation and any(t.committee.organisation_id != organisation.pk for t in joint_terms):
                self.add_error("joint_terms", _("联席的委员会须属于召开会议的机构。"))


class MeetingCreateForm(MeetingForm):
    """A new meeting: the texts that follow the reports and resolutions come later."""

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
        # Only a sitting has a previous sitting to start from.
        self.helper.layout.append(Div("copy_previous", data_kinds=Meeting.Kind.SITTING.value))
        # The next sitting of each term, so the page (static/app/app.js) follows the chosen term.
        self.fields["term"].widget.attrs["data-next-sittings"] = json.dumps(services.next_sittings())
        self.fields["sitting"].help_text = _("默认为所选届次的下一次会议。")
