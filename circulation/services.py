"""Writes to circulation: the recipient list of a notice, the emails sent to it and what each
recipient did; invitations to a coming meeting and the replies that become attendance.

Emails are sent by the task worker after the transaction that asked for them commits
(`transaction.on_commit` + django-tasks): a slow or failing mail server never blocks or undoes
an issue. A failure is recorded on the row and retried with back-off (RETRY_MINUTES).
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from attendees.models import Attendance
from attendees.services import attendance_save
from meetings.models import Meeting
from notices.models import Notice
from people.models import Person

from .models import Delivery, Invitation, Recipient, Reply

logger = logging.getLogger(__name__)

# Minutes to wait before each retry of a failed email; after the last one the row stays
# failed until the secretariat sends again (催办 or 重新发送).
RETRY_MINUTES = (1, 5, 30, 120)


def _require_secretary(user) -> None:
    if not (user and user.is_active and user.has_perm("notices.submit_notice")):
        raise PermissionDenied


# --- the recipient list -----------------------------------------------------------------


def default_receivers(meeting: Meeting) -> list[Person]:
    """The committee term's seats in the roster's order: each person member, and each member
    organisation's contact where one is named."""
    people, seen = [], set()
    for membership in meeting.term.memberships.select_related("person", "contact").order_by("order", "id"):
        person = membership.receiver
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            people.append(person)
    return people


def _editable(notice: Notice) -> None:
    if notice.is_frozen:
        raise ValidationError(_("通知已印发，分发名单已确定，不能再修改。"))


def _next_order(notice: Notice) -> int:
    return (notice.circulation.aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def recipients_ensure(*, notice: Notice) -> list[Recipient]:
    """The notice's recipient list; a notice that has none yet gets the default (主送: the
    term's members; for a correction, the list of the notice it corrects)."""
    rows = list(notice.circulation.select_related("person__user"))
    if rows or notice.is_frozen:
        return rows
    if notice.supersedes_id:
        source = [(r.person, r.kind) for r in notice.supersedes.circulation.select_related("person")]
    else:
        source = [(person, Recipient.Kind.MAIN) for person in default_receivers(notice.meeting)]
    Recipient.objects.bulk_create(
        Recipient(notice=notice, person=person, kind=kind, order=order)
        for order, (person, kind) in enumerate(source, start=1)
    )
    return list(notice.circulation.select_related("person__user"))


@transaction.atomic
def recipient_add(*, notice: Notice, person: Person, kind: str = Recipient.Kind.COPY, user) -> Recipient:
    """Add someone to an unissued notice's list (抄送 by default)."""
    _require_secretary(user)
    _editable(notice)
    recipients_ensure(notice=notice)
    if notice.circulation.filter(person=person).exists():
        raise ValidationError(_("“%(name)s”已在分发名单中。") % {"name": person})
    row = Recipient(notice=notice, person=person, kind=kind, order=_next_order(notice))
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def recipient_remove(*, recipient: Recipient, user) -> None:
    _require_secretary(user)
    _editable(recipient.notice)
    recipient.delete()


@transaction.atomic
def recipients_reset(*, notice: Notice, user) -> list[Recipient]:
    """Back to the default list, after the roster changed."""
    _require_secretary(user)
    _editable(notice)
    notice.circulation.all().delete()
    return recipients_ensure(notice=notice)


def on_notice_issuing(*, notice: Notice, user) -> None:
    """Inside the issuing transaction: fix the list, and send to it once the issue commits."""
    rows = recipients_ensure(notice=notice)
    pks = [row.pk for row in rows]
    transaction.on_commit(lambda: _enqueue_notice(pks))


# --- sending ----------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _address(person: Person) -> str:
    user = person.user
    return (user.email or "").strip() if user is not None and user.is_active else ""


def _enqueue_notice(pks: list[int], *, reminder: bool = False) -> None:
    from .tasks import deliver_notice

    for pk in pks:
        deliver_notice.enqueue(pk, reminder)


def _enqueue_invitation(pks: list[int]) -> None:
    from .tasks import deliver_invitation

    for pk in pks:
        deliver_invitation.enqueue(pk)


def _notice_message(recipient: Recipient, reminder: bool) -> EmailMessage:
    notice = recipient.notice
    context = {
        "recipient": recipient,
        "notice": notice,
        "reminder": reminder,
        "link": _absolute(reverse("circulation:read", args=[notice.pk])),
    }
    return _message("circulation/email/notice", context, recipient.email)


def _invitation_message(reply: Reply) -> EmailMessage:
    invitation = reply.invitation
    context = {
        "reply": reply,
        "invitation": invitation,
        "meeting": invitation.meeting,
        "link": _absolute(reverse("circulation:reply", args=[invitation.pk])),
    }
    return _message("circulation/email/invitation", context, reply.email)


def _message(template: str, context: dict, to: str) -> EmailMessage:
    # Members read Chinese: the email is in the documents' language, whoever triggered it.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to])


def deliver(row: Delivery, build) -> str:
    """Send one email for `row` (a Recipient or a Reply) and record the outcome; on failure
    schedule the next try. Returns the new delivery state. Called by the task worker."""
    model = type(row)
    address = _address(row.person)
    now = timezone.now()
    if not address:
        model.objects.filter(pk=row.pk).update(
            delivery=Delivery.State.NO_ADDRESS,
            email="",
            last_error=_("此人没有登录账号或邮箱地址。"),
            next_attempt_at=None,
        )
        return Delivery.State.NO_ADDRESS
    row.email = address
    attempts = row.attempts + 1
    try:
        build(row).send(fail_silently=False)
    except Exception as error:  # any transport error: recorded, retried, never raised
        logger.warning("email to %s for %s %s failed: %s", address, model.__name__, row.pk, error)
        retry = attempts <= len(RETRY_MINUTES)
        next_at = now + datetime.timedelta(minutes=RETRY_MINUTES[attempts - 1]) if retry else None
        model.objects.filter(pk=row.pk).update(
            delivery=Delivery.State.FAILED,
            email=address,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:300],
            next_attempt_at=next_at,
        )
        if retry:
            _retry_later(row, next_at)
        return Delivery.State.FAILED
    model.objects.filter(pk=row.pk).update(
        delivery=Delivery.State.SENT,
        email=address,
        attempts=attempts,
        sent_at=now,
        last_error="",
        next_attempt_at=None,
    )
    return Delivery.State.SENT


