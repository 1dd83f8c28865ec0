from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meetings.admin import ReadOnlyAdminMixin

from .models import IssuedCopy, IssuingOffice, Notice, NumberSeries, Transition


@admin.register(IssuingOffice)
class IssuingOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "code", "organisation__name"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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


@admin.register(NumberSeries)
class NumberSeriesAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["office", "year", "last_sequence"]
    list_filter = ["office", "year"]


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["notice", "action", "from_status", "to_status", "user", "at"]
    list_filter = ["action"]
    list_select_related = ["notice__office__organisation", "user"]


@admin.register(IssuedCopy)
class IssuedCopyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["notice", "sha256", "size", "created_at"]
    list_select_related = ["notice__office__organisation"]
