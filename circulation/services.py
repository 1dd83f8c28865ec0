"""Writes to circulation: the recipient list of a notice, the emails sent to it and what each
recipient did; invitations to a coming meeting and the replies that become attendance.

Emails are sent by the task worker (django-tasks, database backend). A task is enqueued inside
the transaction that asks for it: its row commits with the issue (or the reminder) or not at
all, and the worker sees it only once that transaction has committed; a slow or failing mail
server never blocks or undoes an issue. A failure is recorded on the row and retried with
back-off (RETRY_MINUTES). Each send carries the row's `generation`: sending again (催办,
重新发送, a second click on 发出) moves it on, so a task or retry of an earlier round finds
itself stale and sends nothing — one round, one email.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from attendees.models import Attendance
from attendees.services import attendance_save
from meetings.models import Meeting
from notices.models import Notice, Transition
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
    """The seats of the committee terms taking part, in the roster's order: each person member,
    and each member organisation's contact where one is named. A conference or a special
    meeting has no roster: the secretariat adds its recipients one by one."""
    people, seen = [], set()
    for membership in _seats(meeting):
        person = membership.receiver
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            people.append(person)
    return people


def _seats(meeting: Meeting) -> list:
    return [
        membership
        for term in meeting.terms_taking_part()
        for membership in term.memberships.select_related("person", "contact").order_by("order", "id")
    ]


def _editable(notice: Notice) -> None:
    if notice.is_frozen:
        raise ValidationError(_("通知已印发，分发名单已确定，不能再修改。"))


def _next_order(notice: Notice) -> int:
    return (notice.circulation.aggregate(n=Max("order"))["n"] or 0) + 1


def _lock(notice: Notice) -> Notice:
    """The notice row locked for the rest of the transaction: list changes, the first
    materialisation of the list and the issue (which locks it too) run one after the other."""
    return Notice.objects.select_for_update(of=("self",)).select_related("meeting__term").get(pk=notice.pk)


def _default_source(notice: Notice) -> list[tuple[Person, str]]:
    """主送 the term's seats; a correction goes to the list of the notice it corrects (or, if
    that one has none, to the seats)."""
    if notice.supersedes_id:
        rows = Recipient.objects.filter(notice_id=notice.supersedes_id).select_related("person")
        source = [(row.person, row.kind) for row in rows.order_by("kind", "order", "pk")]
        if source:
            return source
    return [(person, Recipient.Kind.MAIN) for person in default_receivers(notice.meeting)]


@transaction.atomic
def recipients_ensure(*, notice: Notice) -> list[Recipient]:
    """The notice's recipient list; a notice that has none yet gets the default, stored."""
    notice = _lock(notice)
    rows = list(notice.circulation.select_related("person__user"))
    if rows or notice.is_frozen:
        return rows
    Recipient.objects.bulk_create(
        Recipient(notice=notice, person=person, kind=kind, order=order)
        for order, (person, kind) in enumerate(_default_source(notice), start=1)
    )
    return list(notice.circulation.select_related("person__user"))


@transaction.atomic
def recipient_add(*, notice: Notice, person: Person, kind: str = Recipient.Kind.COPY, user) -> Recipient:
    """Add someone to an unissued notice's list (抄送 by default)."""
    _require_secretary(user)
    recipients_ensure(notice=notice)
    notice = _lock(notice)
    _editable(notice)
    if notice.circulation.filter(person=person).exists():
        raise ValidationError(_("“%(name)s”已在分发名单中。") % {"name": person})
    row = Recipient(notice=notice, person=person, kind=kind, order=_next_order(notice))
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def recipient_remove(*, recipient: Recipient, user) -> None:
    _require_secretary(user)
    _editable(_lock(recipient.notice))
    Recipient.objects.filter(pk=recipient.pk).delete()


@transaction.atomic
def recipients_reset(*, notice: Notice, user) -> list[Recipient]:
    """Back to the default list, after the roster changed."""
    _require_secretary(user)
    notice = _lock(notice)
    _editable(notice)
    notice.circulation.all().delete()
    return recipients_ensure(notice=notice)


def on_notice_issuing(*, notice: Notice, user) -> None:
    """Inside the issuing transaction (the notice row already locked): fix the list and
    enqueue one email per recipient, committed with the issue."""
    rows = recipients_ensure(notice=notice)
    _enqueue_notice([row.pk for row in rows])


# --- sending ----------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _address(person: Person) -> str:
    user = person.user
    return (user.email or "").strip() if user is not None and user.is_active else ""


def _next_round(model, pks: list[int]) -> dict[int, int]:
    """Start a new sending round for rows `pks`: a fresh count of attempts and the next
    generation, which makes any task still queued for them stale. Returns pk → generation."""
    model.objects.filter(pk__in=pks).update(generation=F("generation") + 1, attempts=0, next_attempt_at=None)
    return dict(model.objects.filter(pk__in=pks).values_list("pk", "generation"))