def _retry_later(row: Delivery, when: datetime.datetime) -> None:
    from .tasks import deliver_invitation, deliver_notice

    if isinstance(row, Recipient):
        deliver_notice.using(run_after=when).enqueue(row.pk, False)
    else:
        deliver_invitation.using(run_after=when).enqueue(row.pk)


def recipient_deliver(pk: int, reminder: bool = False) -> str | None:
    row = (
        Recipient.objects.select_related("person__user", "notice__office__organisation").filter(pk=pk).first()
    )
    if row is None:
        return None
    return deliver(row, lambda r: _notice_message(r, reminder))


def reply_deliver(pk: int) -> str | None:
    row = Reply.objects.select_related("person__user", "invitation__meeting").filter(pk=pk).first()
    if row is None:
        return None
    return deliver(row, _invitation_message)


@transaction.atomic
def circulation_remind(*, notice: Notice, user) -> int:
    """催办: send again to everyone who has not acknowledged receipt. Returns how many."""
    _require_secretary(user)
    if not notice.is_frozen:
        raise ValidationError(_("通知尚未印发，不能催办。"))
    rows = notice.circulation.filter(acknowledged_at__isnull=True)
    pks = list(rows.values_list("pk", flat=True))
    for pk in pks:
        row = Recipient.objects.get(pk=pk)
        row.reminders += 1
        row.reminded_at = timezone.now()
        row.attempts = 0
        row.save(update_fields=["reminders", "reminded_at", "attempts"])
    transaction.on_commit(lambda: _enqueue_notice(pks, reminder=True))
    return len(pks)


@transaction.atomic
def circulation_resend_failed(*, notice: Notice, user) -> int:
    """Send again, now, to the rows whose email failed or had no address."""
    _require_secretary(user)
    failed = [Delivery.State.FAILED, Delivery.State.NO_ADDRESS]
    pks = list(notice.circulation.filter(delivery__in=failed).values_list("pk", flat=True))
    notice.circulation.filter(pk__in=pks).update(attempts=0, next_attempt_at=None)
    transaction.on_commit(lambda: _enqueue_notice(pks))
    return len(pks)


