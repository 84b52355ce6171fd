"""Local decisions: participatory processes, proposals, and budgets with their results.

Published processes only; a budget's votes are published when its vote closes.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router

from metroagora.api.errors import not_found
from metroagora.api.pagination import grouped, lean, page_of
from metroagora.api.schemas import (
    Author,
    Id,
    Page,
    PageParams,
    Ref,
    Schema,
    Slug,
    Text,
    Translated,
    absolute,
    author,
    errors,
    ref,
    translated,
)
from metroagora.decisions import selectors
from metroagora.decisions.models import (
    Budget,
    Process,
    ProcessPhase,
    ProcessStatus,
    Proposal,
    ProposalState,
)

router = Router(tags=["Local decisions"])

PROCESS_NOT_FOUND = gettext_lazy(
    "No published participatory process has this short name: list them with GET /api/v1/processes."
)
PROPOSAL_NOT_FOUND = gettext_lazy(
    "No proposal of a published process has this number: list a process's proposals with "
    "GET /api/v1/processes/{slug}/proposals."
)
BUDGET_NOT_FOUND = gettext_lazy(
    "No budget of a published process has this number: list a process's budgets with "
    "GET /api/v1/processes/{slug}/budgets."
)


class ProcessFilters(PageParams):
    city: Slug | None = None


class ProposalFilters(PageParams):
    state: ProposalState | None = Field(None, description="Default: every state but withdrawn.")
    category: Id | None = Field(None, description="A category id of the process.")
    district: Slug | None = Field(None, description="A district's short name.")
    q: Text | None = Field(None, max_length=200, description="Words in the title or text.")
    sort: Literal["supports", "newest", "oldest"] = "supports"


class PhaseOut(Schema):
    kind: str
    starts_at: datetime
    ends_at: datetime


class ProcessOut(Schema):
    slug: str
    title: Translated
    city: Ref
    district: Ref | None
    participation: str = Field(description="registered (any account) or verified (residents).")
    support_threshold: int
    phases: list[PhaseOut]
    current_phase: str | None
    url: str


class CategoryOut(Schema):
    id: int
    name: Translated


class BudgetRef(Schema):
    id: int
    title: Translated


class Figures(Schema):
    proposals: int
    supports: int
    accepted: int


class ProcessDetail(ProcessOut):
    description: Translated
    categories: list[CategoryOut]
    budgets: list[BudgetRef]
    figures: Figures


class ProposalOut(Schema):
    id: int
    process: str
    title: str
    body: str
    language: str
    author: Author | None
    category: CategoryOut | None
    district: Ref | None
    location: str
    latitude: float | None
    longitude: float | None
    estimated_cost: Decimal | None
    state: str
    support_count: int
    answer: str
    answer_reason: str
    answered_at: datetime | None
    created_at: datetime
    url: str


class ProposalImageOut(Schema):
    url: str
    alt_text: str


class ProposalDetail(ProposalOut):
    images: list[ProposalImageOut]
    comments: str | None = Field(description="Address of the comments' debate page, if any.")


class ProjectOut(Schema):
    id: int
    title: Translated
    description: Translated
    cost: Decimal
    proposal: int | None
    district: Ref | None
    votes: int | None = Field(description="Null until the vote closes.")
    selected: bool | None = Field(description="Funded; null until the vote closes.")


class BudgetOut(Schema):
    id: int
    process: str
    title: Translated
    description: Translated
    district: Ref | None
    amount: Decimal
    currency: str
    min_projects: int
    max_projects: int | None
    closed: bool
    closed_at: datetime | None
    ballots: int | None = Field(description="Null until the vote closes.")
    url: str


class BudgetDetail(BudgetOut):
    spent: Decimal | None = Field(description="Cost of the selected projects, once closed.")
    projects: list[ProjectOut] = Field(
        description="Once closed: winners first, then by votes. Before: in their order."
    )


def _published_processes() -> QuerySet[Process]:
    return selectors.processes(None)


def _process(slug: str, *, detail: bool = False) -> Process:
    """A published process; with its phases, categories and budgets for its own page."""
    processes = (
        _published_processes().prefetch_related("categories", "budgets")
        if detail
        else Process.objects.filter(status=ProcessStatus.PUBLISHED)
    )
    found = processes.filter(slug=slug).first()
    if found is None:
        raise not_found(str(PROCESS_NOT_FOUND))
    return found


def process_summary(
    request: HttpRequest,
    process: Process,
    phases: list[tuple[Any, ...]] | None = None,
) -> dict[str, Any]:
    """``phases``: (kind, starts_at, ends_at) in order, as a list fetches them for a
    whole page; by default the process's own (prefetched) phases."""
    if phases is None:
        phases = [(p.kind, p.starts_at, p.ends_at) for p in process.phases.all()]
    now = timezone.now()
    current = next((kind for kind, starts, ends in phases if starts <= now < ends), None)
    return {
        "slug": process.slug,
        "title": translated(process.title),
        "city": ref(process.city),
        "district": ref(process.district),
        "participation": process.participation,
        "support_threshold": process.support_threshold,
        "phases": [
            {"kind": kind, "starts_at": starts, "ends_at": ends} for kind, starts, ends in phases
        ],
        "current_phase": current,
        "url": absolute(request, process.get_absolute_url()),
    }


def _category(category: Any) -> dict[str, Any] | None:
    if category is None:
        return None
    return {"id": category.pk, "name": translated(category.name)}


