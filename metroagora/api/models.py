"""Personal API tokens: a person lets a program act for them, within chosen scopes.

Only a SHA-256 of the token is stored; the token itself is shown once, when it is
created. Tokens end when they expire or when their owner revokes them.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
