"""Server-rendered SVG charts of the impact dashboard: bars and lines.

Each chart is a picture with ``role="img"``, named by its ``<title>`` and described by
its ``<desc>`` (``aria-labelledby``, ``aria-describedby``), drawn with SVG presentation
attributes only: no ``style`` attribute or element (strict CSP). The page always gives
the same figures in a table beside the chart. Every value written into the SVG is
escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK = "#1b1f24"
MUTED = "#4a5360"
BRAND = "#0b4f8a"
TRACK = "#f3f5f8"
GRID = "#c9d1db"
FONT = 14
LABEL_CHARS = 34


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: withheld (too few people); drawn without a bar
    text: str  # the figure written after the bar


@dataclass(frozen=True)
class Point:
    label: str  # the month, as the axis says it
    value: int


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    ident = escape(chart_id)
    return [
        f'<svg class="impact-chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, description: str) -> SafeString:
    """Horizontal bars, one line per item: label on the left, figure after the bar."""
    label_width, bar_area, row, bar_height = 230, 250, 28, 18
    width = label_width + bar_area + 110
    height = max(row, row * len(bars)) + 4
    largest = max((bar.value or 0 for bar in bars), default=0) or 1
    parts = _open(chart_id, width, height, title, description)
    for index, bar in enumerate(bars):
        y = 2 + index * row
        bar_y = y + (row - bar_height) // 2
        text_y = y + row // 2 + FONT // 2 - 2
        size = (bar.value or 0) / largest * bar_area
        parts.append(
            f'<g><text x="{label_width - 8}" y="{text_y}" font-size="{FONT}" fill="{INK}" '
            f'text-anchor="end">{escape(_short(bar.label))}</text>'
            f'<rect x="{label_width}" y="{bar_y}" width="{bar_area}" height="{bar_height}" '
            f'fill="{TRACK}"></rect>'
        )
        if bar.value:
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{_num(max(size, 1))}" '
                f'height="{bar_height}" fill="{BRAND}"></rect>'
            )
        colour = INK if bar.value is not None else MUTED
        parts.append(
            f'<text x="{_num(label_width + max(size, 0) + 6)}" y="{text_y}" '
            f'font-size="{FONT}" fill="{colour}">{escape(bar.text)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def line_chart(
    points: Sequence[Point],
    *,
    chart_id: str,
    title: str,
    description: str,
    top_text: str,
) -> SafeString:
    """A line over the months, with the axis at zero, a grid line at the top value
    (``top_text`` says it), and the first, middle and last months named."""
    left, right, top, bottom = 8, 12, 22, 26
    plot_w, plot_h = 320, 110
    width, height = left + plot_w + right, top + plot_h + bottom
    largest = max((p.value for p in points), default=0)
    scale = plot_h / largest if largest else 0
    step = plot_w / max(len(points) - 1, 1)
    parts = _open(chart_id, width, height, title, description)
    base_y = top + plot_h
    parts.append(
        f'<text x="{left}" y="{top - 8}" font-size="12" fill="{MUTED}">{escape(top_text)}</text>'
        f'<line x1="{left}" y1="{top}" x2="{left + plot_w}" y2="{top}" stroke="{GRID}" '
        f'stroke-width="1" stroke-dasharray="4 3"></line>'
        f'<line x1="{left}" y1="{base_y}" x2="{left + plot_w}" y2="{base_y}" stroke="{MUTED}" '
        f'stroke-width="1"></line>'
    )
    coords = [
        (left + index * step, base_y - point.value * scale) for index, point in enumerate(points)
    ]
    if coords:
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{BRAND}" stroke-width="2.5" '
            f'stroke-linejoin="round"></polyline>'
        )
    named = {0, len(points) // 2, len(points) - 1}
    for index, ((x, y), point) in enumerate(zip(coords, points, strict=True)):
        parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="2.5" fill="{BRAND}"></circle>')
        last = index == len(points) - 1
        if index in named:
            anchor = "end" if last else "start" if index == 0 else "middle"
            parts.append(
                f'<text x="{_num(x)}" y="{base_y + 18}" font-size="12" fill="{MUTED}" '
                f'text-anchor="{anchor}">{escape(point.label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
