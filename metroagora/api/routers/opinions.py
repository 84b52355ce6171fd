"""Opinion maps: statements, the stored analysis (groups, consensus), and voting."""

from datetime import datetime
from typing import Any, Literal

import rules
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router

from metroagora.api.auth import TokenAuth, token_user
from metroagora.api.errors import ApiError, not_found
from metroagora.api.models import Scope
from metroagora.api.pagination import lean, page_of
from metroagora.api.schemas import (
    Id,
    Input,
    Page,
    PageParams,
    Ref,
    Schema,
    Slug,
    Translated,
    absolute,
    errors,
    ref,
    translated,
)
from metroagora.api.throttling import check_domain_limit
from metroagora.opinions import selectors, services
from metroagora.opinions.models import (
    MapStatus,
    OpinionMap,
    Statement,
    StatementStatus,
    StatementTranslation,
)

router = Router(tags=["Opinion maps"])

NOT_FOUND = gettext_lazy(
    "No opinion map has this short name: list them with GET /api/v1/opinion-maps."
)
GROUP_LETTERS = selectors.GROUP_LETTERS
HEAVY = ("analysis", "analysis_state", "priorities")


class MapFilters(PageParams):
    status: MapStatus | None = None
    city: Slug | None = Field(None, description="The consulting city's short name.")


class MapOut(Schema):
    slug: str
    title: Translated
    status: str
    city: Ref | None
    debate: str | None = Field(description="Short name of the debate it belongs to.")
    statement_count: int = Field(description="Statements shown for votes.")
    anonymous_voting: bool
    verified_residents_only: bool
    participants_submit: bool
    analysed_at: datetime | None
    created_at: datetime
    url: str


class MapDetail(MapOut):
    description: Translated
    results_url: str


class StatementOut(Schema):
    id: int
    text: str
    language: str
    translations: dict[str, str]
    seed: bool = Field(description="Written by the moderators.")
    meta: bool = Field(description="About the conversation itself: left out of the map.")
    created_at: datetime


class StatementResult(Schema):
    id: int
    text: str
    language: str
    agree: int
    disagree: int
    passes: int


class Representative(Schema):
    statement: int
    direction: str = Field(description="agree or disagree")
    share: float = Field(description="Share of the group voting that way (of those who voted).")


class GroupOut(Schema):
    id: int
    label: str
    size: int
    representative: list[Representative]


class Shared(Schema):
    statement: int
    share: float


class Consensus(Schema):
    agree: list[Shared]
    disagree: list[Shared]


class ResultsOut(Schema):
    map: str
    analysed_at: datetime | None = Field(description="Null until the first analysis.")
    participants: int
    clustered: int
    votes: int
    groups: list[GroupOut]
    consensus: Consensus
    divisive: list[int] = Field(description="Statements the groups disagree on most.")
    statements: list[StatementResult]


class VoteIn(Input):
    statement: Id
    value: Literal[-1, 0, 1] = Field(description="1 agree, 0 pass, -1 disagree.")


class VoteOut(Schema):
    map: str
    statement: int
    value: int


def _maps() -> QuerySet[OpinionMap]:
    return selectors.maps().defer(*HEAVY)


def _map(slug: str, *, with_analysis: bool = False) -> OpinionMap:
    maps = selectors.maps() if with_analysis else _maps()
    opinion_map = maps.filter(slug=slug).first()
    if opinion_map is None:
        raise not_found(str(NOT_FOUND))
    return opinion_map


def map_summary(request: HttpRequest, opinion_map: OpinionMap) -> dict[str, Any]:
    return {
        "slug": opinion_map.slug,
        "title": translated(opinion_map.title),
        "status": opinion_map.status,
        "city": ref(opinion_map.city),
        "debate": opinion_map.debate.slug if opinion_map.debate else None,
        "statement_count": opinion_map.statement_count,  # type: ignore[attr-defined]
        "anonymous_voting": opinion_map.anonymous_voting,
        "verified_residents_only": opinion_map.verified_residents_only,
        "participants_submit": opinion_map.participants_submit,
        "analysed_at": opinion_map.analysed_at,
        "created_at": opinion_map.created_at,
        "url": absolute(request, opinion_map.get_absolute_url()),
    }


@router.get("/opinion-maps", response={200: Page[MapOut], **errors()}, summary="List opinion maps")
def list_maps(request: HttpRequest, filters: Query[MapFilters]) -> dict[str, Any]:
    maps = _maps().order_by("-created_at", "-pk")
    if filters.status:
        maps = maps.filter(status=filters.status)
    if filters.city:
        maps = maps.filter(city__slug=filters.city)
    maps = lean(maps, "title")
    return page_of(request, maps, filters, lambda m: map_summary(request, m))


