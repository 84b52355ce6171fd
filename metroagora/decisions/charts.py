"""Server-rendered SVG charts for budgets and accountability.

Each chart is a picture with ``role="img"``, a ``<title>`` and a ``<desc>``, drawn
with SVG presentation attributes only (no ``style``: strict CSP). A page always
shows the same figures in a table next to it: the chart is never the only way to
read them. Colours are never the only cue either: the text beside each bar says
what the colour says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metroagora.decisions.models import BudgetProject, ImplementationStatus

WIDTH = 480
BAR_AREA = 260
ROW = 46  # a label line, then the bar with its figure after it
BAR_HEIGHT = 18
TOP = 4
FONT = 15
LABEL_CHARS = 56

INK = "#1b1f24"
BRAND = "#0b4f8a"
OK = "#1e6b35"
MUTED = "#4a5360"
ACCENT = "#b3261e"
TRACK = "#f3f5f8"

STATUS_COLOURS = {
    ImplementationStatus.PLANNED: MUTED,
    ImplementationStatus.IN_PROGRESS: BRAND,
    ImplementationStatus.COMPLETED: OK,
    ImplementationStatus.CANCELLED: ACCENT,
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the figure written after the bar, e.g. "120 votes, selected"
    fill: str = BRAND


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    css_class: str = "decisions-chart",
) -> SafeString:
    """Horizontal bars, one row per item, longest bar = largest value."""
    height = TOP * 2 + ROW * max(len(bars), 1)
    largest = max((bar.value for bar in bars), default=0) or 1
    parts = [
        f'<svg class="{escape(css_class)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{escape(chart_id)}-title '
        f'{escape(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * ROW
        bar_y = y + FONT + 5
        width = max(bar.value, 0) / largest * BAR_AREA
        parts.append(
            f'<g><text x="0" y="{y + FONT}" font-size="{FONT}" fill="{INK}">'
            f"{escape(_short(bar.label))}</text>"
            f'<rect x="0" y="{bar_y}" width="{BAR_AREA}" height="{BAR_HEIGHT}" '
            f'fill="{TRACK}"></rect>'
            f'<rect x="0" y="{bar_y}" width="{_number(width)}" height="{BAR_HEIGHT}" '
            f'fill="{escape(bar.fill)}"></rect>'
            f'<text x="{BAR_AREA + 8}" y="{bar_y + BAR_HEIGHT - 4}" font-size="{FONT}" '
            f'fill="{INK}">{escape(bar.text)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def budget_results_chart(projects: Iterable[BudgetProject], *, chart_id: str) -> SafeString:
    """Votes per project after the vote closed; selected projects in green and said so."""
    bars = []
    for project in projects:
        votes = ngettext("%(count)s vote", "%(count)s votes", project.vote_count) % {
            "count": project.vote_count
        }
        text = _("%(votes)s, selected") % {"votes": votes} if project.selected else votes
        bars.append(
            Bar(
                label=str(project.title),
                value=project.vote_count,
                text=text,
                fill=OK if project.selected else MUTED,
            )
        )
    return bar_chart(
        bars,
        chart_id=chart_id,
        title=_("Votes per project"),
        description=_(
            "Bar chart of the votes each project received, most voted first. Selected "
            "projects are green and marked “selected”. The same figures are in the table "
            "below."
        ),
    )


def spending_chart(spent: Decimal, amount: Decimal, currency: str, *, chart_id: str) -> SafeString:
    """One bar: what the selected projects cost, against the budget."""
    share = float(spent / amount * 100) if amount else 0.0
    return bar_chart(
        [
            Bar(
                label=_("Budget"),
                value=float(amount),
                text=f"{_money(amount)} {currency}",
                fill=MUTED,
            ),
            Bar(
                label=_("Selected projects"),
                value=float(spent),
                text=_("%(spent)s %(currency)s (%(share)s%%)")
                % {"spent": _money(spent), "currency": currency, "share": round(share)},
                fill=OK,
            ),
        ],
        chart_id=chart_id,
        title=_("Money spent against the budget"),
        description=_(
            "Two bars: the budget and the cost of the selected projects. The same figures "
            "are in the table below."
        ),
    )


def status_chart(by_status: Sequence[tuple[str, str, int]], *, chart_id: str) -> SafeString:
    """How many promises are planned, in progress, completed or cancelled."""
    bars = [
        Bar(
            label=label,
            value=count,
            text=str(count),
            fill=STATUS_COLOURS.get(ImplementationStatus(status), BRAND)
            if status in ImplementationStatus.values
            else BRAND,
        )
        for status, label, count in by_status
    ]
    return bar_chart(
        bars,
        chart_id=chart_id,
        title=_("Promises by status"),
        description=_(
            "Bar chart of how many promises are planned, in progress, completed or "
            "cancelled. The same figures are in the table below."
        ),
    )


def _money(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,.2f}"
