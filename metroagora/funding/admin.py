from typing import Any

from django.contrib import admin

from metroagora.funding.models import (
    Application,
    Call,
    CityNeeds,
    FundedProject,
    Guide,
    PartnerAnswer,
    PartnerSearch,
    Programme,
    ProjectParticipant,
    ReminderLog,
    Watch,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["short_name", "__str__", "budget_eur", "city_fit"]
    list_filter = ["city_fit"]
    search_fields = ["short_name", "slug"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["identifier", "title", "programme", "opens_at", "closes_at", "source"]
    list_filter = ["programme", "source", "deadline_model"]
    search_fields = ["identifier", "title", "call_identifier"]
    filter_horizontal = ["topics"]
    readonly_fields = ["closes_at", "portal_status", "source_hash", "created_by"]
    exclude = ["match_terms"]
    date_hierarchy = "closes_at"


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "city", "call", "name", "created_at"]
    raw_id_fields = ["user", "call", "created_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """The log of reminders sent: written by the daily task only."""

    list_display = ["watch", "call", "kind", "sent_at", "recipients"]
    list_filter = ["kind"]
    raw_id_fields = ["watch", "call"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(CityNeeds)
class CityNeedsAdmin(admin.ModelAdmin):
    list_display = ["city", "language", "updated_at"]
    filter_horizontal = ["topics"]
    raw_id_fields = ["updated_by"]


class PartnerAnswerInline(admin.TabularInline):
    model = PartnerAnswer
    extra = 0
    raw_id_fields = ["author"]


@admin.register(PartnerSearch)
class PartnerSearchAdmin(admin.ModelAdmin):
    list_display = ["call", "city", "city_role", "role_sought", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["call", "created_by"]
    inlines = [PartnerAnswerInline]


class ParticipantInline(admin.TabularInline):
    model = ProjectParticipant
    extra = 0


@admin.register(FundedProject)
class FundedProjectAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "starts_on", "eu_contribution", "source"]
    list_filter = ["source", "programme"]
    search_fields = ["title", "acronym", "source_id"]
    raw_id_fields = ["call", "created_by"]
    inlines = [ParticipantInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["call", "city", "status", "submitted_on"]
    list_filter = ["status", "city"]
    raw_id_fields = ["call", "project", "created_by"]


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "position", "is_published", "for_all_calls"]
    list_filter = ["is_published"]
    filter_horizontal = ["programmes"]
    raw_id_fields = ["calls"]
