from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from metroagora.forum import services
from metroagora.forum.models import (
    Contribution,
    ContributionTranslation,
    Debate,
    ModerationLogEntry,
    Report,
    UserBlock,
)


@admin.register(Debate)
class DebateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "city", "created_at"]
    list_filter = ["status", "city"]
    search_fields = ["slug"]
    filter_horizontal = ["topics", "events"]


class TranslationInline(admin.StackedInline):
    model = ContributionTranslation
    extra = 0


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "debate", "author", "language", "stance", "visibility", "created_at"]
    list_filter = ["visibility", "stance", "language", "is_official"]
    search_fields = ["text", "author__email"]
    raw_id_fields = ["parent", "root", "author"]
    # Hiding and restoring go through the moderation queue, which logs them and keeps
    # the debate's count of visible contributions; the counters are kept by the services.
    readonly_fields = ["debate", "visibility", "agree_count", "reply_count", "depth"]
    inlines = [TranslationInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people post in the Forum, where the services check and count

    def delete_model(self, request: HttpRequest, obj: Contribution) -> None:
        super().delete_model(request, obj)
        services.recount_contributions([obj.debate_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Contribution]) -> None:
        debate_ids = list(queryset.values_list("debate_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        services.recount_contributions(debate_ids)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["contribution", "reporter", "reason", "created_at", "resolved_at"]
    raw_id_fields = ["contribution", "reporter"]


@admin.register(UserBlock)
class UserBlockAdmin(admin.ModelAdmin):
    list_display = ["user", "reason", "blocked_by", "created_at"]
    raw_id_fields = ["user", "blocked_by"]


@admin.register(ModerationLogEntry)
class ModerationLogAdmin(admin.ModelAdmin):
    """Read-only: the log cannot be edited from the UI."""

    list_display = ["created_at", "moderator", "action", "contribution", "target_user", "reason"]
    list_filter = ["action"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
