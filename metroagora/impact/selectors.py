"""Reading the dashboard: the stored figures of one scope, labelled for the page.

A page runs a fixed number of queries whatever the size of the data: the figures of
its scope (one query), the time of the last computation (one), the cities (one, for
the city switcher and the per-city figures), and for a coordinator's city page the
names of the events, debates, opinion maps and processes of the detail tables (one
query each).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_countries import countries

from metroagora.decisions.models import Process
from metroagora.events.models import AgeBracket, Event, Gender, ParticipantRole
from metroagora.events.reports import AGE_ORDER
from metroagora.forum.models import Debate
from metroagora.impact import charts
from metroagora.impact import metrics as m
from metroagora.impact.compute import trend_months
from metroagora.impact.models import ImpactFigure, ImpactRefresh, RefreshStatus
from metroagora.network.models import City, Region
from metroagora.opinions.models import OpinionMap

Raw = tuple[date | None, str, str, int | None]  # period, metric, key, value


def number(value: int | None) -> str:
    """A figure in the active language's format; withheld figures say why."""
    if value is None:
        return withheld_text()
    return formats.number_format(value, 0, force_grouping=True)


def withheld_text() -> str:
    return _("fewer than %(count)s") % {"count": m.min_cell()}


def month_label(first_day: date) -> str:
    return formats.date_format(first_day, "M Y")


# --- Page parts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    metric: str
    label: str
    value: int
    definition: str

    @property
    def text(self) -> str:
        return number(self.value)


@dataclass(frozen=True)
class Group:
    title: str
    figures: list[Figure]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int | None
    url: str = ""

    @property
    def text(self) -> str:
        return number(self.value)

    @property
    def withheld(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Breakdown:
    metric: str
    title: str
    column: str  # the heading of the label column of the table
    rows: list[Row]
    chart: SafeString | None
    note: str = ""

    @property
    def anchor(self) -> str:
        return self.metric.replace("_", "-")

    @property
    def has_withheld(self) -> bool:
        return any(row.withheld for row in self.rows)


@dataclass(frozen=True)
class Trend:
    metric: str
    label: str
    values: list[int]
    chart: SafeString


@dataclass(frozen=True)
class TrendRow:
    month: date
    label: str
    values: list[str]


@dataclass(frozen=True)
class DetailRow:
    label: str
    url: str
    when: datetime | None
    values: list[str]


@dataclass(frozen=True)
class DetailTable:
    anchor: str
    title: str
    caption: str
    columns: list[str]
    rows: list[DetailRow]


@dataclass
class Dashboard:
    city: City | None
    computed_at: datetime | None
    cities: list[City]
    groups: list[Group] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)
    trend_rows: list[TrendRow] = field(default_factory=list)
    places: list[Breakdown] = field(default_factory=list)
    diversity: list[Breakdown] = field(default_factory=list)
    funding: Breakdown | None = None
    detail: list[DetailTable] = field(default_factory=list)
    raw: list[Raw] = field(default_factory=list)
    key_label: Callable[[str, str], str] = lambda _metric, key: key

    @property
    def has_figures(self) -> bool:
        return bool(self.raw) or self.computed_at is not None

    @property
    def first_month(self) -> date | None:
        return self.trend_rows[0].month if self.trend_rows else None


# --- Reading ---------------------------------------------------------------------------------


