"""Template helpers of the video library: timestamps, durations, an event's videos."""

from typing import Any

from django import template

from metroagora.publications import videos_selectors
from metroagora.publications.videos_webvtt import format_timestamp

register = template.Library()


@register.filter
def clock(seconds: Any) -> str:
    """``75.2`` -> ``"01:15"``; ``3725`` -> ``"1:02:05"``."""
    try:
        return format_timestamp(float(seconds))
    except (TypeError, ValueError):
        return ""


@register.filter
def iso_duration(seconds: Any) -> str:
    """``75.25`` -> ``"PT75.25S"``, for ``<time datetime>``."""
    try:
        value = round(float(seconds), 3)
    except (TypeError, ValueError):
        return ""
    return f"PT{value:g}S"


@register.simple_tag
def event_videos(event: Any) -> list[Any]:
    """``{% event_videos event as videos %}``: the published videos of an event."""
    return videos_selectors.event_videos(event)
