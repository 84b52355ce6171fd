"""Admin of publications (composing, rendering and publishing happen on the site's pages)."""

from django.contrib import admin

from metroagora.publications.models import Publication, PublicationPart, PublicationVersion


class PartInline(admin.TabularInline):
    model = PublicationPart
    extra = 0
    fields = ["order", "kind", "practice", "debate", "opinion_map", "event", "city", "image_alt"]
    raw_id_fields = ["practice", "debate", "opinion_map", "event", "city"]


class VersionInline(admin.TabularInline):
    model = PublicationVersion
    extra = 0
    fields = ["number", "language", "status", "progress", "page_count", "is_published", "pdf"]
    readonly_fields = ["number", "language", "status", "progress", "page_count", "pdf"]
    can_delete = False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["slug", "status", "published_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["slug"]
    readonly_fields = ["created_by"]
    inlines = [PartInline, VersionInline]
