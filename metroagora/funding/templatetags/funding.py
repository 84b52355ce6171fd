"""Template helpers for EU funding: amounts, time left, matching reasons, includes.

``{% calls_for_practice practice %}`` shows the calls that could fund adopting a best
practice (the same matcher as the city needs page); ``{% calls_for_text text topics %}``
does the same for any text, e.g. a debate's conclusions.
"""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metroagora.core.text import sanitize_html
from metroagora.funding.matching import Hint

register = template.Library()


@register.filter
def sanitize(html: Any) -> SafeString:
    """Stored HTML, sanitised again on the way out (cheap; the admin can write HTML too)."""
    return sanitize_html(str(html or ""))


@register.filter
def euros(value: Any) -> str:
    """``4000000`` -> "€4,000,000" (separators of the active language); "" for None."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    return "€" + str(intcomma(int(number.quantize(Decimal(1)))))


@register.filter
def euros_short(value: Any) -> str:
    """``4500000`` -> "€4.5 million"; small amounts in full."""
    if value is None or value == "":
        return ""
    number = float(value)
    if number >= 1_000_000_000:
        return _("€%(amount)s billion") % {"amount": _trim(number / 1_000_000_000)}
    if number >= 1_000_000:
        return _("€%(amount)s million") % {"amount": _trim(number / 1_000_000)}
    return euros(value)


def _trim(number: float) -> str:
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


@register.filter
def days_left(when: datetime | None) -> str:
    """ "in 12 days", "today", "3 days ago"."""
    if when is None:
        return ""
    seconds = (when - timezone.now()).total_seconds()
    days = math.ceil(seconds / 86400) if seconds > 0 else -math.floor(-seconds / 86400)
    if seconds > 0 and days <= 1 and timezone.localdate(when) == timezone.localdate():
        return _("today")
    if days > 0:
        return ngettext("in %(n)s day", "in %(n)s days", days) % {"n": days}
    if days == 0:
        return _("today")
    return ngettext("%(n)s day ago", "%(n)s days ago", -days) % {"n": -days}


@register.filter
def hint_text(hint: Hint) -> str:
    """A matcher's hint (a code with values) in the reader's language."""
    amount = euros(hint.amount) if hint.amount is not None else ""
    texts = {
        "opens_later": _("Opens on %(date)s: time to prepare a proposal."),
        "deadline_soon": _("Deadline in %(days)s days: little time to build a consortium."),
        "two_stage": _("Two stages: a short first proposal, the full one only if selected."),
        "small_grant": _(
            "Small grants (up to %(amount)s): simple to manage, suited to a pilot or an exchange."
        ),
        "large_projects": _(
            "Large projects (from %(amount)s): usually a consortium led by a research "
            "organisation or a large city."
        ),
        "large_for_city": _(
            "Grants from %(amount)s are large for a city of this size: consider joining as a "
            "partner."
        ),
        "per_inhabitant": _("Up to %(amount)s per inhabitant of the city."),
        "csa": _("A coordination and support action: networking and exchanges, not research."),
        "research_led": _(
            "A research and innovation action: a research organisation usually leads, the "
            "city is a pilot site."
        ),
        "innovation_action": _(
            "An innovation action: demonstrations and pilots close to deployment."
        ),
        "lump_sum": _("Lump sum: you report on results, not on every cost."),
    }
    text = texts.get(hint.code, hint.code)
    date_text = ""
    if hint.date is not None:
        from django.utils.formats import date_format

        date_text = date_format(timezone.localtime(hint.date), "DATE_FORMAT")
    return text % {"amount": amount, "days": hint.days, "date": date_text}


@register.filter
def search_query(search: Any) -> str:
    """A saved search (JSON) as the query string of the calls list."""
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in dict(search or {}).items() if v})


@register.filter
def fit_text(level: int) -> str:
    from metroagora.funding.models import CityFit

    try:
        return str(CityFit(level).label)
    except ValueError:
        return ""


@register.inclusion_tag("funding/_partials/calls_for.html", takes_context=True)
def calls_for_practice(context: Any, practice: Any, limit: int = 5) -> dict[str, Any]:
    """Open and forthcoming calls that could fund adopting a best practice."""
    from metroagora.funding import matching, selectors

    texts = [
        str(getattr(practice, name, "") or "")
        for name in ("title", "summary", "challenge", "actions", "transfer_conditions")
    ]
    original = getattr(practice.title, "original", None) or "en"
    needs = matching.Needs(
        text="\n".join(t for t in texts if t),
        priorities=[str(practice.title)],
        topics=frozenset(t.slug for t in practice.topics.all()),
        language=original,
    )
    return {
        "ranked": selectors.ranked_calls(needs, limit=limit),
        "heading_id": f"calls-for-practice-{practice.pk}",
        "title": _("Which calls could fund adopting this?"),
        "request": context.get("request"),
    }


@register.inclusion_tag("funding/_partials/calls_for.html", takes_context=True)
def calls_for_text(
    context: Any, text: Any, topics: Any = None, language: str = "en", limit: int = 5
) -> dict[str, Any]:
    """Open and forthcoming calls matching any text (a debate's conclusions...)."""
    from metroagora.funding import matching, selectors

    slugs = frozenset(t.slug for t in topics.all()) if topics is not None else frozenset()
    needs = matching.Needs(text=str(text or ""), topics=slugs, language=language)
    return {
        "ranked": selectors.ranked_calls(needs, limit=limit),
        "heading_id": "calls-for-text",
        "title": _("Which calls could fund this?"),
        "request": context.get("request"),
    }
