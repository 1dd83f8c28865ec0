from django.contrib import admin

from meetings.admin import CommitteeTermAdmin as BaseCommitteeTermAdmin
from meetings.admin import ReadOnlyAdminMixin
from meetings.models import CommitteeTerm

from .models import Attendance, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


# A term's roster is kept on the term's page; memberships belong to this layer, so the term's
# admin gains its inline here rather than `meetings` importing upwards.
admin.site.unregister(CommitteeTerm)


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(BaseCommitteeTermAdmin):
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "term", "role", "title", "order"]
    list_filter = ["role", "term__committee"]
    search_fields = ["person__name", "member_organisation"]
    list_select_related = ["person", "term__committee__organisation"]
    autocomplete_fields = ["person"]


class AttendanceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]
    fields = [
        "order",
        "category",
        "person",
        "group_name",
        "represented_organisation",
        "designation",
        "report_verb",
        "absence_kind",
        "absence_reason",
    ]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "meeting", "category", "absence_kind", "order"]
    list_filter = ["category", "absence_kind", "meeting__term__committee"]
    search_fields = ["person__name", "group_name", "represented_organisation", "designation"]
    list_select_related = ["person", "meeting__term__committee__organisation"]
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("person__posts")
