from django.contrib import admin

from meetings.admin import ReadOnlyAdminMixin

from .models import Invitation, Recipient, Reply


@admin.register(Recipient)
class RecipientAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: the list is kept on the circulation page and fixed by the issue."""

    list_display = ["notice", "person", "kind", "delivery", "sent_at", "first_opened_at", "acknowledged_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["person__name", "notice__title"]
    list_select_related = ["notice__office__organisation", "person"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "date", "place", "reply_by", "sent_at"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["invitation", "person", "answer", "answered_at", "confirmed_at", "delivery"]
    list_filter = ["answer", "delivery"]
    search_fields = ["person__name"]
