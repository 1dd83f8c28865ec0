"""Who may see which notice: the access helper for notices."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from meetings.permissions import sees_everything

from .models import Notice


def notices_visible_to(user) -> QuerySet[Notice]:
    """Those who see every meeting see every notice; anyone else sees the issued notices that
    were circulated to them (circulation.Recipient), and nothing else."""
    notices = Notice.objects.select_related(
        "office__organisation", "meeting__organisation", "meeting__term__committee"
    )
    if not user.is_authenticated:
        return notices.none()
    if sees_everything(user):
        return notices
    return notices.filter(
        pk__in=Notice.objects.filter(
            circulation__person__user=user, status__in=[Notice.Status.ISSUED, Notice.Status.SUPERSEDED]
        ).values("pk")
    )


def notice_for_user(request, pk: int, *, only_related: tuple[str, ...] | None = None) -> Notice:
    """The notice `pk` if the user may read it; 404 otherwise. `only_related` replaces the
    usual joins with just what the caller needs (a download needs the issued copy and the
    number, not the meeting)."""
    notices = notices_visible_to(request.user)
    if only_related is not None:
        notices = notices.select_related(None).select_related(*only_related)
    return get_object_or_404(notices, pk=pk)
