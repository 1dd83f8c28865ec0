"""Issuing offices and the notices that issue a meeting's minutes under a document number (layer 5)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cnas_minutes.validators import TextLimit, plausible_date, printable_line, printable_lines
from meetings.models import FROZEN_STATUSES, AppendOnly, Meeting, RecordFrozen
from meetings.numerals import chinese_date, document_number
from people.models import Organisation


class IssuingOffice(models.Model):
    """The office that issues a document under the organisation's prefix (秘书处, code 秘)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offices", verbose_name=_("机构")
    )
    name = models.CharField(_("名称"), max_length=60, validators=[printable_line])
    code = models.CharField(
        _("代字"), max_length=10, help_text=_("发文字号括号内的代字，如“秘”。"), validators=[printable_line]
    )

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


class Retention(models.TextChoices):
    """保管期限 of an issued document: kept permanently, or for 30 or 10 years. Chosen on the notice
    before issue; the archive record keeps the same value."""

    PERMANENT = "permanent", _("永久")
    YEARS_30 = "30y", _("30年")
    YEARS_10 = "10y", _("10年")


class NoticeQuerySet(models.QuerySet):
    """Bulk writes refuse issued notices; the one change allowed is marking one superseded."""

    def update(self, **kwargs):
        superseding = set(kwargs) <= {"status", "updated_at"} and kwargs.get("status") == "superseded"
        if not superseding and self.filter(status__in=FROZEN_STATUSES).exists():
            raise RecordFrozen()
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        if self.filter(status__in=FROZEN_STATUSES).exists():
            raise RecordFrozen()
        return super().delete()

    delete.queryset_only = True


