"""Who may see the archive: those who see every notice (the archivist, the secretariat, the
signatories). One access helper for archive records; the verification page is open to every
signed-in user (it tells nothing about a file they do not already hold)."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from meetings.permissions import sees_everything

from .models import ArchiveRecord


def records_visible_to(user) -> QuerySet[ArchiveRecord]:
    records = ArchiveRecord.objects.select_related("notice__office__organisation", "notice__meeting")
    return records if user.is_authenticated and sees_everything(user) else records.none()


def record_for_user(request, pk: int) -> ArchiveRecord:
    """Archive record `pk` if the user may read the archive; 404 otherwise."""
    if not sees_everything(request.user):
        raise Http404
    return get_object_or_404(records_visible_to(request.user), pk=pk)
