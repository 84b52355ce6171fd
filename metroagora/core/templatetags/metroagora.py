from typing import Any

from django import template
from django.utils.safestring import SafeString

from metroagora.core.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: Any) -> SafeString:
    return render_markdown(str(value) if value is not None else "")


@register.filter
def language_names(codes: Any) -> str:
    """``["fr", "de"]`` -> "French, German" in the active language."""
    from metroagora.core.languages import language_name

    return ", ".join(language_name(code) for code in codes or [])
