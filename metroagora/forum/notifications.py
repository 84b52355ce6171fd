"""Following and notifications: who hears about replies, official responses, conclusions.

In-app notifications are written with the event; emails go right away or in a
daily/weekly digest (``manage.py send_forum_digests``), in the recipient's language,
each with a one-click unsubscribe link.
"""

import functools
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.forum.models import (
    Contribution,
    Debate,
    DigestFrequency,
    Follow,
    ForumPreferences,
    Notification,
    NotificationKind,
)

UNSUBSCRIBE_SALT = "metroagora.forum.unsubscribe"


def follow(
    user: User, *, debate: Debate | None = None, contribution: Contribution | None = None
) -> None:
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, debate=debate, contribution=contribution)
    except IntegrityError:
        pass  # already following


def unfollow(
    user: User, *, debate: Debate | None = None, contribution: Contribution | None = None
) -> None:
    Follow.objects.filter(user=user, debate=debate, contribution=contribution).delete()


def is_following(
    user: User, *, debate: Debate | None = None, contribution: Contribution | None = None
) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, debate=debate, contribution=contribution).exists()


def preferences(user: User) -> ForumPreferences:
    prefs, _created = ForumPreferences.objects.get_or_create(user=user)
    return prefs


def _notify(
    user_ids: Iterable[int],
    kind: str,
    debate: Debate,
    contribution: Contribution | None,
    exclude: int | None,
) -> None:
    ids = {uid for uid in user_ids if uid and uid != exclude}
    if not ids:
        return
    Notification.objects.bulk_create(
        [
            Notification(user_id=uid, kind=kind, debate=debate, contribution=contribution)
            for uid in ids
        ]
    )
    transaction.on_commit(functools.partial(send_immediate, sorted(ids)))


def contribution_posted(contribution: Contribution) -> None:
    """Called by the posting service inside its transaction."""
    from metroagora.forum.tasks import translate_contribution
    from metroagora.forum.translation import get_backend

    if get_backend() is not None:
        transaction.on_commit(functools.partial(translate_contribution.enqueue, contribution.pk))
    if contribution.author_id:
        follow(contribution.author, contribution=contribution)  # type: ignore[arg-type]
    if contribution.parent_id:
        ancestors = [contribution.parent_id]
        if contribution.root_id and contribution.root_id != contribution.parent_id:
            ancestors.append(contribution.root_id)
        followers = Follow.objects.filter(contribution_id__in=ancestors).values_list(
            "user_id", flat=True
        )
        _notify(
            followers,
            NotificationKind.REPLY,
            contribution.debate,
            contribution,
            contribution.author_id,
        )
    if contribution.is_official:
        followers = Follow.objects.filter(debate=contribution.debate).values_list(
            "user_id", flat=True
        )
        _notify(
            followers,
            NotificationKind.OFFICIAL,
            contribution.debate,
            contribution,
            contribution.author_id,
        )


def debate_closed(debate: Debate) -> None:
    followers = Follow.objects.filter(debate=debate).values_list("user_id", flat=True)
    _notify(followers, NotificationKind.CONCLUSIONS, debate, None, None)


def unsubscribe_token(user: User) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))


def user_from_unsubscribe_token(token: str) -> User | None:
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first()


def _email_language(user: User) -> str:
    codes = dict(settings.LANGUAGES)
    for code in user.preferred_languages or []:
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


def send_notification_email(user: User, notifications: list[Notification]) -> None:
    if not notifications:
        return
    base = settings.SITE_URL.rstrip("/")
    with translation.override(_email_language(user)):
        unsubscribe = base + reverse("forum:unsubscribe", kwargs={"token": unsubscribe_token(user)})
        body = render_to_string(
            "forum/email/notifications.txt",
            {
                "user": user,
                "notifications": notifications,
                "base_url": base,
                "unsubscribe_url": unsubscribe,
                "SITE_NAME": settings.SITE_NAME,
            },
        )
        subject = _("%(site)s: news from the debates you follow") % {"site": settings.SITE_NAME}
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )


def _pending(user_ids: Iterable[int], frequencies: set[str]) -> dict[int, list[Notification]]:
    """Unsent notifications of people whose preference is one of ``frequencies``
    (people without preferences get the default, daily)."""
    users = User.objects.filter(pk__in=list(user_ids), is_active=True)
    prefs = dict(ForumPreferences.objects.filter(user__in=users).values_list("user_id", "digest"))
    wanted = [u.pk for u in users if prefs.get(u.pk, DigestFrequency.DAILY) in frequencies]
    pending: dict[int, list[Notification]] = {}
    for notification in (
        Notification.objects.filter(user_id__in=wanted, emailed_at__isnull=True)
        .select_related("debate", "contribution", "contribution__author")
        .order_by("created_at")
    ):
        pending.setdefault(notification.user_id, []).append(notification)
    return pending


def send_immediate(user_ids: list[int]) -> None:
    pending = _pending(user_ids, {DigestFrequency.IMMEDIATE})
    users = User.objects.in_bulk(list(pending))
    for uid, items in pending.items():
        send_notification_email(users[uid], items)


def send_digests(frequency: str) -> int:
    """Send the daily or weekly digest; returns how many emails went out."""
    user_ids = (
        Notification.objects.filter(emailed_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    pending = _pending(user_ids, {frequency})
    users = User.objects.in_bulk(list(pending))
    for uid, items in pending.items():
        send_notification_email(users[uid], items)
    return len(pending)