def last_computed_at() -> datetime | None:
    return (
        ImpactRefresh.objects.filter(status=RefreshStatus.DONE, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def latest_refresh() -> ImpactRefresh | None:
    return ImpactRefresh.objects.order_by("-created_at", "-pk").first()


def cities() -> list[City]:
    """Every city, by name in the active language (one query)."""
    rows = list(City.objects.only("pk", "slug", "name"))
    return sorted(rows, key=lambda city: str(city).casefold())


def city_for_page(slug: str) -> City | None:
    return City.objects.filter(slug=slug).first()


def figures_of(city: City | None, *, detail: bool) -> list[Raw]:
    """The stored figures of the network (``city=None``) or of one city (one query)."""
    rows = ImpactFigure.objects.filter(city=city)
    if not detail:
        rows = rows.exclude(metric__in=m.DETAIL)
    return list(rows.order_by().values_list("period", "metric", "key", "value"))


def figures_version() -> int:
    """Changes whenever the figures are written again (the largest id: rows are replaced)."""
    return ImpactFigure.objects.aggregate(last=Max("pk"))["last"] or 0


def dashboard(city: City | None = None, *, detail: bool = False) -> Dashboard:
    """Everything a dashboard page shows, for the network or for ``city``."""
    return build_dashboard(city, detail, last_computed_at(), cities())


def build_dashboard(
    city: City | None, detail: bool, computed_at: datetime | None, all_cities: list[City]
) -> Dashboard:
    """``dashboard`` with the time of the computation and the cities already read."""
    raw = figures_of(city, detail=detail)
    page = Dashboard(city=city, computed_at=computed_at, cities=all_cities, raw=raw)
    totals: dict[str, int | None] = {}
    monthly: dict[str, dict[date, int]] = defaultdict(dict)
    breakdowns: dict[str, dict[str, int | None]] = defaultdict(dict)
    for period, metric, key, value in raw:
        if key:
            breakdowns[metric][key] = value
        elif period is None:
            totals[metric] = value
        else:
            monthly[metric][period] = value or 0
    names = {c.pk: c for c in all_cities}
    labeller = _KeyLabels(names)
    page.key_label = labeller
    page.groups = _groups(city, totals)
    today = timezone.localdate(computed_at) if computed_at else timezone.localdate()
    _trends(page, trend_months(today), monthly)
    scope = "city" if city else "network"
    if city is None:
        page.places.append(_places(m.BY_CITY, breakdowns, labeller, scope, _("City")))
        page.places.append(_places(m.BY_REGION, breakdowns, labeller, scope, _("Region")))
    page.places.append(_places(m.BY_COUNTRY, breakdowns, labeller, scope, _("Country")))
    page.diversity = [
        _places(m.BY_AGE, breakdowns, labeller, scope, _("Age bracket")),
        _places(m.BY_GENDER, breakdowns, labeller, scope, _("Gender")),
        _places(m.BY_ROLE, breakdowns, labeller, scope, _("Takes part as")),
    ]
    page.funding = _places(m.FUNDING_BY_YEAR, breakdowns, labeller, scope, _("Year"))
    if detail and city is not None:
        page.detail = _detail(breakdowns, labeller)
    return page


def _groups(city: City | None, totals: dict[str, int | None]) -> list[Group]:
    skip = m.NETWORK_ONLY if city else m.CITY_ONLY

    def figures(codes: Sequence[str]) -> list[Figure]:
        return [
            Figure(code, m.label(code), totals.get(code) or 0, str(m.DEFINITIONS.get(code, "")))
            for code in codes
            if code not in skip
        ]

    return [
        Group(_("Taking part"), figures(m.PARTICIPATION)),
        Group(_("Reach"), figures(m.REACH)),
        Group(_("Results"), figures(m.RESULTS)),
    ]


def _trends(page: Dashboard, months: list[date], monthly: dict[str, dict[date, int]]) -> None:
    labels = [month_label(first) for first in months]
    first, last = (labels[0], labels[-1]) if labels else ("", "")
    for code in m.TRENDS:
        values = [monthly.get(code, {}).get(first_day, 0) for first_day in months]
        label = m.label(code)
        top = max(values, default=0)
        chart = charts.line_chart(
            [charts.Point(text, value) for text, value in zip(labels, values, strict=True)],
            chart_id=f"trend-{code.replace('_', '-')}",
            title=_("%(figure)s per month") % {"figure": label},
            description=_(
                "%(figure)s: a line chart, one point per month from %(first)s to %(last)s; the "
                "highest month counts %(top)s. The figures are in the table below the charts."
            )
            % {"figure": label, "first": first, "last": last, "top": number(top)},
            top_text=_("highest: %(top)s") % {"top": number(top)},
        )
        page.trends.append(Trend(code, label, values, chart))
    page.trend_rows = [
        TrendRow(first_day, label, [number(trend.values[index]) for trend in page.trends])
        for index, (first_day, label) in enumerate(zip(months, labels, strict=True))
    ]


class _KeyLabels:
    """The label of a breakdown's key (a country, an age bracket, a city...)."""

    def __init__(self, cities: dict[int, City]) -> None:
        self.cities = cities
        self.objects: dict[tuple[str, str], tuple[str, str, datetime | None]] = {}
        self.fixed: dict[str, dict[str, str]] = {
            m.BY_REGION: {k: str(v) for k, v in Region.choices},
            m.BY_AGE: {k: str(v) for k, v in AgeBracket.choices},
            m.BY_GENDER: {k: str(v) for k, v in Gender.choices},
            m.BY_ROLE: {k: str(v) for k, v in ParticipantRole.choices},
        }

    def __call__(self, metric: str, key: str) -> str:
        if not key:
            return ""
        if key == m.NOT_GIVEN:
            return _("Not given")
        if metric == m.BY_COUNTRY:
            return str(countries.name(key)) or key
        if metric == m.BY_CITY:
            city = self.cities.get(int(key)) if key.isdigit() else None
            return str(city) if city else key
        if metric in self.fixed:
            return self.fixed[metric].get(key, key)
        found = self.objects.get((_kind(metric), key))
        return found[0] if found else key

    def url(self, metric: str, key: str) -> str:
        if metric == m.BY_CITY and key.isdigit():
            city = self.cities.get(int(key))
            return reverse("impact:city", kwargs={"slug": city.slug}) if city else ""
        found = self.objects.get((_kind(metric), key))
        return found[1] if found else ""

    def when(self, metric: str, key: str) -> datetime | None:
        found = self.objects.get((_kind(metric), key))
        return found[2] if found else None


def _kind(metric: str) -> str:
    return metric.split("_", 1)[0]  # event, debate, map, process


def _order(metric: str, cells: dict[str, int | None], labels: _KeyLabels) -> list[str]:
    if metric == m.BY_AGE:
        position = {key: i for i, key in enumerate(AGE_ORDER)}
        last = len(AGE_ORDER)
        return sorted(cells, key=lambda k: position.get(k, last + 1 if k == m.NOT_GIVEN else last))
    if metric == m.FUNDING_BY_YEAR:
        return sorted(cells)
    # largest first; withheld and "not given" after the rest, then by name
    return sorted(
        cells,
        key=lambda k: (
            k == m.NOT_GIVEN,
            -(cells[k] or 0),
            labels(metric, k).casefold(),
        ),
    )


CHARTED = (
    m.BY_CITY,
    m.BY_REGION,
    m.BY_COUNTRY,
    m.BY_AGE,
    m.BY_GENDER,
    m.BY_ROLE,
    m.FUNDING_BY_YEAR,
)


def _places(
    metric: str,
    breakdowns: dict[str, dict[str, int | None]],
    labels: _KeyLabels,
    scope: str,
    column: str,
) -> Breakdown:
    cells = breakdowns.get(metric, {})
    rows = [
        Row(key, labels(metric, key), cells[key], labels.url(metric, key))
        for key in _order(metric, cells, labels)
    ]
    title = m.label(metric)
    chart = None
    if rows and metric in CHARTED:
        shown = [row for row in rows if row.key != m.NOT_GIVEN]
        if metric in m.SUPPRESSED_BREAKDOWNS:
            description = _(
                "%(figure)s: a bar chart, one bar per line; figures of fewer than %(count)s "
                "people are withheld and have no bar. The same figures are in the table."
            ) % {"figure": title, "count": m.min_cell()}
        else:
            description = _(
                "%(figure)s: a bar chart, one bar per line. The same figures are in the table."
            ) % {"figure": title}
        chart = charts.bar_chart(
            [charts.Bar(row.label, row.value, row.text) for row in shown],
            chart_id=f"{scope}-{metric.replace('_', '-')}",
            title=title,
            description=description,
        )
    note = ""
    if metric in (m.BY_AGE, m.BY_GENDER):
        note = _(
            "Counted only for the event participants who agreed to give their age bracket and "
            "gender, each person once; 'Not given' counts those who did not."
        )
    elif metric == m.BY_ROLE:
        note = _("Event participants, each person once, by the role they registered with.")
    return Breakdown(metric, title, column, rows, chart, note)


# --- Coordinators' detail ----------------------------------------------------------------------

DETAIL_TABLES: list[tuple[str, str, list[str]]] = [
    ("events", "event", [m.EVENT_REGISTERED, m.EVENT_ATTENDED]),
    ("debates", "debate", [m.DEBATE_CONTRIBUTIONS]),
    ("maps", "map", [m.MAP_VOTES, m.MAP_VOTERS]),
    ("processes", "process", [m.PROCESS_PROPOSALS, m.PROCESS_SUPPORTS, m.PROCESS_BALLOTS]),
]


def _load_objects(kind: str, ids: Iterable[int]) -> Iterator[tuple[int, str, str, datetime | None]]:
    ids = list(ids)
    if not ids:
        return
    if kind == "event":
        for event in Event.objects.filter(pk__in=ids).only("pk", "slug", "title", "starts_at"):
            yield event.pk, str(event), event.get_absolute_url(), event.starts_at
    elif kind == "debate":
        for debate in Debate.objects.filter(pk__in=ids).only("pk", "slug", "question"):
            yield debate.pk, str(debate), debate.get_absolute_url(), None
    elif kind == "map":
        for opinion_map in OpinionMap.objects.filter(pk__in=ids).only("pk", "slug", "title"):
            yield opinion_map.pk, str(opinion_map), opinion_map.get_absolute_url(), None
    elif kind == "process":
        for process in Process.objects.filter(pk__in=ids).only("pk", "slug", "title"):
            yield process.pk, str(process), process.get_absolute_url(), None


def _detail(breakdowns: dict[str, dict[str, int | None]], labels: _KeyLabels) -> list[DetailTable]:
    titles = {
        "events": (
            _("Events"),
            _("Registrations and attendances per event (last 24 months and upcoming)"),
            _("Event"),
        ),
        "debates": (_("Debates"), _("Contributions per debate"), _("Debate")),
        "maps": (_("Opinion maps"), _("Votes per opinion map"), _("Opinion map")),
        "processes": (
            _("Participatory processes"),
            _("Proposals, supports and ballots per participatory process"),
            _("Process"),
        ),
    }
    tables = []
    for anchor, kind, codes in DETAIL_TABLES:
        keys = sorted({key for code in codes for key in breakdowns.get(code, {})}, key=int)
        for pk, name, url, when in _load_objects(kind, (int(key) for key in keys)):
            labels.objects[(kind, str(pk))] = (name, url, when)
        rows = [
            DetailRow(
                labels(codes[0], key),
                labels.url(codes[0], key),
                labels.when(codes[0], key),
                [number(breakdowns.get(code, {}).get(key) or 0) for code in codes],
            )
            for key in keys
            if (kind, key) in labels.objects
        ]
        if kind == "event":
            rows.sort(key=lambda row: row.when or timezone.now(), reverse=True)
        else:
            rows.sort(key=lambda row: row.label.casefold())
        title, caption, column = titles[anchor]
        tables.append(
            DetailTable(anchor, title, caption, [column, *[m.label(c) for c in codes]], rows)
        )
    return tables


# --- CSV ----------------------------------------------------------------------------------------


def csv_header() -> list[str]:
    return [
        _("Scope"),
        _("Month"),
        _("Code"),
        _("Figure"),
        _("Key"),
        _("Breakdown"),
        _("Value"),
        _("Note"),
    ]


def csv_rows(page: Dashboard) -> Iterator[list[Any]]:
    """Every figure of the page, all time first, then month by month."""
    scope = page.city.slug if page.city else "network"
    ordered = sorted(
        page.raw,
        key=lambda r: (r[0] is not None, r[0] or date.min, r[1], r[2].zfill(12)),
    )
    for period, metric, key, value in ordered:
        yield [
            scope,
            period.strftime("%Y-%m") if period else _("all time"),
            metric,
            m.label(metric),
            key,
            page.key_label(metric, key),
            "" if value is None else value,
            withheld_text() if value is None else "",
        ]
