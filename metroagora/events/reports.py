"""Participation figures for funders: plain records in, figures out.

A pure module: no Django, no database, no translation. The views turn registrations
and feedback into :class:`Participant` and :class:`FeedbackAnswer` records, and
label the keys (roles, age brackets...) in the UI language themselves.

Figures are computed over the people who ATTENDED when anyone has been checked in
(after the event), else over everyone REGISTERED (before it); ``basis`` says which.
The programme indicator of the EU CERV programme is the share of answers rating the
event good or very good (4 or 5 out of 5).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

GOOD_RATING = 4  # 4 = good, 5 = very good
AGE_ORDER = ("u18", "18-30", "31-45", "46-60", "60+")
CHANGED_VIEW_ORDER = ("yes", "somewhat", "no")
INTERNATIONAL_MINIMUM_SHARE = 1 / 3  # Europe for Citizens "Networks of Towns" rule


@dataclass(frozen=True, slots=True)
class Participant:
    attended: bool
    country: str  # ISO 3166-1 alpha-2
    country_name: str
    city_of_residence: str
    invited_by_city: str | None  # the partner city that sent them; None = local
    invited_by_country: str | None
    role: str
    age_bracket: str = ""  # "" when not consented
    gender: str = ""  # "" when not consented


@dataclass(frozen=True, slots=True)
class FeedbackAnswer:
    rating: int  # 1..5
    would_return: bool | None = None
    changed_view: str = ""  # "yes" | "somewhat" | "no" | ""


class Basis(StrEnum):
    ATTENDED = "attended"
    REGISTERED = "registered"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a breakdown: a key, its label (the key unless given), a count, a share."""

    key: str
    count: int
    share: float  # of the rows' basis, 0..1
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.key

    @property
    def percent(self) -> float:
        return round(self.share * 100, 1)


@dataclass(frozen=True, slots=True)
class InvitedCity:
    city: str
    country: str
    count: int


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int = 0
    response_rate: float | None = None  # answers / participants on the basis
    ratings: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # how many gave 1, 2, ... 5
    would_return_yes: int = 0
    would_return_answers: int = 0
    changed_view: tuple[Row, ...] = ()

    @property
    def good_or_very_good(self) -> int:
        return sum(self.ratings[GOOD_RATING - 1 :])

    @property
    def good_share(self) -> float | None:
        """The programme indicator: share of answers rating the event 4 or 5."""
        return self.good_or_very_good / self.answers if self.answers else None

    @property
    def average_rating(self) -> float | None:
        if not self.answers:
            return None
        return sum((i + 1) * n for i, n in enumerate(self.ratings)) / self.answers

    @property
    def would_return_share(self) -> float | None:
        if not self.would_return_answers:
            return None
        return self.would_return_yes / self.would_return_answers

    @property
    def rating_rows(self) -> tuple[Row, ...]:
        return tuple(
            Row(str(i + 1), n, _share(n, self.answers)) for i, n in enumerate(self.ratings)
        )


@dataclass(frozen=True)
class Breakdowns:
    """The figures shared by an event and a project report."""

    participants: int = 0  # on the basis
    by_country: tuple[Row, ...] = ()
    international: int = 0
    local: int = 0
    by_invited_city: tuple[InvitedCity, ...] = ()
    by_role: tuple[Row, ...] = ()
    by_age_bracket: tuple[Row, ...] = ()
    age_not_given: int = 0
    by_gender: tuple[Row, ...] = ()
    gender_not_given: int = 0

    @property
    def countries(self) -> int:
        return len(self.by_country)

    @property
    def international_share(self) -> float | None:
        return self.international / self.participants if self.participants else None

    @property
    def local_share(self) -> float | None:
        return self.local / self.participants if self.participants else None

    @property
    def meets_international_share(self) -> bool:
        """At least a third of the participants were sent by partner cities."""
        share = self.international_share
        return share is not None and share >= INTERNATIONAL_MINIMUM_SHARE - 1e-9


@dataclass(frozen=True)
class EventReport(Breakdowns):
    basis: Basis = Basis.REGISTERED
    registered: int = 0
    attended: int = 0
    feedback: FeedbackSummary = field(default_factory=FeedbackSummary)


@dataclass(frozen=True)
class ProjectReport(Breakdowns):
    events: int = 0
    registered: int = 0
    attended: int = 0
    feedback: FeedbackSummary = field(default_factory=FeedbackSummary)
    reports: tuple[EventReport, ...] = ()

    @property
    def events_meeting_international_share(self) -> int:
        return sum(1 for report in self.reports if report.meets_international_share)


# --- Building ----------------------------------------------------------------------


def event_report(
    participants: Iterable[Participant], feedback: Iterable[FeedbackAnswer] = ()
) -> EventReport:
    everyone = list(participants)
    attended = [p for p in everyone if p.attended]
    basis = Basis.ATTENDED if attended else Basis.REGISTERED
    counted = attended if attended else everyone

    countries: Counter[str] = Counter()
    country_names: dict[str, str] = {}
    invited: Counter[tuple[str, str]] = Counter()
    roles: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    genders: Counter[str] = Counter()
    for p in counted:
        countries[p.country] += 1
        country_names.setdefault(p.country, p.country_name)
        if p.invited_by_city is not None:
            invited[(p.invited_by_city, p.invited_by_country or "")] += 1
        roles[p.role] += 1
        if p.age_bracket:
            ages[p.age_bracket] += 1
        if p.gender:
            genders[p.gender] += 1

    total = len(counted)
    international = sum(invited.values())
    breakdowns = _breakdowns(
        total, countries, country_names, invited, roles, ages, genders, international
    )
    return EventReport(
        **breakdowns,
        basis=basis,
        registered=len(everyone),
        attended=len(attended),
        feedback=feedback_summary(feedback, total),
    )


