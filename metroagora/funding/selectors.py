"""Querysets and read models for the funding pages, built in one place (query counts tested)."""

from __future__ import annotations

import calendar as pycalendar
import gc
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.events.models import Topic
from metroagora.funding import matching
from metroagora.funding.models import (
    Call,
    CallStatus,
    CityNeeds,
    Guide,
    PartnerAnswer,
    PartnerAnswerStatus,
    PartnerSearch,
    PartnerSearchStatus,
    Programme,
    Watch,
)
from metroagora.network.models import City
from metroagora.practices.rules import coordinated_city_ids

PAGE_SIZE = 25
CURRENT = "current"  # open or forthcoming: the list's default
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 400
VERSION_KEY = "funding:calls-version"


# --- Cache version of the calls (bumped on every write) -----------------------------


def calls_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Programmes count too: their names and fit for cities are part of the matcher's
        # profiles.
        stats = Call.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
        programmes = Programme.objects.aggregate(last=Max("updated_at"))["last"]
        version = "-".join(
            str(value)
            for value in (
                stats["n"],
                stats["last"].timestamp() if stats["last"] else 0,
                programmes.timestamp() if programmes else 0,
            )
        )
        cache.set(VERSION_KEY, version, None)
    return str(version)


def bump_calls_version() -> None:
    cache.delete(VERSION_KEY)


# --- Calls ----------------------------------------------------------------------------


def status_q(status: str, now: datetime) -> Q:
    """The calls of a status (forthcoming, open, closed, or current = not closed)."""
    not_yet = Q(opens_at__gt=now)
    over = Q(closes_at__lt=now)
    if status == CallStatus.FORTHCOMING:
        return not_yet
    if status == CallStatus.OPEN:
        return ~not_yet & ~over
    if status == CallStatus.CLOSED:
        return over & ~not_yet
    if status == CURRENT:
        return Q(closes_at__gte=now)
    return Q()


LIST_FIELDS = (
    "id",
    "identifier",
    "title",
    "action_type",
    "opens_at",
    "deadline",
    "second_deadline",
    "deadline_model",
    "closes_at",
    "budget_eur",
    "expected_grants",
    "min_contribution",
    "max_contribution",
    "url",
    "source",
    "portal_status",
    "updated_at",
    "programme__id",
    "programme__slug",
    "programme__short_name",
    "programme__name",
    "programme__city_fit",
)


def calls_for_list() -> QuerySet[Call]:
    """Calls with what lists, calendars and feeds show (not the long texts)."""
    return Call.objects.select_related("programme").only(*LIST_FIELDS)


def filter_calls(
    queryset: QuerySet[Call], data: Mapping[str, Any], now: datetime | None = None
) -> QuerySet[Call]:
    now = now or timezone.now()
    status = data.get("status") or CURRENT
    if status != "all":
        queryset = queryset.filter(status_q(status, now))
    if data.get("programme"):
        queryset = queryset.filter(programme=data["programme"])
    if data.get("action_type"):
        queryset = queryset.filter(action_type=data["action_type"])
    if data.get("topic"):
        queryset = queryset.filter(topics=data["topic"])
    within = data.get("within")
    if within:
        queryset = queryset.filter(
            closes_at__gte=now, closes_at__lte=now + timedelta(days=int(within))
        )
    if data.get("deadline_from"):
        queryset = queryset.filter(closes_at__date__gte=data["deadline_from"])
    if data.get("deadline_to"):
        queryset = queryset.filter(closes_at__date__lte=data["deadline_to"])
    for word in (data.get("q") or "").split()[:6]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(identifier__icontains=word)
            | Q(keywords__icontains=word)
            | Q(call_title__icontains=word)
        )
    if status == CallStatus.CLOSED:
        return queryset.order_by("-closes_at", "-identifier")
    return queryset.order_by("closes_at", "identifier")


def call_page(queryset: QuerySet[Call], page_number: Any) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(page_number)


def action_types() -> list[str]:
    """The types of action of all calls (cached until calls change)."""
    key = f"funding:action-types:{calls_version()}"
    types = cache.get(key)
    if types is None:
        types = sorted(
            t
            for t in Call.objects.exclude(action_type="")
            .values_list("action_type", flat=True)
            .distinct()
            .order_by()
        )
        cache.set(key, types, 3600)
    return list(types)


