"""EU funding: programmes, calls and their deadlines, watches, needs, partners, results.

Calls come from the EU Funding & Tenders Portal (``import_funding_calls``) or are
added by hand. Their status is never stored: it follows from the opening date and
the deadlines (``Call.status``; ``selectors.with_status`` filters on it in SQL),
because the portal's own status is often stale.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.events.models import Topic
from metroagora.network.models import City


class CityFit(models.IntegerChoices):
    """How directly a city can apply to a programme (used to rank calls for cities)."""

    INDIRECT = 0, _("Cities rarely apply")
    PARTNER = 1, _("Cities apply as partners")
    OFTEN = 2, _("Cities often apply")
    DIRECT = 3, _("Made for cities")


class Programme(TimeStampedModel):
    """An EU programme of 2021-2027 (seeded from the reference CSV, editable by admins)."""

    slug = models.SlugField(_("short name in addresses"), max_length=40, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, unique=True)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    city_funding = TranslatedTextField(
        _("what it funds for cities"),
        blank=True,
        multiline=True,
        help_text=_("What a city can get from this programme, and how (markdown)."),
    )
    budget_eur = models.PositiveBigIntegerField(_("EU budget in euros"), null=True, blank=True)
    budget_note = models.CharField(_("note on the budget"), max_length=200, blank=True)
    source = models.CharField(_("source of the budget figure"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    city_fit = models.PositiveSmallIntegerField(
        _("fit for cities"), choices=CityFit.choices, default=CityFit.PARTNER
    )
    portal_codes = models.JSONField(
        _("codes in the Funding & Tenders Portal"),
        default=list,
        blank=True,
        help_text=_(
            "The portal's frameworkProgramme codes of this programme, e.g. 43108390 for "
            "Horizon Europe. Imported calls are matched to programmes by these codes."
        ),
    )

    class Meta:
        verbose_name = _("EU programme")
        verbose_name_plural = _("EU programmes")
        ordering = ["-city_fit", "short_name"]

    def __str__(self) -> str:
        return str(self.name) or self.short_name

    def get_absolute_url(self) -> str:
        return object_url("funding:programme", slug=self.slug)


class CallStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CallSource(models.TextChoices):
    IMPORTED = "imported", _("Imported from the EU portal")
    MANUAL = "manual", _("Added by hand")


class DeadlineModel(models.TextChoices):
    SINGLE = "single-stage", _("Single stage")
    TWO_STAGE = "two-stage", _("Two stages")
    CUT_OFFS = "multiple cut-off", _("Several cut-off dates")


# ``closes_at`` of a call without a deadline: "open" and "current" stay plain range
# conditions on one index, and such calls sort last on every database.
OPEN_ENDED = datetime(9999, 12, 31, tzinfo=UTC)


def closing_time(
    deadline: datetime | None, second_deadline: datetime | None, deadline_model: str
) -> datetime:
    """When a newcomer can no longer apply: the first stage of a two-stage call, else the
    last date; :data:`OPEN_ENDED` without a deadline."""
    if deadline_model == DeadlineModel.TWO_STAGE or second_deadline is None:
        return deadline or OPEN_ENDED
    if deadline is None:
        return second_deadline
    return max(deadline, second_deadline)


def status_at(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> str:
    if opens_at is not None and now < opens_at:
        return CallStatus.FORTHCOMING
    if closes_at is not None and now > closes_at:
        return CallStatus.CLOSED
    return CallStatus.OPEN


class Call(TimeStampedModel):
    """A call for proposals topic: what the portal calls a "topic" is one call here."""

    identifier = models.CharField(
        _("identifier"),
        max_length=120,
        unique=True,
        help_text=_("The topic identifier in the EU portal, e.g. HORIZON-MISS-2025-CIT-01-01."),
    )
    title = models.CharField(_("title"), max_length=500)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
    )
    call_identifier = models.CharField(_("call"), max_length=120, blank=True)
    call_title = models.CharField(_("title of the call"), max_length=500, blank=True)
    action_type = models.CharField(_("type of action"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("opening date"), null=True, blank=True)
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("The only, or the first-stage, deadline.")
    )
    second_deadline = models.DateTimeField(
        _("second deadline"),
        null=True,
        blank=True,
        help_text=_("The second-stage deadline of a two-stage call, or the last cut-off date."),
    )
    deadline_model = models.CharField(
        _("deadlines"), max_length=20, choices=DeadlineModel.choices, default=DeadlineModel.SINGLE
    )
    closes_at = models.DateTimeField(_("closes"), default=OPEN_ENDED, editable=False)
    budget_eur = models.PositiveBigIntegerField(_("budget in euros"), null=True, blank=True)
    expected_grants = models.PositiveIntegerField(_("expected grants"), null=True, blank=True)
    min_contribution = models.PositiveBigIntegerField(
        _("minimum EU contribution per project"), null=True, blank=True
    )
    max_contribution = models.PositiveBigIntegerField(
        _("maximum EU contribution per project"), null=True, blank=True
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("HTML; sanitised when it is saved.")
    )
    url = models.URLField(_("official page"), max_length=500, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=CallSource.choices, default=CallSource.MANUAL
    )
    portal_status = models.CharField(
        _("status said by the portal"), max_length=20, blank=True, editable=False
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="funding_calls"
    )
    # Import bookkeeping: the hash of the normalised portal data, and the stemmed terms
    # the matcher reads (computed once per change, never per request).
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    match_terms = models.JSONField(default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["closes_at", "identifier"]
        indexes = [
            models.Index(fields=["closes_at", "identifier"]),
            models.Index(fields=["opens_at"]),
            models.Index(fields=["deadline"]),
            models.Index(fields=["second_deadline"]),
            models.Index(fields=["programme", "closes_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(deadline__gte=models.F("opens_at")),
                name="call_deadline_after_opening",
                violation_error_message=_(
                    "The deadline is before the opening date: check both dates."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(second_deadline__isnull=True)
                | models.Q(deadline__isnull=True)
                | models.Q(second_deadline__gte=models.F("deadline")),
                name="call_second_deadline_after_first",
                violation_error_message=_(
                    "The second deadline is before the first one: check both dates."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier}: {self.title}"

    def get_absolute_url(self) -> str:
        return object_url("funding:call", identifier=self.identifier)

    def save(self, *args: Any, **kwargs: Any) -> None:
        from metroagora.core.text import sanitize_html

        self.description = str(sanitize_html(self.description or ""))
        self.closes_at = closing_time(self.deadline, self.second_deadline, self.deadline_model)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "closes_at"}
        super().save(*args, **kwargs)

    @property
    def status(self) -> str:
        return status_at(self.opens_at, self.closes_at, timezone.now())

    def get_status_display(self) -> str:
        return str(CallStatus(self.status).label)

    @property
    def next_deadline(self) -> datetime | None:
        """When applications close (None for a call without a deadline)."""
        return None if self.closes_at == OPEN_ENDED else self.closes_at

    @property
    def deadlines(self) -> list[datetime]:
        return [d for d in (self.deadline, self.second_deadline) if d is not None]

    @property
    def is_two_stage(self) -> bool:
        return self.deadline_model == DeadlineModel.TWO_STAGE

    @property
    def portal_status_is_stale(self) -> bool:
        return bool(self.portal_status) and self.portal_status != self.status


# --- Watching and reminders --------------------------------------------------------


class Watch(TimeStampedModel):
    """A person or a city (its coordinators) watching one call, or a saved search.

    A saved search keeps the filters of the calls list (``search``); each new call that
    matches it counts as watched.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding_watches",
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding_watches",
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="watches",
    )
    name = models.CharField(_("name of the search"), max_length=120, blank=True)
    search = models.JSONField(_("filters"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False) & models.Q(city__isnull=True))
                | (models.Q(user__isnull=True) & models.Q(city__isnull=False)),
                name="watch_person_or_city",
            ),
            models.CheckConstraint(
                condition=(models.Q(call__isnull=False) & models.Q(search__isnull=True))
                | (models.Q(call__isnull=True) & models.Q(search__isnull=False)),
                name="watch_call_or_search",
            ),
            models.UniqueConstraint(
                fields=["user", "call"],
                condition=models.Q(call__isnull=False, user__isnull=False),
                name="one_watch_per_person_and_call",
            ),
            models.UniqueConstraint(
                fields=["city", "call"],
                condition=models.Q(call__isnull=False, city__isnull=False),
                name="one_watch_per_city_and_call",
            ),
        ]

    def __str__(self) -> str:
        who = self.user or self.city
        what = self.call.identifier if self.call_id and self.call else self.name
        return f"{who} → {what}"

    @property
    def is_search(self) -> bool:
        return self.call_id is None


