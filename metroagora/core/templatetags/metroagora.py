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

    if isinstance(codes, str):
        codes = [codes]
    return ", ".join(language_name(code) for code in codes or [])


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ translations|get_item:c.pk }}``"""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
