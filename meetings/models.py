"""Committees, their terms, meetings and the rows of a meeting's minutes (layer 2).

The ordered and numbered rows of a meeting share two abstract bases, `OrderedRow` and
`NumberedRow`: their field, ordering and constraints are written once here, and the services
(`row_append`, `row_move`, `row_delete`) keep them in sequence through `sequence_field`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cnas_minutes.validators import TextLimit, plausible_date, printable_line, printable_lines
from people.models import Organisation, Person

from . import text as typed
from .numerals import chinese_date_range, ordinal

# --- issued records are frozen below the views -------------------------------------------
# Issued (and superseded) minutes are the record. Services refuse to change them first; this
# guard is the wall below them, so no admin page, shell session or forgotten code path can
# change a row of an issued meeting through the ORM: save(), delete(), QuerySet.update() and
# QuerySet.delete() refuse. The one change allowed is marking an issued meeting superseded.

FROZEN_STATUSES = ("issued", "superseded")


class RecordFrozen(ValidationError):
    """A write to an issued record."""

    def __init__(self, record=None):
        super().__init__(_("已印发的会议纪要和通知是正式记录，不能修改或删除；如需更正，请另起更正版本。"))
        self.record = record


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RecordFrozen()

    update.queryset_only = True

    def delete(self):
        raise RecordFrozen()

    delete.queryset_only = True


class AppendOnly(models.Model):
    """A record written once and never changed or deleted — through the instance or the ORM's
    queryset (an issued copy, an archive record, a follow-up entry)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            raise RecordFrozen(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordFrozen(self)


def _only_superseding(fields) -> bool:
    return set(fields) <= {"status", "updated_at"}


class FrozenGuardQuerySet(models.QuerySet):
    """Bulk writes refuse rows of issued meetings (see FROZEN_STATUSES)."""

    def _frozen_rows(self):
        path = self.model.meeting_path
        return self.filter(**{f"{path}__status__in" if path else "status__in": FROZEN_STATUSES})

    def update(self, **kwargs):
        superseding = _only_superseding(kwargs) and kwargs.get("status") == "superseded"
        allowed = superseding or set(kwargs) <= set(self.model.mutable_after_issue)
        if not allowed and self._frozen_rows().exists():
            raise RecordFrozen()
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        if self._frozen_rows().exists():
            raise RecordFrozen()
        return super().delete()

    delete.queryset_only = True


class MeetingRecord(models.Model):
    """A row of a meeting's minutes: frozen once the meeting is issued, its changes recorded.

    `meeting_path` is the lookup from the row to its meeting (`speech__meeting` for a speech's
    paragraphs); `mutable_after_issue` names fields that are not part of the issued text (a
    recommendation's follow-up) and may still change.
    """

    meeting_path = "meeting"
    mutable_after_issue: tuple[str, ...] = ()

    objects = FrozenGuardQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields and set(fields) <= set(self.mutable_after_issue):
            return super().save(*args, **kwargs)
        if self._parent_frozen() or (self.pk and self._stored_frozen()):
            raise RecordFrozen(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and self._stored_frozen():
            raise RecordFrozen(self)
        return super().delete(*args, **kwargs)

    def _parent_frozen(self) -> bool:
        first, _sep, rest = self.meeting_path.partition("__")
        parent_model = self._meta.get_field(first).related_model
        lookup = f"{rest}__status__in" if rest else "status__in"
        parent_id = getattr(self, f"{first}_id")
        return parent_model._base_manager.filter(pk=parent_id, **{lookup: FROZEN_STATUSES}).exists()

    def _stored_frozen(self) -> bool:
        lookup = f"{self.meeting_path}__status__in"
        return type(self)._base_manager.filter(pk=self.pk, **{lookup: FROZEN_STATUSES}).exists()


class OrderedRow(MeetingRecord):
    """A row kept in the order the secretariat chose (phases, speeches, reports…)."""

    sequence_field = "order"

    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class NumberedRow(MeetingRecord):
    """A row numbered 1, 2, 3… without gaps within its meeting (resolutions, recommendations).

    Subclasses have a `meeting` foreign key; the number is kept by the services, not typed.
    """

    sequence_field = "number"

    number = models.PositiveSmallIntegerField(
        _("序号"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )

    class Meta:
        abstract = True
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="%(class)s_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="%(class)s_number_positive",
                violation_error_message=_("序号必须从 1 开始。"),
            ),
        ]

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("meeting", "number"):
            return ValidationError(
                _("本次会议已有这一序号的%(row)s。") % {"row": model_class._meta.verbose_name},
                code="unique",
            )
        return super().unique_error_message(model_class, unique_check)


class Committee(models.Model):
    """A standing committee of an organisation (执行委员会, 全体委员会, a 专门委员会)."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("全体委员会")
        EXECUTIVE = "executive", _("执行委员会")
        SPECIALISED = "specialised", _("专门委员会")
        OTHER = "other", _("其他")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="committees", verbose_name=_("机构")
    )
    name = models.CharField(_("名称"), max_length=60, validators=[printable_line])
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    member_title = models.CharField(
        _("委员简称"),
        max_length=20,
        blank=True,
        help_text=_("纪要中称呼本委员会委员的用语，如“执委”。"),
        validators=[printable_line],
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("委员会")
        verbose_name_plural = _("委员会")
        ordering = ["organisation__name", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="committee_unique_name",
                violation_error_message=_("该机构已有同名委员会。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.name}"


class CommitteeTerm(models.Model):
    """One term (届) of a committee, e.g. the 4th Executive Committee."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="terms", verbose_name=_("委员会")
    )
    number = models.PositiveSmallIntegerField(
        _("届次"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    starts_on = models.DateField(_("起始日期"), null=True, blank=True, validators=[plausible_date])
    ends_on = models.DateField(_("终止日期"), null=True, blank=True, validators=[plausible_date])

    class Meta:
        verbose_name = _("委员会届次")
        verbose_name_plural = _("委员会届次")
        ordering = ["committee__organisation__name", "committee__order", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"],
                name="term_unique_number",
                violation_error_message=_("该委员会已有此届次。"),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="term_number_positive",
                violation_error_message=_("届次必须从 1 开始。"),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="term_dates_ordered",
                violation_error_message=_("终止日期不能早于起始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.organisation} {self.name}"

    @property
    def name(self) -> str:
        """第四届执行委员会"""
        return f"{ordinal(self.number)}届{self.committee.name}"


class Meeting(models.Model):
    """A meeting of an organisation: a sitting of one of its committee terms, or a meeting of its
    own (a work conference, a special meeting, a joint meeting of several committees); its
    minutes are generated from the rows hanging off it."""

    class Kind(models.TextChoices):
        SITTING = "sitting", _("委员会届次会议")
        CONFERENCE = "conference", _("工作会议")
        SPECIAL = "special", _("专题会议")
        JOINT = "joint", _("委员会联席会议")

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        REVIEW = "review", _("审核中")
        APPROVED = "approved", _("已签发")
        ISSUED = "issued", _("已印发")
        SUPERSEDED = "superseded", _("已被更正")

    class MinutesStyle(models.TextChoices):
        NARRATIVE = "narrative", _("叙述式（出席情况写入正文）")
        LIST = "list", _("列表式（出席、请假、列席分项列出）")

    kind = models.CharField(_("会议类别"), max_length=20, choices=Kind.choices, default=Kind.SITTING)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("召开机构")
    )
    # A sitting is the n-th meeting of one committee term; every other kind has neither.
    term = models.ForeignKey(
        CommitteeTerm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("委员会届次"),
    )
    sitting = models.PositiveSmallIntegerField(
        _("会议次序"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text=_("本届第几次会议。"),
    )
    own_name = models.CharField(
        _("会议名称"),
        max_length=200,
        blank=True,
        validators=[printable_line],
        help_text=_("不是委员会届次会议时填写，不含机构名称，如“第八届全国合格评定机构认可工作会议”。"),
    )
    joint_terms = models.ManyToManyField(
        CommitteeTerm,
        blank=True,
        related_name="joint_meetings",
        verbose_name=_("联席的委员会届次"),
        help_text=_("委员会联席会议由哪些委员会届次共同召开（至少两个）。"),
    )
    theme = models.CharField(
        _("会议主题"),
        max_length=200,
        blank=True,
        validators=[printable_line],
        help_text=_("写入纪要开头段，如“深化改革，提升认可公信力”。"),
    )
    title_override = models.CharField(
        _("改写的纪要标题"),
        max_length=200,
        blank=True,
        validators=[printable_line],
        help_text=_("留空时按会议名称生成纪要标题。"),
    )
    starts_on = models.DateField(_("会议日期"), validators=[plausible_date])
    ends_on = models.DateField(
        _("结束日期"), null=True, blank=True, help_text=_("一天的会议留空。"), validators=[plausible_date]
    )
    place = models.CharField(_("会议地点"), max_length=100, validators=[printable_line])
    joint_meeting_name = models.CharField(
        _("合并召开的会议"),
        max_length=200,
        blank=True,
        help_text=_(
            "与本次会议合并召开的会议名称（“暨”之后的部分），如“第八届全国合格评定机构认可工作会议”。"
        ),
        validators=[printable_line],
    )
    minutes_style = models.CharField(
        _("纪要格式"), max_length=20, choices=MinutesStyle.choices, default=MinutesStyle.NARRATIVE
    )
    attendance_order = models.JSONField(
        _("出席情况的排列顺序"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("出席情况各类别在纪要中的先后；空为默认顺序。"),
    )
    reports_conclusion = models.TextField(
        _("对报告的审议意见"),
        blank=True,
        help_text=_("会议对所审议报告的结论，紧接在报告清单之后。"),
        validators=[TextLimit(1000), printable_lines],
    )
    recommendations_intro = models.TextField(
        _("意见和建议导语"),
        blank=True,
        help_text=_("意见和建议清单之前的段落。"),
        validators=[TextLimit(1000), printable_lines],
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    edition = models.PositiveSmallIntegerField(
        _("版次"), default=1, editable=False, help_text=_("更正后的纪要为第 2 版，依次类推。")
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="correction",
        verbose_name=_("更正的原纪要"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="meetings_created",
        verbose_name=_("起草人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    meeting_path = ""
    mutable_after_issue = ()
    objects = FrozenGuardQuerySet.as_manager()
    # joint_terms too: which committees held a joint meeting is part of its record.
    history = HistoricalRecords(excluded_fields=["version", "updated_at"], m2m_fields=["joint_terms"])

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_on", "-sitting"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "sitting", "edition"],
                name="meeting_unique_sitting",
                violation_error_message=_("该届委员会已有这一次会议。"),
            ),
            models.CheckConstraint(
                condition=Q(kind="sitting", term__isnull=False, sitting__isnull=False)
                | (~Q(kind="sitting") & Q(term__isnull=True, sitting__isnull=True) & ~Q(own_name="")),
                name="meeting_kind_fields",
                violation_error_message=_(
                    "委员会届次会议须有届次和会议次序；其他会议须有会议名称，且不属于某一届次。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(sitting__gte=1),
                name="meeting_sitting_positive",
                violation_error_message=_("会议次序必须从 1 开始。"),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="meeting_dates_ordered",
                violation_error_message=_("结束日期不能早于会议日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        if self.organisation_id is None:
            self._organisation_from_term()
        if self.pk:
            stored = Meeting._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
            fields = kwargs.get("update_fields") or ()
            superseding = self.status == self.Status.SUPERSEDED and fields and _only_superseding(fields)
            if stored in FROZEN_STATUSES and not superseding:
                raise RecordFrozen(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Meeting._base_manager.filter(pk=self.pk, status__in=FROZEN_STATUSES).exists():
            raise RecordFrozen(self)
        return super().delete(*args, **kwargs)

    def _organisation_from_term(self) -> None:
        # A sitting's organisation is its committee's: stored (for the meetings that have no
        # term) but never typed, so code that creates a sitting from its term alone stays right.
        if self.term_id and self.is_sitting:
            self.organisation_id = self.term.committee.organisation_id

    def clean_fields(self, exclude=None):
        self._organisation_from_term()
        super().clean_fields(exclude=exclude)

    def clean(self):
        # The minutes print "…会议暨{joint_meeting_name}".
        self.joint_meeting_name = typed.leading_strip(self.joint_meeting_name, ("暨",))
        # The minutes print "…，会议主题为“{theme}”。" and the title "{organisation}{name}纪要".
        self.theme = typed.quotes_strip(self.theme)
        self.title_override = self.title_override.strip()
        errors = {}
        if self.is_sitting:
            if self.term_id is None:
                errors["term"] = _("委员会届次会议请选择委员会届次。")
            if self.sitting is None:
                errors["sitting"] = _("委员会届次会议请填写会议次序。")
            self.own_name = ""
        else:
            self.term, self.sitting = None, None
            if self.organisation_id:
                organisation = self.organisation
                leads = tuple(n for n in (organisation.name, organisation.short_name) if n)
                self.own_name = typed.leading_strip(self.own_name, leads)
            self.own_name = typed.ending_strip(self.own_name.strip(), ("纪要",))
            if not self.own_name:
                errors["own_name"] = _("请填写会议名称，如“第八届全国合格评定机构认可工作会议”。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_sitting(self) -> bool:
        return self.kind == self.Kind.SITTING

    def terms_taking_part(self) -> list[CommitteeTerm]:
        """The committee terms whose members this meeting is theirs: the sitting's term, the
        terms of a joint meeting, none for a conference or a special meeting."""
        if self.is_sitting:
            return [self.term] if self.term_id else []
        if self.kind == self.Kind.JOINT and self.pk:
            return list(self.joint_terms.all())
        return []

    @property
    def committee_label(self) -> str:
        """What a register's or archive's committee column says: the committee of a sitting,
        the committees of a joint meeting, blank for the organisation's own meetings."""
        return "、".join(term.committee.name for term in self.terms_taking_part())

    @property
    def name(self) -> str:
        """第四届执行委员会第二次会议; a meeting of the organisation's own: its name."""
        if self.is_sitting and self.term_id:
            return f"{self.term.name}{ordinal(self.sitting)}次会议"
        return self.own_name

    @property
    def full_name(self) -> str:
        """中国合格评定国家认可委员会第四届执行委员会第二次会议"""
        return f"{self.organisation.name}{self.name}"

    @property
    def generated_title(self) -> str:
        """中国合格评定国家认可委员会第四届执行委员会第二次会议纪要"""
        return f"{self.full_name}纪要"

    @property
    def minutes_title(self) -> str:
        """The title of the minutes (and, in 关于印发…的通知, of the notice): the secretary's, else
        the generated one."""
        return self.title_override or self.generated_title

    @property
    def date_text(self) -> str:
        """2013年11月19日至20日: the one way a meeting's dates are printed (minutes, notice, pages)."""
        return chinese_date_range(self.starts_on, self.ends_on)

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    @property
    def is_editable(self) -> bool:
        """Only drafts change: what the signatory reads is what they sign; issued minutes are
        the record."""
        return self.status in EDITABLE_STATUSES

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES


EDITABLE_STATUSES = (Meeting.Status.DRAFT,)


class MeetingPhase(OrderedRow):
    """A part of the meeting day, e.g. 上午 joint session, 下午 dedicated session."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="phases", verbose_name=_("会议")
    )
    label = models.CharField(
        _("时段"), max_length=20, help_text=_("如“上午”“下午”“第一天”。"), validators=[printable_line]
    )
    description = models.CharField(_("内容"), max_length=300, validators=[printable_line])

    class Meta(OrderedRow.Meta):
        verbose_name = _("会议阶段")
        verbose_name_plural = _("会议阶段")

    def __str__(self) -> str:
        return f"{self.label}{self.description}"

    def clean(self):
        # Phases print as "上午……，下午……。": the minutes punctuate them.
        self.description = typed.ending_strip(self.description, ())


class Speech(OrderedRow):
    """A summary of what one person said at the meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="speeches", verbose_name=_("会议")
    )
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="speeches", verbose_name=_("讲话人")
    )

    class Meta(OrderedRow.Meta):
        verbose_name = _("讲话摘要")
        verbose_name_plural = _("讲话摘要")

    def __str__(self) -> str:
        return f"{self.speaker}"


class SpeechParagraph(OrderedRow):
    """One paragraph of a speech summary: speaker + lead (指出，/ 通报了) + text + enumerated points."""

    meeting_path = "speech__meeting"

    speech = models.ForeignKey(
        Speech, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("讲话摘要")
    )
    lead = models.CharField(
        _("引语"),
        max_length=20,
        help_text=_("紧接讲话人姓名的词，含标点，如“指出，”“强调，”“通报了”。"),
        validators=[printable_line],
    )
    text = models.TextField(_("正文"), validators=[TextLimit(3000), printable_lines])
    point_marker = models.CharField(
        _("要点标记"),
        max_length=4,
        blank=True,
        help_text=_("要点序号后的字，如“要”生成“一要……二要……”。"),
        validators=[printable_line],
    )

    class Meta(OrderedRow.Meta):
        verbose_name = _("讲话段落")
        verbose_name_plural = _("讲话段落")

    def __str__(self) -> str:
        return f"{self.lead}{self.text[:30]}"

    def clean(self):
        # The minutes print speaker + lead + text: a text pasted with its lead would repeat it.
        if self.lead.strip():
            self.text = typed.leading_strip(self.text, (self.lead.strip(),))


class SpeechPoint(OrderedRow):
    """An enumerated point inside a speech paragraph (一要…, 二要…)."""

    meeting_path = "paragraph__speech__meeting"

    paragraph = models.ForeignKey(
        SpeechParagraph, on_delete=models.CASCADE, related_name="points", verbose_name=_("讲话段落")
    )
    text = models.TextField(_("内容"), validators=[TextLimit(1000), printable_lines])

    class Meta(OrderedRow.Meta):
        verbose_name = _("讲话要点")
        verbose_name_plural = _("讲话要点")

    def __str__(self) -> str:
        return self.text[:40]

    def clean(self):
        # The minutes print 一{marker} before each point.
        marker = self.paragraph.point_marker if self.paragraph_id else ""
        self.text = typed.point_lead_strip(self.text, marker)


class Report(OrderedRow):
    """A report the meeting reviewed (审议了…工作报告)."""

    class Kind(models.TextChoices):
        WORK = "work", _("工作报告")
        OTHER = "other", _("其他报告或事项")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reports", verbose_name=_("会议")
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.WORK)
    title = models.CharField(
        _("报告"),
        max_length=200,
        help_text=_("工作报告填提交单位（如“秘书处”），其他报告填报告名称。"),
        validators=[printable_line],
    )

    class Meta(OrderedRow.Meta):
        verbose_name = _("审议的报告")
        verbose_name_plural = _("审议的报告")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        # Work reports print as "A、B和C的工作报告"; every title stands inside one sentence.
        endings = ("的工作报告", "工作报告") if self.kind == self.Kind.WORK else ()
        self.title = typed.ending_strip(typed.numbering_strip(self.title), endings)


class OtherBusiness(OrderedRow):
    """A paragraph on other business conducted during the meeting (会议期间…)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="other_business", verbose_name=_("会议")
    )
    text = models.TextField(_("内容"), validators=[TextLimit(2000), printable_lines])

    class Meta(OrderedRow.Meta):
        verbose_name = _("其他事项")
        verbose_name_plural = _("其他事项")

    def __str__(self) -> str:
        return self.text[:40]