def programmes() -> list[Programme]:
    return list(Programme.objects.order_by("-city_fit", "short_name"))


def call_for_page(identifier: str) -> Call | None:
    return (
        Call.objects.select_related("programme")
        .prefetch_related("topics")
        .filter(identifier=identifier)
        .first()
    )


def guides_for_call(call: Call) -> list[Guide]:
    query = Q(calls=call) | Q(for_all_calls=True)
    if call.programme_id:
        query |= Q(programmes=call.programme_id)
    return list(Guide.objects.filter(query, is_published=True).distinct().order_by("position"))


@dataclass
class CallDetail:
    call: Call
    guides: list[Guide]
    partner_searches: list[Any]  # PartnerSearch, annotated with ``members``
    watching: bool
    city_watches: list[City]
    watch_cities: list[City]  # cities the person may watch this call for (not yet watching)


def call_detail(call: Call, user: Any) -> CallDetail:
    searches = list(
        call.partner_searches.exclude(status=PartnerSearchStatus.WITHDRAWN)
        .select_related("city")
        .annotate(members=Count("answers", filter=Q(answers__status=PartnerAnswerStatus.ACCEPTED)))
        .order_by("-created_at")
    )
    watching = False
    city_watches: list[City] = []
    watch_cities: list[City] = []
    if user.is_authenticated:
        watching = Watch.objects.filter(user=user, call=call).exists()
        cities = coordinated_city_ids(user)
        if cities:
            watched = set(
                Watch.objects.filter(call=call, city_id__in=cities).values_list(
                    "city_id", flat=True
                )
            )
            for city in City.objects.filter(pk__in=cities).order_by("slug"):
                (city_watches if city.pk in watched else watch_cities).append(city)
    return CallDetail(
        call=call,
        guides=guides_for_call(call),
        partner_searches=searches,
        watching=watching,
        city_watches=city_watches,
        watch_cities=watch_cities,
    )


# --- Deadline calendar ------------------------------------------------------------------


@dataclass
class Deadline:
    call: Call
    when: datetime
    stage: int  # 1, or 2 for the second deadline
    is_last: bool


def deadlines_between(
    start: datetime, end: datetime, calls: QuerySet[Call] | None = None
) -> list[Deadline]:
    """Every deadline (first and second stages) in ``[start, end)``, in order."""
    calls = calls if calls is not None else calls_for_list()
    found: list[Deadline] = []
    query = Q(deadline__gte=start, deadline__lt=end) | Q(
        second_deadline__gte=start, second_deadline__lt=end
    )
    for call in calls.filter(query).order_by():
        for stage, when in enumerate((call.deadline, call.second_deadline), start=1):
            if when is not None and start <= when < end:
                found.append(Deadline(call, when, stage, when == call.closes_at))
    found.sort(key=lambda d: (d.when, d.call.identifier))
    return found


@dataclass
class MonthView:
    month: date  # the first day
    previous: date
    next: date
    days: list[tuple[date, list[Deadline]]]  # only days with deadlines
    count: int


def month_bounds(month: date) -> tuple[date, date, date]:
    """The month's first day, and the first days of the months before and after it."""
    first = month.replace(day=1)
    last_day = pycalendar.monthrange(first.year, first.month)[1]
    return first, (first - timedelta(days=1)).replace(day=1), first + timedelta(days=last_day)


def month_view(month: date, calls: QuerySet[Call] | None = None) -> MonthView:
    first, previous, following = month_bounds(month)
    tz = timezone.get_current_timezone()
    start = datetime(first.year, first.month, 1, tzinfo=tz)
    end = datetime(following.year, following.month, 1, tzinfo=tz)
    deadlines = deadlines_between(start, end, calls)
    by_day: dict[date, list[Deadline]] = {}
    for deadline in deadlines:
        by_day.setdefault(timezone.localtime(deadline.when, tz).date(), []).append(deadline)
    return MonthView(first, previous, following, sorted(by_day.items()), len(deadlines))


FEED_MAX = 500


