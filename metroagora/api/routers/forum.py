"""The Forum: debates, their visible contributions, and posting in the token owner's name.

Only the Forum's own debates are here: a best practice's questions and answers and
the comments on a local proposal live with the practice and the proposal.
"""

from datetime import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router
from ninja.responses import Status

from metroagora.api.auth import TokenAuth, token_user
from metroagora.api.errors import ApiError, not_found
from metroagora.api.models import Scope
from metroagora.api.pagination import lean, page_of
from metroagora.api.schemas import (
    Author,
    Id,
    Input,
    LanguageCode,
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
from metroagora.api.throttling import check_domain_limit
from metroagora.forum import selectors, services
from metroagora.forum.models import (
    MAX_LENGTH,
    Contribution,
    Debate,
    DebateStatus,
    Stance,
    Visibility,
)

router = Router(tags=["Forum"])

NOT_FOUND = gettext_lazy("No debate has this short name: list them with GET /api/v1/debates.")
SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "agreed": ("-agree_count", "-created_at", "-pk"),
}


class DebateFilters(PageParams):
    status: DebateStatus | None = None
    city: Slug | None = Field(None, description="The host city's short name.")
    topic: Slug | None = None


class ContributionFilters(PageParams):
    stance: Stance | None = None
    depth: int | None = Field(
        None, ge=0, le=2, description="0: contributions that start a thread; 1 and 2: replies."
    )
    thread: Id | None = Field(
        None, description="Only this thread: the id of its first contribution."
    )
    sort: Literal["newest", "oldest", "agreed"] = "oldest"


class DebateOut(Schema):
    slug: str
    question: Translated
    status: str
    city: Ref | None
    topics: list[str]
    contribution_count: int = Field(description="Visible contributions, replies included.")
    created_at: datetime
    closed_at: datetime | None
    url: str


class DebateDetail(DebateOut):
    introduction: Translated
    european_dimension: Translated
    local_lens: Translated
    conclusions: Translated
    stances: dict[str, int] = Field(
        description="Visible contributions for each stance: for, against, neutral."
    )
    events: list[str]
    opinion_maps: list[str]


class ContributionOut(Schema):
    id: int
    debate: str
    parent: int | None
    thread: int | None = Field(description="The id of the thread's first contribution.")
    depth: int
    author: Author | None = Field(description="Null when the author deleted their account.")
    text: str
    language: str
    stance: str
    official: bool = Field(description="An official response of a verified policymaker.")
    agree_count: int
    reply_count: int
    created_at: datetime
    edited_at: datetime | None


class PostedContribution(ContributionOut):
    held_for_review: bool = Field(description="True: shown once a moderator approves it.")


class ContributionIn(Input):
    text: Text = Field(min_length=1, max_length=MAX_LENGTH)
    stance: Stance
    language: LanguageCode = Field(description="The language you write in.")
    parent: Id | None = Field(None, description="Reply to this contribution of the debate.")


def _debates() -> QuerySet[Debate]:
    return selectors.debates().prefetch_related("topics")


def _debate(slug: str, *, detail: bool = False) -> Debate:
    """A Forum debate (not a practice's Q&A, not a proposal's comments); 404 otherwise."""
    debates = (
        _debates().prefetch_related("events", "opinion_maps")
        if detail
        else Debate.objects.filter(practice__isnull=True, proposal__isnull=True)
    )
    debate = debates.filter(slug=slug).first()
    if debate is None:
        raise not_found(str(NOT_FOUND))
    return debate


def debate_summary(request: HttpRequest, debate: Debate) -> dict[str, Any]:
    return {
        "slug": debate.slug,
        "question": translated(debate.question),
        "status": debate.status,
        "city": ref(debate.city),
        "topics": [t.slug for t in debate.topics.all()],
        "contribution_count": debate.contribution_count,
        "created_at": debate.created_at,
        "closed_at": debate.closed_at,
        "url": absolute(request, debate.get_absolute_url()),
    }


