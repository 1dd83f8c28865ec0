from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import IssuingOffice, Notice


@admin.register(IssuingOffice)
class IssuingOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "code", "organisation__name"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Read only: notices are drafted, signed off and issued in the app, through the services,
    which allocate the number and keep the record; the admin only shows them."""

    list_display = ["number", "title", "date_signed", "date_issued", "status"]
    list_filter = ["status", "year", "office"]
    search_fields = ["title", "body", "recipients", "sequence"]
    date_hierarchy = "date_signed"
    list_select_related = ["office__organisation"]

    @admin.display(description=_("发文字号"), ordering="sequence")
    def number(self, obj):
        return obj.number

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