def feed_deadlines(calls: QuerySet[Call], now: datetime | None = None) -> list[Deadline]:
    """Deadlines for a calendar feed: the last two months and the next year, at most
    FEED_MAX (the nearest ones; a programme filter narrows a big feed)."""
    now = now or timezone.now()
    found = deadlines_between(
        now - timedelta(days=FEED_PAST_DAYS), now + timedelta(days=FEED_FUTURE_DAYS), calls
    )
    if len(found) > FEED_MAX:
        found.sort(key=lambda d: abs((d.when - now).total_seconds()))
        found = sorted(found[:FEED_MAX], key=lambda d: (d.when, d.call.identifier))
    return found


# --- Watches -------------------------------------------------------------------------


def watched_calls(user: User) -> QuerySet[Call]:
    """Calls a person watches: their own, their cities', and those of saved searches."""
    cities = coordinated_city_ids(user)
    watches = Watch.objects.filter(Q(user=user) | Q(city_id__in=cities))
    direct = Q(pk__in=watches.filter(call__isnull=False).values("call_id"))
    query = direct
    now = timezone.now()
    for search in watches.filter(call__isnull=True).values_list("search", flat=True):
        query |= Q(
            pk__in=filter_calls(Call.objects.all(), search_filters(search), now).values("pk")
        )
    return calls_for_list().filter(query)


def search_filters(search: Mapping[str, Any] | None) -> dict[str, Any]:
    """A saved search (JSON of slugs and strings) as filters for ``filter_calls``."""
    search = dict(search or {})
    data: dict[str, Any] = {
        "status": search.get("status") or CURRENT,
        "q": search.get("q", ""),
        "action_type": search.get("action_type", ""),
        "within": search.get("within") or None,
    }
    if search.get("programme"):
        data["programme"] = Programme.objects.filter(slug=search["programme"]).first() or -1
    if search.get("topic"):
        data["topic"] = Topic.objects.filter(slug=search["topic"]).first() or -1
    return data


def user_watches(user: User) -> dict[str, list[Watch]]:
    cities = coordinated_city_ids(user)
    base = Watch.objects.select_related("call", "call__programme", "city").order_by("-created_at")
    return {
        "mine": list(base.filter(user=user)),
        "cities": list(base.filter(city_id__in=cities)),
    }


# --- Matching -----------------------------------------------------------------------


Stamp = tuple[Any, Any]  # (updated_at, source_hash) of a call, as the database gives them


@dataclass
class _Built:
    """The matcher's index as last built in this process, with what it was built from."""

    key: str
    index: matching.CallIndex
    programmes: Any  # the latest change of a programme when it was built
    profiles: dict[int, tuple[Stamp, matching.CallProfile]]  # call id -> its profile


_built: _Built | None = None
FREEZE_INDEX_FROM = 1_000  # profiles made in one build
READ_ALL_FROM = 2_000  # calls written since the last build: above this, read them all
RANKINGS_KEPT = 500  # rankings of ranked_calls kept per process
_rankings: dict[tuple[Any, ...], list[matching.Match]] = {}
PROFILE_FIELDS = (
    "pk",
    "updated_at",
    "source_hash",
    "match_terms",
    "programme__city_fit",
    "programme__short_name",
    "action_type",
    "min_contribution",
    "max_contribution",
    "opens_at",
    "closes_at",
    "deadline_model",
)


def forget_call_index() -> None:
    """Drop this process's index and rankings (the next ranking builds it from scratch)."""
    global _built
    _built = None
    _rankings.clear()


def _rows(queryset: QuerySet[Any], fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """``fields`` of the rows read with a plain cursor: Django's per-value converters cost
    more than the rest of the index on 10,000 calls, so the values that need one are
    converted by ``_json_value`` and ``_datetime_value`` (text on SQLite, Python values
    on PostgreSQL)."""
    sql, params = queryset.values_list(*fields).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _datetime_value(value: Any) -> datetime | None:
    """SQLite gives naive datetimes (or text) in UTC; PostgreSQL gives aware ones."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def call_index(now: datetime | None = None) -> matching.CallIndex:
    """The matcher's index of every call not closed, cached per process until calls
    change (or the day turns).

    When calls change, only the calls written since the last build are read again: a
    call's profile depends on its row, its topics (a change of topics writes the call's
    ``updated_at``) and its programme (a change of any programme reads every call
    again). Reading the stemmed terms (JSON of about a hundred stems per call) and
    making the profiles is most of a build's time."""
    return _current_build(now or timezone.now()).index


