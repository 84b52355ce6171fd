from django.contrib import admin

from metroagora.network.models import (
    City,
    Membership,
    PartnerOrganisation,
    VerificationLogEntry,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "city"
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["verified_by", "verification_method"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "country", "region", "population", "joined_on"]
    list_filter = ["region", "country"]
    search_fields = ["slug", "name"]
    inlines = [MembershipInline]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "country", "city", "supports_network"]
    list_filter = ["kind", "supports_network", "country"]
    search_fields = ["slug", "name"]
    autocomplete_fields = ["city"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "role", "title", "verified_at"]
    list_filter = ["role", "city"]
    search_fields = ["user__email", "user__display_name", "city__slug", "title"]
    autocomplete_fields = ["user", "city"]
    readonly_fields = ["verified_by", "verification_method"]


@admin.register(VerificationLogEntry)
class VerificationLogAdmin(admin.ModelAdmin):
    """The audit log of resident verifications: read only."""

    list_display = ["created_at", "city", "person", "method", "verified_by", "detail"]
    list_filter = ["method", "city"]
    search_fields = ["person__email", "detail"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
