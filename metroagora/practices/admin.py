from typing import Any

from django.contrib import admin

from metroagora.practices.models import (
    Indicator,
    Practice,
    PracticeImage,
    PracticeLink,
    ReviewComment,
    Transfer,
    TransferUpdate,
)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


class ImageInline(admin.TabularInline):
    model = PracticeImage
    extra = 0


class LinkInline(admin.TabularInline):
    model = PracticeLink
    extra = 0


class ReviewInline(admin.TabularInline):
    """The review log is written by the services only."""

    model = ReviewComment
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "author", "verdict", "text"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "city", "status", "transferability", "published_at"]
    list_filter = ["status", "transferability", "city"]
    search_fields = ["slug"]
    filter_horizontal = ["topics", "events"]
    raw_id_fields = ["qa_debate", "created_by"]
    readonly_fields = ["status", "submitted_at", "published_at"]
    inlines = [IndicatorInline, ImageInline, LinkInline, ReviewInline]


class TransferUpdateInline(admin.TabularInline):
    model = TransferUpdate
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "author", "status", "note"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ["practice", "city", "status", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["practice", "started_by"]
    inlines = [TransferUpdateInline]
