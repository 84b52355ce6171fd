"""Publications composed by editors from parts of the platform, rendered to PDF and the web."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from metroagora.core import jobs
from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.events.models import Event
from metroagora.forum.models import Debate
from metroagora.network.models import City
from metroagora.opinions.models import OpinionMap
from metroagora.practices.models import Practice


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Publication(TimeStampedModel):
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = TranslatedTextField(_("title"))
    subtitle = TranslatedTextField(_("subtitle"), blank=True)
    introduction = TranslatedTextField(
        _("introduction"), blank=True, multiline=True, help_text=_("Markdown.")
    )
    cover = models.ImageField(_("cover image"), upload_to="publications/covers/", blank=True)
    cover_alt = models.CharField(_("description of the cover"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("publications:publication", slug=self.slug)


class PartKind(models.TextChoices):
    TEXT = "text", _("Text")
    PRACTICE = "practice", _("Best practice")
    DEBATE = "debate", _("Debate conclusions")
    OPINION_MAP = "opinion_map", _("Opinion map results")
    EVENT = "event", _("Event report")
    FUNDING = "funding", _("Funding figures")


class PublicationPart(models.Model):
    """One chapter: editorial text, or a piece of the platform pulled in when rendering."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="parts")
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=PartKind.choices)
    heading = TranslatedTextField(_("heading"), blank=True)
    text = TranslatedTextField(_("text"), blank=True, multiline=True, help_text=_("Markdown."))
    image = models.ImageField(_("image"), upload_to="publications/parts/", blank=True)
    image_alt = models.CharField(_("description of the image"), max_length=300, blank=True)
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    debate = models.ForeignKey(
        Debate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    opinion_map = models.ForeignKey(
        OpinionMap, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Funding figures: a city, or empty for the whole network."),
    )

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.order}"


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RENDERING = "rendering", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PublicationVersion(TimeStampedModel):
    """One rendering of a publication in one language; versions are kept."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="publications/pdf/%Y/", blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    is_published = models.BooleanField(_("downloadable from the website"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("taken by a worker"), null=True, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number", "language"], name="one_version_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.language}"

    @property
    def retry_note(self) -> str:
        return jobs.retry_note(VERSION_JOB, self)


# Each version is rendered once, and again after an error (core/jobs.py).
VERSION_JOB = jobs.JobKind(
    model=PublicationVersion,
    queued=RenderStatus.QUEUED,
    running=RenderStatus.RENDERING,
    failed=RenderStatus.FAILED,
    stale_after=timedelta(minutes=20),  # as publications_services.STALE_RENDERING
    error_length=500,
    finished_field="finished_at",
)
