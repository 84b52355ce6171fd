"""Every write of the newsletter goes through here: subscriptions, issues, sending.

Subscribing is double opt-in: anyone asks with an address, and the subscription counts
once the link sent to that address is opened. Signed-in people with a verified address
are subscribed at once. Nothing tells a visitor whether an address was already
subscribed. Network admins write the network's newsletter; a city's coordinators write
their city's. Sending freezes the blocks and hands the work to a background task that
writes one :class:`Delivery` per subscriber before sending, so nobody gets an issue twice,
even when the task is run again.
"""

from __future__ import annotations

import functools
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core import ratelimit
from metroagora.core.audit import record
from metroagora.core.translated import TranslatedText
from metroagora.network.models import City
from metroagora.publications import newsletter_blocks
from metroagora.publications import newsletter_emails as emails
from metroagora.publications.models import Delivery, IssueStatus, NewsletterIssue, Subscription

MAX_SUBJECT = 200
MAX_TEXT = 20_000
# Confirmation emails to one address, whoever asks: the form cannot be used to flood a box.
CONFIRMATIONS_PER_ADDRESS = "3/h"
BATCH = 200


def _require(actor: User, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid email address, like name@example.org.")}, code="invalid"
        ) from None
    return email


def _check_language(language: str) -> None:
    if language not in emails.ui_languages():
        raise ValidationError(
            {"language": _("Choose one of the languages in the list.")}, code="invalid"
        )


def active_subscriptions(city_id: int | None) -> QuerySet[Subscription]:
    """Confirmed subscribers of the network's (``None``) or a city's newsletter."""
    scope = Q(city__isnull=True) if city_id is None else Q(city_id=city_id)
    return Subscription.objects.filter(
        scope, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )


def _subscription_for(email: str, city: City | None) -> Subscription:
    """The (locked) subscription of ``email`` to ``city``'s newsletter, created if new."""
    found = Subscription.objects.select_for_update().filter(email=email, city=city).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Subscription.objects.create(email=email, city=city, language="")
    except IntegrityError:  # someone else asked at the same moment
        return Subscription.objects.select_for_update().get(email=email, city=city)


def _ask_for_confirmation(subscription: Subscription) -> None:
    if ratelimit.allow("newsletter.confirmation", subscription.email, CONFIRMATIONS_PER_ADDRESS):
        transaction.on_commit(functools.partial(emails.send_confirmation, subscription))


@transaction.atomic
def request_subscription(*, email: str, language: str, city: City | None) -> None:
    """Anyone asks for the newsletter; a link to confirm goes to the address.

    Returns nothing on purpose: the page says the same whether the address was new,
    waiting for its confirmation, or already subscribed (then nothing changes).
    """
    email = _clean_email(email)
    _check_language(language)
    subscription = _subscription_for(email, city)
    if subscription.is_active:
        return
    subscription.language = language
    subscription.save(update_fields=["language", "updated_at"])
    _ask_for_confirmation(subscription)


@transaction.atomic
def subscribe_signed_in(user: User, *, city: City | None, language: str) -> Subscription:
    """A signed-in person subscribes in one click: confirmed at once when their address
    is verified, else by the link sent to it."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    _check_language(language)
    email = _clean_email(user.email)
    subscription = _subscription_for(email, city)
    subscription.user = user
    subscription.language = language
    if not subscription.is_active:
        verified = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
        if verified:
            subscription.confirmed_at = timezone.now()
            subscription.unsubscribed_at = None
        else:
            _ask_for_confirmation(subscription)
    subscription.save()
    return subscription


@transaction.atomic
def confirm_subscription(token: str) -> Subscription:
    """The link of the confirmation email was opened (and its button pressed)."""
    invalid = ValidationError(
        _("This confirmation link is not valid. Ask for the newsletter again."), code="invalid"
    )
    try:
        data = emails.read_confirmation_token(token)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This confirmation link has expired. Ask for the newsletter again."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise invalid from None
    pk, email = data.get("id"), data.get("email")
    if not isinstance(pk, int) or not isinstance(email, str):
        raise invalid
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("city")
        .filter(pk=pk, email=email)
        .first()
    )
    if subscription is None:
        raise invalid
    if subscription.is_active:
        return subscription
    unsubscribed = subscription.unsubscribed_at
    asked = data.get("t")
    if unsubscribed is not None and (
        not isinstance(asked, int) or unsubscribed.timestamp() > asked
    ):
        raise invalid  # an old link cannot undo a later unsubscribe
    subscription.confirmed_at = timezone.now()
    subscription.unsubscribed_at = None
    subscription.save(update_fields=["confirmed_at", "unsubscribed_at", "updated_at"])
    return subscription


@transaction.atomic
def unsubscribe(token: str) -> Subscription | None:
    """One-click unsubscribe with the secret of the email's link (None: unknown link)."""
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("city")
        .filter(token=token)
        .first()
        if token
        else None
    )
    if subscription is None:
        return None
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at", "updated_at"])
    return subscription