def _enqueue_notice(pks: list[int], *, reminder: bool = False) -> None:
    from .tasks import deliver_notice

    for pk, generation in _next_round(Recipient, pks).items():
        deliver_notice.enqueue(pk, generation, reminder)


def _enqueue_invitation(pks: list[int]) -> None:
    from .tasks import deliver_invitation

    for pk, generation in _next_round(Reply, pks).items():
        deliver_invitation.enqueue(pk, generation)


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


def deliver(row: Delivery, build, retry) -> str:
    """Send one email for `row` (a Recipient or a Reply) and record the outcome; on failure
    `retry(when)` schedules the next try of the same round. Returns the new delivery state.
    Called by the task worker."""
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
        again = attempts <= len(RETRY_MINUTES)
        next_at = now + datetime.timedelta(minutes=RETRY_MINUTES[attempts - 1]) if again else None
        model.objects.filter(pk=row.pk).update(
            delivery=Delivery.State.FAILED,
            email=address,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:300],
            next_attempt_at=next_at,
        )
        if again:
            retry(next_at)
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


def recipient_deliver(pk: int, generation: int, reminder: bool = False) -> str | None:
    """The task's work: None when the row is gone or a later round replaced this one."""
    from .tasks import deliver_notice

    rows = Recipient.objects.select_related(
        "person__user", "notice__office__organisation", "notice__supersedes"
    )
    row = rows.filter(pk=pk, generation=generation).first()
    if row is None:
        return None
    return deliver(
        row,
        lambda r: _notice_message(r, reminder),
        lambda when: deliver_notice.using(run_after=when).enqueue(pk, generation, reminder),
    )


def reply_deliver(pk: int, generation: int) -> str | None:
    from .tasks import deliver_invitation

    row = Reply.objects.select_related("person__user", "invitation__meeting").filter(
        pk=pk, generation=generation
    )
    row = row.first()
    if row is None:
        return None
    return deliver(
        row,
        _invitation_message,
        lambda when: deliver_invitation.using(run_after=when).enqueue(pk, generation),
    )


@transaction.atomic
def circulation_remind(*, notice: Notice, user) -> int:
    """催办: send again to everyone who has not acknowledged receipt. Returns how many."""
    _require_secretary(user)
    notice = _lock(notice)
    if notice.status != Notice.Status.ISSUED:
        raise ValidationError(_("只能对现行有效的已印发通知催办。"))
    rows = notice.circulation.filter(acknowledged_at__isnull=True)
    pks = list(rows.values_list("pk", flat=True))
    rows.update(reminders=F("reminders") + 1, reminded_at=timezone.now())
    _enqueue_notice(pks, reminder=True)
    return len(pks)


@transaction.atomic
def circulation_resend_failed(*, notice: Notice, user) -> int:
    """Send again, now, to the rows whose email failed or had no address."""
    _require_secretary(user)
    notice = _lock(notice)
    if not notice.is_frozen:
        raise ValidationError(_("通知尚未印发。"))
    failed = [Delivery.State.FAILED, Delivery.State.NO_ADDRESS]
    pks = list(notice.circulation.filter(delivery__in=failed).values_list("pk", flat=True))
    _enqueue_notice(pks)
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
    week_before = meeting.starts_on - datetime.timedelta(days=7) if meeting.starts_on.year > 1 else None
    return {"date": meeting.starts_on, "place": meeting.place, "reply_by": week_before or meeting.starts_on}


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
    new = []
    for membership in _seats(invitation.meeting):
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
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_dates(invitation, today=timezone.localdate())
    _invitees_ensure(invitation)
    if invitation.sent_at is None:
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    pks = list(invitation.replies.exclude(delivery=Delivery.State.SENT).values_list("pk", flat=True))
    _enqueue_invitation(pks)
    return len(pks)


@transaction.atomic
def reply_answer(
    *, reply: Reply, answer: str, reason: str = "", delegate_name: str = "", delegate_post: str = ""
) -> Reply:
    """A member answers their reply slip (or changes the answer) until the deadline. The row
    is read again under a lock: a confirmation by the secretary meanwhile is seen."""
    stored = Reply.objects.select_for_update(of=("self",)).select_related("invitation").get(pk=reply.pk)
    reply.confirmed_at, reply.invitation = stored.confirmed_at, stored.invitation
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
    """The attendance row a reply stands for, and the delegate to create if it names one.

    A person's seat: the person present or on leave, or their delegate (黄飞执委代表赵六). An
    organisation's seat, answered by its contact: the contact attending for it (海尔集团执委代表
    张三), the organisation on leave, or the delegate it names."""
    membership = reply.membership
    organisation = membership.member_organisation if membership and not membership.person_id else ""
    # Words of the minutes: Chinese whatever the secretary's interface language. The seat's
    # own title first (as 从委员名单添加 gives it), else the committee's word for its members.
    committees = [term.committee for term in meeting.terms_taking_part()]
    committee = membership.term.committee if membership else (committees[0] if committees else None)
    seat_title = membership.title if membership else ""
    title = seat_title or (committee.member_title if committee else "") or "委员"
    if reply.answer == Reply.Answer.DELEGATE:
        row = Attendance(
            category=Attendance.Category.DELEGATE,
            represented_organisation=organisation or reply.person.name,
            designation=f"{title}代表",
        )
        return row, {"name": reply.delegate_name, "title": reply.delegate_post}
    if reply.answer == Reply.Answer.LEAVE:
        who = {"group_name": organisation} if organisation else {"person": reply.person}
        return Attendance(
            category=Attendance.Category.ABSENT,
            absence_kind=Attendance.AbsenceKind.LEAVE,
            absence_reason=reply.reason,
            **who,
        ), None
    if organisation:
        return Attendance(
            person=reply.person,
            category=Attendance.Category.DELEGATE,
            represented_organisation=organisation,
            designation=f"{title}代表",
        ), None
    seat_title = membership.title if membership else ""
    return Attendance(person=reply.person, category=Attendance.Category.PRESENT, designation=seat_title), None


