"""Who may see which notice: the access helper for notices."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from meetings.permissions import meetings_visible_to, sees_everything

from .models import Notice


def notices_visible_to(user) -> QuerySet[Notice]:
    """Those who see every meeting see every notice; a committee member sees the issued
    notices of the meetings they may see."""
    notices = Notice.objects.select_related("office__organisation", "meeting__term__committee")
    if not user.is_authenticated:
        return notices.none()
    if sees_everything(user):
        return notices
    return notices.filter(
        meeting__in=meetings_visible_to(user).values("pk"),
        status__in=[Notice.Status.ISSUED, Notice.Status.SUPERSEDED],
    )


def notice_for_user(request, pk: int, *, only_related: tuple[str, ...] | None = None) -> Notice:
    """The notice `pk` if the user may read it; 404 otherwise. `only_related` replaces the
    usual joins with just what the caller needs (a download needs the issued copy and the
    number, not the meeting)."""
    notices = notices_visible_to(request.user)
    if only_related is not None:
        notices = notices.select_related(None).select_related(*only_related)
    return get_object_or_404(notices, pk=pk)
