"""Read side of opinion maps: the next statement to vote on, and the results page."""

import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from metroagora.opinions.analysis import place
from metroagora.opinions.models import (
    OpinionMap,
    Participant,
    Statement,
    StatementStatus,
    StatementTranslation,
    Vote,
)
from metroagora.opinions.summary import nearest_group

# Priority of a statement nobody has voted on yet: ((1 - ½)(0 + 1)·½·(1 + 8))² (Pol.is).
NEW_STATEMENT_PRIORITY = 5.0625
GROUP_LETTERS = "ABCDEFGHIJ"


def maps() -> QuerySet[OpinionMap]:
    return OpinionMap.objects.select_related("debate", "city").annotate(
        statement_count=Count(
            "statements", filter=Q(statements__status=StatementStatus.VISIBLE), distinct=True
        )
    )


def map_cards() -> QuerySet[OpinionMap]:
    """Maps for a list of cards: no analysis read (a large map's analysis is tens of
    kilobytes of JSON: most of the list's time with forty maps; its number of
    participants is kept in a column of its own), and their shown statements counted
    one map at a time from the index, not by grouping a join."""
    shown = (
        Statement.objects.filter(opinion_map=OuterRef("pk"), status=StatementStatus.VISIBLE)
        .order_by()
        .values("opinion_map")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        OpinionMap.objects.select_related("debate", "city")
        .defer("analysis", "analysis_state", "priorities")
        .annotate(
            statement_count=Coalesce(Subquery(shown), 0),
            participant_count=F("analysed_participants"),
        )
    )


VISIBLE_CACHE_SECONDS = 10


def _visible_key(opinion_map_id: int) -> str:
    return f"opinions:visible:{opinion_map_id}"


def visible_statement_ids(opinion_map: OpinionMap) -> list[int]:
    """The ids of the shown statements, cached briefly: every vote needs them.

    The services forget the cached list when a statement is shown or rejected; with a
    per-process cache another worker may take up to VISIBLE_CACHE_SECONDS to see it.
    """
    key = _visible_key(opinion_map.pk)
    ids = cache.get(key)
    if ids is None:
        ids = list(
            Statement.objects.filter(
                opinion_map=opinion_map, status=StatementStatus.VISIBLE
            ).values_list("pk", flat=True)
        )
        cache.set(key, ids, VISIBLE_CACHE_SECONDS)
    return ids


def forget_visible_statements(opinion_map_id: int) -> None:
    cache.delete(_visible_key(opinion_map_id))


def next_statement(
    opinion_map: OpinionMap, participant: Participant | None, rng: random.Random | None = None
) -> tuple[Statement | None, int, int]:
    """A statement the participant has not voted on, drawn by Pol.is priority.

    Returns (statement, voted count, visible count).
    """
    visible = visible_statement_ids(opinion_map)
    voted: set[int] = set()
    if participant is not None:
        voted = set(
            Vote.objects.filter(participant=participant).values_list("statement_id", flat=True)
        )
    candidates = [pk for pk in visible if pk not in voted]
    done = len(visible) - len(candidates)
    if not candidates:
        return None, done, len(visible)
    priorities = opinion_map.priorities or {}
    weights = [max(priorities.get(str(pk), NEW_STATEMENT_PRIORITY), 1e-6) for pk in candidates]
    chosen = (rng or random.SystemRandom()).choices(candidates, weights=weights, k=1)[0]
    return Statement.objects.get(pk=chosen), done, len(visible)


def translations(statements: list[Statement], language: str) -> dict[int, str]:
    rows = StatementTranslation.objects.filter(
        statement__in=[s.pk for s in statements if s.language != language], language=language
    ).values_list("statement_id", "text")
    return dict(rows)


@dataclass
class ShownStatement:
    statement: Statement
    text: str
    lang: str
    agree: int = 0
    disagree: int = 0
    passes: int = 0
    share: float = 0.0  # share for the reason it is listed (agree or disagree)
    direction: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.share)

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passes


@dataclass
class GroupView:
    id: int
    letter: str
    size: int
    percent: int
    hull_points: str
    center: tuple[float, float]
    representative: list[ShownStatement] = field(default_factory=list)


@dataclass
class MapView:
    """Everything the results page draws, in SVG coordinates (0..100)."""

    groups: list[GroupView]
    consensus_agree: list[ShownStatement]
    consensus_disagree: list[ShownStatement]
    divisive: list[ShownStatement]
    points: list[tuple[float, float, int]]
    me: tuple[float, float] | None
    my_group: GroupView | None
    participants: int
    clustered: int
    votes: int
    sampled: bool
    all_statements: list[ShownStatement]