def feedback_summary(answers: Iterable[FeedbackAnswer], participants: int) -> FeedbackSummary:
    ratings = [0, 0, 0, 0, 0]
    yes = answered = 0
    changed: Counter[str] = Counter()
    count = 0
    for answer in answers:
        if not 1 <= answer.rating <= 5:
            raise ValueError(f"A rating is between 1 and 5, not {answer.rating!r}.")
        count += 1
        ratings[answer.rating - 1] += 1
        if answer.would_return is not None:
            answered += 1
            yes += answer.would_return
        if answer.changed_view:
            changed[answer.changed_view] += 1
    return _feedback(count, participants, ratings, yes, answered, changed)


def project_report(reports: Sequence[EventReport]) -> ProjectReport:
    """Everything summed over the events; countries are the union of the events' ones."""
    countries: Counter[str] = Counter()
    country_names: dict[str, str] = {}
    invited: Counter[tuple[str, str]] = Counter()
    roles: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    genders: Counter[str] = Counter()
    ratings = [0, 0, 0, 0, 0]
    yes = answered = answers = 0
    changed: Counter[str] = Counter()
    total = international = age_missing = gender_missing = 0
    for report in reports:
        total += report.participants
        international += report.international
        age_missing += report.age_not_given
        gender_missing += report.gender_not_given
        for row in report.by_country:
            countries[row.key] += row.count
            country_names.setdefault(row.key, row.label)
        for city in report.by_invited_city:
            invited[(city.city, city.country)] += city.count
        _add(roles, report.by_role)
        _add(ages, report.by_age_bracket)
        _add(genders, report.by_gender)
        fb = report.feedback
        answers += fb.answers
        ratings = [a + b for a, b in zip(ratings, fb.ratings, strict=True)]
        yes += fb.would_return_yes
        answered += fb.would_return_answers
        _add(changed, fb.changed_view)
    breakdowns = _breakdowns(
        total, countries, country_names, invited, roles, ages, genders, international
    )
    return ProjectReport(
        **breakdowns,
        events=len(reports),
        registered=sum(r.registered for r in reports),
        attended=sum(r.attended for r in reports),
        feedback=_feedback(answers, total, ratings, yes, answered, changed),
        reports=tuple(reports),
    )


def with_labels(rows: Iterable[Row], labels: Mapping[str, str]) -> list[Row]:
    """The rows with their labels taken from ``labels`` (e.g. a choices dict)."""
    return [
        Row(row.key, row.count, row.share, str(labels.get(row.key, row.label or row.key)))
        for row in rows
    ]


# --- Helpers -------------------------------------------------------------------------


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _add(counter: Counter[str], rows: Iterable[Row]) -> None:
    for row in rows:
        counter[row.key] += row.count


def _rows(counter: Counter[str], whole: int, order: Sequence[str] = ()) -> tuple[Row, ...]:
    """Rows by the given key order, else by count (largest first) then key."""
    if order:
        position = {key: i for i, key in enumerate(order)}
        keys = sorted(counter, key=lambda k: (position.get(k, len(order)), k))
    else:
        keys = sorted(counter, key=lambda k: (-counter[k], k))
    return tuple(Row(key, counter[key], _share(counter[key], whole)) for key in keys)


def _breakdowns(
    total: int,
    countries: Counter[str],
    country_names: dict[str, str],
    invited: Counter[tuple[str, str]],
    roles: Counter[str],
    ages: Counter[str],
    genders: Counter[str],
    international: int,
) -> dict[str, Any]:
    by_country = tuple(
        Row(code, n, _share(n, total), country_names.get(code, code))
        for code, n in sorted(
            countries.items(), key=lambda kv: (-kv[1], country_names.get(kv[0], kv[0]))
        )
    )
    by_invited_city = tuple(
        InvitedCity(city, country, n)
        for (city, country), n in sorted(invited.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    age_given = sum(ages.values())
    gender_given = sum(genders.values())
    return {
        "participants": total,
        "by_country": by_country,
        "international": international,
        "local": total - international,
        "by_invited_city": by_invited_city,
        "by_role": _rows(roles, total),
        # demographics: shares among those who agreed to give them
        "by_age_bracket": _rows(ages, age_given, AGE_ORDER),
        "age_not_given": total - age_given,
        "by_gender": _rows(genders, gender_given),
        "gender_not_given": total - gender_given,
    }


def _feedback(
    answers: int,
    participants: int,
    ratings: list[int],
    yes: int,
    answered: int,
    changed: Counter[str],
) -> FeedbackSummary:
    r1, r2, r3, r4, r5 = ratings
    return FeedbackSummary(
        answers=answers,
        response_rate=answers / participants if participants else None,
        ratings=(r1, r2, r3, r4, r5),
        would_return_yes=yes,
        would_return_answers=answered,
        changed_view=_rows(changed, sum(changed.values()), CHANGED_VIEW_ORDER),
    )
