"""Counting the impact figures from the domain apps (reads only; services.py writes).

Every step runs a few grouped queries (``GROUP BY`` person, city and month in the
database), whatever the size of the data, and adds the result to a :class:`Tally`.
A figure counts for its city and for the whole network; figures of debates and
opinion maps that belong to no city count for the network only.

People are counted once per scope: an account is its user id; a registration without
an account is its email address (or the account with that address, when there is
one); an anonymous opinion-map voter is their participant id. Diversity figures
follow the participation reports of the events app: the role people take part in is
counted for every attendee, age bracket and gender only for those who agreed
(``demographics_consent``), each person once (their latest attendance), and breakdowns
go through small-cell suppression (:mod:`metroagora.impact.privacy`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, DateField, Min, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.decisions.models import BallotReceipt, ProcessStatus, Proposal, Support
from metroagora.events.models import Event, EventStatus, Registration, RegistrationStatus
from metroagora.forum.models import Contribution, Visibility
from metroagora.impact import metrics as m
from metroagora.impact.privacy import suppress
from metroagora.network.models import City
from metroagora.opinions.models import Vote
from metroagora.practices.models import Practice, PracticeStatus, Transfer, TransferStatus

Scope = int | None  # a city's id, or None for the whole network
Person = int | str  # a user id, "e:<email>" or "o:<opinion participant id>"
FigureKey = tuple[Scope, date | None, str, str]  # scope, month (None: all time), metric, key
EMAIL_CHUNK = 500


def month(field: str) -> TruncMonth:
    """The first day of the month of ``field``, in the site's time zone."""
    return TruncMonth(field, output_field=DateField())


def trend_months(today: date | None = None, count: int = m.TREND_MONTHS) -> list[date]:
    """The first days of the last ``count`` months, oldest first, this month included."""
    today = today or timezone.localdate()
    year, index = today.year, today.month - 1
    months = []
    for back in range(count - 1, -1, -1):
        y, mo = divmod(year * 12 + index - back, 12)
        months.append(date(y, mo + 1, 1))
    return months


@dataclass(frozen=True, slots=True)
class Attendee:
    """What one attendance says about a person, for the diversity figures."""

    when: datetime
    role: str
    age_bracket: str  # "" when not consented
    gender: str  # "" when not consented


