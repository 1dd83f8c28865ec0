from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Person, Post


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "doc_prefix", "issuer_mark_text"]
    search_fields = ["name", "short_name", "doc_prefix"]

    @admin.display(description=_("发文机关标志"))
    def issuer_mark_text(self, obj):
        return obj.issuer_mark_text


class PostInline(admin.TabularInline):
    model = Post
    fields = ["unit", "title", "starts_on", "ends_on", "order"]
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
    list_display = ["person", "unit", "title", "starts_on", "ends_on"]
    list_filter = ["unit"]
    search_fields = ["person__name", "unit", "title"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
