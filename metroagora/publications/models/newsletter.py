"""Newsletters: written by network admins or city coordinators, sent to people who opted in."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from metroagora.core import jobs
from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.network.models import City


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscription(TimeStampedModel):
    """Someone who opted in (confirmed by email); one per address and scope."""

    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
        help_text=_("Empty: the network's newsletter."),
    )
    language = models.CharField(_("language"), max_length=8)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "city"], name="one_subscription_per_scope"),
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(city__isnull=True),
                name="one_network_subscription",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class NewsletterIssue(TimeStampedModel):
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="newsletter_issues",
        help_text=_("Empty: the network's newsletter."),
    )
    subject = TranslatedTextField(_("subject"))
    text = TranslatedTextField(_("editorial"), multiline=True, help_text=_("Markdown."))
    blocks = models.JSONField(
        _("blocks from the platform"),
        default=list,
        blank=True,
        help_text=_("Next events, open debates, new practices, calls closing soon."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_count = models.PositiveIntegerField(_("sent"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The sending is a job (core/jobs.py): tried again after an error, then stopped.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("taken by a worker"), null=True, blank=True)
    error = models.CharField(_("last sending error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-sent_at", "-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.subject)

    def get_absolute_url(self) -> str:
        return object_url("publications:newsletter_issue", pk=self.pk)

    @property
    def retry_note(self) -> str:
        return jobs.retry_note(SENDING_JOB, self)

    @property
    def sending_stopped(self) -> bool:
        """Every attempt failed: it waits for a person to resume it."""
        return jobs.gave_up(SENDING_JOB, self)


class Delivery(models.Model):
    """One issue sent to one subscriber: never twice."""

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    language = models.CharField(max_length=8)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscription"], name="deliver_an_issue_once")
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscription_id}"


# A newsletter stays "sending" until every subscriber is served; a worker holds it while
# it sends (``claimed_at``), and an error lets it wait for the next attempt. Each
# subscriber's Delivery row is what makes every email go once, whatever runs.
SENDING_JOB = jobs.JobKind(
    model=NewsletterIssue,
    queued=IssueStatus.SENDING,
    running=IssueStatus.SENDING,
    failed=None,
    stale_after=timedelta(hours=1),
    error_length=500,
)
