"""Committee memberships (the roster of a term) and who attended which meeting (layer 3)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cnas_minutes.validators import printable_line
from meetings import text as typed
from meetings.models import CommitteeTerm, Meeting, OrderedRow
from people.models import Person


class Membership(models.Model):
    """A seat on a committee term, held by a person or by a member organisation."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("主任")
        VICE_CHAIR = "vice_chair", _("副主任")
        MEMBER = "member", _("委员")
        SECRETARY_GENERAL = "secretary_general", _("秘书长")

    term = models.ForeignKey(
        CommitteeTerm,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("委员会届次"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("人员"),
    )
    member_organisation = models.CharField(
        _("成员单位"),
        max_length=100,
        blank=True,
        help_text=_("席位属于单位（由单位派代表出席）时填写，此时不填人员。"),
        validators=[printable_line],
    )
    contact = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seat_contacts",
        verbose_name=_("联系人"),
        help_text=_("成员单位的联系人：接收分发的文件和会议通知。"),
    )
    role = models.CharField(_("职位"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    # Free text, not derived from `role` when printed: the word differs by committee (执委,
    # 委员, 常务委员) and by seat, and a chair's posts often say it already (乔东's
    # "CNAS执行委员会副主任"). New seats start from `title_default`.
    title = models.CharField(
        _("席位称谓"),
        max_length=20,
        blank=True,
        validators=[printable_line],
        help_text=_("纪要中写在姓名前的称谓，如“执委”“副主任”；留空则写此人的职务。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("委员会成员")
        verbose_name_plural = _("委员会成员")
        ordering = ["term", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(member_organisation=""))
                | (Q(person__isnull=True) & ~Q(member_organisation="")),
                name="membership_person_xor_organisation",
                violation_error_message=_("请填写人员或成员单位，二者只填其一。"),
            ),
            models.UniqueConstraint(
                fields=["term", "person"],
                condition=Q(person__isnull=False),
                name="membership_unique_person",
                violation_error_message=_("此人已是该届委员会成员。"),
            ),
            models.UniqueConstraint(
                fields=["term", "member_organisation"],
                condition=~Q(member_organisation=""),
                name="membership_unique_organisation",
                violation_error_message=_("该单位已是该届委员会成员单位。"),
            ),
        ]

    def __str__(self) -> str:
        holder = self.person.name if self.person_id else self.member_organisation
        return f"{holder}（{self.get_role_display()}）"

    @staticmethod
    def title_default(*, role: str, committee) -> str:
        """What a new seat is called: an ordinary member by the committee's word for its
        members (执委); a chair or vice-chair by their posts (left blank)."""
        if role == Membership.Role.MEMBER:
            return committee.member_title or "委员"  # words of the minutes, in Chinese always
        return ""

    @property
    def delegate_title(self) -> str:
        """How the delegate of this seat is called: 执委代表."""
        base = self.title or self.term.committee.member_title or "委员"
        return f"{base}代表"

    @property
    def receiver(self) -> Person | None:
        """Who receives the seat's documents: its holder, or an organisation's contact."""
        return self.person if self.person_id else self.contact


class AttendanceClause(models.TextChoices):
    """How the minutes group a meeting's attendance: one clause of the narrative each (one part
    of the 出席 list in the list style). Those present are split by whether they sit on the
    committee term: members 参加会议, everyone else present 出席会议."""

    SPOKE = "spoke", _("出席会议并讲话")
    GUEST = "guest", _("出席会议（非本届委员）")
    REPORTER = "reporter", _("作报告")
    MEMBER = "member", _("参加会议（本届委员）")
    DELEGATE = "delegate", _("代表出席")
    OBSERVER = "observer", _("列席会议")
    ABSENT = "absent", _("请假或未能与会")


def attendance_clause_order(meeting: Meeting) -> list[str]:
    """The order the meeting's minutes print the clauses of its attendance in.

    `Meeting.attendance_order` holds the secretariat's order (empty: the default, the seed's);
    a key it does not know is ignored and a clause it lacks keeps its default place at the end.
    """
    default = list(AttendanceClause.values)
    chosen = [key for key in dict.fromkeys(meeting.attendance_order or []) if key in default]
    return chosen + [key for key in default if key not in chosen]


DEFAULT_REPORT_VERB = "作工作报告"


class Attendance(OrderedRow):
    """One attendee of one meeting, in a category, in order: a person, or a group of people
    (“CNAS秘书处有关人员”, “来自全国各地253家合格评定机构的代表”) in any category."""

    class Category(models.TextChoices):
        SPOKE = "spoke", _("出席并讲话")
        PRESENT = "present", _("出席")
        REPORTER = "reporter", _("作报告")
        DELEGATE = "delegate", _("代表出席")
        OBSERVER = "observer", _("列席")
        ABSENT = "absent", _("缺席")

    class AbsenceKind(models.TextChoices):
        LEAVE = "leave", _("请假")
        UNABLE = "unable", _("未能与会")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("会议")
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("人员"),
    )
    group_name = models.CharField(
        _("群体"),
        max_length=100,
        blank=True,
        help_text=_("不具名的一组人，如“CNAS秘书处有关人员”。"),
        validators=[printable_line],
    )
    represented_organisation = models.CharField(
        _("所代表的单位"),
        max_length=100,
        blank=True,
        help_text=_("代表成员单位出席时填写。"),
        validators=[printable_line],
    )
    designation = models.CharField(
        _("称谓"),
        max_length=200,
        blank=True,
        help_text=_("姓名前的称谓，如“执委”“执委代表”；留空则用此人的现任职务。"),
        validators=[printable_line],
    )
    report_verb = models.CharField(
        _("报告用语"),
        max_length=100,
        blank=True,
        validators=[printable_line],
        help_text=_(
            "作报告的，纪要中姓名之后的文字，如“作主旨报告”“通报了全年认可工作情况”；留空为“作工作报告”。"
        ),
    )
    absence_kind = models.CharField(_("缺席方式"), max_length=10, choices=AbsenceKind.choices, blank=True)
    absence_reason = models.CharField(
        _("缺席原因"),
        max_length=200,
        blank=True,
        help_text=_("如“因参加其他会议等事宜”。"),
        validators=[printable_line],
    )

    class Meta(OrderedRow.Meta):
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="attendance_unique_person",
                violation_error_message=_("此人已在本次会议的出席名单中，不能重复列入。"),
            ),
            models.UniqueConstraint(
                fields=["meeting", "group_name"],
                condition=~Q(group_name=""),
                name="attendance_unique_group",
                violation_error_message=_("该群体已在本次会议的出席名单中。"),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | ~Q(group_name="")
                | (Q(category="delegate") & ~Q(represented_organisation="")),
                name="attendance_identifies_someone",
                violation_error_message=_("请选择人员，或填写群体名称；只有代表出席可只填所代表的单位。"),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(group_name=""),
                name="attendance_person_or_group",
                violation_error_message=_("人员和群体只能填一项。"),
            ),
            models.CheckConstraint(
                condition=Q(category="absent", absence_kind__in=["leave", "unable"])
                | (~Q(category="absent") & Q(absence_kind="") & Q(absence_reason="")),
                name="attendance_absence_consistent",
                violation_error_message=_("缺席的须选择缺席方式；出席的不填缺席方式和原因。"),
            ),
            models.CheckConstraint(
                condition=Q(category="delegate") | Q(represented_organisation=""),
                name="attendance_represents_only_delegates",
                violation_error_message=_("只有“代表出席”需要填写所代表的单位。"),
            ),
            models.CheckConstraint(
                condition=Q(category="reporter") | Q(report_verb=""),
                name="attendance_verb_only_reporters",
                violation_error_message=_("只有“作报告”的需要填写报告用语。"),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or "—"

    @property
    def is_named(self) -> bool:
        return self.person_id is not None

    @property
    def name(self) -> str:
        if self.person_id:
            return self.person.name
        return self.group_name

    @property
    def prefix(self) -> str:
        """What stands before the name: the represented unit and the designation or posts."""
        designation = self.designation
        if not designation and self.person_id and self.category != self.Category.DELEGATE:
            # The posts held when the meeting was held, not today's.
            designation = self.person.posts_text_on(self.meeting.starts_on)
        if not designation and self.category == self.Category.DELEGATE and not self.group_name:
            # A group of representatives names itself (“来自全国各地253家合格评定机构的代表”).
            designation = _("代表")
        return f"{self.represented_organisation}{designation}"

    @property
    def display_name(self) -> str:
        return f"{self.prefix}{self.name}"

    @property
    def verb(self) -> str:
        """What the minutes print after a reporter's name."""
        return self.report_verb or DEFAULT_REPORT_VERB

    def clean(self):
        # The minutes print "…，{reason}未能与会。" / "（{reason}请假）".
        reason = typed.ending_strip(self.absence_reason, ("未能与会", "请假"))
        self.absence_reason = typed.leading_strip(reason, ("，", ","))
        # The minutes print "{name}{verb}，" / "{name}{verb}。": the punctuation is theirs.
        self.report_verb = typed.leading_strip(typed.ending_strip(self.report_verb, ()), ("，", ","))
        if self.report_verb == DEFAULT_REPORT_VERB:
            self.report_verb = ""
        group = bool(self.group_name)
        if self.category == self.Category.DELEGATE and not group and not self.represented_organisation:
            raise ValidationError(
                {"represented_organisation": _("代表出席的须填写所代表的单位（一组代表可只填群体名称）。")}
            )
        if self.category == self.Category.ABSENT and not self.absence_kind:
            raise ValidationError({"absence_kind": _("请选择缺席方式（请假或未能与会）。")})
