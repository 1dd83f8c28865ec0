"""Forms of the attendance list: one attendee, several at once, and picking a person by name."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from cnas_minutes.forms import NoSilentTruncationMixin, RowsField
from people.models import Person

from .models import Attendance

_LABEL = re.compile(r"^(?P<name>[^（(]+?)\s*[（(](?P<note>.*)[）)]\s*$")


def person_lookup(text: str) -> list[Person]:
    """People matching what was typed in a name box: the exact label, else the exact name."""
    text = text.strip()
    match = _LABEL.match(text)
    if match:
        found = list(Person.objects.filter(name=match["name"].strip(), note=match["note"].strip()))
        if found:
            return found
    return list(Person.objects.filter(name=text))


class PersonNameField(forms.CharField):
    """A name typed (with suggestions from the people the system knows) that names one person.

    Cleans to the Person, or to None when nobody of that name exists yet — the form decides
    whether that is an error or a new person.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # Suggestions: htmx fetches <option>s of matching people into the page's datalist.
        return {
            **super().widget_attrs(widget),
            "list": "people-options",
            "autocomplete": "off",
            "hx-get": reverse_lazy("attendees:person_search"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "#people-options",
            "hx-sync": "this:replace",
        }

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        found = person_lookup(text)
        if len(found) > 1:
            raise forms.ValidationError(
                _("有 %(count)s 位名为“%(name)s”的人员，请从提示列表中选择带备注的那一位。"),
                params={"count": len(found), "name": text},
            )
        if found:
            return found[0]
        self.typed_name = text
        return None


class AttendanceForm(NoSilentTruncationMixin, forms.ModelForm):
    """One attendee: a known person picked by name, a new guest, a group or an unnamed delegate."""

    person_name = PersonNameField(
        label=_("姓名"),
        required=False,
        help_text=_("输入姓名的一部分，从提示中选择已有人员；不填姓名则须填写群体名称或所代表的单位。"),
    )
    create_person = forms.BooleanField(label=_("系统中没有此人，新增为人员"), required=False)
    new_person_unit = forms.CharField(label=_("新人员的单位"), max_length=100, required=False)
    new_person_title = forms.CharField(label=_("新人员的职务"), max_length=100, required=False)

    class Meta:
        model = Attendance
        fields = [
            "category",
            "group_name",
            "represented_organisation",
            "designation",
            "absence_kind",
            "absence_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.instance.category:
            self.initial["category"] = Attendance.Category.PRESENT
        if self.instance.pk and self.instance.person_id:
            self.initial.setdefault("person_name", str(self.instance.person))
        self.new_person: dict | None = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("person_name", css_class="col-md-6"), Column("category", css_class="col-md-6")),
            Row(
                Column("create_person", css_class="col-md-4"),
                Column("new_person_unit", css_class="col-md-4"),
                Column("new_person_title", css_class="col-md-4"),
                css_class="new-person",
            ),
            Row(
                Column("group_name", css_class="col-md-4"),
                Column("represented_organisation", css_class="col-md-4"),
                Column("designation", css_class="col-md-4"),
            ),
            Row(
                Column("absence_kind", css_class="col-md-4"),
                Column(Field("absence_reason"), css_class="col-md-8"),
            ),
        )

    def clean(self):
        data = super().clean()
        person = data.get("person_name")
        typed = getattr(self.fields["person_name"], "typed_name", None) if person is None else None
        if typed and not data.get("create_person"):
            self.add_error(
                "person_name",
                _(
                    "系统中没有名为“%(name)s”的人员。如确需新增，请勾选“系统中没有此人，新增为人员”并填写其职务。"
                )
                % {"name": typed},
            )
        elif typed:
            self.new_person = {
                "name": typed,
                "unit": data.get("new_person_unit", ""),
                "title": data.get("new_person_title", ""),
            }
        if person is not None and data.get("group_name"):
            self.add_error("group_name", _("已选择人员时不填群体名称。"))
        # A delegate without a unit and an absence without its kind are Attendance.clean's.
        category = data.get("category")
        if category != Attendance.Category.ABSENT and (
            data.get("absence_kind") or data.get("absence_reason")
        ):
            self.add_error("absence_reason", _("只有缺席的人员需要填写缺席方式和原因。"))
        if category != Attendance.Category.DELEGATE and data.get("represented_organisation"):
            self.add_error("represented_organisation", _("只有“代表出席”需要填写所代表的单位。"))
        named = person is not None or typed
        if not named and not data.get("group_name") and category != Attendance.Category.DELEGATE:
            self.add_error("person_name", _("请填写姓名，或填写群体名称。"))
        if person is not None:
            taken = (
                self.instance.meeting.attendances.filter(person=person) if self.instance.meeting_id else None
            )
            if taken is not None and taken.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "person_name", _("%(name)s 已在本次会议的出席名单中。") % {"name": person.name}
                )
        return data

    def _post_clean(self):
        # The person comes from the name box (or is created by the service), not from a field.
        self.instance.person = self.cleaned_data.get("person_name")
        super()._post_clean()


class AttendanceBulkForm(NoSilentTruncationMixin, forms.Form):
    """Give the ticked attendees one category; absentees share a kind and reason of absence."""

    rows = RowsField(
        queryset=Attendance.objects.none(),
        error_messages={"required": _("请先勾选要修改的人员。")},
    )
    # No default: pressing the button without choosing must not turn absentees into speakers.
    category = forms.ChoiceField(
        label=_("改为"),
        choices=[("", _("请选择…"))]
        + [c for c in Attendance.Category.choices if c[0] != Attendance.Category.DELEGATE],
        error_messages={"required": _("请选择要改为的类别。")},
    )
    absence_kind = forms.ChoiceField(
        label=_("缺席方式"), choices=[("", "—")] + Attendance.AbsenceKind.choices, required=False
    )
    absence_reason = forms.CharField(
        label=_("共同的缺席原因"),
        max_length=200,
        required=False,
        help_text=_("如“因参加其他会议等事宜”，纪要中写在这几位的姓名之后。"),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"].queryset = meeting.attendances.select_related("person")

    def clean(self):
        data = super().clean()
        absent = data.get("category") == Attendance.Category.ABSENT
        if absent and not data.get("absence_kind"):
            self.add_error("absence_kind", _("请选择缺席方式（请假或未能与会）。"))
        if not absent and (data.get("absence_kind") or data.get("absence_reason")):
            self.add_error("absence_reason", _("只有缺席的人员需要填写缺席方式和原因。"))
        return data