class Notice(models.Model):
    """The covering notice (印发通知) that issues a meeting's minutes under a document number.

    Its lifecycle runs with the meeting's: 拟稿 draft → 审核 review → 签发 signed → 印发 issued,
    later superseded by a correction. The number is allocated at issue (NumberSeries); before
    that the notice shows the number with its sequence left blank, as a draft does on paper.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("拟稿")
        REVIEW = "review", _("审核中")
        SIGNED = "signed", _("已签发")
        ISSUED = "issued", _("已印发")
        SUPERSEDED = "superseded", _("已被更正")

    office = models.ForeignKey(
        IssuingOffice, on_delete=models.PROTECT, related_name="notices", verbose_name=_("发文部门")
    )
    year = models.PositiveSmallIntegerField(
        _("年份"), null=True, blank=True, validators=[MinValueValidator(1949), MaxValueValidator(2999)]
    )
    sequence = models.PositiveIntegerField(
        _("顺序号"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(99999)]
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="notices", verbose_name=_("印发的会议纪要")
    )
    title = models.CharField(_("标题"), max_length=200, validators=[printable_line])
    recipients = models.CharField(
        _("主送"), max_length=200, help_text=_("不含末尾冒号。"), validators=[printable_line]
    )
    body = models.TextField(
        _("正文"), help_text=_("每段一行。"), validators=[TextLimit(5000), printable_lines]
    )
    closing_phrase = models.CharField(
        _("结束语"), max_length=30, blank=True, default="特此通知。", validators=[printable_line]
    )
    signatory = models.CharField(_("署名"), max_length=100, validators=[printable_line])
    date_signed = models.DateField(_("成文日期"), null=True, blank=True, validators=[plausible_date])
    copies_to = models.CharField(_("抄送"), max_length=300, blank=True, validators=[printable_line])
    issued_by = models.CharField(_("印发机关"), max_length=100, validators=[printable_line])
    date_issued = models.DateField(_("印发日期"), null=True, blank=True, validators=[plausible_date])
    copies_count = models.PositiveSmallIntegerField(_("印发份数"), null=True, blank=True)
    retention = models.CharField(
        _("保管期限"),
        max_length=12,
        choices=Retention.choices,
        default=Retention.PERMANENT,
        help_text=_("归档后的保管期限；印发后不能更改。"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="correction",
        verbose_name=_("更正的原通知"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="notices_created",
        verbose_name=_("拟稿人"),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="notices_signed",
        verbose_name=_("签发人"),
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = NoticeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("印发通知")
        verbose_name_plural = _("印发通知")
        ordering = ["-year", "-sequence", "-pk"]
        permissions = [
            ("submit_notice", _("可提交审核和印发")),
            ("sign_notice", _("可签发或退回")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "sequence"],
                name="notice_unique_number",
                violation_error_message=_("该发文字号已被使用，请换一个顺序号。"),
            ),
            models.CheckConstraint(
                condition=Q(sequence__isnull=True) | Q(sequence__gte=1),
                name="notice_sequence_positive",
                violation_error_message=_("顺序号必须从 1 开始。"),
            ),
            models.CheckConstraint(
                condition=Q(date_issued__isnull=True)
                | Q(date_signed__isnull=True)
                | Q(date_issued__gte=F("date_signed")),
                name="notice_issued_after_signed",
                violation_error_message=_("印发日期不能早于成文日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["issued", "superseded"])
                | (Q(sequence__isnull=False) & Q(date_issued__isnull=False)),
                name="notice_issued_has_number",
                violation_error_message=_("已印发的通知须有发文字号和印发日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if self.pk:
            stored = Notice._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
            fields = set(kwargs.get("update_fields") or ())
            superseding = (
                self.status == self.Status.SUPERSEDED and fields and fields <= {"status", "updated_at"}
            )
            if stored in FROZEN_STATUSES and not superseding:
                raise RecordFrozen(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Notice._base_manager.filter(pk=self.pk, status__in=FROZEN_STATUSES).exists():
            raise RecordFrozen(self)
        return super().delete(*args, **kwargs)

    @property
    def number(self) -> str:
        """认可委（秘）〔2020〕20号; before issue 认可委（秘）〔2020〕  号, the sequence left blank."""
        year = self.year or (self.date_signed or timezone.localdate()).year
        sequence = self.sequence if self.sequence is not None else "\u2002\u2002"
        return document_number(self.office.organisation.doc_prefix, self.office.code, year, sequence)

    @property
    def corrected_by(self) -> "Notice | None":
        """The correction that superseded this notice, if it was superseded."""
        return getattr(self, "correction", None) if self.status == self.Status.SUPERSEDED else None

    @property
    def has_number(self) -> bool:
        return self.sequence is not None

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def date_signed_text(self) -> str:
        return chinese_date(self.date_signed) if self.date_signed else ""

    @property
    def date_issued_text(self) -> str:
        return chinese_date(self.date_issued) if self.date_issued else ""

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
        if office and meeting and office.organisation_id != meeting.organisation_id:
            errors["office"] = _("发文部门与会议不属于同一机构。")
        if errors:
            raise ValidationError(errors)


class NumberSeries(models.Model):
    """The register's counter: the last sequence number taken by an office in a year.

    Issuing locks this row (select_for_update) and takes the next number inside the issuing
    transaction: no gaps (a rolled-back issue rolls the counter back too) and no reuse.
    """

    office = models.ForeignKey(
        IssuingOffice, on_delete=models.PROTECT, related_name="series", verbose_name=_("发文部门")
    )
    year = models.PositiveSmallIntegerField(
        _("年份"), validators=[MinValueValidator(1949), MaxValueValidator(2999)]
    )
    last_sequence = models.PositiveIntegerField(_("已用到的顺序号"), default=0)

    class Meta:
        verbose_name = _("发文字号序列")
        verbose_name_plural = _("发文字号序列")
        ordering = ["office", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year"],
                name="series_unique_year",
                violation_error_message=_("该发文部门这一年已有字号序列。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.year}: {self.last_sequence}"


class Transition(models.Model):
    """One step of a notice's lifecycle: who moved it from which status to which, when, why."""

    class Action(models.TextChoices):
        CREATE = "create", _("拟稿")
        SUBMIT = "submit", _("提交审核")
        RETURN = "return", _("退回修改")
        SIGN_OFF = "sign_off", _("签发")
        ISSUE = "issue", _("印发")
        CORRECT = "correct", _("更正")
        SUPERSEDE = "supersede", _("被更正版本取代")

    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("通知")
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Notice.Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Notice.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice_transitions",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    comment = models.TextField(_("意见"), blank=True, validators=[TextLimit(2000), printable_lines])

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class IssuedCopy(AppendOnly):
    """The issued package (notice + minutes) as rendered once at issue, PDF/A-2b, with its
    SHA-256. Every later download serves these bytes. Written once, never changed."""

    notice = models.OneToOneField(
        Notice, on_delete=models.PROTECT, related_name="issued_copy", verbose_name=_("通知")
    )
    file = models.FileField(_("文件"), upload_to="issued/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("字节数"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("印发文件")
        verbose_name_plural = _("印发文件")

    def __str__(self) -> str:
        return self.file.name
