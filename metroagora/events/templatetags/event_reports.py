from django import template

from metroagora.events.report_data import percent as _percent

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.425 -> "42.5%" in the active language; None -> a dash."""
    return _percent(value)
