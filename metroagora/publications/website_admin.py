"""Admin of the website's pages and news (the staff pages on the site are the usual way;
changes here also refresh the cached footer and home page, through the models' signals)."""

from django.contrib import admin

from metroagora.publications.models import NewsPost, Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind", "published", "in_footer", "order", "updated_at"]
    list_filter = ["kind", "published", "in_footer"]
    search_fields = ["slug"]
    ordering = ["order", "slug"]


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ["slug", "city", "published_at", "author", "updated_at"]
    list_filter = ["city"]
    search_fields = ["slug"]
    date_hierarchy = "created_at"
    raw_id_fields = ["author"]
    list_select_related = ["city", "author"]
