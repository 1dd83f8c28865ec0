"""Who may see the archive: those who see every notice (the archivist, the secretariat, the
signatories) see every record; a committee member sees the records of the notices circulated to
them (what they already read under 我的文件); anyone else, none. One access helper for archive
records; the verification page is open to every signed-in user (it tells nothing about a file
they do not already hold)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from circulation.permissions import recipients_of
from meetings.permissions import sees_everything

from .models import ArchiveRecord


def records_visible_to(user) -> QuerySet[ArchiveRecord]:
    records = ArchiveRecord.objects.select_related("notice__office__organisation", "notice__meeting")
    if not (user.is_authenticated and user.is_active):
        return records.none()
    if sees_everything(user):
        return records
    return records.filter(notice__in=recipients_of(user).values("notice_id"))


def record_for_user(request, pk: int) -> ArchiveRecord:
    """Archive record `pk` if the user may read it; 404 otherwise (whether it exists is not for
    others to learn)."""
    return get_object_or_404(records_visible_to(request.user), pk=pk)
