"""Participatory budget arithmetic: checking a ballot, counting, choosing winners.

Pure Python (no Django), so it can be tested and benchmarked alone. Money is
``Decimal`` throughout: a budget must never be over-spent by a rounding error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class BallotProblem:
    """Why a ballot cannot be accepted; ``code`` is stable, the figures explain it."""

    code: str  # "unknown_project" | "over_budget" | "too_few" | "too_many" | "empty"
    total: Decimal = Decimal(0)
    limit: Decimal = Decimal(0)
    count: int = 0


def check_ballot(
    chosen: Iterable[int],
    costs: Mapping[int, Decimal],
    *,
    amount: Decimal,
    min_projects: int = 0,
    max_projects: int | None = None,
) -> list[BallotProblem]:
    """Approval within the budget: every chosen project exists and the total fits."""
    chosen = list(chosen)
    problems: list[BallotProblem] = []
    if not chosen:
        return [BallotProblem("empty")]
    unknown = [pk for pk in chosen if pk not in costs]
    if unknown or len(set(chosen)) != len(chosen):
        return [BallotProblem("unknown_project", count=len(unknown))]
    total = sum((costs[pk] for pk in chosen), Decimal(0))
    if total > amount:
        problems.append(BallotProblem("over_budget", total=total, limit=amount))
    if len(chosen) < min_projects:
        problems.append(BallotProblem("too_few", count=len(chosen), limit=Decimal(min_projects)))
    if max_projects is not None and len(chosen) > max_projects:
        problems.append(BallotProblem("too_many", count=len(chosen), limit=Decimal(max_projects)))
    return problems


def count_votes(ballots: Iterable[Iterable[int]]) -> Counter[int]:
    """Votes per project from ballots given as lists of project ids."""
    totals: Counter[int] = Counter()
    for ballot in ballots:
        totals.update(set(ballot))
    return totals


@dataclass(frozen=True)
class ProjectResult:
    project_id: int
    cost: Decimal
    votes: int
    rank: int  # 1 = most votes
    selected: bool


def winning_set(
    costs: Mapping[int, Decimal], votes: Mapping[int, int], amount: Decimal
) -> list[ProjectResult]:
    """Greedy by votes within the budget, as most cities do.

    Projects are taken from the most voted down; one that no longer fits is skipped
    and the next ones are still considered. Ties go to the cheaper project, then to
    the older one (lower id), so the result never depends on database order.
    """
    order = sorted(costs, key=lambda pk: (-votes.get(pk, 0), costs[pk], pk))
    remaining = amount
    results = []
    for rank, pk in enumerate(order, start=1):
        fits = votes.get(pk, 0) > 0 and costs[pk] <= remaining
        if fits:
            remaining -= costs[pk]
        results.append(ProjectResult(pk, costs[pk], votes.get(pk, 0), rank, fits))
    return results