@transaction.atomic
def reply_confirm(*, reply: Reply, user) -> Attendance:
    """The secretary turns a reply into the meeting's attendance: the member's row (added or
    changed) as present, on leave with the reason, or their delegate."""
    _require_secretary(user)
    reply = (
        Reply.objects.select_for_update(of=("self",))
        .select_related("invitation__meeting__term__committee", "membership", "person")
        .get(pk=reply.pk)
    )
    meeting = reply.invitation.meeting
    if not meeting.is_editable:
        raise ValidationError(_("会议纪要已提交审核或印发，出席名单不能再改。"))
    if not reply.answer:
        raise ValidationError(_("“%(name)s”还没有回执。") % {"name": reply.person.name})
    if reply.confirmed_at is not None:
        raise ValidationError(_("“%(name)s”的回执已记入出席名单。") % {"name": reply.person.name})
    wanted, new_person = _attendance_for(reply, meeting)
    existing = meeting.attendances.filter(person=reply.person).first()
    if existing is not None and (wanted.person_id != reply.person.pk or wanted.group_name):
        existing.delete()  # the member does not come in person: the row below replaces theirs
        existing = None
    if existing is not None:
        fields = ["category", "absence_kind", "absence_reason", "represented_organisation", "designation"]
        for name in [*fields, "report_verb"]:  # a reporter's verb goes with the category
            setattr(existing, name, getattr(wanted, name))
        row = attendance_save(meeting=meeting, version=None, row=existing)
    else:
        organisation = wanted.represented_organisation or wanted.group_name
        if organisation:
            # What 从委员名单添加 or an earlier answer left for the organisation's seat.
            meeting.attendances.filter(person=None, represented_organisation=organisation).delete()
            meeting.attendances.filter(group_name=organisation).delete()
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


# --- deleting a draft meeting -----------------------------------------------------------
# Here rather than in meetings/: a draft meeting can have a draft notice (notices) and an
# invitation with its replies (circulation), and only this layer sees all three.

# A notice's history while it was only drafted; anything else (submitted, returned) means the
# minutes were once in review, and their record stays.
_DRAFTING_STEPS = (Transition.Action.CREATE, Transition.Action.CORRECT)


def meeting_delete_refusal(meeting: Meeting) -> str:
    """Why `meeting` may not be deleted, or "" if it may: only a draft that nobody outside the
    secretariat has seen (no invitation sent) and that was never submitted for review."""
    if meeting.status != Meeting.Status.DRAFT:
        return _("“%(status)s”的会议是正式记录，不能删除；只有起草中的会议可以删除。") % {
            "status": meeting.get_status_display()
        }
    if Invitation.objects.filter(meeting=meeting, sent_at__isnull=False).exists():
        return _("这次会议的会议通知已发给委员，不能删除；如会议取消，请另行通知委员。")
    if Transition.objects.filter(notice__meeting=meeting).exclude(action__in=_DRAFTING_STEPS).exists():
        return _("这次会议的纪要曾提交审核，已有审核记录，不能删除。")
    return ""


@transaction.atomic
def meeting_delete(*, meeting: Meeting, user) -> None:
    """Delete a draft meeting with everything drafted for it: its minutes' rows, its draft
    notice and an invitation not yet sent. Refused (ValidationError) once it went further."""
    _require_secretary(user)
    # Locked for the rest of the transaction: a concurrent submit (meeting_status_change) or
    # invitation_send waits, then finds the meeting gone.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    invitation = Invitation.objects.select_for_update().filter(meeting=meeting).first()
    refusal = meeting_delete_refusal(meeting)
    if refusal:
        raise ValidationError(refusal)
    notices = Notice.objects.filter(meeting=meeting)
    Recipient.objects.filter(notice__in=notices).delete()
    Transition.objects.filter(notice__in=notices).delete()
    if invitation is not None:
        invitation.delete()  # its replies go with it
    notices.delete()
    meeting.delete()
