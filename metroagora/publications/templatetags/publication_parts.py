"""Filters of the publication templates (web page and PDF)."""

import re
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from metroagora.core.text import render_markdown

register = template.Library()

_HEADING = re.compile(r"<(/?)h([2-6])>")


@register.filter
def part_markdown(value: Any, shift: int = 1) -> SafeString:
    """Markdown as sanitised HTML, its headings moved ``shift`` levels down (h2 -> h3).

    A part's own heading is an h2: the headings written inside it come below (h6 at most).
    """
    html = render_markdown(str(value) if value is not None else "")
    if not shift:
        return html

    def lower(match: re.Match[str]) -> str:
        return f"<{match[1]}h{min(6, int(match[2]) + int(shift))}>"

    return mark_safe(_HEADING.sub(lower, str(html)))  # noqa: S308 - already sanitised


@register.filter
def lang_attr(text: Any) -> SafeString:
    """` lang="fr"` for a text shown in another language than the publication's, else ""."""
    if getattr(text, "fallback", False) and getattr(text, "lang", ""):
        return format_html(' lang="{}"', text.lang)
    return SafeString("")


@register.filter
def euros(value: Any) -> str:
    """1234567.5 -> "€1,234,568" (whole euros, grouped as the active language does)."""
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils.translation import gettext as _

    try:
        amount = intcomma(round(value))
    except (TypeError, ValueError):
        return "–"
    return _("€%(amount)s") % {"amount": amount}


@register.filter
def file_version(field_file: Any) -> str:
    """A short hash of a stored file's name, to tell browsers a replaced image is new."""
    import hashlib

    name = getattr(field_file, "name", "") or ""
    return hashlib.sha256(name.encode()).hexdigest()[:10]