class Tally:
    """Everything counted so far, per scope; ``figures()`` turns it into rows."""

    def __init__(self, months: Iterable[date]) -> None:
        self.months = frozenset(months)
        self.values: dict[FigureKey, int] = defaultdict(int)
        self.people: dict[Scope, set[Person]] = defaultdict(set)
        self.people_by_month: dict[tuple[Scope, date], set[Person]] = defaultdict(set)
        self.reached: dict[Scope, set[Person]] = defaultdict(set)
        self.voters: dict[Scope, set[Person]] = defaultdict(set)
        self.answered: dict[Scope, set[Person]] = defaultdict(set)
        self.policymakers: set[Person] = set()
        self.attendees: dict[Scope, dict[Person, Attendee]] = defaultdict(dict)
        self.countries: dict[Person, str] = {}
        self.projects: dict[Scope, set[int]] = defaultdict(set)
        self.emails: dict[str, int] = {}

    # --- Adding -----------------------------------------------------------------------

    @staticmethod
    def scopes(city: Scope) -> tuple[Scope, ...]:
        return (None,) if city is None else (None, city)

    def count(self, city: Scope, when: date | None, metric: str, n: int = 1) -> None:
        """``n`` more of ``metric`` in ``city`` (and the network), all time and that month."""
        for scope in self.scopes(city):
            self.values[(scope, None, metric, "")] += n
            if when in self.months:
                self.values[(scope, when, metric, "")] += n

    def count_city(self, city: Scope, metric: str, key: str = "", n: int = 1) -> None:
        """``n`` more of ``metric`` for that city only (all time)."""
        if city is not None:
            self.values[(city, None, metric, key)] += n

    def take_part(self, person: Person | None, city: Scope, when: date | None) -> None:
        if person is None:
            return
        for scope in self.scopes(city):
            self.people[scope].add(person)
            self.reached[scope].add(person)
            if when in self.months:
                self.people_by_month[(scope, when)].add(person)

    def reach(self, person: Person | None, city: Scope) -> None:
        if person is not None:
            for scope in self.scopes(city):
                self.reached[scope].add(person)

    def person_for(self, user_id: int | None, email: str) -> Person:
        """The registration's person: its account, or the account with its address."""
        if user_id is not None:
            return user_id
        address = email.strip().lower()
        return self.emails.get(address, f"e:{address}")

    # --- Rows -------------------------------------------------------------------------

    def finish(self, cities: dict[int, str], user_countries: dict[int, str]) -> None:
        """The figures made of people: distinct counts, countries, regions, diversity."""
        for person, country in user_countries.items():
            self.countries[person] = country  # the profile wins over registrations
        for scope, people in self.people.items():
            self.values[(scope, None, m.PEOPLE_TAKING_PART, "")] = len(people)
            by_country = Counter(self.countries[p] for p in people if p in self.countries)
            self.values[(scope, None, m.COUNTRIES, "")] = len(by_country)
            for code, n in by_country.items():
                self.values[(scope, None, m.BY_COUNTRY, code)] = n
            engaged = {p for p in people if p in self.policymakers} | self.answered[scope]
            self.values[(scope, None, m.POLICYMAKERS, "")] = len(engaged)
        for scope, answered in self.answered.items():
            if scope not in self.people:
                self.values[(scope, None, m.POLICYMAKERS, "")] = len(answered)
        for (scope, when), people in self.people_by_month.items():
            self.values[(scope, when, m.PEOPLE_TAKING_PART, "")] = len(people)
        for scope, people in self.reached.items():
            self.values[(scope, None, m.PEOPLE_REACHED, "")] = len(people)
        for scope, people in self.voters.items():
            self.values[(scope, None, m.OPINION_VOTERS, "")] = len(people)
        for scope, projects in self.projects.items():
            self.values[(scope, None, m.FUNDED_PROJECTS, "")] = len(projects)
        regions: dict[str, set[Person]] = defaultdict(set)
        active = 0
        for scope, people in self.people.items():
            if scope is None or not people:
                continue
            active += 1
            self.values[(None, None, m.BY_CITY, str(scope))] = len(people)
            region = cities.get(scope, "")
            if region:
                regions[region] |= people
        self.values[(None, None, m.CITIES_ACTIVE, "")] = active
        self.values[(None, None, m.REGIONS, "")] = sum(1 for people in regions.values() if people)
        for region, people in regions.items():
            self.values[(None, None, m.BY_REGION, region)] = len(people)
        for scope, attendees in self.attendees.items():
            roles = Counter(a.role for a in attendees.values() if a.role)
            ages = Counter(a.age_bracket or m.NOT_GIVEN for a in attendees.values())
            genders = Counter(a.gender or m.NOT_GIVEN for a in attendees.values())
            for metric, cells in ((m.BY_ROLE, roles), (m.BY_AGE, ages), (m.BY_GENDER, genders)):
                for key, n in cells.items():
                    self.values[(scope, None, metric, key)] = n

    def figures(self, minimum: int) -> Iterator[tuple[Scope, date | None, str, str, int | None]]:
        """Every non-zero figure; breakdowns of people with small cells withheld (None)."""
        breakdowns: dict[tuple[Scope, str], dict[str, int]] = defaultdict(dict)
        for (scope, when, metric, key), value in self.values.items():
            if metric in m.SUPPRESSED_BREAKDOWNS:
                breakdowns[(scope, metric)][key] = value
            elif value:
                yield scope, when, metric, key, value
        for (scope, metric), cells in breakdowns.items():
            for key, shown in suppress(cells, minimum).items():
                yield scope, None, metric, key, shown


# --- Steps ------------------------------------------------------------------------------
# Each step reads one domain and adds to the tally. ``STEPS`` is their order; the
# refresh reports its progress step by step.


def resolve_emails(tally: Tally) -> None:
    """Registrations made without an account by someone who has one count as that account."""
    emails = {
        email.strip().lower()
        for email in Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED, user__isnull=True
        )
        .values_list("email", flat=True)
        .distinct()
        .order_by()
    }
    ordered = sorted(emails)
    for start in range(0, len(ordered), EMAIL_CHUNK):
        chunk = ordered[start : start + EMAIL_CHUNK]
        tally.emails.update(User.objects.filter(email__in=chunk).values_list("email", "pk"))
    tally.policymakers.update(
        User.objects.filter(is_verified_policymaker=True, is_active=True).values_list(
            "pk", flat=True
        )
    )