# --- what a recipient does --------------------------------------------------------------


def recipient_opened(*, recipient: Recipient) -> bool:
    """Record the first opening (once); True if this was it."""
    now = timezone.now()
    done = Recipient.objects.filter(pk=recipient.pk, first_opened_at__isnull=True).update(first_opened_at=now)
    if done:
        recipient.first_opened_at = now
    return bool(done)


def recipient_acknowledge(*, recipient: Recipient) -> bool:
    """签收 (once); acknowledging counts as having opened. True if this was it."""
    now = timezone.now()
    recipient_opened(recipient=recipient)
    done = Recipient.objects.filter(pk=recipient.pk, acknowledged_at__isnull=True).update(acknowledged_at=now)
    if done:
        recipient.acknowledged_at = now
    return bool(done)


# --- invitations and reply slips --------------------------------------------------------

INVITATION_FIELDS = ["date", "time", "place", "agenda", "reply_by"]


def invitation_defaults(meeting: Meeting) -> dict:
    return {
        "date": meeting.starts_on,
        "place": meeting.place,
        "reply_by": meeting.starts_on - datetime.timedelta(days=7),
    }


def _check_dates(invitation: Invitation, *, today: datetime.date) -> None:
    errors = {}
    if invitation.date and invitation.date < today:
        errors["date"] = _("会议日期已过，只能为今后的会议发通知。")
    if invitation.reply_by and invitation.reply_by < today:
        errors["reply_by"] = _("回执截止日期已过。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def invitation_save(*, meeting: Meeting, user, **fields) -> Invitation:
    """Create or change the invitation of a draft meeting. Its date and deadline are today or
    later; the members on its list are the term's seats (kept when it changes)."""
    _require_secretary(user)
    if not meeting.is_editable:
        raise ValidationError(_("会议纪要已提交或印发，不能再发会议通知。"))
    invitation = Invitation.objects.filter(meeting=meeting).first() or Invitation(
        meeting=meeting, created_by=user
    )
    for name, value in fields.items():
        if name not in INVITATION_FIELDS:
            raise TypeError(f"not an invitation field: {name}")
        setattr(invitation, name, value)
    _check_dates(invitation, today=timezone.localdate())
    invitation.full_clean()
    invitation.save()
    _invitees_ensure(invitation)
    return invitation


def _invitees_ensure(invitation: Invitation) -> None:
    listed = set(invitation.replies.values_list("person_id", flat=True))
    order = (invitation.replies.aggregate(n=Max("order"))["n"] or 0) + 1
    memberships = invitation.meeting.term.memberships.select_related("person", "contact")
    new = []
    for membership in memberships.order_by("order", "id"):
        person = membership.receiver
        if person is None or person.pk in listed:
            continue
        listed.add(person.pk)
        new.append(Reply(invitation=invitation, person=person, membership=membership, order=order))
        order += 1
    Reply.objects.bulk_create(new)


@transaction.atomic
def invitation_send(*, invitation: Invitation, user) -> int:
    """Email the invitation to everyone on its list not yet sent to; returns how many."""
    _require_secretary(user)
    _check_dates(invitation, today=timezone.localdate())
    _invitees_ensure(invitation)
    if invitation.sent_at is None:
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    pks = list(invitation.replies.filter(sent_at__isnull=True).values_list("pk", flat=True))
    transaction.on_commit(lambda: _enqueue_invitation(pks))
    return len(pks)


@transaction.atomic
def reply_answer(
    *, reply: Reply, answer: str, reason: str = "", delegate_name: str = "", delegate_post: str = ""
) -> Reply:
    """A member answers their reply slip (or changes the answer) until the deadline."""
    invitation = reply.invitation
    if invitation.sent_at is None:
        raise ValidationError(_("会议通知尚未发出。"))
    if not invitation.is_open:
        raise ValidationError(
            _("回执已于%(date)s截止，如有变化请直接联系秘书处。") % {"date": invitation.reply_by.isoformat()}
        )
    if reply.confirmed_at is not None:
        raise ValidationError(_("秘书处已将您的回执记入出席名单，如有变化请直接联系秘书处。"))
    reason, delegate_name, delegate_post = reason.strip(), delegate_name.strip(), delegate_post.strip()
    if answer not in Reply.Answer.values:
        raise ValidationError({"answer": _("请选择出席、请假或委派代表。")})
    if answer == Reply.Answer.LEAVE and not reason:
        raise ValidationError({"reason": _("请假请写明原因。")})
    if answer == Reply.Answer.DELEGATE and not delegate_name:
        raise ValidationError({"delegate_name": _("请填写代表的姓名。")})
    reply.answer = answer
    reply.reason = reason if answer == Reply.Answer.LEAVE else ""
    reply.delegate_name = delegate_name if answer == Reply.Answer.DELEGATE else ""
    reply.delegate_post = delegate_post if answer == Reply.Answer.DELEGATE else ""
    reply.answered_at = timezone.now()
    reply.full_clean()
    reply.save(update_fields=["answer", "reason", "delegate_name", "delegate_post", "answered_at"])
    return reply


def _attendance_for(reply: Reply, meeting: Meeting) -> tuple[Attendance, dict | None]:
    """The attendance row a reply stands for, and the delegate to create if it names one."""
    membership = reply.membership
    if reply.answer == Reply.Answer.DELEGATE:
        committee = meeting.term.committee
        # Words of the minutes: Chinese whatever the secretary's interface language.
        title = committee.member_title or "委员"
        # 海尔集团执委代表赵六 for an organisation's seat, 黄飞执委代表赵六 for a person's.
        seat = membership.member_organisation if membership and not membership.person_id else ""
        row = Attendance(
            category=Attendance.Category.DELEGATE,
            represented_organisation=seat or reply.person.name,
            designation=f"{title}代表",
        )
        return row, {"name": reply.delegate_name, "title": reply.delegate_post}
    if reply.answer == Reply.Answer.LEAVE:
        return Attendance(
            person=reply.person,
            category=Attendance.Category.ABSENT,
            absence_kind=Attendance.AbsenceKind.LEAVE,
            absence_reason=reply.reason,
        ), None
    return Attendance(person=reply.person, category=Attendance.Category.PRESENT), None


@transaction.atomic
def reply_confirm(*, reply: Reply, user) -> Attendance:
    """The secretary turns a reply into the meeting's attendance: the member's row (added or
    changed) as present, on leave with the reason, or their delegate."""
    _require_secretary(user)
    reply = (
        Reply.objects.select_for_update()
        .select_related("invitation__meeting", "membership", "person")
        .get(pk=reply.pk)
    )
    if not reply.answer:
        raise ValidationError(_("“%(name)s”还没有回执。") % {"name": reply.person.name})
    if reply.confirmed_at is not None:
        raise ValidationError(_("“%(name)s”的回执已记入出席名单。") % {"name": reply.person.name})
    meeting = reply.invitation.meeting
    wanted, new_person = _attendance_for(reply, meeting)
    existing = meeting.attendances.filter(person=reply.person).first()
    if existing is not None and reply.answer == Reply.Answer.DELEGATE:
        existing.delete()  # the member does not come; their delegate takes the row below
        existing = None
    if existing is not None:
        for name in ["category", "absence_kind", "absence_reason"]:
            setattr(existing, name, getattr(wanted, name))
        existing.represented_organisation = ""
        row = attendance_save(meeting=meeting, version=None, row=existing)
    else:
        if wanted.represented_organisation:
            meeting.attendances.filter(
                person=None, group_name="", represented_organisation=wanted.represented_organisation
            ).delete()  # the unnamed delegate 从委员名单添加 left for the organisation
        row = attendance_save(meeting=meeting, version=None, row=wanted, new_person=new_person)
    reply.confirmed_at = timezone.now()
    reply.attendance = row
    reply.save(update_fields=["confirmed_at", "attendance"])
    return row


def replies_confirm_all(*, invitation: Invitation, user) -> int:
    """Confirm every answered, unconfirmed reply; stops at the first that cannot be (its
    message says which), keeping those confirmed before it."""
    count = 0
    pending = invitation.replies.exclude(answer="").filter(confirmed_at__isnull=True)
    for reply in pending.order_by("order", "pk"):
        reply_confirm(reply=reply, user=user)
        count += 1
    return count