def proposal_out(request: HttpRequest, proposal: Proposal, process_slug: str) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "process": process_slug,
        "title": proposal.title,
        "body": proposal.body,
        "language": proposal.language,
        "author": author(proposal.author),
        "category": _category(proposal.category),
        "district": ref(proposal.district),
        "location": proposal.location,
        "latitude": proposal.latitude,
        "longitude": proposal.longitude,
        "estimated_cost": proposal.estimated_cost,
        "state": proposal.state,
        "support_count": proposal.support_count,
        "answer": proposal.answer,
        "answer_reason": proposal.answer_reason,
        "answered_at": proposal.answered_at,
        "created_at": proposal.created_at,
        "url": absolute(request, proposal.get_absolute_url()),
    }


def budget_out(request: HttpRequest, budget: Budget, process_slug: str) -> dict[str, Any]:
    return {
        "id": budget.pk,
        "process": process_slug,
        "title": translated(budget.title),
        "description": translated(budget.description),
        "district": ref(budget.district),
        "amount": budget.amount,
        "currency": budget.currency,
        "min_projects": budget.min_projects,
        "max_projects": budget.max_projects,
        "closed": budget.is_closed,
        "closed_at": budget.closed_at,
        "ballots": budget.ballot_count if budget.is_closed else None,
        "url": absolute(request, budget.get_absolute_url()),
    }


@router.get(
    "/processes",
    response={200: Page[ProcessOut], **errors()},
    summary="List participatory processes",
)
def list_processes(request: HttpRequest, filters: Query[ProcessFilters]) -> dict[str, Any]:
    """Published processes, the newest first, with their phases."""
    processes = _published_processes().prefetch_related(None).order_by("-created_at", "-pk")
    if filters.city:
        processes = processes.filter(city__slug=filters.city)
    phases: dict[int, list[tuple[Any, ...]]] = {}

    def fetch_phases(page: list[Process]) -> None:
        phases.update(
            grouped(
                ProcessPhase.objects.filter(process__in=page)
                .order_by("process_id", "starts_at")
                .values_list("process_id", "kind", "starts_at", "ends_at")
            )
        )

    return page_of(
        request,
        lean(processes, "title"),
        filters,
        lambda p: process_summary(request, p, phases.get(p.pk, [])),
        prepare=fetch_phases,
    )


@router.get(
    "/processes/{slug}",
    response={200: ProcessDetail, **errors(404)},
    summary="A participatory process",
)
def get_process(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    process = _process(slug, detail=True)
    figures = selectors.process_figures(process)
    return {
        **process_summary(request, process),
        "description": translated(process.description),
        "categories": [_category(c) for c in process.categories.all()],
        "budgets": [{"id": b.pk, "title": translated(b.title)} for b in process.budgets.all()],
        "figures": {
            "proposals": figures.proposals,
            "supports": figures.supports,
            "accepted": figures.accepted,
        },
    }


@router.get(
    "/processes/{slug}/proposals",
    response={200: Page[ProposalOut], **errors(404)},
    summary="List a process's proposals",
)
def list_proposals(
    request: HttpRequest, slug: Slug, filters: Query[ProposalFilters]
) -> dict[str, Any]:
    """Proposals, most supported first by default; withdrawn ones only when asked for."""
    process = _process(slug)
    data: dict[str, Any] = {"state": filters.state or "", "q": filters.q or ""}
    if filters.category:
        data["category"] = filters.category
    proposals = selectors.filter_proposals(process, data)
    if filters.district:
        proposals = proposals.filter(
            district__slug=filters.district, district__city_id=process.city_id
        )
    rows = proposals.select_related("category", "district", "author").order_by(
        *selectors.SORTS[filters.sort]
    )
    return page_of(request, rows, filters, lambda p: proposal_out(request, p, process.slug))


@router.get(
    "/proposals/{proposal_id}", response={200: ProposalDetail, **errors(404)}, summary="A proposal"
)
def get_proposal(request: HttpRequest, proposal_id: Id) -> dict[str, Any]:
    proposal = selectors.proposal_for_page(proposal_id)
    if proposal is None or proposal.process.status != ProcessStatus.PUBLISHED:
        raise not_found(str(PROPOSAL_NOT_FOUND))
    return {
        **proposal_out(request, proposal, proposal.process.slug),
        "images": [
            {"url": absolute(request, image.image.url), "alt_text": image.alt_text}
            for image in proposal.images.all()
        ],
        "comments": absolute(request, proposal.debate.get_absolute_url())
        if proposal.debate_id and proposal.debate
        else None,
    }


@router.get(
    "/processes/{slug}/budgets",
    response={200: Page[BudgetOut], **errors(404)},
    summary="List a process's budgets",
)
def list_budgets(request: HttpRequest, slug: Slug, filters: Query[PageParams]) -> dict[str, Any]:
    process = _process(slug)
    budgets = Budget.objects.filter(process=process).select_related("district").order_by("pk")
    return page_of(request, budgets, filters, lambda b: budget_out(request, b, process.slug))


@router.get(
    "/budgets/{budget_id}",
    response={200: BudgetDetail, **errors(404)},
    summary="A budget, with its results once closed",
)
def get_budget(request: HttpRequest, budget_id: Id) -> dict[str, Any]:
    budget = selectors.budget_for_page(budget_id)
    if budget is None or budget.process.status != ProcessStatus.PUBLISHED:
        raise not_found(str(BUDGET_NOT_FOUND))
    projects = list(budget.projects.all())
    closed = budget.is_closed
    if closed:
        projects = selectors.results_order(projects)
    return {
        **budget_out(request, budget, budget.process.slug),
        "spent": sum((p.cost for p in projects if p.selected), Decimal(0)) if closed else None,
        "projects": [
            {
                "id": p.pk,
                "title": translated(p.title),
                "description": translated(p.description),
                "cost": p.cost,
                "proposal": p.proposal_id,
                "district": ref(p.district),
                "votes": p.vote_count if closed else None,
                "selected": p.selected if closed else None,
            }
            for p in projects
        ],
    }