def count_events(tally: Tally) -> None:
    held = Q(status=EventStatus.HELD) | Q(status=EventStatus.PUBLISHED, ends_at__lt=timezone.now())
    rows = (
        Event.objects.filter(held)
        .annotate(m=month("starts_at"))
        .values_list("city_id", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for city, when, n in rows:
        tally.count(city, when, m.EVENTS_HELD, n)


def count_registrations(tally: Tally) -> None:
    """Registrations (reach), attendances (taking part), diversity, countries, detail."""
    first = min(tally.months) if tally.months else None
    recent = set(
        Event.objects.filter(starts_at__date__gte=first).values_list("pk", flat=True)
        if first
        else ()
    )
    rows = (
        Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
        .annotate(registered=month("created_at"), attended=month("checked_in_at"))
        .values_list(
            "user_id",
            "email",
            "event_id",
            "event__city_id",
            "registered",
            "attended",
            "checked_in_at",
            "role",
            "demographics_consent",
            "age_bracket",
            "gender",
            "residence_country",
        )
        .order_by("created_at", "pk")
    )
    for (
        user_id,
        email,
        event_id,
        city,
        registered,
        attended,
        checked_in_at,
        role,
        consent,
        age_bracket,
        gender,
        country,
    ) in rows.iterator(chunk_size=5000):
        person = tally.person_for(user_id, email)
        tally.reach(person, city)
        tally.count(city, registered, m.REGISTRATIONS)
        if country:
            tally.countries[person] = str(country)
        if event_id in recent:
            tally.count_city(city, m.EVENT_REGISTERED, str(event_id))
        if checked_in_at is None:
            continue
        tally.count(city, attended, m.ATTENDANCES)
        tally.take_part(person, city, attended)
        if event_id in recent:
            tally.count_city(city, m.EVENT_ATTENDED, str(event_id))
        if role == "policymaker":
            tally.policymakers.add(person)
        record = Attendee(
            checked_in_at,
            role,
            age_bracket if consent else "",
            gender if consent else "",
        )
        for scope in tally.scopes(city):
            known = tally.attendees[scope].get(person)
            if known is None or known.when <= record.when:
                tally.attendees[scope][person] = record


def count_contributions(tally: Tally) -> None:
    rows = (
        Contribution.objects.filter(visibility=Visibility.VISIBLE)
        .annotate(m=month("created_at"))
        .values_list("author_id", "debate__city_id", "m", "is_official")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for author, city, when, official, n in rows:
        tally.count(city, when, m.CONTRIBUTIONS, n)
        if official:
            tally.count(city, when, m.OFFICIAL_RESPONSES, n)
        tally.take_part(author, city, when)
    per_debate = (
        Contribution.objects.filter(visibility=Visibility.VISIBLE, debate__city__isnull=False)
        .values_list("debate__city_id", "debate_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for city, debate, n in per_debate:
        tally.count_city(city, m.DEBATE_CONTRIBUTIONS, str(debate), n)


def count_opinion_votes(tally: Tally) -> None:
    rows = (
        Vote.objects.annotate(m=month("created_at"))
        .values_list("participant_id", "participant__user_id", "opinion_map__city_id", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for participant, user_id, city, when, n in rows.iterator(chunk_size=5000):
        person: Person = user_id if user_id is not None else f"o:{participant}"
        tally.count(city, when, m.OPINION_VOTES, n)
        tally.take_part(person, city, when)
        for scope in tally.scopes(city):
            tally.voters[scope].add(person)
    per_map = (
        Vote.objects.filter(opinion_map__city__isnull=False)
        .values_list("opinion_map__city_id", "opinion_map_id")
        .annotate(n=Count("pk"), people=Count("participant_id", distinct=True))
        .order_by()
    )
    for city, opinion_map, n, people in per_map:
        tally.count_city(city, m.MAP_VOTES, str(opinion_map), n)
        tally.count_city(city, m.MAP_VOTERS, str(opinion_map), people)


def count_proposals(tally: Tally) -> None:
    published = Q(process__status=ProcessStatus.PUBLISHED)
    rows = (
        Proposal.objects.filter(published)
        .annotate(m=month("created_at"))
        .values_list("author_id", "process__city_id", "process_id", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for author, city, process, when, n in rows:
        tally.count(city, when, m.PROPOSALS, n)
        tally.count_city(city, m.PROCESS_PROPOSALS, str(process), n)
        tally.take_part(author, city, when)
    answers = (
        Proposal.objects.filter(
            published, answered_by__is_verified_policymaker=True, answered_by__is_active=True
        )
        .values_list("answered_by_id", "process__city_id")
        .distinct()
        .order_by()
    )
    for person, city in answers:
        for scope in tally.scopes(city):
            tally.answered[scope].add(person)


def count_supports(tally: Tally) -> None:
    rows = (
        Support.objects.filter(proposal__process__status=ProcessStatus.PUBLISHED)
        .annotate(m=month("created_at"))
        .values_list("user_id", "proposal__process__city_id", "proposal__process_id", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for user_id, city, process, when, n in rows.iterator(chunk_size=5000):
        tally.count(city, when, m.SUPPORTS, n)
        tally.count_city(city, m.PROCESS_SUPPORTS, str(process), n)
        tally.take_part(user_id, city, when)


def count_ballots(tally: Tally) -> None:
    """Ballot receipts only: who voted and when, never what they chose."""
    rows = (
        BallotReceipt.objects.filter(budget__process__status=ProcessStatus.PUBLISHED)
        .annotate(m=month("voted_at"))
        .values_list("user_id", "budget__process__city_id", "budget__process_id", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for user_id, city, process, when, n in rows.iterator(chunk_size=5000):
        tally.count(city, when, m.BALLOTS, n)
        tally.count_city(city, m.PROCESS_BALLOTS, str(process), n)
        tally.take_part(user_id, city, when)


def count_practices(tally: Tally) -> None:
    rows = (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        .annotate(m=month("published_at"))
        .values_list("city_id", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for city, when, n in rows:
        tally.count(city, when, m.PRACTICES_PUBLISHED, n)
    transfers = (
        Transfer.objects.filter(status=TransferStatus.ADOPTED)
        .annotate(
            adopted_at=Min("updates__created_at", filter=Q(updates__status=TransferStatus.ADOPTED))
        )
        .values_list("city_id", "practice__city_id", "adopted_at", "updated_at")
        .order_by()
    )
    for city, origin, adopted_at, updated_at in transfers:
        moment = timezone.localtime(adopted_at or updated_at)
        tally.count(city, moment.date().replace(day=1), m.TRANSFERS_ADOPTED)
        tally.count_city(origin, m.PRACTICES_TAKEN_UP)


def count_funding(tally: Tally) -> None:
    for city, project, year, amount in funding_shares():
        euros = int(amount.to_integral_value())
        tally.count(city, None, m.FUNDING_EUR, euros)
        for scope in tally.scopes(city):
            tally.projects[scope].add(project)
            if year:
                tally.values[(scope, None, m.FUNDING_BY_YEAR, str(year))] += euros


def funding_shares() -> list[tuple[int, int, int | None, Decimal]]:
    """(city id, project id, start year, EU euros) of each network city in each funded
    project, by the funding app's own rule; nothing when the funding app has no such data.
    """
    try:
        from metroagora.funding.selectors import network_shares
    except ImportError:
        return []
    return [
        (share.city_id, share.project_id, share.year, Decimal(share.amount))
        for share in network_shares()
    ]


Step = Callable[[Tally], None]
STEPS: list[tuple[str, Step]] = [
    ("accounts", resolve_emails),
    ("events", count_events),
    ("registrations", count_registrations),
    ("contributions", count_contributions),
    ("opinion votes", count_opinion_votes),
    ("proposals", count_proposals),
    ("supports", count_supports),
    ("ballots", count_ballots),
    ("practices", count_practices),
    ("funding", count_funding),
]


def finish(tally: Tally) -> None:
    cities = dict(City.objects.values_list("pk", "region"))
    user_countries = {
        pk: str(country)
        for pk, country in User.objects.exclude(residence_country="").values_list(
            "pk", "residence_country"
        )
    }
    tally.finish(cities, user_countries)


def compute(progress: Callable[[str], Any] | None = None, today: date | None = None) -> Tally:
    """Every figure, counted from the database; ``progress(name)`` after each step."""
    tally = Tally(trend_months(today))
    for name, step in [*STEPS, ("people", finish)]:
        step(tally)
        if progress is not None:
            progress(name)
    return tally
