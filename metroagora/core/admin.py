"""The audit log in the Django admin: to read only, for superusers too.

Every change made in the admin is in the audit log (``audit.record_admin_change``, on
the admin's ``LogEntry``). The admin writes the log entries of a "delete selected" of
several objects at once without the ``post_save`` signal: the action is wrapped here to
record them.
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from metroagora.core import audit
from metroagora.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("created_at", "actor_label", "action", "object_label", "city")
    list_filter = ("action", "city")
    search_fields = ("actor_label", "object_label", "reason", "action")
    date_hierarchy = "created_at"
    list_select_related = ("city",)
    readonly_fields = (
        "created_at",
        "actor",
        "actor_label",
        "action",
        "sentence",
        "params",
        "object_label",
        "object_url",
        "subject",
        "city",
        "reason",
    )
    fields = readonly_fields
    actions = None

    @admin.display(description=_("what happened"))
    def sentence(self, entry: AuditEntry) -> str:
        return audit.summary(entry)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(
    permissions=["delete"],
    description=delete_selected.short_description,  # type: ignore[attr-defined]
)
def audited_delete_selected(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> TemplateResponse | None:
    """Django's "delete selected objects", each deletion recorded in the audit log."""
    labels = [str(obj)[:200] for obj in queryset] if request.POST.get("post") else []
    response = delete_selected(modeladmin, request, queryset)
    if response is None and len(labels) > 1:  # deleted (one object: LogEntry's signal)
        audit.record_admin_deletions(request.user, modeladmin.model, labels)
    return response


admin.site.add_action(audited_delete_selected, "delete_selected")