def _scaler(summary: dict[str, Any]) -> Any:
    xs = [p[0] for p in summary.get("points", [])] + [p[0] for p in summary.get("base", [])]
    ys = [p[1] for p in summary.get("points", [])] + [p[1] for p in summary.get("base", [])]
    if not xs:
        return lambda x, y: (50.0, 50.0)
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def scale(x: float, y: float) -> tuple[float, float]:
        # Leave a margin of 6 units on each side; SVG y grows downwards.
        return (
            round(50 + (x - cx) / span * 88, 2),
            round(50 - (y - cy) / span * 88, 2),
        )

    return scale


def map_view(
    opinion_map: OpinionMap, *, participant: Participant | None, language: str
) -> MapView | None:
    summary = opinion_map.analysis or {}
    if not summary.get("statements"):
        return None
    scale = _scaler(summary)
    ids = {int(pk) for pk in summary["statements"]}
    statements = Statement.objects.filter(pk__in=ids, opinion_map=opinion_map).in_bulk()
    translated = translations(list(statements.values()), language)
    stats = summary["statements"]

    def shown(pk: Any, share: float = 0.0, direction: str = "") -> ShownStatement | None:
        statement = statements.get(int(pk))
        if statement is None or statement.status != StatementStatus.VISIBLE:
            return None
        stat = stats.get(str(pk), {})
        text = translated.get(statement.pk)
        return ShownStatement(
            statement=statement,
            text=text or statement.text,
            lang=language if text else statement.language,
            agree=stat.get("agree", 0),
            disagree=stat.get("disagree", 0),
            passes=stat.get("pass", 0),
            share=share,
            direction=direction,
        )

    clustered = max(summary.get("clustered", 0), 1)
    groups = []
    for group in summary.get("groups", []):
        hull = " ".join("{},{}".format(*scale(x, y)) for x, y in group["hull"])
        view = GroupView(
            id=group["id"],
            letter=GROUP_LETTERS[group["id"] % len(GROUP_LETTERS)],
            size=group["size"],
            percent=round(100 * group["size"] / clustered),
            hull_points=hull,
            center=scale(*group["center"]),
        )
        for rep in group["representative"]:
            item = shown(rep["statement"], rep["share"], rep["direction"])
            if item:
                view.representative.append(item)
        groups.append(view)

    me = None
    my_group = None
    if participant is not None and summary.get("components"):
        votes = dict(
            Vote.objects.filter(participant=participant).values_list("statement_id", "value")
        )
        position = place(
            votes,
            summary["statement_ids"],
            np.asarray(summary["components"]),
            np.asarray(summary["means"]),
            excluded=summary.get("excluded", []),
        )
        if position is not None:
            me = scale(*position)
            group_id = nearest_group(summary, position)
            my_group = next((g for g in groups if g.id == group_id), None)

    def listed(pks: list[Any], direction: str) -> list[ShownStatement]:
        out = []
        for pk in pks:
            stat = stats.get(str(pk), {})
            seen = stat.get("agree", 0) + stat.get("disagree", 0) + stat.get("pass", 0)
            share = stat.get(direction, 0) / seen if seen else 0.0
            item = shown(pk, share, direction)
            if item:
                out.append(item)
        return out

    everything = [s for s in (shown(pk) for pk in sorted(ids)) if s is not None]
    everything.sort(key=lambda s: -s.seen)
    return MapView(
        groups=groups,
        consensus_agree=listed(summary["consensus"]["agree"], "agree"),
        consensus_disagree=listed(summary["consensus"]["disagree"], "disagree"),
        divisive=listed(summary.get("divisive", []), "agree"),
        points=[(*scale(x, y), g) for x, y, g in summary.get("points", [])],
        me=me,
        my_group=my_group,
        participants=summary.get("participants", 0),
        clustered=summary.get("clustered", 0),
        votes=summary.get("votes", 0),
        sampled=summary.get("sampled", False),
        all_statements=everything,
    )


def my_votes(participant: Participant | None) -> list[Vote]:
    if participant is None:
        return []
    return list(
        Vote.objects.filter(participant=participant, statement__status=StatementStatus.VISIBLE)
        .select_related("statement")
        .order_by("statement__created_at", "statement_id")
    )


def pending_statements(opinion_map: OpinionMap | None = None) -> QuerySet[Statement]:
    queryset = Statement.objects.filter(status=StatementStatus.PENDING).select_related(
        "opinion_map", "author"
    )
    if opinion_map is not None:
        queryset = queryset.filter(opinion_map=opinion_map)
    return queryset.order_by("created_at", "pk")