@router.get(
    "/opinion-maps/{slug}", response={200: MapDetail, **errors(404)}, summary="An opinion map"
)
def get_map(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    opinion_map = _map(slug)
    return {
        **map_summary(request, opinion_map),
        "description": translated(opinion_map.description),
        "results_url": absolute(request, f"{request.path.rstrip('/')}/results"),
    }


@router.get(
    "/opinion-maps/{slug}/statements",
    response={200: Page[StatementOut], **errors(404)},
    summary="List a map's statements",
)
def list_statements(request: HttpRequest, slug: Slug, filters: Query[PageParams]) -> dict[str, Any]:
    """The statements shown for votes (never held or rejected ones), oldest first."""
    opinion_map = _map(slug)
    statements = (
        Statement.objects.filter(opinion_map=opinion_map, status=StatementStatus.VISIBLE)
        .prefetch_related(Prefetch("translations", queryset=StatementTranslation.objects.all()))
        .order_by("created_at", "pk")
    )

    def serialize(statement: Statement) -> dict[str, Any]:
        return {
            "id": statement.pk,
            "text": statement.text,
            "language": statement.language,
            "translations": {t.language: t.text for t in statement.translations.all()},
            "seed": statement.is_seed,
            "meta": statement.is_meta,
            "created_at": statement.created_at,
        }

    return page_of(request, statements, filters, serialize)


def _ids(values: Any) -> list[int]:
    out = []
    for value in values or []:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


@router.get(
    "/opinion-maps/{slug}/results",
    response={200: ResultsOut, **errors(404)},
    summary="A map's results",
)
def get_results(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """The latest stored analysis: opinion groups with their representative statements,
    consensus and divisive statements, and each shown statement's votes. It is
    recomputed a few seconds after votes arrive, never on this request."""
    opinion_map = _map(slug, with_analysis=True)
    summary = opinion_map.analysis or {}
    stats = summary.get("statements") or {}
    shown = {
        s.pk: s
        for s in Statement.objects.filter(
            opinion_map=opinion_map, status=StatementStatus.VISIBLE, pk__in=_ids(stats)
        ).only("pk", "text", "language")
    }

    def share(pk: int, direction: str) -> float:
        stat = stats.get(str(pk), {})
        seen = stat.get("agree", 0) + stat.get("disagree", 0) + stat.get("pass", 0)
        return round(stat.get(direction, 0) / seen, 4) if seen else 0.0

    consensus = summary.get("consensus") or {}
    groups = []
    for group in summary.get("groups") or []:
        groups.append(
            {
                "id": int(group["id"]),
                "label": GROUP_LETTERS[int(group["id"]) % len(GROUP_LETTERS)],
                "size": int(group["size"]),
                "representative": [
                    {
                        "statement": int(rep["statement"]),
                        "direction": rep["direction"],
                        "share": float(rep["share"]),
                    }
                    for rep in group.get("representative", [])
                    if _ids([rep.get("statement")]) and int(rep["statement"]) in shown
                ],
            }
        )
    return {
        "map": opinion_map.slug,
        "analysed_at": opinion_map.analysed_at,
        "participants": int(summary.get("participants", 0)),
        "clustered": int(summary.get("clustered", 0)),
        "votes": int(summary.get("votes", 0)),
        "groups": groups,
        "consensus": {
            direction: [
                {"statement": pk, "share": share(pk, direction)}
                for pk in _ids(consensus.get(direction))
                if pk in shown
            ]
            for direction in ("agree", "disagree")
        },
        "divisive": [pk for pk in _ids(summary.get("divisive")) if pk in shown],
        "statements": sorted(
            (
                {
                    "id": pk,
                    "text": statement.text,
                    "language": statement.language,
                    "agree": int(stats[str(pk)].get("agree", 0)),
                    "disagree": int(stats[str(pk)].get("disagree", 0)),
                    "passes": int(stats[str(pk)].get("pass", 0)),
                }
                for pk, statement in shown.items()
            ),
            key=lambda s: (-(s["agree"] + s["disagree"] + s["passes"]), s["id"]),
        ),
    }


@router.post(
    "/opinion-maps/{slug}/votes",
    response={200: VoteOut, **errors(401, 403, 404)},
    auth=TokenAuth(Scope.VOTE),
    summary="Vote on a statement",
)
def vote(request: HttpRequest, slug: Slug, payload: VoteIn) -> dict[str, Any]:
    """Votes in the token owner's name (scope `vote`). Voting again on the same statement
    changes the vote. A closed map, or a map for verified residents the person is not
    one of: 403."""
    user = token_user(request)
    check_domain_limit(request, "opinions.vote")
    opinion_map = _map(slug)
    # The map's own rule (rules.has_perm): network admins do not vote in closed maps either.
    if not rules.has_perm("opinions.vote", user, opinion_map):
        if not opinion_map.is_open:
            message = _("This opinion map is closed: you can read the results.")
        elif opinion_map.verified_residents_only:
            message = _(
                "Only verified residents of %(city)s vote here. Ask the city to verify "
                "your residence."
            ) % {"city": opinion_map.city}
        else:
            message = _("You cannot vote in this opinion map.")
        raise ApiError(403, message)
    statement = Statement.objects.filter(pk=payload.statement, opinion_map=opinion_map).first()
    if statement is None:
        raise ApiError(
            422,
            _("This statement is not open for votes."),
            [{"loc": ["body", "statement"], "msg": _("Unknown statement."), "type": "statement"}],
        )
    participant = services.participant_for(opinion_map, user=user) or services.join(
        opinion_map, user
    )
    services.cast_vote(user, participant, statement, payload.value)
    return {"map": opinion_map.slug, "statement": statement.pk, "value": payload.value}
