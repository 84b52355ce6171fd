"""Querysets for decision pages, built in one place (their query counts are tested)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from metroagora.decisions.models import (
    Budget,
    BudgetProject,
    Implementation,
    ImplementationStatus,
    Process,
    ProcessPhase,
    ProcessStatus,
    Proposal,
    ProposalState,
    Support,
)
from metroagora.network.models import City

PAGE_SIZE = 20
SORTS = {
    "supports": ("-support_count", "-pk"),
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
}
DEFAULT_SORT = "supports"


def processes(user: Any = None) -> QuerySet[Process]:
    """Published processes (and drafts of cities the person manages), with their phases."""
    queryset = Process.objects.select_related("city", "district").prefetch_related(
        Prefetch("phases", queryset=ProcessPhase.objects.order_by("starts_at"))
    )
    visible = Q(status=ProcessStatus.PUBLISHED)
    if user is not None and user.is_authenticated:
        if user.is_network_admin:
            return queryset
        managed = user.memberships.filter(role="coordinator").values("city_id")
        visible |= Q(city_id__in=managed)
    return queryset.filter(visible)


def process_for_page(slug: str) -> Process | None:
    return (
        Process.objects.select_related("city", "district")
        .prefetch_related(
            Prefetch("phases", queryset=ProcessPhase.objects.order_by("starts_at")),
            "categories",
            "budgets",
        )
        .filter(slug=slug)
        .first()
    )


@dataclass
class ProcessFigures:
    proposals: int
    supports: int
    accepted: int


def process_figures(process: Process) -> ProcessFigures:
    counts = process.proposals.exclude(state=ProposalState.WITHDRAWN).aggregate(
        proposals=Count("pk"),
        accepted=Count("pk", filter=Q(state=ProposalState.ACCEPTED)),
    )
    supports = Support.objects.filter(proposal__process=process).count()
    return ProcessFigures(counts["proposals"], supports, counts["accepted"])


def filter_proposals(process: Process, data: dict[str, Any]) -> QuerySet[Proposal]:
    queryset = Proposal.objects.filter(process=process)
    state = data.get("state") or ""
    if state:
        queryset = queryset.filter(state=state)
    else:
        queryset = queryset.exclude(state=ProposalState.WITHDRAWN)
    if data.get("category"):
        queryset = queryset.filter(category=data["category"])
    if data.get("district"):
        queryset = queryset.filter(district=data["district"])
    text = (data.get("q") or "").strip()
    if text:
        queryset = queryset.filter(Q(title__icontains=text) | Q(body__icontains=text))
    return queryset


def proposal_page(queryset: QuerySet[Proposal], sort: str, page_number: Any) -> Page:
    """A page of proposals, in two queries (the count, the rows).

    The page's ids are picked in a subquery, and only those rows are joined to their
    author, category and district: joined in one go, a deep page would join every row
    it skips (12 ms instead of 0.5 ms for page 200 of 5,000 on SQLite; the index
    ``proposal_by_supports`` holds the state, so the subquery reads the index only).
    """
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])
    page = Paginator(queryset.order_by(*order), PAGE_SIZE).get_page(page_number)
    page.object_list = (
        Proposal.objects.filter(pk__in=page.object_list.values("pk"))  # type: ignore[attr-defined]
        .select_related("category", "district", "author")
        .order_by(*order)
    )
    return page


def supported_ids(user: Any, proposals: list[Proposal]) -> set[int]:
    """Which of these proposals the person supports (one query)."""
    if not user.is_authenticated or not proposals:
        return set()
    return set(
        Support.objects.filter(user=user, proposal__in=[p.pk for p in proposals]).values_list(
            "proposal_id", flat=True
        )
    )


def proposal_for_page(pk: int) -> Proposal | None:
    return (
        Proposal.objects.select_related(
            "process__city", "process__district", "category", "district", "author", "answered_by"
        )
        .prefetch_related("images", "process__phases")
        .filter(pk=pk)
        .first()
    )


def budget_for_page(pk: int) -> Budget | None:
    return (
        Budget.objects.select_related("process__city", "district")
        .prefetch_related(
            "process__phases",
            Prefetch(
                "projects",
                queryset=BudgetProject.objects.select_related("proposal", "district").order_by(
                    "pk"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def results_order(projects: list[BudgetProject]) -> list[BudgetProject]:
    """Winners first, then by votes (as published when the vote closed)."""
    return sorted(projects, key=lambda p: (not p.selected, -p.vote_count, p.cost, p.pk))


def ballot_total(projects: list[BudgetProject], chosen: set[int]) -> Decimal:
    return sum((p.cost for p in projects if p.pk in chosen), Decimal(0))


def implementations(city: City) -> QuerySet[Implementation]:
    return (
        Implementation.objects.filter(city=city)
        .select_related("process", "proposal", "project__budget")
        .prefetch_related("milestones")
        .order_by("process_id", "-progress", "pk")
    )


@dataclass
class AccountabilitySummary:
    total: int
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    average_progress: int
    promised: Decimal
    overdue_milestones: int


def accountability_summary(records: list[Implementation]) -> AccountabilitySummary:
    counts = Counter(r.status for r in records)
    today = timezone.localdate()
    overdue = sum(
        1
        for r in records
        if r.status != ImplementationStatus.CANCELLED
        for m in r.milestones.all()
        if m.done_on is None and m.due_on < today
    )
    active = [r for r in records if r.status != ImplementationStatus.CANCELLED]
    return AccountabilitySummary(
        total=len(records),
        by_status=[(s.value, str(s.label), counts.get(s.value, 0)) for s in ImplementationStatus],
        average_progress=round(sum(r.progress for r in active) / len(active)) if active else 0,
        promised=sum((r.promised_cost or Decimal(0) for r in active), Decimal(0)),
        overdue_milestones=overdue,
    )


def implementation_for_page(pk: int) -> Implementation | None:
    return (
        Implementation.objects.select_related(
            "city", "process", "proposal", "project__budget", "project__proposal"
        )
        .prefetch_related("milestones", "photos", "updates__author")
        .filter(pk=pk)
        .first()
    )


def pending_residents(city: City) -> QuerySet[Any]:
    return (
        city.memberships.filter(role="resident", verified_at__isnull=True)
        .select_related("user")
        .order_by("created_at")
    )


def budgets_to_answer(process: Process) -> QuerySet[Budget]:
    return process.budgets.annotate(project_count=Count("projects"))
