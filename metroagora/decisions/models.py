"""Local decisions: participatory processes, proposals and supports, budgets, accountability.

Ballots are secret. ``BallotReceipt`` records *who* voted in a budget (so no one
votes twice); ``Ballot`` records *what* was chosen, under a key that only the
application can derive from the voter (an HMAC with a secret kept out of the
database), with no timestamp and a random primary key, so the database alone does
not link a person to their choices. See ``docs/decisions.md``.
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.forum.models import Debate
from metroagora.network.models import City

TITLE_LENGTH = 150
BODY_LENGTH = 6000


class District(models.Model):
    """A part of a city: a process or a budget can be limited to it."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="districts"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=80)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["city", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "slug"], name="district_slug_per_city")
        ]

    def __str__(self) -> str:
        return self.name


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    PROPOSALS = "proposals", _("Proposals")
    SUPPORTS = "supports", _("Supports")
    EVALUATION = "evaluation", _("Evaluation")
    VOTING = "voting", _("Voting")
    IMPLEMENTATION = "implementation", _("Implementation")


PHASE_ORDER = [kind.value for kind in PhaseKind]


class Participation(models.TextChoices):
    REGISTERED = "registered", _("Anyone with an account")
    VERIFIED = "verified", _("Verified residents of the city only")


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Process(TimeStampedModel):
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="processes"
    )
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = TranslatedTextField(_("title"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("scope"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
        help_text=_("Leave empty for the whole city."),
    )
    participation = models.CharField(
        _("who may take part"),
        max_length=10,
        choices=Participation.choices,
        default=Participation.VERIFIED,
    )
    support_threshold = models.PositiveIntegerField(
        _("supports needed for evaluation"),
        default=100,
        help_text=_("A proposal with this many supports goes to evaluation. 0: no threshold."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("participatory process")
        verbose_name_plural = _("participatory processes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("decisions:process", slug=self.slug)

    @property
    def is_published(self) -> bool:
        return self.status == ProcessStatus.PUBLISHED

    def phase_list(self) -> list["ProcessPhase"]:
        """Phases in their order (uses a prefetched ``phases`` when there is one)."""
        return sorted(self.phases.all(), key=lambda p: (p.starts_at, PHASE_ORDER.index(p.kind)))

    def current_phase(self, now: datetime | None = None) -> "ProcessPhase | None":
        now = now or timezone.now()
        for phase in self.phase_list():
            if phase.starts_at <= now < phase.ends_at:
                return phase
        return None

    def phase(self, kind: str) -> "ProcessPhase | None":
        return next((p for p in self.phases.all() if p.kind == kind), None)

    def is_in_phase(self, kind: str, now: datetime | None = None) -> bool:
        phase = self.phase(kind)
        return phase is not None and phase.is_current(now)


class ProcessPhase(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=14, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="one_phase_of_each_kind"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def is_current(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def is_over(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.ends_at


class Category(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="categories")
    name = TranslatedTextField(_("name"))

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.name)


class ProposalState(models.TextChoices):
    PUBLISHED = "published", _("Collecting supports")
    EVALUATING = "evaluating", _("Under evaluation")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    EVALUATING = "evaluating", _("Under evaluation")


class Proposal(TimeStampedModel):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=TITLE_LENGTH)
    body = models.TextField(_("description"), max_length=BODY_LENGTH)
    language = models.CharField(_("language"), max_length=8)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    location = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("A street, a square, a building: where it would happen."),
    )
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
    estimated_cost = models.DecimalField(
        _("estimated cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.PUBLISHED
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(
        _("official answer"), max_length=10, choices=Answer.choices, blank=True
    )
    answer_reason = models.TextField(_("reason"), max_length=BODY_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    debate = models.OneToOneField(
        Debate,
        verbose_name=_("comments"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # With the id and the state: a deep page sorted by supports is found in
            # the index alone (see selectors.proposal_page).
            models.Index(
                fields=["process", "support_count", "id", "state"], name="proposal_by_supports"
            ),
            models.Index(fields=["process", "created_at"], name="proposal_by_date"),
            models.Index(fields=["process", "state", "support_count"], name="proposal_state"),
            models.Index(fields=["process", "category", "support_count"], name="proposal_category"),
            models.Index(fields=["process", "district", "support_count"], name="proposal_district"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_cost__isnull=True) | models.Q(estimated_cost__gte=0),
                name="proposal_cost_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("decisions:proposal", pk=self.pk)

    @property
    def is_withdrawn(self) -> bool:
        return self.state == ProposalState.WITHDRAWN


class ProposalImage(TimeStampedModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="decisions/proposals/%Y/")
    alt_text = models.CharField(
        _("description of the image"),
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} supports {self.proposal_id}"


# Resident verification: invitation codes and census lists. The state "verified
# resident of this city" and its audit log live in the network app (Membership,
# VerificationLogEntry); these are the ways to get there.


class InvitationBatch(TimeStampedModel):
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="invitation_batches"
    )
    label = models.CharField(
        _("label"),
        max_length=120,
        help_text=_("Where the codes go, e.g. 'Neighbourhood meeting, 12 March'."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("batch of invitation codes")
        verbose_name_plural = _("batches of invitation codes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.label


class InvitationCode(models.Model):
    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="codes")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=20, unique=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code


class CensusUpload(TimeStampedModel):
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="census_uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200)
    row_count = models.PositiveIntegerField(_("identifiers"))
    added = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("census upload")
        verbose_name_plural = _("census uploads")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class CensusEntry(models.Model):
    """One resident's identifier, as a keyed hash: the identifier itself is never stored."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census entries")
        constraints = [
            models.UniqueConstraint(fields=["city", "digest"], name="census_entry_once_per_city")
        ]

    def __str__(self) -> str:
        return self.digest[:12]


# Participatory budgets


class Budget(TimeStampedModel):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="budgets")
    title = TranslatedTextField(_("title"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budgets",
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(1)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    min_projects = models.PositiveSmallIntegerField(
        _("fewest projects on a ballot"), default=0, help_text=_("0: no minimum.")
    )
    max_projects = models.PositiveSmallIntegerField(
        _("most projects on a ballot"), null=True, blank=True, help_text=_("Empty: no maximum.")
    )
    closed_at = models.DateTimeField(_("vote closed"), null=True, blank=True)
    ballot_count = models.PositiveIntegerField(_("ballots"), default=0)

    class Meta:
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_projects__isnull=True)
                | models.Q(max_projects__gte=models.F("min_projects")),
                name="budget_max_not_below_min",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="budget_amount_positive"),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return object_url("decisions:budget", pk=self.pk)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class BudgetProject(TimeStampedModel):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    title = TranslatedTextField(_("title"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    cost = models.DecimalField(
        _("cost"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("from the proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_projects",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    selected = models.BooleanField(_("selected"), default=False)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost__gte=0), name="project_cost_not_negative"
            )
        ]

    def __str__(self) -> str:
        return str(self.title)


class BallotReceipt(models.Model):
    """Who voted in a budget: one per person. Says nothing about what they chose."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ballot_receipts"
    )
    voted_at = models.DateTimeField(_("voted"), auto_now_add=True)

    class Meta:
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")
        constraints = [
            models.UniqueConstraint(fields=["budget", "user"], name="one_ballot_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} voted in {self.budget_id}"


class Ballot(models.Model):
    """What one voter chose. No timestamps, a random key: it cannot be tied to a receipt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    key = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.id)


class BallotChoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="choose_a_project_once")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.project_id}"


# Accountability


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Implementation(TimeStampedModel):
    """What the city promised (an accepted proposal or a winning project) and where it stands."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="implementations")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="implementations")
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="implementation",
    )
    project = models.OneToOneField(
        BudgetProject,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="implementation",
    )
    title = TranslatedTextField(_("title"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.PLANNED,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    promised_cost = models.DecimalField(
        _("promised cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")

    class Meta:
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False) | models.Q(project__isnull=False),
                name="implementation_has_a_source",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="implementation_progress_range"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return object_url("decisions:implementation", pk=self.pk)


class Milestone(models.Model):
    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("planned for"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ImplementationUpdate(TimeStampedModel):
    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("what happened"), max_length=BODY_LENGTH)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(_("status"), max_length=12, choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ImplementationPhoto(TimeStampedModel):
    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to="decisions/implementation/%Y/")
    alt_text = models.CharField(
        _("description of the photo"),
        max_length=300,
        help_text=_("What the photo shows, for people who cannot see it."),
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.alt_text
