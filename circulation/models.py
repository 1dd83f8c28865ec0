"""Who receives an issued notice and what they did with it; invitations to a coming meeting
and the members' reply slips (layer 6).

A recipient list is editable until its notice is issued and fixed by the issue: afterwards
only the delivery and reading columns of a row change (sent, failed, opened, acknowledged).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendees.models import Attendance, Membership
from cnas_minutes.validators import TextLimit, plausible_date, printable_line, printable_lines
from meetings.models import FROZEN_STATUSES, Meeting, RecordFrozen
from notices.models import Notice
from people.models import Person


class Delivery(models.Model):
    """One email to one person, sent by the task worker, retried with back-off on failure."""

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        NO_ADDRESS = "no_address", _("无邮箱")
        # Issued before the application circulated anything (filled in by a migration).
        BEFORE = "before", _("系统启用前印发")

    delivery = models.CharField(_("发送状态"), max_length=12, choices=State.choices, default=State.PENDING)
    email = models.EmailField(_("邮箱"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.CharField(_("发送失败原因"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("下次重试"), null=True, blank=True)
    # Which sending round a queued task belongs to; a new round makes older tasks stale.
    generation = models.PositiveIntegerField(_("发送轮次"), default=0, editable=False)

    DELIVERY_FIELDS = frozenset(
        {"delivery", "email", "attempts", "sent_at", "last_error", "next_attempt_at", "generation"}
    )

    class Meta:
        abstract = True


class RecipientQuerySet(models.QuerySet):
    """Bulk writes leave the list of an issued notice alone, except its delivery and reading columns."""

    def _frozen(self):
        return self.filter(notice__status__in=FROZEN_STATUSES).exists()

    def update(self, **kwargs):
        if not set(kwargs) <= Recipient.TRACKING_FIELDS and self._frozen():
            raise RecordFrozen()
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        if self._frozen():
            raise RecordFrozen()
        return super().delete()

    delete.queryset_only = True


class Recipient(Delivery):
    """A person an issued notice goes to (主送 or 抄送), with when they first opened it and
    when they acknowledged receipt (签收)."""

    class Kind(models.TextChoices):
        MAIN = "main", _("主送")
        COPY = "copy", _("抄送")

    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, related_name="circulation", verbose_name=_("通知")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="circulated", verbose_name=_("接收人")
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    reminders = models.PositiveSmallIntegerField(_("催办次数"), default=0)
    reminded_at = models.DateTimeField(_("最近催办"), null=True, blank=True)
    first_opened_at = models.DateTimeField(_("首次阅读"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)

    TRACKING_FIELDS = Delivery.DELIVERY_FIELDS | {
        "reminders",
        "reminded_at",
        "first_opened_at",
        "acknowledged_at",
    }

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("分发对象")
        verbose_name_plural = _("分发对象")
        ordering = ["notice", "kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "person"],
                name="recipient_unique_person",
                violation_error_message=_("此人已在分发名单中。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice} → {self.person}"

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        tracking_only = self.pk and fields is not None and set(fields) <= self.TRACKING_FIELDS
        if not tracking_only and self._notice_frozen():
            raise RecordFrozen(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._notice_frozen():
            raise RecordFrozen(self)
        return super().delete(*args, **kwargs)

    def _notice_frozen(self) -> bool:
        return Notice.objects.filter(pk=self.notice_id, status__in=FROZEN_STATUSES).exists()

    @property
    def is_read(self) -> bool:
        return self.first_opened_at is not None

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class Invitation(models.Model):
    """The notice of a coming meeting (会议通知) sent to a term's members with a reply slip."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="invitation", verbose_name=_("会议")
    )
    date = models.DateField(_("会议日期"), validators=[plausible_date])
    time = models.CharField(
        _("时间"), max_length=50, blank=True, help_text=_("如“上午9:00”。"), validators=[printable_line]
    )
    place = models.CharField(_("地点"), max_length=200, validators=[printable_line])
    agenda = models.TextField(
        _("议程"), help_text=_("每项一行。"), validators=[TextLimit(2000), printable_lines]
    )
    reply_by = models.DateField(
        _("回执截止日期"), help_text=_("当日24时前可以提交或修改回执。"), validators=[plausible_date]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("起草人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议通知")
        verbose_name_plural = _("会议通知")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reply_by__lte=models.F("date")),
                name="invitation_reply_before_meeting",
                violation_error_message=_("回执截止日期不能晚于会议日期。"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def is_open(self) -> bool:
        """Replies are taken until the end of the deadline day (local time)."""
        return timezone.localdate() <= self.reply_by


class Reply(Delivery):
    """One member's reply slip (回执): attending, on leave with a reason, or sending a delegate."""

    class Answer(models.TextChoices):
        ATTEND = "attend", _("出席")
        LEAVE = "leave", _("请假")
        DELEGATE = "delegate", _("委派代表")

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="replies", verbose_name=_("会议通知")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="replies", verbose_name=_("委员")
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("席位")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    answer = models.CharField(_("回执"), max_length=10, choices=Answer.choices, blank=True)
    reason = models.CharField(_("请假原因"), max_length=200, blank=True, validators=[printable_line])
    delegate_name = models.CharField(_("代表姓名"), max_length=50, blank=True, validators=[printable_line])
    delegate_post = models.CharField(_("代表职务"), max_length=100, blank=True, validators=[printable_line])
    answered_at = models.DateTimeField(_("回执时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    attendance = models.ForeignKey(
        Attendance,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("出席记录"),
    )

    class Meta:
        verbose_name = _("回执")
        verbose_name_plural = _("回执")
        ordering = ["invitation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "person"],
                name="reply_unique_person",
                violation_error_message=_("此人已在会议通知的名单中。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}：{self.get_answer_display() or '—'}"

    @property
    def summary(self) -> str:
        """出席 / 请假（原因） / 委派代表 姓名（职务）."""
        if self.answer == self.Answer.LEAVE and self.reason:
            return _("请假（%(reason)s）") % {"reason": self.reason}
        if self.answer == self.Answer.DELEGATE:
            post = f"（{self.delegate_post}）" if self.delegate_post else ""
            return _("委派代表 %(name)s%(post)s") % {"name": self.delegate_name, "post": post}
        return self.get_answer_display()
