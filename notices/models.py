"""Issuing offices and the notices that issue a meeting's minutes under a document number (layer 5)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from meetings.numerals import chinese_date, document_number
from people.models import Organisation


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
