"""People: one User model from the first migration, with the profile on it."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class Identity(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    POLICYMAKER = "policymaker", _("Policymaker")
    CITY_OFFICIAL = "city_official", _("City official")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    EXPERT = "expert", _("Expert")


class User(AbstractUser):
    """A person. Signs in with an email address; the profile lives here too.

    Global roles are flags on the user (moderator, editor, network admin, verified
    policymaker); roles that belong to a city (verified resident, city
    coordinator) are network memberships.
    """

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name other people see next to what you write."),
    )
    residence_city = models.CharField(_("city of residence"), max_length=120, blank=True)
    residence_country = CountryField(_("country of residence"), blank=True)
    preferred_languages = models.JSONField(
        _("preferred languages"),
        default=list,
        blank=True,
        help_text=_("Languages you read, in order of preference."),
    )
    identity = models.CharField(
        _("Profile type"), max_length=20, choices=Identity.choices, default=Identity.CITIZEN
    )
    is_moderator = models.BooleanField(
        _("moderator"),
        default=False,
        help_text=_("Moderates debates and contributions across the network."),
    )
    is_editor = models.BooleanField(
        _("network editor"),
        default=False,
        help_text=_("Reviews and publishes best practices and publications for the network."),
    )
    is_verified_policymaker = models.BooleanField(
        _("verified policymaker"),
        default=False,
        help_text=_("Shows a verified badge: the network checked this person holds office."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def is_network_admin(self) -> bool:
        return bool(self.is_active and self.is_superuser)

    def holds_staff_role(self) -> bool:
        """Moderators, network admins and city coordinators must use two-factor sign-in."""
        if not self.is_authenticated or not self.pk:
            return False
        if self.is_moderator or self.is_editor or self.is_superuser or self.is_staff:
            return True
        # Coordinator memberships live in the network app (reverse relation).
        return bool(self.memberships.filter(role="coordinator").exists())

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name

    def preferred_language_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [str(names[code]) for code in self.preferred_languages if code in names]
