from django.contrib import admin

from meetings.admin import ReadOnlyAdminMixin

from .models import FollowUp


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: follow-ups are recorded in the register, and never changed."""

    list_display = ["recommendation", "previous_status", "status", "changed_by", "changed_at"]
    list_filter = ["status"]
    search_fields = ["note", "recommendation__text"]
    list_select_related = ["recommendation", "changed_by"]