class ReminderKind(models.TextChoices):
    OPENED = "opened", _("The call is open")
    DAYS_30 = "30d", _("30 days before the deadline")
    DAYS_7 = "7d", _("7 days before the deadline")
    DAYS_1 = "1d", _("1 day before the deadline")
    STAGE2_30 = "30d-2", _("30 days before the second-stage deadline")
    STAGE2_7 = "7d-2", _("7 days before the second-stage deadline")
    STAGE2_1 = "1d-2", _("1 day before the second-stage deadline")


class ReminderLog(models.Model):
    """Each reminder sent: a (watch, call, kind) goes out once, whatever happens."""

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="reminders")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["watch", "call", "kind"], name="one_reminder_per_watch_call_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.watch_id} {self.call_id} {self.kind}"


# --- Matching -----------------------------------------------------------------------


class CityNeeds(TimeStampedModel):
    """What a city wants to fund, in its own words: the matcher ranks open calls on it."""

    city = models.OneToOneField(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="funding_needs"
    )
    text = models.TextField(
        _("needs and projects"),
        max_length=6000,
        help_text=_("What the city wants to do, the problems it faces, the projects it plans."),
    )
    priorities = models.JSONField(
        _("priorities"),
        default=list,
        blank=True,
        help_text=_("Short phrases, most important first."),
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("city's funding needs")
        verbose_name_plural = _("cities' funding needs")

    def __str__(self) -> str:
        return str(self.city)


# --- Partner search -----------------------------------------------------------------


class ConsortiumRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator (lead partner)")
    PARTNER = "partner", _("Partner")
    ASSOCIATED = "associated", _("Associated partner")


class PartnerSearchStatus(models.TextChoices):
    OPEN = "open", _("Looking for partners")
    COMPLETE = "complete", _("Consortium complete")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PartnerSearch(TimeStampedModel):
    """A city building a consortium for a call says whom it looks for."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="partner_searches"
    )
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="partner_searches"
    )
    city_role = models.CharField(
        _("the city's role"),
        max_length=12,
        choices=ConsortiumRole.choices,
        default=ConsortiumRole.COORDINATOR,
    )
    role_sought = models.CharField(
        _("role of the partners sought"),
        max_length=12,
        choices=ConsortiumRole.choices,
        default=ConsortiumRole.PARTNER,
    )
    countries = models.JSONField(
        _("countries wanted"),
        default=list,
        blank=True,
        help_text=_("Leave empty for any country."),
    )
    text = models.TextField(
        _("what you look for"),
        max_length=4000,
        help_text=_("The project idea and the partners' profile: experience, skills, sector."),
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartnerSearchStatus.choices,
        default=PartnerSearchStatus.OPEN,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("partner search")
        verbose_name_plural = _("partner searches")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["city", "call"], name="one_partner_search_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.call.identifier}"

    def get_absolute_url(self) -> str:
        return object_url("funding:partner_search", pk=self.pk)


class PartnerAnswerStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("In the consortium")
    DECLINED = "declined", _("Not this time")


class PartnerAnswer(TimeStampedModel):
    """Another city (or an organisation) offering to join."""

    search = models.ForeignKey(PartnerSearch, on_delete=models.CASCADE, related_name="answers")
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("A university, an agency or an association of the city, if not the city."),
    )
    role = models.CharField(
        _("role offered"), max_length=12, choices=ConsortiumRole.choices, default="partner"
    )
    message = models.TextField(_("message"), max_length=3000)
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartnerAnswerStatus.choices,
        default=PartnerAnswerStatus.PROPOSED,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("answer to a partner search")
        verbose_name_plural = _("answers to partner searches")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["search", "city"],
                condition=models.Q(city__isnull=False),
                name="one_answer_per_city",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city or self.organisation} → {self.search_id}"


# --- Capitalisation ------------------------------------------------------------------


class ProjectSource(models.TextChoices):
    CORDIS = "cordis", _("CORDIS")
    KOHESIO = "kohesio", _("Kohesio")
    MANUAL = "manual", _("Entered by hand")


class FundedProject(TimeStampedModel):
    """A project a city of the network won, with its money and results."""

    source = models.CharField(
        _("source"), max_length=10, choices=ProjectSource.choices, default=ProjectSource.MANUAL
    )
    source_id = models.CharField(_("identifier at the source"), max_length=80, blank=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    call_identifier = models.CharField(_("call or topic"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=500)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    total_cost = models.DecimalField(
        _("total cost in euros"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    eu_contribution = models.DecimalField(
        _("EU contribution in euros"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True, max_length=20000)
    results = models.TextField(
        _("results"), blank=True, max_length=20000, help_text=_("What the project achieved.")
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source_id=""),
                name="one_project_per_source_id",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("The end is before the start: check both dates."),
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.title

    def get_absolute_url(self) -> str:
        return object_url("funding:project", pk=self.pk)

    @property
    def year(self) -> int | None:
        return self.starts_on.year if self.starts_on else None


class ParticipantRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTICIPANT = "participant", _("Partner")
    ASSOCIATED = "associated", _("Associated partner")
    OTHER = "other", _("Other")


class ProjectParticipant(models.Model):
    """A city or organisation in a funded project (a city of the network when we know it)."""

    project = models.ForeignKey(
        FundedProject, on_delete=models.CASCADE, related_name="participants"
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city of the network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funded_participations",
    )
    name = models.CharField(_("organisation"), max_length=300)
    country = models.CharField(_("country"), max_length=2, blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=ParticipantRole.choices, default="participant"
    )
    eu_contribution = models.DecimalField(
        _("EU contribution in euros"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "name"]
        indexes = [models.Index(fields=["city", "role"])]

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    PREPARING = "preparing", _("In preparation")
    SUBMITTED = "submitted", _("Submitted")
    WON = "won", _("Won")
    LOST = "lost", _("Not funded")


class Application(TimeStampedModel):
    """An application a city made (or prepares) to a call, to follow the success rate."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="funding_applications"
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    role = models.CharField(
        _("the city's role"),
        max_length=12,
        choices=ConsortiumRole.choices,
        default=ConsortiumRole.PARTNER,
    )
    amount_requested = models.DecimalField(
        _("EU contribution requested for the city, in euros"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    project = models.ForeignKey(
        FundedProject,
        verbose_name=_("funded project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    note = models.TextField(_("note"), blank=True, max_length=3000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["city", "call"], name="one_application_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.call.identifier}"


# --- Learning -----------------------------------------------------------------------


class Guide(TimeStampedModel):
    """An editorial page on finding, applying for and reporting on EU funds."""

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title = TranslatedTextField(_("title"))
    summary = TranslatedTextField(_("summary"), blank=True, multiline=True)
    body = TranslatedTextField(
        _("text"), multiline=True, help_text=_("Markdown: headings, lists, links, tables.")
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("programmes it concerns"), blank=True, related_name="guides"
    )
    calls = models.ManyToManyField(
        Call, verbose_name=_("calls it concerns"), blank=True, related_name="guides"
    )
    for_all_calls = models.BooleanField(
        _("shown on every call"),
        default=False,
        help_text=_("General advice, linked from every call page."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=100)

    class Meta:
        verbose_name = _("funding guide")
        verbose_name_plural = _("funding guides")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("funding:guide", slug=self.slug)
