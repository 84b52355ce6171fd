"""EU funding: programmes, calls for proposals and the projects the network's cities won.

Everything here is public on the website too. A call's status is never stored: it
follows from its dates (``funding.selectors.status_q``). Watches, needs, partner
searches and applications belong to people and cities: none of them is here.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router

from metroagora.api.errors import not_found
from metroagora.api.pagination import grouped, lean, page_of
from metroagora.api.schemas import (
    Day,
    Id,
    Page,
    PageParams,
    Ref,
    Schema,
    Slug,
    Text,
    Translated,
    absolute,
    errors,
    ref,
    translated,
)
from metroagora.events.models import Topic
from metroagora.funding import selectors
from metroagora.funding.models import (
    Call,
    CallStatus,
    FundedProject,
    Guide,
    Programme,
    ProjectParticipant,
    status_at,
)

router = Router(tags=["EU funding"])

PROGRAMME_NOT_FOUND = gettext_lazy(
    "No EU programme has this short name: list them with GET /api/v1/programmes."
)
CALL_NOT_FOUND = gettext_lazy(
    "No call for proposals has this identifier: list them with GET /api/v1/calls?status=all."
)
PROJECT_NOT_FOUND = gettext_lazy(
    "No funded project has this number: list them with GET /api/v1/funded-projects."
)
PROGRAMME_CALLS = 10  # the next calls on a programme's own page, as on the website

# A call's identifier in the EU portal, e.g. HORIZON-MISS-2025-CIT-01-01.
CallIdentifier = Annotated[
    Text, Field(min_length=1, max_length=120, examples=["HORIZON-MISS-2025-CIT-01-01"])
]
CALL_DEFERRED = ("description", "match_terms", "source_hash", "portal_status", "created_by")
# Of the rows a list only names (a programme, a city, a topic): what ``ref`` shows.
PROGRAMME_REF = ("programme__slug", "programme__name")


class ProgrammeFilters(PageParams):
    active: bool | None = Field(
        None, description="true: only programmes with a call open now; false: only the others."
    )
    topic: Slug | None = Field(
        None, description="Programmes with at least one call on this topic (any status)."
    )
    min_city_fit: int | None = Field(
        None, ge=0, le=3, description="Programmes at least this fit for cities (see city_fit)."
    )


class CallFilters(PageParams):
    status: Literal["open", "forthcoming", "closed", "current", "all"] = Field(
        "open",
        description=(
            "open (default), forthcoming, current (open or forthcoming), closed (the latest "
            "deadline first) or all."
        ),
    )
    programme: Slug | None = Field(None, description="A programme's short name in addresses.")
    topic: Slug | None = None
    deadline_after: Day | None = Field(
        None,
        description="Calls closing on or after this day (calls without a deadline close last).",
    )
    deadline_before: Day | None = Field(None, description="Calls closing on or before this day.")
    q: Text | None = Field(
        None, max_length=200, description="Words in the title, identifier, call or keywords."
    )


class ProjectFilters(PageParams):
    city: Slug | None = Field(None, description="A network city taking part.")
    programme: Slug | None = Field(None, description="A programme's short name in addresses.")
    year: int | None = Field(None, ge=1950, le=2100, description="The year the project started.")


class ProgrammeOut(Schema):
    slug: str
    short_name: str
    name: Translated
    city_fit: int = Field(
        description=(
            "How directly a city can apply: 0 cities rarely apply, 1 as partners, "
            "2 cities often apply, 3 made for cities."
        )
    )
    budget_eur: int | None = Field(description="The EU budget for 2021-2027, in euros.")
    budget_note: str
    website: str
    open_calls: int = Field(description="Its calls open now.")
    url: str


class GuideOut(Schema):
    slug: str
    title: Translated
    url: str


class CallOut(Schema):
    identifier: str = Field(description="The topic identifier in the EU portal.")
    title: str
    programme: Ref | None
    call_identifier: str
    call_title: str
    action_type: str
    status: str = Field(description="forthcoming, open or closed: from the dates, now.")
    opens_at: datetime | None
    deadline: datetime | None = Field(description="The only, or the first-stage, deadline.")
    second_deadline: datetime | None = Field(
        description="The second-stage deadline of a two-stage call, or the last cut-off date."
    )
    deadline_model: str
    next_deadline: datetime | None = Field(
        description="When newcomers can no longer apply; null without a deadline."
    )
    budget_eur: int | None
    expected_grants: int | None
    min_contribution: int | None = Field(description="Minimum EU contribution per project.")
    max_contribution: int | None = Field(description="Maximum EU contribution per project.")
    keywords: list[str]
    topics: list[str]
    source: str = Field(description="imported (from the EU portal) or manual.")
    official_url: str = Field(description="The call's page in the EU portal, if known.")
    url: str


class ProgrammeDetail(ProgrammeOut):
    description: Translated
    city_funding: Translated = Field(description="What a city can get from it (markdown).")
    source: str = Field(description="Where the budget figure comes from.")
    calls: list[CallOut] = Field(
        description=f"Its next {PROGRAMME_CALLS} open or forthcoming calls, soonest first."
    )
    guides: list[GuideOut]


class CallDetail(CallOut):
    description: str = Field(description="HTML, sanitised.")
    guides: list[GuideOut] = Field(description="Guides on this call, its programme, or any call.")


class CityShare(Schema):
    city: Ref
    role: str
    amount: Decimal | None = Field(
        description=(
            "The city's EU contribution; the project's when it is the only network city "
            "and its own is not known (as the network's results count it)."
        )
    )


class ProjectOut(Schema):
    id: int
    acronym: str
    title: str
    programme: Ref | None
    call: str = Field(description="The call's or topic's identifier, if known.")
    starts_on: date | None
    ends_on: date | None
    total_cost: Decimal | None
    eu_contribution: Decimal | None = Field(description="The whole project's, in euros.")
    source: str = Field(description="cordis, kohesio or manual.")
    source_id: str
    cities: list[CityShare] = Field(description="The network's cities in the project.")
    project_url: str = Field(description="The project's own page, if known.")
    url: str


class ParticipantOut(Schema):
    name: str
    country: str
    role: str
    eu_contribution: Decimal | None
    city: Ref | None = Field(description="The network city, when it is one.")


class ProjectDetail(ProjectOut):
    summary: str
    results: str
    participants: list[ParticipantOut]


# --- Programmes ------------------------------------------------------------------------


def _open_calls(now: datetime) -> QuerySet[Call]:
    return Call.objects.filter(selectors.status_q(CallStatus.OPEN, now))


def _programmes(now: datetime) -> QuerySet[Programme]:
    counts = (
        _open_calls(now)
        .filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Programme.objects.annotate(
        open_calls=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
    )


def programme_summary(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    return {
        "slug": programme.slug,
        "short_name": programme.short_name,
        "name": translated(programme.name),
        "city_fit": programme.city_fit,
        "budget_eur": programme.budget_eur,
        "budget_note": programme.budget_note,
        "website": programme.website,
        "open_calls": programme.open_calls,  # type: ignore[attr-defined]
        "url": absolute(request, programme.get_absolute_url()),
    }


def _guide(request: HttpRequest, guide: Guide) -> dict[str, Any]:
    return {
        "slug": guide.slug,
        "title": translated(guide.title),
        "url": absolute(request, guide.get_absolute_url()),
    }


@router.get(
    "/programmes", response={200: Page[ProgrammeOut], **errors()}, summary="List EU programmes"
)
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilters]) -> dict[str, Any]:
    """The EU programmes of 2021-2027, those made for cities first, with their open calls."""
    now = timezone.now()
    programmes = _programmes(now).defer("description", "city_funding")
    if filters.active is not None:
        has_open = Exists(_open_calls(now).filter(programme=OuterRef("pk")))
        programmes = programmes.filter(has_open if filters.active else ~has_open)
    if filters.topic:
        programmes = programmes.filter(
            Exists(Call.objects.filter(programme=OuterRef("pk"), topics__slug=filters.topic))
        )
    if filters.min_city_fit is not None:
        programmes = programmes.filter(city_fit__gte=filters.min_city_fit)
    programmes = programmes.order_by("-city_fit", "short_name")
    return page_of(request, programmes, filters, lambda p: programme_summary(request, p))


@router.get(
    "/programmes/{slug}", response={200: ProgrammeDetail, **errors(404)}, summary="An EU programme"
)
def get_programme(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    now = timezone.now()
    programme = _programmes(now).filter(slug=slug).first()
    if programme is None:
        raise not_found(str(PROGRAMME_NOT_FOUND))
    calls = (
        _calls()
        .filter(programme=programme)
        .filter(selectors.status_q(selectors.CURRENT, now))
        .order_by("closes_at", "identifier")[:PROGRAMME_CALLS]
    )
    guides = programme.guides.filter(is_published=True).order_by("position", "slug")
    return {
        **programme_summary(request, programme),
        "description": translated(programme.description),
        "city_funding": translated(programme.city_funding),
        "source": programme.source,
        "calls": [call_summary(request, call, now) for call in calls],
        "guides": [_guide(request, guide) for guide in guides],
    }


# --- Calls -----------------------------------------------------------------------------


def _calls() -> QuerySet[Call]:
    """Calls with their programme's name and their topics' short names, not the long texts."""
    fields = [f.name for f in Call._meta.concrete_fields if f.name not in CALL_DEFERRED]
    return (
        Call.objects.select_related("programme")
        .only(*fields, *PROGRAMME_REF)
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("slug")))
    )


def call_summary(request: HttpRequest, call: Call, now: datetime) -> dict[str, Any]:
    return {
        "identifier": call.identifier,
        "title": call.title,
        "programme": ref(call.programme),
        "call_identifier": call.call_identifier,
        "call_title": call.call_title,
        "action_type": call.action_type,
        "status": status_at(call.opens_at, call.closes_at, now),
        "opens_at": call.opens_at,
        "deadline": call.deadline,
        "second_deadline": call.second_deadline,
        "deadline_model": call.deadline_model,
        "next_deadline": call.next_deadline,
        "budget_eur": call.budget_eur,
        "expected_grants": call.expected_grants,
        "min_contribution": call.min_contribution,
        "max_contribution": call.max_contribution,
        "keywords": [str(k) for k in call.keywords or []],
        "topics": [t.slug for t in call.topics.all()],
        "source": call.source,
        "official_url": call.url,
        "url": absolute(request, call.get_absolute_url()),
    }


@router.get("/calls", response={200: Page[CallOut], **errors()}, summary="List calls for proposals")
def list_calls(request: HttpRequest, filters: Query[CallFilters]) -> dict[str, Any]:
    """Open calls by default, the next deadline first (closed calls: the latest first)."""
    now = timezone.now()
    calls = selectors.filter_calls(
        _calls(),
        {
            "status": filters.status,  # "current" is selectors.CURRENT
            "deadline_from": filters.deadline_after,
            "deadline_to": filters.deadline_before,
            "q": filters.q or "",
        },
        now,
    )
    if filters.programme:
        calls = calls.filter(programme__slug=filters.programme)
    if filters.topic:
        calls = calls.filter(topics__slug=filters.topic)
    calls = lean(calls, "keywords")
    return page_of(request, calls, filters, lambda c: call_summary(request, c, now))


@router.get(
    "/calls/{identifier}",
    response={200: CallDetail, **errors(404)},
    summary="A call for proposals",
)
def get_call(request: HttpRequest, identifier: CallIdentifier) -> dict[str, Any]:
    """A call by its identifier in the EU portal, whatever its status."""
    call = selectors.call_for_page(identifier)
    if call is None:
        raise not_found(str(CALL_NOT_FOUND))
    return {
        **call_summary(request, call, timezone.now()),
        "description": call.description,
        "guides": [_guide(request, guide) for guide in selectors.guides_for_call(call)],
    }


# --- Funded projects --------------------------------------------------------------------


def _projects() -> QuerySet[FundedProject]:
    fields = [
        f.name
        for f in FundedProject._meta.concrete_fields
        if f.name not in ("summary", "results", "created_by")
    ]
    return FundedProject.objects.select_related("programme", "call").only(
        *fields, *PROGRAMME_REF, "call__identifier"
    )


def _network_cities(
    project: FundedProject, members: list[tuple[Any, ...]] | None = None
) -> list[dict[str, Any]]:
    """``members``: (city slug, city name, role, EU contribution) of the network's
    cities in the project, in order; by default from its (prefetched) participants."""
    if members is None:
        members = [
            (p.city.slug, p.city.name, p.role, p.eu_contribution)
            for p in project.participants.all()
            if p.city is not None
        ]
    shares = []
    for slug, name, role, amount in members:
        if amount is None and len(members) == 1:
            amount = project.eu_contribution
        shares.append(
            {"city": {"slug": slug, "name": str(name) or slug}, "role": role, "amount": amount}
        )
    return shares


def project_summary(
    request: HttpRequest, project: FundedProject, members: list[tuple[Any, ...]] | None = None
) -> dict[str, Any]:
    return {
        "id": project.pk,
        "acronym": project.acronym,
        "title": project.title,
        "programme": ref(project.programme),
        "call": project.call.identifier if project.call else project.call_identifier,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "total_cost": project.total_cost,
        "eu_contribution": project.eu_contribution,
        "source": project.source,
        "source_id": project.source_id,
        "cities": _network_cities(project, members),
        "project_url": project.url,
        "url": absolute(request, project.get_absolute_url()),
    }


def _participants() -> Prefetch[Any]:
    """A project's participants with their city's name."""
    participants = ProjectParticipant.objects.select_related("city").order_by("role", "name", "pk")
    return Prefetch("participants", queryset=participants)


@router.get(
    "/funded-projects",
    response={200: Page[ProjectOut], **errors()},
    summary="List projects the network's cities won",
)
def list_funded_projects(request: HttpRequest, filters: Query[ProjectFilters]) -> dict[str, Any]:
    """Funded projects with the network's cities in them, the latest start first."""
    projects = _projects()
    if filters.city:
        projects = projects.filter(
            Exists(
                ProjectParticipant.objects.filter(project=OuterRef("pk"), city__slug=filters.city)
            )
        )
    if filters.programme:
        projects = projects.filter(programme__slug=filters.programme)
    if filters.year is not None:
        projects = projects.filter(starts_on__year=filters.year)
    projects = projects.order_by(F("starts_on").desc(nulls_last=True), "title", "-pk")
    projects = lean(projects)
    members: dict[int, list[tuple[Any, ...]]] = {}

    def fetch_members(page: list[FundedProject]) -> None:
        members.update(
            grouped(
                ProjectParticipant.objects.filter(project__in=page, city__isnull=False)
                .order_by("project_id", "role", "name", "pk")
                .values_list("project_id", "city__slug", "city__name", "role", "eu_contribution")
            )
        )

    return page_of(
        request,
        projects,
        filters,
        lambda p: project_summary(request, p, members.get(p.pk, [])),
        prepare=fetch_members,
    )


@router.get(
    "/funded-projects/{project_id}",
    response={200: ProjectDetail, **errors(404)},
    summary="A funded project",
)
def get_funded_project(request: HttpRequest, project_id: Id) -> dict[str, Any]:
    project = (
        FundedProject.objects.select_related("programme", "call")
        .prefetch_related(_participants())
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise not_found(str(PROJECT_NOT_FOUND))
    return {
        **project_summary(request, project),
        "summary": project.summary,
        "results": project.results,
        "participants": [
            {
                "name": p.name,
                "country": p.country,
                "role": p.role,
                "eu_contribution": p.eu_contribution,
                "city": ref(p.city),
            }
            for p in project.participants.all()
        ],
    }
