"""The video library in Django's admin: to look things up and delete; writing goes
through the library's own pages (videos_services), which check files and captions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from metroagora.publications import videos_services
from metroagora.publications.models import Video, VideoTrack


class TrackInline(admin.TabularInline):
    model = VideoTrack
    extra = 0
    can_delete = False
    readonly_fields = ("language", "kind", "file", "cue_count", "updated_at")
    fields = ("language", "kind", "file", "cue_count", "updated_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["slug", "source", "event", "published", "created_at"]
    list_filter = ["published", "source"]
    search_fields = ["slug", "title", "speakers"]
    readonly_fields = [
        "slug",
        "title",
        "description",
        "source",
        "file",
        "url",
        "poster",
        "poster_alt",
        "event",
        "speakers",
        "languages",
        "duration_seconds",
        "published",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [TrackInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Video) -> None:
        videos_services.delete_video(request.user, obj)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for video in queryset:
            videos_services.delete_video(request.user, video)  # type: ignore[arg-type]
