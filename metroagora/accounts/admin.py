from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "identity",
        "residence_country",
        "is_moderator",
        "is_editor",
        "is_verified_policymaker",
        "is_superuser",
        "is_active",
    ]
    list_filter = [
        "identity",
        "is_moderator",
        "is_editor",
        "is_verified_policymaker",
        "is_superuser",
        "is_active",
    ]
    search_fields = ["email", "display_name", "residence_city"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "residence_city",
                    "residence_country",
                    "preferred_languages",
                    "identity",
                )
            },
        ),
        (
            _("Roles"),
            {
                "fields": (
                    "is_active",
                    "is_moderator",
                    "is_editor",
                    "is_verified_policymaker",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
