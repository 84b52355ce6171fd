"""Blocks of a newsletter pulled from the platform: next events, open debates, new best
practices, EU calls closing soon.

A draft keeps only the blocks chosen (``[{"kind": "events"}, {"kind": "practices",
"days": 30}]``) and shows what they hold today. Sending freezes them: each block gets its
``items`` (titles in every language they have, the address, dates, the city), so every
subscriber gets the same newsletter and the archive shows it as it was sent.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from metroagora.core.translated import TranslatedText
from metroagora.events.models import Event, EventStatus
from metroagora.forum import selectors as forum_selectors
from metroagora.forum.models import DebateStatus
from metroagora.funding.models import Call, CallStatus
from metroagora.funding.selectors import status_q
from metroagora.practices.models import Practice, PracticeStatus

EVENTS = "events"
DEBATES = "debates"
PRACTICES = "practices"
CALLS = "calls"

BLOCK_KINDS: dict[str, Promise] = {
    EVENTS: _("Next events"),
    DEBATES: _("Open debates"),
    PRACTICES: _("New best practices"),
    CALLS: _("EU calls closing soon"),
}
BLOCK_HELP: dict[str, Promise] = {
    EVENTS: _("The next published events (of the city, for a city's newsletter)."),
    DEBATES: _("Debates of the Forum still open for contributions."),
    PRACTICES: _("Best practices published in the last days (see below how many)."),
    CALLS: _("Open EU calls for proposals whose deadline is in the next 30 days."),
}
LIMITS = {EVENTS: 6, DEBATES: 5, PRACTICES: 6, CALLS: 6}
DEFAULT_PRACTICE_DAYS = 30
MAX_PRACTICE_DAYS = 365
CALLS_WITHIN_DAYS = 30


@dataclass
class Item:
    """One line of a block, ready for a template in one language."""

    title: str
    title_lang: str
    url: str
    when: datetime | None = None
    place: str = ""
    place_lang: str = ""
    note: str = ""


@dataclass
class Block:
    kind: str
    heading: str
    items: list[Item] = field(default_factory=list)


def block_config(kinds: list[str], practice_days: int = DEFAULT_PRACTICE_DAYS) -> list[dict]:
    """The blocks chosen on the form, in the order of :data:`BLOCK_KINDS`."""
    config: list[dict] = []
    for kind in BLOCK_KINDS:
        if kind in kinds:
            entry: dict[str, Any] = {"kind": kind}
            if kind == PRACTICES:
                entry["days"] = max(1, min(int(practice_days), MAX_PRACTICE_DAYS))
            config.append(entry)
    return config


def chosen_kinds(blocks: Any) -> list[str]:
    return [b["kind"] for b in _valid(blocks)]


def practice_days(blocks: Any) -> int:
    for block in _valid(blocks):
        if block["kind"] == PRACTICES:
            return int(block.get("days") or DEFAULT_PRACTICE_DAYS)
    return DEFAULT_PRACTICE_DAYS


def is_frozen(blocks: Any) -> bool:
    return any("items" in block for block in _valid(blocks))


def _valid(blocks: Any) -> list[dict]:
    if not isinstance(blocks, list):
        return []
    return [b for b in blocks if isinstance(b, dict) and b.get("kind") in BLOCK_KINDS]


# --- Pulling the items from the platform ------------------------------------------------


def _path(obj: Any) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(obj.get_absolute_url())


def _events(city_id: int | None, now: datetime, **_options: Any) -> list[dict]:
    events = Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__gte=now)
    if city_id is not None:
        events = events.filter(city_id=city_id)
    return [
        {
            "title": event.title.to_json(),
            "path": _path(event),
            "when": event.starts_at.isoformat(),
            "tz": event.time_zone,
            "place": event.city.name.to_json(),
        }
        for event in events.select_related("city").order_by("starts_at", "pk")[: LIMITS[EVENTS]]
    ]


def _debates(city_id: int | None, now: datetime, **_options: Any) -> list[dict]:
    debates = forum_selectors.debates().filter(status=DebateStatus.OPEN)
    if city_id is not None:
        debates = debates.filter(city_id=city_id)
    return [
        {
            "title": debate.question.to_json(),
            "path": _path(debate),
            "place": debate.city.name.to_json() if debate.city else {},
            "count": getattr(debate, "contribution_count", None),
        }
        for debate in debates.order_by("-created_at", "-pk")[: LIMITS[DEBATES]]
    ]


def _practices(city_id: int | None, now: datetime, **options: Any) -> list[dict]:
    days = int(options.get("days") or DEFAULT_PRACTICE_DAYS)
    practices = Practice.objects.filter(
        status=PracticeStatus.PUBLISHED, published_at__gte=now - timedelta(days=days)
    )
    if city_id is not None:
        practices = practices.filter(city_id=city_id)
    return [
        {
            "title": practice.title.to_json(),
            "path": _path(practice),
            "when": practice.published_at.isoformat() if practice.published_at else None,
            "place": practice.city.name.to_json(),
        }
        for practice in practices.select_related("city").order_by("-published_at", "-pk")[
            : LIMITS[PRACTICES]
        ]
    ]


def _calls(city_id: int | None, now: datetime, **_options: Any) -> list[dict]:
    calls = Call.objects.filter(
        status_q(CallStatus.OPEN, now), closes_at__lte=now + timedelta(days=CALLS_WITHIN_DAYS)
    )
    return [
        {
            # Call titles come as the EU portal writes them, in English.
            "title": {"en": call.title, "_original": "en"},
            "path": _path(call),
            "when": call.closes_at.isoformat(),
            "note": call.programme.short_name if call.programme else call.identifier,
        }
        for call in calls.select_related("programme").order_by("closes_at", "identifier")[
            : LIMITS[CALLS]
        ]
    ]


PULL = {EVENTS: _events, DEBATES: _debates, PRACTICES: _practices, CALLS: _calls}


def freeze(blocks: Any, city_id: int | None, now: datetime | None = None) -> list[dict]:
    """The chosen blocks with what they hold now (what sending stores on the issue)."""
    now = now or timezone.now()
    frozen = []
    for block in _valid(blocks):
        options = {key: value for key, value in block.items() if key not in ("kind", "items")}
        items = PULL[block["kind"]](city_id, now, **options)
        frozen.append({**options, "kind": block["kind"], "items": items})
    return frozen


# --- Showing them in one language -------------------------------------------------------


def _when(value: Any, tz: str | None) -> datetime | None:
    """The stored time as a naive local time (the event's own time zone when known), so
    that templates show it as it is, whatever the reader's time zone."""
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        return None
    zone: Any = timezone.get_current_timezone()
    if tz:
        with contextlib.suppress(KeyError, ValueError):
            zone = ZoneInfo(tz)
    return timezone.make_naive(parsed, zone) if timezone.is_aware(parsed) else parsed


def _url(path: Any, lang: str, base_url: str) -> str:
    if not isinstance(path, str) or not path.startswith("/"):
        return base_url + "/"
    # Paths are stored in the default language: resolve them there, reverse in ``lang``.
    with translation.override(settings.LANGUAGE_CODE):
        return base_url + translate_url(path, lang)


def rendered(
    blocks: Any, lang: str, *, city_id: int | None = None, base_url: str = ""
) -> list[Block]:
    """The blocks in ``lang`` (titles fall back to their original language).

    A draft's blocks are pulled now; a sent issue's are the ones frozen when it went out.
    Empty blocks are left out. ``base_url`` makes the links absolute (for emails).
    """
    frozen = blocks if is_frozen(blocks) else freeze(blocks, city_id)
    result = []
    with translation.override(lang):
        for block in _valid(frozen):
            items = []
            for data in block.get("items") or []:
                title, title_lang = TranslatedText.from_json(data.get("title")).resolve(lang)
                place, place_lang = TranslatedText.from_json(data.get("place")).resolve(lang)
                note = str(data.get("note") or "")
                if block["kind"] == DEBATES and data.get("count") is not None:
                    count = int(data["count"])
                    note = str(
                        translation.ngettext(
                            "%(count)s contribution", "%(count)s contributions", count
                        )
                        % {"count": count}
                    )
                items.append(
                    Item(
                        title=title,
                        title_lang=title_lang,
                        url=_url(data.get("path"), lang, base_url),
                        when=_when(data.get("when"), data.get("tz")),
                        place=place,
                        place_lang=place_lang,
                        note=note,
                    )
                )
            if items:
                result.append(Block(block["kind"], str(BLOCK_KINDS[block["kind"]]), items))
    return result
