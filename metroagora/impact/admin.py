from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from metroagora.impact.models import ImpactFigure, ImpactRefresh


@admin.register(ImpactRefresh)
class ImpactRefreshAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "requested_by", "figures", "seconds", "error"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in ImpactRefresh._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ImpactFigure)
class ImpactFigureAdmin(admin.ModelAdmin):
    """Read only: the figures are computed, never typed in."""

    list_display = ["metric", "city", "period", "key", "value"]
    list_filter = ["metric", "city"]
    list_select_related = ["city"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
