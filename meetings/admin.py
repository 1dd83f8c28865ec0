from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from attendees.models import Attendance, Membership
from resolutions.models import Recommendation, Resolution

from .models import (
    Committee,
    CommitteeTerm,
    IssuingOffice,
    Meeting,
    MeetingPhase,
    MinutesOverride,
    Notice,
    Organisation,
    OtherBusiness,
    Report,
    Speech,
    SpeechParagraph,
    SpeechPoint,
)


class IssuingOfficeInline(admin.TabularInline):
    model = IssuingOffice
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "doc_prefix", "issuer_mark_text"]
    search_fields = ["name", "short_name", "doc_prefix"]
    inlines = [IssuingOfficeInline]

    @admin.display(description=_("发文机关标志"))
    def issuer_mark_text(self, obj):
        return obj.issuer_mark_text


@admin.register(IssuingOffice)
class IssuingOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "code", "organisation__name"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "member_title", "order"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "organisation__name", "organisation__short_name"]
    list_editable = ["order"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "committee", "number", "starts_on", "ends_on"]
    list_filter = ["committee__organisation", "committee"]
    search_fields = ["committee__name", "committee__organisation__short_name"]
    list_select_related = ["committee__organisation"]
    inlines = [MembershipInline]


class MeetingPhaseInline(admin.TabularInline):
    model = MeetingPhase
    extra = 0


class AttendanceInline(admin.TabularInline):
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
        "absence_kind",
        "absence_reason",
    ]


class SpeechInline(admin.TabularInline):
    model = Speech
    extra = 0
    autocomplete_fields = ["speaker"]
    show_change_link = True


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0


class ResolutionInline(admin.StackedInline):
    model = Resolution
    extra = 0


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0


class OtherBusinessInline(admin.StackedInline):
    model = OtherBusiness
    extra = 0


class MinutesOverrideInline(admin.StackedInline):
    model = MinutesOverride
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_on", "place", "minutes_style", "status"]
    list_filter = ["status", "minutes_style", "term__committee__organisation", "term__committee", "starts_on"]
    search_fields = ["place", "joint_meeting_name", "term__committee__name"]
    date_hierarchy = "starts_on"
    list_select_related = ["term__committee__organisation"]
    readonly_fields = ["version", "created_at", "updated_at"]
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


@admin.register(MeetingPhase)
class MeetingPhaseAdmin(admin.ModelAdmin):
    list_display = ["meeting", "order", "label", "description"]
    list_select_related = ["meeting__term__committee__organisation"]
    search_fields = ["label", "description"]


class SpeechParagraphInline(admin.StackedInline):
    model = SpeechParagraph
    extra = 0
    show_change_link = True


@admin.register(Speech)
class SpeechAdmin(admin.ModelAdmin):
    list_display = ["speaker", "meeting", "order"]
    list_filter = ["meeting__term__committee"]
    search_fields = ["speaker__name", "paragraphs__text"]
    list_select_related = ["speaker", "meeting__term__committee__organisation"]
    autocomplete_fields = ["speaker"]
    inlines = [SpeechParagraphInline]


class SpeechPointInline(admin.TabularInline):
    model = SpeechPoint
    extra = 0


@admin.register(SpeechParagraph)
class SpeechParagraphAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speech", "order"]
    search_fields = ["text", "speech__speaker__name"]
    list_select_related = ["speech__speaker"]
    inlines = [SpeechPointInline]


@admin.register(SpeechPoint)
class SpeechPointAdmin(admin.ModelAdmin):
    list_display = ["__str__", "paragraph", "order"]
    search_fields = ["text"]
    list_select_related = ["paragraph"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "meeting", "order"]
    list_filter = ["kind", "meeting__term__committee"]
    search_fields = ["title"]
    list_select_related = ["meeting__term__committee__organisation"]


@admin.register(OtherBusiness)
class OtherBusinessAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "order"]
    search_fields = ["text"]
    list_select_related = ["meeting__term__committee__organisation"]


@admin.register(MinutesOverride)
class MinutesOverrideAdmin(admin.ModelAdmin):
    list_display = ["key", "meeting"]
    list_filter = ["key"]
    search_fields = ["text"]
    list_select_related = ["meeting__term__committee__organisation"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "date_signed", "date_issued", "status"]
    list_filter = ["status", "year", "office"]
    search_fields = ["title", "body", "recipients", "sequence"]
    date_hierarchy = "date_signed"
    list_select_related = ["office__organisation"]
    autocomplete_fields = ["meeting"]

    @admin.display(description=_("发文字号"), ordering="sequence")
    def number(self, obj):
        return obj.number
