"""Forms of the attendance list: one attendee, several at once, and picking a person by name."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from cnas_minutes.forms import NoSilentTruncationMixin, RowsField, form_helper
from cnas_minutes.validators import plausible_date, printable_line
from meetings.forms import DateInput
from meetings.models import Committee, CommitteeTerm
from people.models import Person, Post

from .models import DEFAULT_REPORT_VERB, Attendance, Membership

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
        # What Person.name refuses, refused in the box already (a new person is made from it).
        kwargs.setdefault("validators", [printable_line])
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
            "hx-swap": "innerHTML",  # not the editor section's outerHTML, which it would inherit
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
    """One attendee: a known person picked by name, a new guest, a group (in any category) or
    an unnamed delegate."""

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
            "report_verb",
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
            Row(Column(Field("report_verb", placeholder=DEFAULT_REPORT_VERB), css_class="col-md-8")),
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
        if category != Attendance.Category.REPORTER and data.get("report_verb", "").strip():
            self.add_error("report_verb", _("只有“作报告”的需要填写报告用语。"))
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
    """Give the ticked attendees one category and/or one title (称谓); absentees share a kind and
    reason of absence."""

    KEEP = "keep"

    rows = RowsField(
        queryset=Attendance.objects.none(),
        error_messages={"required": _("请先勾选要修改的人员。")},
    )
    # No default: pressing the button without choosing must not turn absentees into speakers.
    category = forms.ChoiceField(
        label=_("改为"),
        choices=[("", _("请选择…")), (KEEP, _("（类别不变）"))]
        + [c for c in Attendance.Category.choices if c[0] != Attendance.Category.DELEGATE],
        error_messages={"required": _("请选择要改为的类别（只改称谓请选“类别不变”）。")},
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
    designation = forms.CharField(
        label=_("称谓改为"),
        max_length=Attendance._meta.get_field("designation").max_length,
        required=False,
        validators=[printable_line],
        help_text=_("如“CNAS执委”；留空则不改称谓。"),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"].queryset = meeting.attendances.select_related("person")

    def clean(self):
        data = super().clean()
        category = data.get("category")
        absent = category == Attendance.Category.ABSENT
        if category == self.KEEP:
            data["category"] = None
            # (A title refused by its own checks has said so already.)
            if "designation" in data and not data["designation"].strip():
                self.add_error("designation", _("类别不变时，请填写要改为的称谓。"))
        if absent and not data.get("absence_kind"):
            self.add_error("absence_kind", _("请选择缺席方式（请假或未能与会）。"))
        if not absent and (data.get("absence_kind") or data.get("absence_reason")):
            if category == self.KEEP:
                message = _("类别不变时只改称谓；要修改缺席方式或原因，请选“缺席”。")
            else:
                message = _("只有缺席的人员需要填写缺席方式和原因。")
            self.add_error("absence_reason", message)
        return data


# --- committee terms and rosters ---------------------------------------------------------

JOINING_LIMIT = 200


def _date_in_range(value):
    plausible_date(value)
    return value


class TermStartForm(NoSilentTruncationMixin, forms.Form):
    """A new term (换届): its number and dates, the previous roster's seats to carry over (all
    ticked to start with) and the names of the people joining, one a line."""

    number = forms.IntegerField(label=_("届次"), min_value=1, max_value=999)
    starts_on = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("终止日期"), required=False, widget=DateInput())
    carried = RowsField(
        label=_("沿用上届的成员"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("默认全部沿用；取消勾选即不再连任。"),
    )
    joining = forms.CharField(
        label=_("新增成员"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个姓名；系统中没有的人员将新增。同名人员请写作“姓名（备注）”。"),
    )

    def __init__(self, *args, committee, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        seats = (
            previous.memberships.select_related("person", "contact")
            if previous
            else Membership.objects.none()
        )
        self.fields["carried"].queryset = seats.order_by("order", "pk")
        self.fields["carried"].label_from_instance = _seat_label
        if previous is None:
            del self.fields["carried"]
        self.helper = form_helper(
            Row(
                Column("number", css_class="col-md-4"),
                Column("starts_on", css_class="col-md-4"),
                Column("ends_on", css_class="col-md-4"),
            ),
            *[name for name in ("carried", "joining") if name in self.fields],
        )

    def clean_starts_on(self):
        return _date_in_range(self.cleaned_data.get("starts_on"))

    def clean_ends_on(self):
        return _date_in_range(self.cleaned_data.get("ends_on"))

    def clean_number(self):
        number = self.cleaned_data["number"]
        if self.committee.terms.filter(number=number).exists():
            raise forms.ValidationError(_("该委员会已有第%(number)s届。") % {"number": number})
        return number

    def clean_joining(self):
        """People by name: each line one known person (the label from the suggestions tells
        namesakes apart) or a new name."""
        lines = [line.strip() for line in self.cleaned_data.get("joining", "").splitlines() if line.strip()]
        if len(lines) > JOINING_LIMIT:
            raise forms.ValidationError(
                _("一次最多新增 %(limit)s 人，现有 %(count)s 行。")
                % {"limit": JOINING_LIMIT, "count": len(lines)}
            )
        joining, errors = [], []
        for line in dict.fromkeys(lines):
            if len(line) > Person._meta.get_field("name").max_length:
                errors.append(_("“%(name)s”超过 50 个字，不像是姓名。") % {"name": line[:20] + "…"})
                continue
            found = person_lookup(line)
            if len(found) > 1:
                errors.append(
                    _("有 %(count)s 位名为“%(name)s”的人员，请写作“姓名（备注）”。")
                    % {"count": len(found), "name": line}
                )
            else:
                joining.append(found[0] if found else line)
        if errors:
            raise forms.ValidationError(errors)
        return joining

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("终止日期不能早于起始日期。"))
        carried = {seat.person_id for seat in data.get("carried", []) if seat.person_id}
        for person in data.get("joining", []):
            if isinstance(person, Person) and person.pk in carried:
                self.add_error("joining", _("%(name)s 已在沿用的成员中。") % {"name": person.name})
        return data


def _seat_label(seat: Membership) -> str:
    holder = str(seat.person) if seat.person_id else seat.member_organisation
    return f"{holder}（{seat.title}）" if seat.title else holder


class SeatForm(NoSilentTruncationMixin, forms.ModelForm):
    """A seat on a term's roster: a person (known, or new with a post from a date) or a member
    organisation with its contact; its role and the title the minutes print."""

    person_name = PersonNameField(
        label=_("姓名"), required=False, help_text=_("从提示中选择已有人员；成员单位的席位不填。")
    )
    create_person = forms.BooleanField(label=_("系统中没有此人，新增为人员"), required=False)
    new_person_unit = forms.CharField(label=_("新人员的单位"), max_length=100, required=False)
    new_person_title = forms.CharField(label=_("新人员的职务"), max_length=100, required=False)
    new_person_since = forms.DateField(label=_("任职起始日期"), required=False, widget=DateInput())
    contact_name = PersonNameField(
        label=_("联系人"), required=False, help_text=_("成员单位的联系人：接收会议通知和分发的文件。")
    )

    class Meta:
        model = Membership
        fields = ["member_organisation", "role", "title"]

    def __init__(self, *args, term, **kwargs):
        super().__init__(*args, **kwargs)
        self.term = term
        self.new_person: dict | None = None
        if not self.instance.pk:
            self.initial.setdefault(
                "title", Membership.title_default(role=Membership.Role.MEMBER, committee=term.committee)
            )
        elif self.instance.contact_id:
            self.initial.setdefault("contact_name", str(self.instance.contact))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("person_name", css_class="col-md-4"),
                Column("member_organisation", css_class="col-md-4"),
                Column("contact_name", css_class="col-md-4"),
            ),
            Row(
                Column("create_person", css_class="col-md-3"),
                Column("new_person_unit", css_class="col-md-3"),
                Column("new_person_title", css_class="col-md-3"),
                Column("new_person_since", css_class="col-md-3"),
                css_class="new-person",
            ),
            Row(Column("role", css_class="col-md-6"), Column("title", css_class="col-md-6")),
        )

    def clean_new_person_since(self):
        return _date_in_range(self.cleaned_data.get("new_person_since"))

    def clean(self):
        data = super().clean()
        person = data.get("person_name")
        typed = getattr(self.fields["person_name"], "typed_name", None) if person is None else None
        if typed and not data.get("create_person"):
            self.add_error(
                "person_name",
                _("系统中没有名为“%(name)s”的人员。如确需新增，请勾选“系统中没有此人，新增为人员”。")
                % {"name": typed},
            )
        elif typed:
            self.new_person = {
                "name": typed,
                "unit": data.get("new_person_unit", ""),
                "title": data.get("new_person_title", ""),
                "since": data.get("new_person_since"),
            }
        named = person is not None or typed
        organisation = data.get("member_organisation", "")
        if named and organisation:
            self.add_error("member_organisation", _("请填写人员或成员单位，二者只填其一。"))
        elif not named and not organisation and "person_name" not in self.errors:
            self.add_error("person_name", _("请填写姓名，或填写成员单位。"))
        contact = data.get("contact_name")
        if getattr(self.fields["contact_name"], "typed_name", None) and contact is None:
            self.add_error("contact_name", _("联系人须是系统中已有的人员。"))
        elif contact is not None and named:
            self.add_error("contact_name", _("只有成员单位的席位需要联系人。"))
        if person is not None:
            taken = self.term.memberships.filter(person=person).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("person_name", _("%(name)s 已是该届委员会成员。") % {"name": person.name})
        return data

    def _post_clean(self):
        self.instance.term = self.term
        self.instance.person = self.cleaned_data.get("person_name")
        self.instance.contact = self.cleaned_data.get("contact_name")
        super()._post_clean()


class SeatEditForm(NoSilentTruncationMixin, forms.ModelForm):
    """A seat's role and title, changed on the roster."""

    class Meta:
        model = Membership
        fields = ["role", "title"]


class CommitteeForm(NoSilentTruncationMixin, forms.ModelForm):
    """A new committee of the organisation (its terms and rosters follow on the committees page)."""

    class Meta:
        model = Committee
        fields = ["organisation", "name", "kind", "member_title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class TermDatesForm(NoSilentTruncationMixin, forms.ModelForm):
    """A term's first and last day, corrected after the term was started."""

    class Meta:
        model = CommitteeTerm
        fields = ["starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class PostForm(NoSilentTruncationMixin, forms.ModelForm):
    """A person's post: unit, title and the days it was held (the minutes print the posts held
    on the meeting's date)."""

    class Meta:
        model = Post
        fields = ["unit", "title", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("unit", css_class="col-md-3"),
                Column("title", css_class="col-md-3"),
                Column("starts_on", css_class="col-md-3"),
                Column("ends_on", css_class="col-md-3"),
            )
        )
