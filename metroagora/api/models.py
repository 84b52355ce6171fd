"""Personal API tokens: a person lets a program act for them, within chosen scopes.

Only a SHA-256 of the token is stored; the token itself is shown once, when it is
created. Tokens end when they expire or when their owner revokes them.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metroagora.core import jobs

TOKEN_PREFIX = "mga_"  # noqa: S105 - the public prefix of every token, not a secret
SHOWN_CHARACTERS = 12  # "mga_" and the first 8 random characters identify a token in lists


class Scope(models.TextChoices):
    READ = "read", _("Read my own data (my profile name, my event registrations)")
    REGISTER = "register", _("Register me for events")
    CONTRIBUTE = "contribute", _("Post contributions in the Forum in my name")
    VOTE = "vote", _("Vote in opinion maps in my name")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"),
        max_length=80,
        help_text=_("What the token is for, e.g. 'Neighbourhood app'."),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token begins with"), max_length=SHOWN_CHARACTERS, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def is_active(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and not self.is_expired(now)

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels[s]) for s in Scope.values if s in (self.scopes or [])]


# An open data build still "running" after this long died with its worker: another may start.
STALE_AFTER = timedelta(hours=6)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class OpenDataExport(models.Model):
    """One build of the open data ZIP: nightly (no one asked) or asked by a network admin.

    The ZIP itself is one file in the default storage (``opendata.ARCHIVE_NAME``); a
    build replaces it only once it is complete, so a failed build leaves the previous
    file in place and its error here.
    """

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
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    row_counts = models.JSONField(_("rows per file"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("taken by a worker"), null=True, blank=True)

    class Meta:
        verbose_name = _("open data export")
        verbose_name_plural = _("open data exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="open_data_export_status")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) and (
            self.created_at is None or self.created_at > timezone.now() - STALE_AFTER
        )

    @property
    def total_rows(self) -> int:
        return sum(int(n) for n in (self.row_counts or {}).values())

    @property
    def retry_note(self) -> str:
        return jobs.retry_note(EXPORT_JOB, self)


# Each export runs once, and again after an error (core/jobs.py).
EXPORT_JOB = jobs.JobKind(
    model=OpenDataExport,
    queued=ExportStatus.QUEUED,
    running=ExportStatus.RUNNING,
    failed=ExportStatus.FAILED,
    stale_after=STALE_AFTER,
    error_length=500,
    finished_field="finished_at",
)
