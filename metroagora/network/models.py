"""The network: member cities, partner organisations, and people's roles in cities."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField


class Region(models.TextChoices):
    NORTH = "north", _("North")
    SOUTH = "south", _("South")
    EAST = "east", _("East")
    WEST = "west", _("West")


class City(TimeStampedModel):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = TranslatedTextField(_("name"))
    country = CountryField(_("country"))
    region = models.CharField(_("European region"), max_length=5, choices=Region.choices)
    population = models.PositiveIntegerField(
        _("population"), help_text=_("Inhabitants of the metropolitan area.")
    )
    latitude = models.FloatField(
        _("latitude"),
        validators=[MinValueValidator(-90.0), MaxValueValidator(90.0)],
        help_text=_("Decimal degrees, north positive, e.g. 45.4642."),
    )
    longitude = models.FloatField(
        _("longitude"),
        validators=[MinValueValidator(-180.0), MaxValueValidator(180.0)],
        help_text=_("Decimal degrees, east positive, e.g. 9.19."),
    )
    website = models.URLField(_("website"), blank=True)
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90), name="city_latitude_range"
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("network:city_detail", slug=self.slug)


class PartnerKind(models.TextChoices):
    CITY_GOVERNMENT = "city_government", _("City government")
    CIVIL_SOCIETY = "civil_society", _("Civil society association")
    UNIVERSITY = "university", _("University or research centre")
    OTHER = "other", _("Other")


class PartnerOrganisation(TimeStampedModel):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = TranslatedTextField(_("name"))
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = CountryField(_("country"))
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partners",
    )
    website = models.URLField(_("website"), blank=True)
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    supports_network = models.BooleanField(
        _("supports the network"),
        default=False,
        help_text=_("The civil society association that supports the network."),
    )

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["-supports_network", "slug"]

    def __str__(self) -> str:
        return str(self.name) or self.slug


class MembershipRole(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    OFFICIAL = "official", _("City official")
    POLICYMAKER = "policymaker", _("Policymaker")
    COORDINATOR = "coordinator", _("City coordinator")


class VerificationMethod(models.TextChoices):
    """How a resident showed they live in the city."""

    CODE = "code", _("Invitation code")
    CENSUS = "census", _("Census list")
    MANUAL = "manual", _("Checked by a coordinator")


PUBLIC_ROLES = (MembershipRole.OFFICIAL, MembershipRole.POLICYMAKER, MembershipRole.COORDINATOR)


class Membership(TimeStampedModel):
    """A person's role in a city: resident (verified or not), official, policymaker, coordinator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    title = models.CharField(
        _("public title"),
        max_length=120,
        blank=True,
        help_text=_("For example: Deputy Mayor for Participation."),
    )
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verification_method = models.CharField(
        _("verified with"), max_length=10, choices=VerificationMethod.choices, blank=True
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["city", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "city", "role"], name="unique_membership_role")
        ]
        # A city's people counted from the index alone (cities list, API): with 200,000
        # memberships, 226 ms without it on SQLite, 14 ms with it.
        indexes = [
            models.Index(fields=["city", "user"], name="membership_city_user"),
            # A city's page lists its officials, policymakers and coordinators, not its
            # thousands of residents (9 ms to read past them in a large city without it).
            models.Index(fields=["city", "role"], name="membership_city_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.city}"

    @property
    def is_public(self) -> bool:
        return self.role in PUBLIC_ROLES

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class VerificationLogEntry(models.Model):
    """Who verified whom, how, and when. Written by services only; never edited."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="verification_log"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the person verified themselves with a code or the census."),
    )
    method = models.CharField(_("method"), max_length=10, choices=VerificationMethod.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("verification log entry")
        verbose_name_plural = _("verification log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_method_display()}"