def _current_build(now: datetime) -> _Built:
    """This process's build of the index, made again when calls changed or the day turned."""
    global _built
    key = f"{calls_version()}:{now.date().isoformat()}"
    built = _built
    if built is not None and built.key == key:
        return built
    # Hundreds of thousands of small, long-lived objects at once: the cyclic garbage
    # collector would run many times during the build for nothing, then walk them all
    # again in the next full collections. Build without it, then move everything that
    # exists to the collector's permanent generation (gc.freeze), where it is not
    # walked; the objects are still freed by reference counting when replaced. (Only
    # for big builds: a small one costs nothing, and a test run rebuilds it often.)
    gc.disable()
    try:
        built, made = _build_index(key, now, built)
        if made >= FREEZE_INDEX_FROM:
            gc.freeze()
    finally:
        gc.enable()
    _built = built
    return built


def _build_index(key: str, now: datetime, previous: _Built | None) -> tuple[_Built, int]:
    """The index of the calls closing after yesterday, reusing the profiles of
    ``previous`` that are still true; also how many profiles were made anew."""
    since = now - timedelta(days=1)
    candidates = Call.objects.filter(closes_at__gte=since)
    programmes = Programme.objects.aggregate(last=Max("updated_at"))["last"]
    known = previous.profiles if previous and previous.programmes == programmes else {}
    stamps = _rows(candidates, ("pk", "updated_at", "source_hash"))
    stale = [pk for pk, *stamp in stamps if (k := known.get(pk)) is None or k[0] != tuple(stamp)]
    made: dict[int, tuple[Stamp, matching.CallProfile]] = {}
    if stale:
        chosen = candidates if len(stale) > READ_ALL_FROM else Call.objects.filter(pk__in=stale)
        topics: dict[int, set[str]] = {}
        for call_id, slug in Call.topics.through.objects.filter(
            call__in=chosen.values("pk")
        ).values_list("call_id", "topic__slug"):
            topics.setdefault(call_id, set()).add(slug)
        for row in _rows(chosen, PROFILE_FIELDS):
            pk, updated, digest, terms, fit, short, action, low, high, opens, closes, model = row
            made[pk] = (
                (updated, digest),
                matching.CallProfile(
                    id=pk,
                    terms=_json_value(terms) or {},
                    topics=frozenset(topics.get(pk, ())),
                    city_fit=fit if fit is not None else 1,
                    programme=short or "",
                    action_type=action,
                    min_contribution=low,
                    max_contribution=high,
                    opens_at=_datetime_value(opens),
                    closes_at=_datetime_value(closes),
                    two_stage=model == "two-stage",
                ),
            )
    profiles: dict[int, tuple[Stamp, matching.CallProfile]] = {}
    for pk, *stamp in sorted(stamps):
        found = made.get(pk) or known.get(pk)
        # A call written or deleted between the two reads: the next build has it.
        if found is not None and found[0] == tuple(stamp):
            profiles[pk] = found
    index = matching.CallIndex.build([profile for _stamp, profile in profiles.values()])
    return _Built(key, index, programmes, profiles), len(made)


def open_profiles(
    now: datetime | None = None, *, include_forthcoming: bool = True
) -> list[matching.CallProfile]:
    now = now or timezone.now()
    return [p for p in call_index(now).calls if _is_candidate(p, now, include_forthcoming)]


def _is_candidate(profile: matching.CallProfile, now: datetime, forthcoming: bool) -> bool:
    if profile.closes_at is not None and profile.closes_at < now:
        return False
    return forthcoming or profile.opens_at is None or profile.opens_at <= now


@dataclass
class RankedCall:
    call: Call
    match: matching.Match
    topics: list[Topic] = field(default_factory=list)


