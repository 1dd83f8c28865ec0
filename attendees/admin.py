from django.contrib import admin

from .models import Attendance, Membership, Person, Post


class PostInline(admin.TabularInline):
    model = Post
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "posts_text", "note", "user"]
    search_fields = ["name", "note", "posts__unit", "posts__title"]
    list_select_related = ["user"]
    inlines = [PostInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("posts")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "title", "is_current"]
    list_filter = ["is_current", "unit"]
    search_fields = ["person__name", "unit", "title"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "term", "role", "order"]
    list_filter = ["role", "term__committee"]
    search_fields = ["person__name", "member_organisation"]
    list_select_related = ["person", "term__committee__organisation"]
    autocomplete_fields = ["person"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "category", "absence_kind", "order"]
    list_filter = ["category", "absence_kind", "meeting__term__committee"]
    search_fields = ["person__name", "group_name", "represented_organisation", "designation"]
    list_select_related = ["person", "meeting__term__committee__organisation"]
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("person__posts")
