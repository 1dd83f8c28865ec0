"""The meeting with every part of its minutes on one admin page. Registered here, in the layer
that knows all the parts (attendance and resolutions sit below it); the status is read only:
it changes through the services of the sign-off workflow, never by hand."""

from django.contrib import admin

from attendees.admin import AttendanceInline
from meetings.admin import (
    MeetingPhaseInline,
    OtherBusinessInline,
    ReadOnlyAdminMixin,
    ReportInline,
    SpeechInline,
)
from meetings.models import Meeting
from resolutions.admin import RecommendationInline, ResolutionInline

from .models import MinutesOverride


class MinutesOverrideInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = MinutesOverride
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "place", "minutes_style", "status"]
    list_filter = ["status", "kind", "minutes_style", "organisation", "term__committee", "starts_on"]
    search_fields = ["place", "own_name", "theme", "joint_meeting_name", "term__committee__name"]
    date_hierarchy = "starts_on"
    list_select_related = ["organisation", "term__committee__organisation"]
    readonly_fields = ["status", "version", "created_at", "updated_at"]
    inlines = [
        MeetingPhaseInline,
        AttendanceInline,
        SpeechInline,
        ReportInline,
        ResolutionInline,
        RecommendationInline,
        OtherBusinessInline,
        MinutesOverrideInline,
    ]


@admin.register(MinutesOverride)
class MinutesOverrideAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["key", "meeting"]
    list_filter = ["key"]
    search_fields = ["text"]
    list_select_related = ["meeting__term__committee__organisation"]
