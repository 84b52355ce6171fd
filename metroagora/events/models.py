"""Events: international events and local activities, registrations, check-in, outputs."""

import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from metroagora.core import jobs
from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.network.models import City, PartnerOrganisation

TIME_ZONES = sorted(
    (tz, tz) for tz in zoneinfo.available_timezones() if tz.startswith(("Europe/", "UTC"))
)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class TopicGroup(models.TextChoices):
    GOVERNANCE = "governance", _("Governance and participation")
    POLICY = "policy", _("EU policy areas")


class Topic(models.Model):
    """A theme shared by events, debates and best practices.

    The network's fixed list is created by a data migration (``0005_fixed_topics``);
    network admins may rename topics in the admin.
    """

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name = TranslatedTextField(_("name"))
    group = models.CharField(
        _("group"), max_length=12, choices=TopicGroup.choices, default=TopicGroup.GOVERNANCE
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["group", "slug"]

    def __str__(self) -> str:
        return str(self.name) or self.slug


class EventKind(models.TextChoices):
    INTERNATIONAL = "international", _("International event")
    LOCAL = "local", _("Local activity")
    FORUM = "forum", _("Forum session")
    ONLINE = "online", _("Online session")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")


class Project(TimeStampedModel):
    """A set of events reported together, e.g. one funded network project."""

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = TranslatedTextField(_("name"))
    programme = models.CharField(_("funding programme"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["slug"]

    def __str__(self) -> str:
        return str(self.name) or self.slug


class Event(TimeStampedModel):
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = TranslatedTextField(_("title"))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    city = models.ForeignKey(
        City, verbose_name=_("host city"), on_delete=models.PROTECT, related_name="events"
    )
    partners = models.ManyToManyField(
        PartnerOrganisation,
        verbose_name=_("co-organising partners"),
        blank=True,
        related_name="events",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="events"
    )
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default="Europe/Brussels"
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90.0), MaxValueValidator(90.0)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180.0), MaxValueValidator(180.0)],
    )
    online_url = models.URLField(_("online link"), blank=True)
    languages = models.JSONField(
        _("languages spoken"),
        default=list,
        blank=True,
        help_text=_("Language codes, e.g. en, fr."),
    )
    interpretation = models.JSONField(
        _("interpretation offered into"),
        default=list,
        blank=True,
        help_text=_("Language codes."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    accessibility = TranslatedTextField(_("accessibility information"), blank=True, multiline=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["starts_at", "id"]),
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["city", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("events:detail", slug=self.slug)

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        if (
            self.registration_deadline
            and self.ends_at
            and self.registration_deadline > self.ends_at
        ):
            errors["registration_deadline"] = _("Registration must close before the event ends.")
        if (
            self.registration_opens_at
            and self.registration_deadline
            and self.registration_deadline < self.registration_opens_at
        ):
            errors["registration_deadline"] = _("Registration cannot close before it opens.")
        if self.kind == EventKind.ONLINE and not self.online_url:
            errors["online_url"] = _("An online session needs its online link.")
        if errors:
            raise ValidationError(errors)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_public(self) -> bool:
        return self.status in (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CANCELLED)


class Session(models.Model):
    """One item of an event's agenda."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipantRole(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    POLICYMAKER = "policymaker", _("Policymaker")
    OFFICIAL = "official", _("City official")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    EXPERT = "expert", _("Expert")


class AgeBracket(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    A18_30 = "18-30", _("18 to 30")
    A31_45 = "31-45", _("31 to 45")
    A46_60 = "46-60", _("46 to 60")
    OVER_60 = "60+", _("Over 60")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("Prefer to self-describe")


ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class Registration(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_code)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    residence_city = models.CharField(_("city of residence"), max_length=120)
    residence_country = CountryField(_("country of residence"))
    role = models.CharField(_("you take part as"), max_length=20, choices=ParticipantRole.choices)
    invited_by = models.ForeignKey(
        City,
        verbose_name=_("invited international participant sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    demographics_consent = models.BooleanField(
        _("I agree that my age bracket and gender are used, anonymously, in reports"),
        default=False,
    )
    age_bracket = models.CharField(
        _("age bracket"), max_length=6, choices=AgeBracket.choices, blank=True
    )
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    photo_consent = models.BooleanField(
        _("I agree to appear in photos of the event"), default=False
    )
    onsite = models.BooleanField(_("registered on the spot"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="one_active_registration_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(demographics_consent=True)
                | (models.Q(age_bracket="") & models.Q(gender="")),
                name="demographics_only_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.event}"

    def get_absolute_url(self) -> str:
        return object_url("events:registration", token=self.token)

    @property
    def is_international(self) -> bool:
        return self.invited_by_id is not None


class EventPhoto(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="events/photos/%Y/")
    alt_text = models.CharField(
        _("description of the photo"),
        max_length=300,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.alt_text


class LinkKind(models.TextChoices):
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    OTHER = "other", _("Other")


class EventLink(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=10, choices=LinkKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title


class EventOutcome(TimeStampedModel):
    """Minutes and conclusions, written once in the organiser's language."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="outcome")
    language = models.CharField(_("language"), max_length=8)
    minutes = models.TextField(_("minutes"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.event}"


class Feedback(TimeStampedModel):
    """One evaluation per registration; reports never show who answered what."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        _("overall rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    learned = models.TextField(_("what you learned"), blank=True)
    would_return = models.BooleanField(_("would take part again"), null=True, blank=True)
    changed_view = models.CharField(
        _("changed how you see the EU and your city's role in it"),
        max_length=10,
        choices=[("yes", _("Yes")), ("somewhat", _("Somewhat")), ("no", _("No"))],
        blank=True,
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")


class ReportFileStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFile(TimeStampedModel):
    """A report built in the background (the attendance PDF), kept until the data changes."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="report_files")
    kind = models.CharField(max_length=20, default="attendance_pdf")
    version = models.CharField(max_length=100)
    status = models.CharField(
        max_length=10, choices=ReportFileStatus.choices, default=ReportFileStatus.QUEUED
    )
    file = models.FileField(upload_to="events/reports/%Y/", blank=True)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "kind", "version"], name="one_report_file")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id} {self.status}"

    @property
    def retry_note(self) -> str:
        return jobs.retry_note(REPORT_FILE_JOB, self)


# Each report file is built once, and again after an error (core/jobs.py).
REPORT_FILE_JOB = jobs.JobKind(
    model=ReportFile,
    queued=ReportFileStatus.QUEUED,
    running=ReportFileStatus.RUNNING,
    failed=ReportFileStatus.FAILED,
    stale_after=timedelta(minutes=30),
    error_length=300,
)
