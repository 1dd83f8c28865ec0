"""Admin of committees and the rows of a meeting; the meeting itself is registered by
`minutes.admin`, the layer that knows all of its parts (attendance, resolutions, overrides)."""

from django.contrib import admin

from .models import (
    Committee,
    CommitteeTerm,
    MeetingPhase,
    OtherBusiness,
    Report,
    Speech,
    SpeechParagraph,
    SpeechPoint,
)


class ReadOnlyAdminMixin:
    """Content (meetings and everything in their minutes, notices) is written in the app,
    through the services that check versions, roles and the lifecycle; /admin/ only shows it.
    /admin/ is for reference data: organisations, offices, committees, people."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "member_title", "order"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "organisation__name", "organisation__short_name"]
    list_editable = ["order"]


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "committee", "number", "starts_on", "ends_on"]
    list_filter = ["committee__organisation", "committee"]
    search_fields = ["committee__name", "committee__organisation__short_name"]
    list_select_related = ["committee__organisation"]


class MeetingPhaseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = MeetingPhase
    extra = 0


class SpeechInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Speech
    extra = 0
    autocomplete_fields = ["speaker"]
    show_change_link = True


class ReportInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Report
    extra = 0


class OtherBusinessInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = OtherBusiness
    extra = 0


@admin.register(MeetingPhase)
class MeetingPhaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "order", "label", "description"]
    list_select_related = ["meeting__term__committee__organisation"]
    search_fields = ["label", "description"]


class SpeechParagraphInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = SpeechParagraph
    extra = 0
    show_change_link = True


@admin.register(Speech)
class SpeechAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["speaker", "meeting", "order"]
    list_filter = ["meeting__term__committee"]
    search_fields = ["speaker__name", "paragraphs__text"]
    list_select_related = ["speaker", "meeting__term__committee__organisation"]
    autocomplete_fields = ["speaker"]
    inlines = [SpeechParagraphInline]


class SpeechPointInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SpeechPoint
    extra = 0


@admin.register(SpeechParagraph)
class SpeechParagraphAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "speech", "order"]
    search_fields = ["text", "speech__speaker__name"]
    list_select_related = ["speech__speaker"]
    inlines = [SpeechPointInline]


@admin.register(SpeechPoint)
class SpeechPointAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "paragraph", "order"]
    search_fields = ["text"]
    list_select_related = ["paragraph"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "meeting", "order"]
    list_filter = ["kind", "meeting__term__committee"]
    search_fields = ["title"]
    list_select_related = ["meeting__term__committee__organisation"]


@admin.register(OtherBusiness)
class OtherBusinessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "meeting", "order"]
    search_fields = ["text"]
    list_select_related = ["meeting__term__committee__organisation"]
