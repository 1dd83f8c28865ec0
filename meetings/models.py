"""Organisations, committees, meetings and the notices that issue their minutes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .numerals import chinese_date, document_number, ordinal


class Organisation(models.Model):
    """A body whose committees meet and whose secretariat issues documents (e.g. CNAS)."""

    name = models.CharField(_("全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    doc_prefix = models.CharField(
        _("发文机关代字"), max_length=20, help_text=_("发文字号的机关代字，如“认可委”。")
    )
    issuer_mark = models.CharField(
        _("发文机关标志"),
        max_length=60,
        blank=True,
        help_text=_("版头上的红色标志；留空则为“全称 + 文件”。"),
    )

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def issuer_mark_text(self) -> str:
        return self.issuer_mark or f"{self.name}文件"


class IssuingOffice(models.Model):
    """The office that issues a document under the organisation's prefix (秘书处, code 秘)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offices", verbose_name=_("机构")
    )
    name = models.CharField(_("名称"), max_length=60)
    code = models.CharField(_("代字"), max_length=10, help_text=_("发文字号括号内的代字，如“秘”。"))

    class Meta:
        verbose_name = _("发文部门")
        verbose_name_plural = _("发文部门")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="office_unique_code",
                violation_error_message=_("该机构已有使用此代字的发文部门。"),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.organisation.name}{self.name}"


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
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    member_title = models.CharField(
        _("委员简称"),
        max_length=20,
        blank=True,
        help_text=_("纪要中称呼本委员会委员的用语，如“执委”。"),
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
    starts_on = models.DateField(_("起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)

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
    """One sitting of a committee term; its minutes are generated from the rows hanging off it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        REVIEW = "review", _("审核中")
        APPROVED = "approved", _("已签发")
        ISSUED = "issued", _("已印发")

    class MinutesStyle(models.TextChoices):
        NARRATIVE = "narrative", _("叙述式（出席情况写入正文）")
        LIST = "list", _("列表式（出席、请假、列席分项列出）")

    term = models.ForeignKey(
        CommitteeTerm, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("委员会届次")
    )
    sitting = models.PositiveSmallIntegerField(
        _("会议次序"),
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text=_("本届第几次会议。"),
    )
    starts_on = models.DateField(_("会议日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("一天的会议留空。"))
    place = models.CharField(_("会议地点"), max_length=100)
    joint_meeting_name = models.CharField(
        _("合并召开的会议"),
        max_length=200,
        blank=True,
        help_text=_(
            "与本次会议合并召开的会议名称（“暨”之后的部分），如“第八届全国合格评定机构认可工作会议”。"
        ),
    )
    minutes_style = models.CharField(
        _("纪要格式"), max_length=20, choices=MinutesStyle.choices, default=MinutesStyle.NARRATIVE
    )
    reports_conclusion = models.TextField(
        _("对报告的审议意见"), blank=True, help_text=_("会议对所审议报告的结论，紧接在报告清单之后。")
    )
    recommendations_intro = models.TextField(
        _("意见和建议导语"), blank=True, help_text=_("意见和建议清单之前的段落。")
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
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

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_on", "-sitting"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "sitting"],
                name="meeting_unique_sitting",
                violation_error_message=_("该届委员会已有这一次会议。"),
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

    @property
    def organisation(self) -> Organisation:
        return self.term.committee.organisation

    @property
    def name(self) -> str:
        """第四届执行委员会第二次会议"""
        return f"{self.term.name}{ordinal(self.sitting)}次会议"

    @property
    def full_name(self) -> str:
        """中国合格评定国家认可委员会第四届执行委员会第二次会议"""
        return f"{self.organisation.name}{self.name}"

    @property
    def minutes_title(self) -> str:
        """中国合格评定国家认可委员会第四届执行委员会第二次会议纪要"""
        return f"{self.full_name}纪要"

    @property
    def date_text(self) -> str:
        if self.ends_on and self.ends_on != self.starts_on:
            return f"{chinese_date(self.starts_on)}至{chinese_date(self.ends_on)}"
        return chinese_date(self.starts_on)

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    @property
    def is_editable(self) -> bool:
        """Drafts and meetings under review can change; approved and issued minutes are the record."""
        return self.status in EDITABLE_STATUSES


EDITABLE_STATUSES = (Meeting.Status.DRAFT, Meeting.Status.REVIEW)


class MeetingPhase(models.Model):
    """A part of the meeting day, e.g. 上午 joint session, 下午 dedicated session."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="phases", verbose_name=_("会议")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    label = models.CharField(_("时段"), max_length=20, help_text=_("如“上午”“下午”“第一天”。"))
    description = models.CharField(_("内容"), max_length=300)

    class Meta:
        verbose_name = _("会议阶段")
        verbose_name_plural = _("会议阶段")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return f"{self.label}{self.description}"


class Speech(models.Model):
    """A summary of what one person said at the meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="speeches", verbose_name=_("会议")
    )
    speaker = models.ForeignKey(
        "attendees.Person", on_delete=models.PROTECT, related_name="speeches", verbose_name=_("讲话人")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("讲话摘要")
        verbose_name_plural = _("讲话摘要")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return f"{self.speaker}"


class SpeechParagraph(models.Model):
    """One paragraph of a speech summary: speaker + lead (指出，/ 通报了) + text + enumerated points."""

    speech = models.ForeignKey(
        Speech, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("讲话摘要")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    lead = models.CharField(
        _("引语"), max_length=20, help_text=_("紧接讲话人姓名的词，含标点，如“指出，”“强调，”“通报了”。")
    )
    text = models.TextField(_("正文"))
    point_marker = models.CharField(
        _("要点标记"),
        max_length=4,
        blank=True,
        help_text=_("要点序号后的字，如“要”生成“一要……二要……”。"),
    )

    class Meta:
        verbose_name = _("讲话段落")
        verbose_name_plural = _("讲话段落")
        ordering = ["speech", "order", "id"]

    def __str__(self) -> str:
        return f"{self.lead}{self.text[:30]}"


class SpeechPoint(models.Model):
    """An enumerated point inside a speech paragraph (一要…, 二要…)."""

    paragraph = models.ForeignKey(
        SpeechParagraph, on_delete=models.CASCADE, related_name="points", verbose_name=_("讲话段落")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("讲话要点")
        verbose_name_plural = _("讲话要点")
        ordering = ["paragraph", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Report(models.Model):
    """A report the meeting reviewed (审议了…工作报告)."""

    class Kind(models.TextChoices):
        WORK = "work", _("工作报告")
        OTHER = "other", _("其他报告或事项")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reports", verbose_name=_("会议")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.WORK)
    title = models.CharField(
        _("报告"),
        max_length=200,
        help_text=_("工作报告填提交单位（如“秘书处”），其他报告填报告名称。"),
    )

    class Meta:
        verbose_name = _("审议的报告")
        verbose_name_plural = _("审议的报告")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.title


class OtherBusiness(models.Model):
    """A paragraph on other business conducted during the meeting (会议期间…)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="other_business", verbose_name=_("会议")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("其他事项")
        verbose_name_plural = _("其他事项")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class MinutesOverride(models.Model):
    """The secretariat's own text for one generated paragraph of the minutes."""

    class Key(models.TextChoices):
        OPENING = "opening", _("开头段（会议概况与出席情况）")
        REPORTS = "reports", _("审议报告段")
        RESOLUTIONS_INTRO = "resolutions_intro", _("决议导语")
        CLOSING = "closing", _("结束语")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("会议")
    )
    key = models.CharField(_("段落"), max_length=30, choices=Key.choices)
    text = models.TextField(_("替换文字"))

    class Meta:
        verbose_name = _("纪要段落改写")
        verbose_name_plural = _("纪要段落改写")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "key"],
                name="override_unique_key",
                violation_error_message=_("该段落已有改写文字。"),
            ),
        ]

    def __str__(self) -> str:
        return self.get_key_display()