# --- Writing ------------------------------------------------------------------------------


def may_write_for(actor: User, city: City | None) -> bool:
    """Network admins write the network's newsletter; coordinators their city's."""
    return bool(actor.has_perm("publications.change_newsletterissue", NewsletterIssue(city=city)))


def _check_content(subject: TranslatedText, text: TranslatedText) -> None:
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = _("Write the subject (in this language or another one).")
    if not text:
        errors["text"] = _("Write the editorial text (in this language or another one).")
    for name, value, limit in (("subject", subject, MAX_SUBJECT), ("text", text, MAX_TEXT)):
        if any(len(value.get(lang)) > limit for lang in value.languages()):
            errors[name] = _("Keep it under %(max)s characters.") % {"max": f"{limit:,}"}
    if errors:
        raise ValidationError(errors)


def _check_blocks(chosen: Any) -> list[dict]:
    if not isinstance(chosen, list) or any(
        not isinstance(b, dict) or b.get("kind") not in newsletter_blocks.BLOCK_KINDS
        for b in chosen
    ):
        raise ValidationError({"blocks": _("Choose blocks from the list.")}, code="invalid")
    return newsletter_blocks.block_config(
        [b["kind"] for b in chosen], newsletter_blocks.practice_days(chosen)
    )


@transaction.atomic
def create_issue(
    actor: User,
    *,
    city: City | None,
    subject: TranslatedText,
    text: TranslatedText,
    blocks: list[dict],
) -> NewsletterIssue:
    _require(actor, "publications.add_newsletterissue")
    if not may_write_for(actor, city):
        raise PermissionDenied
    _check_content(subject, text)
    return NewsletterIssue.objects.create(
        city=city,
        subject=subject,
        text=text,
        blocks=_check_blocks(blocks),
        created_by=actor,
    )


def _locked_draft(issue: NewsletterIssue) -> NewsletterIssue:
    locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if locked.status != IssueStatus.DRAFT:
        raise ValidationError(
            _("This newsletter is already sent: it cannot change any more."), code="sent"
        )
    return locked


@transaction.atomic
def update_issue(
    actor: User,
    issue: NewsletterIssue,
    *,
    subject: TranslatedText,
    text: TranslatedText,
    blocks: list[dict],
) -> NewsletterIssue:
    _require(actor, "publications.change_newsletterissue", issue)
    locked = _locked_draft(issue)
    _check_content(subject, text)
    locked.subject = subject
    locked.text = text
    locked.blocks = _check_blocks(blocks)
    locked.save(update_fields=["subject", "text", "blocks", "updated_at"])
    return locked


@transaction.atomic
def delete_draft(actor: User, issue: NewsletterIssue) -> None:
    _require(actor, "publications.change_newsletterissue", issue)
    _locked_draft(issue).delete()


@transaction.atomic
def send_issue(actor: User, issue: NewsletterIssue, *, background: bool = True) -> NewsletterIssue:
    """Freeze the blocks, count the subscribers and start sending in the background."""
    from metroagora.publications.newsletter_tasks import send_newsletter_issue

    _require(actor, "publications.send_newsletterissue", issue)
    locked = _locked_draft(issue)
    _check_content(locked.subject, locked.text)
    locked.blocks = newsletter_blocks.freeze(locked.blocks, locked.city_id)
    locked.status = IssueStatus.SENDING
    locked.recipient_count = active_subscriptions(locked.city_id).count()
    locked.sent_count = 0
    locked.save(update_fields=["blocks", "status", "recipient_count", "sent_count", "updated_at"])
    record(
        actor,
        "publications.send_newsletter",
        obj_label=locked,
        obj_url=locked.get_absolute_url(),
        city=locked.city,
        recipients=locked.recipient_count,
    )
    if background:
        transaction.on_commit(functools.partial(send_newsletter_issue.enqueue, locked.pk))
    return locked


