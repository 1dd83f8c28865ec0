"""Who may see which circulation row: one access helper per object kind.

- A Recipient row (an issued notice sent to someone) is seen by that someone only:
  `recipient_for_user`. Anyone else gets 404, as for a notice they may not see.
- A Reply (a member's reply slip) likewise: `reply_for_user`.
- A notice's circulation table is seen by those who see every notice (secretariat,
  signatories, archivists) and changed by secretaries: `notice_for_circulation`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from meetings.models import FROZEN_STATUSES
from meetings.permissions import can_draft, sees_everything
from notices.models import Notice
from notices.permissions import notice_for_user

from .models import Recipient, Reply


def recipients_of(user) -> QuerySet[Recipient]:
    """What was circulated to `user`: issued (or since corrected) notices only, never a draft."""
    if not (user.is_authenticated and user.is_active):
        return Recipient.objects.none()
    return Recipient.objects.filter(person__user=user, notice__status__in=FROZEN_STATUSES).select_related(
        "notice__office__organisation", "notice__meeting__organisation", "notice__meeting__term__committee"
    )


def recipient_for_user(request, notice_pk: int) -> Recipient:
    """The user's own row for notice `notice_pk`; 404 if it was not circulated to them."""
    return get_object_or_404(recipients_of(request.user), notice_id=notice_pk)


def replies_of(user) -> QuerySet[Reply]:
    """The reply slips of the invitations sent to `user`."""
    if not (user.is_authenticated and user.is_active):
        return Reply.objects.none()
    return Reply.objects.filter(person__user=user, invitation__sent_at__isnull=False).select_related(
        "invitation__meeting__organisation", "invitation__meeting__term__committee__organisation"
    )


def reply_for_user(request, invitation_pk: int) -> Reply:
    """The user's own reply slip for invitation `invitation_pk`; 404 if they were not invited."""
    return get_object_or_404(replies_of(request.user), invitation_id=invitation_pk)


def notice_for_circulation(request, pk: int, *, change: bool = False) -> Notice:
    """The notice whose circulation the user may follow (404 otherwise) or, with `change`,
    manage (403 for those who may only follow it)."""
    notice = notice_for_user(request, pk)
    if not sees_everything(request.user):
        raise Http404
    if change and not can_draft(request.user):
        raise PermissionDenied
    return notice
