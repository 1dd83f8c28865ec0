from django.contrib import admin

from meetings.admin import ReadOnlyAdminMixin

from .models import Recommendation, Resolution


class ResolutionInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Resolution
    extra = 0


class RecommendationInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Recommendation
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "proposal", "outcome", "meeting"]
    list_filter = ["outcome", "meeting__term__committee"]
    search_fields = ["proposal", "text", "note"]
    list_select_related = ["meeting__term__committee__organisation"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "__str__", "status", "meeting"]
    list_filter = ["status", "meeting__term__committee"]
    search_fields = ["text", "follow_up"]
    list_select_related = ["meeting__term__committee__organisation"]