class Notice(models.Model):
    """The covering notice (印发通知) that issues a meeting's minutes under a document number."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED = "signed", _("已签发")
        ISSUED = "issued", _("已印发")

    office = models.ForeignKey(
        IssuingOffice, on_delete=models.PROTECT, related_name="notices", verbose_name=_("发文部门")
    )
    year = models.PositiveSmallIntegerField(
        _("年份"), validators=[MinValueValidator(1949), MaxValueValidator(2999)]
    )
    sequence = models.PositiveIntegerField(
        _("顺序号"), validators=[MinValueValidator(1), MaxValueValidator(99999)]
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="notices", verbose_name=_("印发的会议纪要")
    )
    title = models.CharField(_("标题"), max_length=200)
    recipients = models.CharField(_("主送"), max_length=200, help_text=_("不含末尾冒号。"))
    body = models.TextField(_("正文"), help_text=_("每段一行。"))
    closing_phrase = models.CharField(_("结束语"), max_length=30, blank=True, default="特此通知。")
    signatory = models.CharField(_("署名"), max_length=100)
    date_signed = models.DateField(_("成文日期"))
    copies_to = models.CharField(_("抄送"), max_length=300, blank=True)
    issued_by = models.CharField(_("印发机关"), max_length=100)
    date_issued = models.DateField(_("印发日期"))
    copies_count = models.PositiveSmallIntegerField(_("印发份数"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("印发通知")
        verbose_name_plural = _("印发通知")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "sequence"],
                name="notice_unique_number",
                violation_error_message=_("该发文字号已被使用，请换一个顺序号。"),
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=1),
                name="notice_sequence_positive",
                violation_error_message=_("顺序号必须从 1 开始。"),
            ),
            models.CheckConstraint(
                condition=Q(date_issued__gte=F("date_signed")),
                name="notice_issued_after_signed",
                violation_error_message=_("印发日期不能早于成文日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """认可委（秘）〔2020〕20号"""
        return document_number(
            self.office.organisation.doc_prefix, self.office.code, self.year, self.sequence
        )

    @property
    def date_signed_text(self) -> str:
        return chinese_date(self.date_signed)

    @property
    def date_issued_text(self) -> str:
        return chinese_date(self.date_issued)

    @property
    def body_paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        meeting = getattr(self, "meeting", None) if self.meeting_id else None
        if meeting and self.date_signed and self.date_signed < meeting.last_day:
            errors["date_signed"] = _("成文日期（%(signed)s）不能早于会议日期（%(meeting)s）。") % {
                "signed": chinese_date(self.date_signed),
                "meeting": chinese_date(meeting.last_day),
            }
        if self.date_signed and self.year and self.year != self.date_signed.year:
            errors["year"] = _("发文字号的年份应与成文日期的年份（%(year)s）一致。") % {
                "year": self.date_signed.year
            }
        office = getattr(self, "office", None) if self.office_id else None
        if office and meeting and office.organisation_id != meeting.term.committee.organisation_id:
            errors["office"] = _("发文部门与会议不属于同一机构。")
        if errors:
            raise ValidationError(errors)
