"""Template helpers of the website area: ``{% load website %}``."""

import html
from typing import Any

from django import template
from django.utils.html import strip_tags

from metroagora.core.text import render_markdown

register = template.Library()


@register.filter
def plain_text(value: Any) -> str:
    """Markdown (or plain text) as plain text, for a meta description or a feed summary.

    Not marked safe: the template escapes it, so quotes cannot end an attribute.
    """
    rendered = render_markdown(str(value) if value is not None else "")
    return " ".join(html.unescape(strip_tags(rendered)).split())
