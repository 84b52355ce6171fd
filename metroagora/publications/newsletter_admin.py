"""Admin of the newsletter: subscriptions and issues (the site's own pages are the usual way).

Issues and deliveries are read-only here: sending goes through the site, which counts
the recipients and never sends anyone an issue twice.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from metroagora.publications.models import Delivery, NewsletterIssue, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "city", "language", "confirmed_at", "unsubscribed_at", "created_at"]
    list_filter = ["city", "language"]
    search_fields = ["email"]
    raw_id_fields = ["user"]
    readonly_fields = ["token", "created_at", "updated_at"]
    list_select_related = ["city"]


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "city", "status", "sent_count", "recipient_count", "sent_at"]
    list_filter = ["status", "city"]
    readonly_fields = [
        "status",
        "blocks",
        "recipient_count",
        "sent_count",
        "sent_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    list_select_related = ["city"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["issue", "subscription", "language", "sent_at"]
    list_filter = ["language"]
    raw_id_fields = ["issue", "subscription"]
    list_select_related = ["issue", "subscription"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
