"""Best practices: structured case studies that cities share, review and adopt."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.events.models import Event, LinkKind, Topic
from metroagora.forum.models import Debate
from metroagora.network.models import City


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    PUBLISHED = "published", _("Published")


class Transferability(models.TextChoices):
    HIGH = "high", _("Easy to transfer")
    MEDIUM = "medium", _("Transferable with adaptation")
    LOW = "low", _("Hard to transfer")


# Sections a practice needs before the city can submit it for review. A draft may
# miss any of them: coordinators write over several sittings.
REQUIRED_SECTIONS = (
    "title",
    "summary",
    "challenge",
    "actions",
    "results",
    "success_factors",
    "transferability",
    "transfer_conditions",
)


class Practice(TimeStampedModel):
    """A case study. Narrative sections are translated text with an original language."""

    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="practices"
    )
    title = TranslatedTextField(_("title"))
    summary = TranslatedTextField(
        _("summary"),
        blank=True,
        multiline=True,
        help_text=_("Two or three sentences for the list of practices."),
    )
    challenge = TranslatedTextField(
        _("the challenge"), blank=True, multiline=True, help_text=_("The problem the city faced.")
    )
    actions = TranslatedTextField(_("what was done"), blank=True, multiline=True)
    results = TranslatedTextField(
        _("results"),
        blank=True,
        multiline=True,
        help_text=_("What changed, with figures where you have them."),
    )
    resources = TranslatedTextField(
        _("resources"),
        blank=True,
        multiline=True,
        help_text=_("People, partners and time it took."),
    )
    cost_eur = models.DecimalField(
        _("cost in euros"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    eu_funds = TranslatedTextField(
        _("EU funds used"),
        blank=True,
        multiline=True,
        help_text=_("Which EU programmes co-funded it, and how much."),
    )
    success_factors = TranslatedTextField(_("what made it work"), blank=True, multiline=True)
    obstacles = TranslatedTextField(_("what did not work"), blank=True, multiline=True)
    transferability = models.CharField(
        _("how transferable it is"), max_length=8, choices=Transferability.choices, blank=True
    )
    transfer_conditions = TranslatedTextField(
        _("conditions for a transfer"),
        blank=True,
        multiline=True,
        help_text=_("What another city needs to adopt it."),
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_role = models.CharField(_("contact's role"), max_length=160, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="practices"
    )
    languages = models.JSONField(
        _("languages available"),
        default=list,
        blank=True,
        help_text=_("Languages the practice and its documents exist in."),
    )
    events = models.ManyToManyField(
        Event,
        verbose_name=_("events it came from"),
        blank=True,
        related_name="practices",
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    qa_debate = models.OneToOneField(
        Debate,
        verbose_name=_("questions and answers"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("practices:detail", slug=self.slug)

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    @property
    def is_editable_by_author(self) -> bool:
        return self.status in (PracticeStatus.DRAFT, PracticeStatus.CHANGES_REQUESTED)


class Indicator(models.Model):
    """A measured result: "Turnout in the budget vote: 8% → 14%"."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicator"), max_length=200)
    baseline = models.DecimalField(
        _("before"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(_("after"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label


class PracticeImage(TimeStampedModel):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="practices/images/%Y/")
    alt_text = models.CharField(
        _("description of the image"),
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class PracticeLink(models.Model):
    """A video, a document or another resource, by its address."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=10, choices=LinkKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title


class ReviewVerdict(models.TextChoices):
    COMMENT = "comment", _("Comment")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES = "changes", _("Asked for changes")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Withdrawn from publication")


class ReviewComment(models.Model):
    """The review conversation between the city and the network's editors; kept as a log."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verdict = models.CharField(_("kind"), max_length=12, choices=ReviewVerdict.choices)
    text = models.TextField(_("comment"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.text[:40]}"


class TransferStatus(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    IN_CONTACT = "in_contact", _("In contact")
    ADAPTING = "adapting", _("Adapting")
    ADOPTED = "adopted", _("Adopted")
    STOPPED = "stopped", _("Stopped")


class Transfer(TimeStampedModel):
    """A city adopting another city's practice: the network sees which practices travel."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="transfers")
    city = models.ForeignKey(
        City,
        verbose_name=_("adopting city"),
        on_delete=models.CASCADE,
        related_name="adopted_practices",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.INTERESTED,
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "city"], name="one_transfer_per_city")
        ]

    def __str__(self) -> str:
        return f"{self.practice} → {self.city}"

    def get_absolute_url(self) -> str:
        return object_url("practices:transfer", pk=self.pk)


class TransferUpdate(models.Model):
    """Each status change or note on a transfer, in order."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=TransferStatus.choices)
    note = models.TextField(_("note"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.status}: {self.note[:40]}"
