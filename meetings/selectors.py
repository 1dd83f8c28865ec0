"""Reads of meetings and notices, and who may see them."""

from django.db.models import Q, QuerySet

from .models import Meeting, Notice


def _sees_everything(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("meetings.view_meeting"))


def can_draft(user) -> bool:
    """Secretaries draft minutes; signatories, members and archivists read them."""
    return user.is_active and user.has_perm("meetings.add_meeting")


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Secretariat, signatories and archivists see every meeting; a committee member sees the
    issued meetings of the committee terms they sit on; anyone else sees none."""
    meetings = Meeting.objects.select_related("term__committee__organisation")
    if not user.is_authenticated:
        return meetings.none()
    if _sees_everything(user):
        return meetings
    return meetings.filter(
        Q(term__memberships__person__user=user) & Q(status=Meeting.Status.ISSUED)
    ).distinct()


def notices_visible_to(user) -> QuerySet[Notice]:
    notices = Notice.objects.select_related("office__organisation", "meeting__term__committee")
    if not user.is_authenticated:
        return notices.none()
    if _sees_everything(user):
        return notices
    return notices.filter(meeting__in=meetings_visible_to(user).values("pk"), status=Notice.Status.ISSUED)
