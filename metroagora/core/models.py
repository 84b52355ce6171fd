"""Abstract base models shared by every domain app, and the audit log."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """The audit log only grows: bulk changes and deletions are refused too.

    The one change accepted is forgetting a person (account deletion): unlinking the
    actor also replaces their recorded name, unlinking the person an entry is about
    also empties its object label. Any other change raises ``AuditLogIsAppendOnly``
    (and the database triggers refuse it too)."""

    def update(self, **kwargs: Any) -> int:
        for column, value in kwargs.items():
            if column not in ANONYMISED or ANONYMISED[column] != value:
                raise AuditLogIsAppendOnly(_("Entries of the audit log cannot be changed."))
        if {"actor", "actor_id"} & set(kwargs):
            kwargs["actor_label"] = ERASED_ACTOR_LABEL
        if {"subject", "subject_id"} & set(kwargs):
            kwargs.update(object_label="", object_url="")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly(_("Entries of the audit log cannot be deleted."))


class AuditLogIsAppendOnly(Exception):
    """Someone tried to change or delete an entry of the audit log."""


#: The value each column may be set to when a person is forgotten (and nothing else).
ERASED_ACTOR_LABEL = "(erased)"
ANONYMISED: dict[str, Any] = {
    "actor": None,
    "actor_id": None,
    "actor_label": ERASED_ACTOR_LABEL,
    "subject": None,
    "subject_id": None,
    "object_label": "",
    "object_url": "",
    "city": None,
    "city_id": None,
}


class AuditEntry(models.Model):
    """One admin or moderation action: who, what, on what, where, why.

    Written by ``metroagora.core.audit.record`` inside the service's transaction, never
    edited nor deleted (here in Python, and by triggers in the database). The sentence
    shown to people is built at display time from ``action`` and ``params``, in the
    reader's language. When a person's account is deleted, the entries stay but stop
    saying who they were (``actor_label`` becomes ``ERASED_ACTOR_LABEL``; an entry about
    them loses its object label)."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(
        _("who (as recorded)"),
        max_length=254,
        blank=True,
        help_text=_("Empty for what the platform did by itself."),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    object_label = models.CharField(_("on what"), max_length=300, blank=True)
    object_url = models.CharField(_("address"), max_length=500, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The person the action was about, when it was about one."),
    )
    city = models.ForeignKey(
        "network.City",
        verbose_name=_("city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["city", "-created_at"], name="core_audit_city_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AuditLogIsAppendOnly(_("Entries of the audit log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly(_("Entries of the audit log cannot be deleted."))