def ranked_calls(
    needs: matching.Needs,
    *,
    limit: int = 20,
    include_forthcoming: bool = True,
    now: datetime | None = None,
) -> list[RankedCall]:
    """The best calls for ``needs`` with the Call rows loaded (two queries after the cache).

    The ranking is kept per process for the same needs, until the calls change or the
    minute turns: a closed debate's or a practice's page asks the same question of 10,000
    calls at each visit (about 30 ms each time)."""
    now = now or timezone.now().replace(second=0, microsecond=0)
    built = _current_build(now)
    key = (
        built.key,
        now,
        limit,
        include_forthcoming,
        needs.text,
        tuple(needs.priorities),
        needs.topics,
        needs.language,
        needs.population,
    )
    matches = _rankings.get(key)
    if matches is None:
        matches = matching.rank(
            needs,
            built.index,
            now=now,
            limit=limit,
            keep=lambda profile: _is_candidate(profile, now, include_forthcoming),
        )
        if len(_rankings) >= RANKINGS_KEPT:
            _rankings.clear()
        _rankings[key] = matches
    if not matches:
        return []
    calls = (
        Call.objects.select_related("programme")
        .defer("description", "match_terms")
        .in_bulk([m.call_id for m in matches])
    )
    slugs = {slug for m in matches for slug in m.topics}
    topics = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)} if slugs else {}
    return [
        RankedCall(calls[m.call_id], m, [topics[s] for s in m.topics if s in topics])
        for m in matches
        if m.call_id in calls
    ]


def needs_of(city: City) -> CityNeeds | None:
    return CityNeeds.objects.filter(city=city).prefetch_related("topics").first()


def needs_for_matching(needs: CityNeeds, city: City) -> matching.Needs:
    return matching.Needs(
        text=needs.text,
        priorities=list(needs.priorities or []),
        topics=frozenset(t.slug for t in needs.topics.all()),
        language=needs.language,
        population=city.population,
    )


# --- Partner searches -------------------------------------------------------------------


def partner_searches(*, status: str | None = None) -> QuerySet[PartnerSearch]:
    queryset = (
        PartnerSearch.objects.select_related("city", "call", "call__programme")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=PartnerAnswer.objects.select_related("city").order_by("created_at"),
            )
        )
        .order_by("call__closes_at", "-created_at")
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def visible_answers(search: PartnerSearch, user: Any) -> list[PartnerAnswer]:
    """Accepted members are public; proposals are seen by both cities and admins."""
    answers = list(search.answers.all())
    if not user.is_authenticated:
        return [a for a in answers if a.status == PartnerAnswerStatus.ACCEPTED]
    if user.has_perm("funding.change_partner_search", search):
        return answers
    cities = coordinated_city_ids(user)
    return [a for a in answers if a.status == PartnerAnswerStatus.ACCEPTED or a.city_id in cities]


def cities_list(pks: Iterable[int]) -> list[City]:
    return list(City.objects.filter(pk__in=list(pks)).order_by("slug"))


# --- Capitalisation: funding won, success rates ---------------------------------------------


@dataclass
class Share:
    """One network city's share of one funded project."""

    city_id: int
    project_id: int
    programme: str  # short name, "" when unknown
    year: int | None
    amount: Decimal


@dataclass
class Bar:
    label: str
    value: Decimal
    text: str
    y: int = 0
    width: float = 0.0


@dataclass
class Chart:
    bars: list[Bar]
    height: int
    label_width: int = 150
    plot_width: int = 300

    @property
    def value_x(self) -> int:
        return self.label_width + 10


def bar_chart(rows: list[tuple[str, Decimal]], text: Any) -> Chart:
    """Horizontal bars of ``rows`` (label, value), ``text(value)`` printed beside each."""
    top = max((value for _label, value in rows), default=Decimal(0)) or Decimal(1)
    bars = []
    for index, (label, value) in enumerate(rows):
        width = float(value / top) * 300 if top else 0.0
        bars.append(Bar(label, value, text(value), y=index * 30, width=round(width, 1)))
    return Chart(bars, height=max(30, len(bars) * 30))


def network_shares(city: City | None = None) -> list[Share]:
    """Every network city's share of each funded project (the participant's EU amount;
    the project's when it is the only network city and its own amount is not known)."""
    from metroagora.funding.models import ProjectParticipant

    participants = ProjectParticipant.objects.filter(city__isnull=False)
    if city is not None:
        participants = participants.filter(project__participants__city=city).distinct()
    rows = list(
        participants.values_list(
            "city_id",
            "project_id",
            "eu_contribution",
            "project__eu_contribution",
            "project__programme__short_name",
            "project__starts_on",
        ).order_by()
    )
    network_count: dict[int, int] = {}
    for _city, project, *_rest in rows:
        network_count[project] = network_count.get(project, 0) + 1
    shares = []
    for city_id, project, amount, project_amount, short, starts in rows:
        if city is not None and city_id != city.pk:
            continue
        if amount is None and network_count[project] == 1:
            amount = project_amount
        shares.append(
            Share(
                city_id=city_id,
                project_id=project,
                programme=short or "",
                year=starts.year if starts else None,
                amount=Decimal(amount or 0),
            )
        )
    return shares


