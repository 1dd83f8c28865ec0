from django.contrib import admin

from meetings.admin import ReadOnlyAdminMixin

from .models import ArchiveRecord


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only, like the archive itself: records are made at issue and never changed."""

    list_display = ["notice", "retention", "sha256", "size", "archived_at"]
    list_filter = ["retention"]
    search_fields = ["sha256", "notice__title"]
