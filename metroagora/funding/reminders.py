"""Daily reminders to the people and cities who watch calls or saved searches.

``send_reminders()`` (run daily: ``manage.py send_funding_reminders`` or the
``send_funding_reminders`` task) emails, in each recipient's language:

- when a watched call opens, or a new open call matches a saved search;
- 30, 7 and 1 days before each deadline (both stages of a two-stage call).

Each (watch, call, kind) is sent once: a row of :class:`ReminderLog` (unique) is
written in the same transaction as the email is sent; a failed email rolls it back,
so the next run tries again. A reminder whose moment passed while nothing ran is
replaced by the next one due (a watch made 5 days before a deadline gets the 7-day
reminder, then the 1-day one).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metroagora.accounts.models import User
from metroagora.funding import selectors
from metroagora.funding.models import Call, ReminderKind, ReminderLog, Watch
from metroagora.network.models import MembershipRole

logger = logging.getLogger(__name__)

# Days before a deadline -> reminder kind (first deadline, second deadline).
THRESHOLDS = (
    (1, ReminderKind.DAYS_1, ReminderKind.STAGE2_1),
    (7, ReminderKind.DAYS_7, ReminderKind.STAGE2_7),
    (30, ReminderKind.DAYS_30, ReminderKind.STAGE2_30),
)


@dataclass
class Item:
    call: Call
    kind: str
    when: datetime | None = None  # the deadline reminded of (the opening for OPENED)
    days: int = 0  # whole days left before that deadline

    @property
    def is_opening(self) -> bool:
        return self.kind == ReminderKind.OPENED

    @property
    def is_second_stage(self) -> bool:
        return self.kind.endswith("-2")


@dataclass
class ReminderReport:
    watches: int = 0
    emails: int = 0
    reminders: int = 0
    failed: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _days(when: datetime, now: datetime) -> int:
    return max(0, math.ceil((when - now).total_seconds() / 86400))


def due_kinds(call: Call, watch: Watch, now: datetime) -> list[Item]:
    """The reminders of ``call`` due now for ``watch`` (before looking at what was sent)."""
    items: list[Item] = []
    if call.opens_at is not None and call.opens_at > now:
        return items
    # Opened: after the watch was made (or, for a search, the call appeared after it).
    opened_after = call.opens_at is not None and call.opens_at >= watch.created_at
    appeared_after = watch.is_search and call.created_at >= watch.created_at
    if call.closes_at >= now and (opened_after or appeared_after):
        items.append(Item(call, ReminderKind.OPENED, call.opens_at, _days(call.closes_at, now)))
    for deadline, stage in ((call.deadline, 0), (call.second_deadline, 1)):
        if deadline is None or deadline <= now:
            continue
        left = deadline - now
        for days, first_kind, second_kind in THRESHOLDS:
            if left <= timedelta(days=days):
                kind = second_kind if stage else first_kind
                items.append(Item(call, kind, deadline, _days(deadline, now)))
                break
    return items


def _recipients(watch: Watch) -> list[User]:
    if watch.user_id:
        user = watch.user
        return [user] if user is not None and user.is_active and user.email else []
    if watch.city_id is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            memberships__city_id=watch.city_id,
            memberships__role=MembershipRole.COORDINATOR,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def email_language(user: User) -> str:
    codes = dict(settings.LANGUAGES)
    for code in user.preferred_languages or []:
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


def _subject(items: list[Item]) -> str:
    if len(items) == 1:
        item = items[0]
        if item.kind == ReminderKind.OPENED:
            return _("Now open: %(call)s") % {"call": item.call.identifier}
        return ngettext(
            "Deadline in %(days)s day: %(call)s",
            "Deadline in %(days)s days: %(call)s",
            item.days,
        ) % {"days": item.days, "call": item.call.identifier}
    return ngettext(
        "%(count)s reminder about EU calls you watch",
        "%(count)s reminders about EU calls you watch",
        len(items),
    ) % {"count": len(items)}


def _send(watch: Watch, items: list[Item], recipients: list[User]) -> int:
    base = settings.SITE_URL.rstrip("/")
    sent = 0
    for user in recipients:
        with translation.override(email_language(user)):
            body = render_to_string(
                "funding/email/reminder.txt",
                {
                    "user": user,
                    "watch": watch,
                    "items": items,
                    "base_url": base,
                    "watches_url": base + reverse("funding:watches"),
                    "SITE_NAME": settings.SITE_NAME,
                },
            )
            subject = f"{settings.SITE_NAME}: {_subject(items)}"
        EmailMessage(subject=subject, body=body, to=[user.email]).send()
        sent += 1
    return sent


def _calls_for(watch: Watch, now: datetime) -> list[Call]:
    if watch.call_id:
        return [watch.call] if watch.call is not None else []
    filters = selectors.search_filters(watch.search)
    filters["status"] = "current"
    return list(selectors.filter_calls(Call.objects.all(), filters, now)[:200])


def send_reminders(now: datetime | None = None) -> ReminderReport:
    """Send every reminder due (see the module docstring); returns what was done."""
    now = now or timezone.now()
    report = ReminderReport()
    watches = Watch.objects.select_related("user", "call", "city").order_by("pk")
    for watch in watches.iterator(chunk_size=200):
        report.watches += 1
        candidates = [
            item for call in _calls_for(watch, now) for item in due_kinds(call, watch, now)
        ]
        if not candidates:
            continue
        sent_before = set(
            ReminderLog.objects.filter(
                watch=watch, call_id__in=[i.call.pk for i in candidates]
            ).values_list("call_id", "kind")
        )
        items = [i for i in candidates if (i.call.pk, i.kind) not in sent_before]
        if not items:
            continue
        recipients = _recipients(watch)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                for item in items:
                    ReminderLog.objects.create(
                        watch=watch, call=item.call, kind=item.kind, recipients=len(recipients)
                    )
                report.emails += _send(watch, items, recipients)
        except IntegrityError:
            continue  # another run sent them meanwhile
        except Exception:  # noqa: BLE001 - one failed email must not stop the others
            logger.exception("funding: reminders of watch %s could not be sent", watch.pk)
            report.failed += 1
            continue
        report.reminders += len(items)
        for item in items:
            report.by_kind[item.kind] = report.by_kind.get(item.kind, 0) + 1
    return report