def contribution_out(contribution: Contribution, debate: Debate) -> dict[str, Any]:
    return {
        "id": contribution.pk,
        "debate": debate.slug,
        "parent": contribution.parent_id,
        "thread": contribution.root_id,
        "depth": contribution.depth,
        "author": author(contribution.author),
        "text": contribution.text,
        "language": contribution.language,
        "stance": contribution.stance,
        "official": contribution.is_official,
        "agree_count": contribution.agree_count,
        "reply_count": contribution.reply_count,
        "created_at": contribution.created_at,
        "edited_at": contribution.edited_at,
    }


@router.get("/debates", response={200: Page[DebateOut], **errors()}, summary="List debates")
def list_debates(request: HttpRequest, filters: Query[DebateFilters]) -> dict[str, Any]:
    """The Forum's debates, newest first."""
    debates = _debates().order_by("-created_at", "-pk")
    if filters.status:
        debates = debates.filter(status=filters.status)
    if filters.city:
        debates = debates.filter(city__slug=filters.city)
    if filters.topic:
        debates = debates.filter(topics__slug=filters.topic)
    debates = lean(debates, "question")
    return page_of(request, debates, filters, lambda d: debate_summary(request, d))


@router.get("/debates/{slug}", response={200: DebateDetail, **errors(404)}, summary="A debate")
def get_debate(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    debate = _debate(slug, detail=True)
    balance = selectors.stance_balance(debate).counts
    return {
        **debate_summary(request, debate),
        "introduction": translated(debate.introduction),
        "european_dimension": translated(debate.european_dimension),
        "local_lens": translated(debate.local_lens),
        "conclusions": translated(debate.conclusions),
        "stances": {stance: balance.get(stance, 0) for stance in Stance.values},
        "events": [e.slug for e in debate.events.all()],
        "opinion_maps": [m.slug for m in debate.opinion_maps.all()],
    }


@router.get(
    "/debates/{slug}/contributions",
    response={200: Page[ContributionOut], **errors(404)},
    summary="List a debate's contributions",
)
def list_contributions(
    request: HttpRequest, slug: Slug, filters: Query[ContributionFilters]
) -> dict[str, Any]:
    """Visible contributions only (never held, hidden or deleted ones); authors by their
    public name."""
    debate = _debate(slug)
    rows = Contribution.objects.filter(debate=debate, visibility=Visibility.VISIBLE)
    if filters.stance:
        rows = rows.filter(stance=filters.stance)
    if filters.depth is not None:
        rows = rows.filter(depth=filters.depth)
    if filters.thread:
        rows = rows.filter(root_id=filters.thread)
    rows = rows.select_related("author").order_by(*SORTS[filters.sort])
    return page_of(request, rows, filters, lambda c: contribution_out(c, debate))


@router.post(
    "/debates/{slug}/contributions",
    response={201: PostedContribution, **errors(401, 403, 404, 409)},
    auth=TokenAuth(Scope.CONTRIBUTE),
    summary="Post a contribution",
)
def post_contribution(request: HttpRequest, slug: Slug, payload: ContributionIn) -> Status:
    """Posts in the token owner's name (scope `contribute`), as the debate page does.

    A closed debate: 409. A reply names its `parent`, a visible contribution of the
    same debate. New accounts' first contributions may wait for a moderator
    (`held_for_review`).
    """
    user = token_user(request)
    check_domain_limit(request, "forum.post")
    debate = _debate(slug)
    parent = None
    if payload.parent is not None:
        parent = Contribution.objects.filter(pk=payload.parent, debate=debate).first()
        if parent is None or parent.visibility != Visibility.VISIBLE:
            raise ApiError(
                422,
                _("The parent is not a visible contribution of this debate."),
                [{"loc": ["body", "parent"], "msg": _("Unknown contribution."), "type": "parent"}],
            )
    contribution = services.post_contribution(
        user,
        debate,
        text=payload.text,
        stance=payload.stance.value,
        language=payload.language,
        parent=parent,
    )
    contribution.author = user
    return Status(
        201,
        {
            **contribution_out(contribution, debate),
            "held_for_review": contribution.visibility == Visibility.PENDING,
        },
    )
