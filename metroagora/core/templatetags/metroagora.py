from typing import Any

from django import template
from django.utils.safestring import SafeString

from metroagora.core.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: Any) -> SafeString:
    return render_markdown(str(value) if value is not None else "")