@dataclass
class ApplicationStats:
    won: int = 0
    lost: int = 0
    submitted: int = 0
    preparing: int = 0

    @property
    def decided(self) -> int:
        return self.won + self.lost

    @property
    def success_rate(self) -> float | None:
        return self.won / self.decided if self.decided else None


def application_stats(city: City | None = None) -> dict[int | None, ApplicationStats]:
    """Applications per city (key None: the whole network)."""
    from metroagora.funding.models import Application

    queryset = Application.objects.all()
    if city is not None:
        queryset = queryset.filter(city=city)
    stats: dict[int | None, ApplicationStats] = {None: ApplicationStats()}
    for city_id, status, count in (
        queryset.values_list("city_id", "status").annotate(n=Count("pk")).order_by()
    ):
        for key in (None, city_id):
            entry = stats.setdefault(key, ApplicationStats())
            setattr(entry, status, getattr(entry, status) + count)
    return stats


@dataclass
class CityFunding:
    city: City
    total: Decimal
    projects: int
    applications: ApplicationStats

    @property
    def per_inhabitant(self) -> Decimal | None:
        if not self.city.population:
            return None
        return self.total / self.city.population


@dataclass
class FundingReport:
    total: Decimal
    projects: int
    by_programme: list[tuple[str, Decimal]]
    by_year: list[tuple[str, Decimal]]
    applications: ApplicationStats
    cities: list[CityFunding]
    per_inhabitant: Decimal | None = None


def funding_report(city: City | None = None) -> FundingReport:
    """Funding won by programme and year, success rate and money per inhabitant."""
    shares = network_shares(city)
    names = dict(Programme.objects.values_list("short_name", "name"))
    by_programme: dict[str, Decimal] = {}
    by_year: dict[str, Decimal] = {}
    by_city: dict[int, tuple[Decimal, set[int]]] = {}
    for share in shares:
        by_programme[share.programme] = by_programme.get(share.programme, Decimal(0)) + share.amount
        year = str(share.year) if share.year else "—"
        by_year[year] = by_year.get(year, Decimal(0)) + share.amount
        total, projects = by_city.get(share.city_id, (Decimal(0), set()))
        projects.add(share.project_id)
        by_city[share.city_id] = (total + share.amount, projects)
    stats = application_stats(city)
    cities_qs = City.objects.order_by("slug")
    if city is not None:
        cities_qs = cities_qs.filter(pk=city.pk)
    cities = [
        CityFunding(
            c,
            by_city.get(c.pk, (Decimal(0), set()))[0],
            len(by_city.get(c.pk, (Decimal(0), set()))[1]),
            stats.get(c.pk, ApplicationStats()),
        )
        for c in cities_qs
    ]
    cities.sort(key=lambda c: (-c.total, c.city.slug))

    def programme_label(short: str) -> str:
        if not short:
            return _("Other or earlier programmes")
        from metroagora.core.translated import TranslatedText

        return str(TranslatedText.from_json(names.get(short))) or short

    total = sum((s.amount for s in shares), Decimal(0))
    population = sum(c.city.population for c in cities)
    return FundingReport(
        total=total,
        projects=len({s.project_id for s in shares}),
        by_programme=sorted(
            ((programme_label(k), v) for k, v in by_programme.items()), key=lambda x: -x[1]
        ),
        by_year=sorted(by_year.items()),
        applications=stats[None],
        cities=cities,
        per_inhabitant=total / population if population else None,
    )


def city_projects(city: City) -> list[Any]:
    from metroagora.funding.models import FundedProject

    return list(
        FundedProject.objects.filter(participants__city=city)
        .select_related("programme")
        .distinct()
        .order_by("-starts_on", "title")
    )


def city_applications(city: City) -> list[Any]:
    from metroagora.funding.models import Application

    return list(
        Application.objects.filter(city=city)
        .select_related("call", "call__programme", "project")
        .order_by("-submitted_on", "-created_at")
    )
