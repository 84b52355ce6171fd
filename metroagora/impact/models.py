"""Pre-aggregated impact figures, and the refreshes that compute them.

The dashboard never counts anything itself: ``services.refresh_impact_figures``
computes every figure from the domain apps (in a Django Task, nightly and on demand)
and replaces the whole set of ``ImpactFigure`` rows in one transaction; the pages
read those rows only.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from metroagora.core import jobs
from metroagora.network.models import City


class ImpactFigure(models.Model):
    """One figure: a metric, for the network or one city, all time or one month.

    ``key`` says which line of a breakdown the figure is (a country code, an age
    bracket, an event's id...); it is empty for a plain figure. ``value`` is empty when
    the figure is withheld because it counts too few people to publish (small-cell
    suppression of the diversity and country breakdowns).
    """

    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="impact_figures",
        help_text=_("Empty for the whole network."),
    )
    period = models.DateField(
        _("month"), null=True, blank=True, help_text=_("First day of the month; empty: all time.")
    )
    metric = models.CharField(_("metric"), max_length=40)
    key = models.CharField(_("breakdown key"), max_length=64, blank=True)
    value = models.BigIntegerField(_("value"), null=True, blank=True)

    class Meta:
        verbose_name = _("impact figure")
        verbose_name_plural = _("impact figures")
        ordering = ["city", "metric", "period", "key"]
        indexes = [models.Index(fields=["city", "metric"], name="impact_figure_scope")]

    def __str__(self) -> str:
        period = self.period.strftime("%Y-%m") if self.period else "all"
        return f"{self.city_id or 'network'} {self.metric} {period} {self.key} = {self.value}"

    @property
    def suppressed(self) -> bool:
        return self.value is None


class RefreshStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Computing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImpactRefresh(models.Model):
    """One computation of the figures: nightly (no one asked) or asked by a network admin."""

    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RefreshStatus.choices, default=RefreshStatus.QUEUED
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    steps_total = models.PositiveSmallIntegerField(_("steps"), default=0)
    figures = models.PositiveIntegerField(_("figures written"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("taken by a worker"), null=True, blank=True)

    class Meta:
        verbose_name = _("refresh of the impact figures")
        verbose_name_plural = _("refreshes of the impact figures")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in (RefreshStatus.QUEUED, RefreshStatus.RUNNING)

    @property
    def retry_note(self) -> str:
        return jobs.retry_note(REFRESH_JOB, self)


# Each refresh runs once, and again after an error (core/jobs.py).
REFRESH_JOB = jobs.JobKind(
    model=ImpactRefresh,
    queued=RefreshStatus.QUEUED,
    running=RefreshStatus.RUNNING,
    failed=RefreshStatus.FAILED,
    stale_after=timedelta(hours=1),
    error_length=300,
    finished_field="finished_at",
)