@transaction.atomic
def resume_sending(actor: User, issue: NewsletterIssue) -> None:
    """Start the sending task again (after a worker stopped, or every attempt failed): the
    sent are skipped. A person says it stopped: the worker's hold and the count of
    attempts start again (core/jobs.py)."""
    from metroagora.publications.newsletter_tasks import send_newsletter_issue

    _require(actor, "publications.send_newsletterissue", issue)
    if issue.status != IssueStatus.SENDING:
        raise ValidationError(_("This newsletter is not being sent."), code="not_sending")
    NewsletterIssue.objects.filter(pk=issue.pk, status=IssueStatus.SENDING).update(
        claimed_at=None, attempts=0, error=""
    )
    transaction.on_commit(functools.partial(send_newsletter_issue.enqueue, issue.pk))


# --- Sending (the background task) --------------------------------------------------------


def _claim(issue: NewsletterIssue, subscription: Subscription, lang: str) -> bool:
    """Write the delivery before the email goes: False when it was already sent."""
    try:
        with transaction.atomic():
            Delivery.objects.create(issue=issue, subscription=subscription, language=lang)
    except IntegrityError:
        return False
    return True


def deliver_issue(issue_id: int, *, connection: Any = None) -> int:
    """Send an issue being sent to every active subscriber not served yet; returns how
    many emails went out in this run. Progress is written as it goes."""
    issue = NewsletterIssue.objects.select_related("city").filter(pk=issue_id).first()
    if issue is None or issue.status != IssueStatus.SENDING:
        return 0
    served = Delivery.objects.filter(issue=issue, subscription=OuterRef("pk"))
    pending = list(
        active_subscriptions(issue.city_id)
        .exclude(Exists(served))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    already = Delivery.objects.filter(issue=issue).count()
    NewsletterIssue.objects.filter(pk=issue.pk).update(
        recipient_count=already + len(pending), sent_count=already
    )
    # Each language is rendered once, with a marker where each subscriber's own
    # unsubscribe secret goes (random, so no editorial text can contain it).
    marker = secrets.token_hex(16)
    renders: dict[str, emails.RenderedIssue] = {}
    sent = 0
    with connection or get_connection() as mailer:
        for start in range(0, len(pending), BATCH):
            batch = Subscription.objects.filter(
                pk__in=pending[start : start + BATCH],
                confirmed_at__isnull=False,
                unsubscribed_at__isnull=True,
            ).order_by("pk")
            for subscription in batch:
                lang = emails.delivery_language(issue, subscription.language)
                if not _claim(issue, subscription, lang):
                    continue
                if lang not in renders:
                    renders[lang] = emails.render_issue(
                        issue, lang, unsubscribe=emails.unsubscribe_url(marker, lang)
                    )
                template = renders[lang]
                link = emails.unsubscribe_url(subscription.token, lang)
                personal = emails.RenderedIssue(
                    language=lang,
                    subject=template.subject,
                    html=template.html.replace(marker, subscription.token),
                    text=template.text.replace(marker, subscription.token),
                )
                message = emails.issue_message(
                    personal, to=subscription.email, unsubscribe=link, connection=mailer
                )
                try:
                    message.send()
                except Exception:
                    # Not sent: forget the delivery, so that running the task again
                    # sends it; the issue stays "sending" until then.
                    Delivery.objects.filter(issue=issue, subscription=subscription).delete()
                    raise
                NewsletterIssue.objects.filter(pk=issue.pk).update(sent_count=F("sent_count") + 1)
                sent += 1
    _finish(issue)
    return sent


@transaction.atomic
def _finish(issue: NewsletterIssue) -> None:
    locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if locked.status != IssueStatus.SENDING:
        return
    delivered = Delivery.objects.filter(issue=locked).count()
    locked.status = IssueStatus.SENT
    locked.sent_at = timezone.now()
    locked.sent_count = delivered
    locked.recipient_count = delivered
    locked.save(update_fields=["status", "sent_at", "sent_count", "recipient_count", "updated_at"])
