"""Querysets for practice pages, built in one place (their query counts are tested)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet

from metroagora.accounts.models import User
from metroagora.events.models import Event, EventStatus
from metroagora.forum.models import Contribution, Visibility
from metroagora.network.models import City
from metroagora.practices.models import (
    Practice,
    PracticeStatus,
    ReviewComment,
    Transfer,
    TransferStatus,
    TransferUpdate,
)
from metroagora.practices.rules import coordinated_city_ids

PAGE_SIZE = 24
TRANSFERS_PAGE_SIZE = 50
SIMILAR = 4


def published() -> QuerySet[Practice]:
    """Published practices with their city and topics; a list then gives the page it
    shows its transfer figures with :func:`add_transfer_counts`."""
    return (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        .select_related("city")
        .prefetch_related("topics")
    )


def add_transfer_counts(practices: Iterable[Practice]) -> None:
    """Set ``transfer_count`` (cities that took it up, at any stage) and ``adopted_count``
    on each practice, in one query over these practices' transfers only. (Counting them
    in the list's own query grouped every published practice before the page was cut:
    most of the list's time with 10,000 practices.)"""
    practices = list(practices)
    counts = {
        row["practice"]: row
        for row in Transfer.objects.filter(practice__in=[p.pk for p in practices])
        .order_by()
        .values("practice")
        .annotate(total=Count("pk"), adopted=Count("pk", filter=Q(status=TransferStatus.ADOPTED)))
    }
    for practice in practices:
        row = counts.get(practice.pk, {})
        practice.transfer_count = row.get("total", 0)  # type: ignore[attr-defined]
        practice.adopted_count = row.get("adopted", 0)  # type: ignore[attr-defined]


def countries_with_practices() -> list[tuple[str, str]]:
    # EXISTS stops at each city's first published practice: DISTINCT over the join read
    # all 10,000 of them (30 ms).
    published_here = Practice.objects.filter(city=OuterRef("pk"), status=PracticeStatus.PUBLISHED)
    cities = City.objects.filter(Exists(published_here)).only("country")
    return sorted({(c.country.code, str(c.country.name)) for c in cities}, key=lambda c: c[1])


def filter_practices(queryset: QuerySet[Practice], data: dict[str, Any]) -> QuerySet[Practice]:
    if data.get("city"):
        queryset = queryset.filter(city=data["city"])
    if data.get("country"):
        queryset = queryset.filter(city__country=data["country"])
    if data.get("topic"):
        queryset = queryset.filter(topics=data["topic"])
    if data.get("language"):
        # JSON list of codes; a text match on the quoted code works on SQLite and PostgreSQL.
        queryset = queryset.filter(
            Q(languages__icontains=f'"{data["language"]}"')
            | Q(title__icontains=f'"{data["language"]}":')
        )
    if data.get("transferability"):
        queryset = queryset.filter(transferability=data["transferability"])
    return queryset


def practice_page(queryset: QuerySet[Practice], page_number: Any) -> Page:
    """The page asked for, its practices with their transfer figures."""
    page = Paginator(queryset.order_by("-published_at", "-pk"), PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    add_transfer_counts(page.object_list)
    return page


@dataclass
class Detail:
    practice: Practice
    transfers: list[Transfer]
    similar: list[Practice]
    questions: list[Contribution]
    question_count: int
    reviews: list[ReviewComment] = field(default_factory=list)


def practice_for_page(slug: str) -> Practice | None:
    return (
        Practice.objects.select_related("city", "qa_debate")
        .prefetch_related(
            "topics",
            "indicators",
            "images",
            "links",
            Prefetch(
                "events",
                queryset=Event.objects.filter(
                    status__in=[EventStatus.PUBLISHED, EventStatus.HELD]
                ).order_by("-starts_at"),
                to_attr="event_list",
            ),
        )
        .filter(slug=slug)
        .first()
    )


def similar_practices(practice: Practice, limit: int = SIMILAR) -> list[Practice]:
    """Published practices sharing the most topics; same region breaks ties."""
    topic_ids = [topic.pk for topic in practice.topics.all()]
    # A few cards: their transfer figures counted in the same query.
    candidates = (
        published()
        .exclude(pk=practice.pk)
        .annotate(
            transfer_count=Count("transfers", distinct=True),
            adopted_count=Count(
                "transfers", filter=Q(transfers__status=TransferStatus.ADOPTED), distinct=True
            ),
        )
    )
    if not topic_ids:
        candidates = candidates.filter(city__region=practice.city.region)
        return list(candidates.order_by("-published_at", "-pk")[:limit])
    # The ranking reads the topic links only (not every practice's columns grouped:
    # 47 ms with 10,000 practices), then the chosen practices are fetched.
    ranked = list(
        Practice.topics.through.objects.filter(
            topic_id__in=topic_ids, practice__status=PracticeStatus.PUBLISHED
        )
        .exclude(practice_id=practice.pk)
        .values("practice_id")
        .annotate(shared=Count("topic_id", distinct=True), published=Max("practice__published_at"))
        .order_by("-shared", F("published").desc(nulls_last=True), "-practice_id")
        .values_list("practice_id", flat=True)[:limit]
    )
    chosen = candidates.in_bulk(ranked)
    return [chosen[pk] for pk in ranked if pk in chosen]


def practice_detail(practice: Practice, *, can_see_reviews: bool) -> Detail:
    transfers = list(
        practice.transfers.select_related("city").order_by("-updated_at")
        if practice.is_published
        else []
    )
    questions: list[Contribution] = []
    count = 0
    if practice.qa_debate_id:
        visible = Contribution.objects.filter(
            debate_id=practice.qa_debate_id, depth=0, visibility=Visibility.VISIBLE
        )
        count = visible.count()
        questions = list(visible.select_related("author").order_by("-created_at")[:3])
    reviews = (
        list(practice.reviews.select_related("author").order_by("created_at", "pk"))
        if can_see_reviews
        else []
    )
    return Detail(
        practice=practice,
        transfers=transfers,
        similar=similar_practices(practice) if practice.is_published else [],
        questions=questions,
        question_count=count,
        reviews=reviews,
    )


def review_queue(user: User) -> dict[str, list[Practice]]:
    """What waits for this person: practices in review for editors; their city's drafts."""
    base = Practice.objects.select_related("city").order_by("-updated_at")
    queue: dict[str, list[Practice]] = {"in_review": [], "drafts": []}
    if user.has_perm("practices.review_practice"):
        queue["in_review"] = list(base.filter(status=PracticeStatus.IN_REVIEW))
    cities = coordinated_city_ids(user)
    if cities or user.has_perm("practices.review_practice"):
        drafts = base.filter(status__in=[PracticeStatus.DRAFT, PracticeStatus.CHANGES_REQUESTED])
        if not user.has_perm("practices.review_practice"):
            drafts = drafts.filter(city_id__in=cities)
        queue["drafts"] = list(drafts)
    return queue


def transfers_overview(page_number: Any = None) -> dict[str, Any]:
    """The transfers of published practices, the latest updated first, a page at a time
    (a large network has thousands), and how many there are in each status."""
    transfers = Transfer.objects.filter(practice__status=PracticeStatus.PUBLISHED)
    counts = dict(
        transfers.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    page = Paginator(
        transfers.select_related("practice", "practice__city", "city").order_by(
            "-updated_at", "-pk"
        ),
        TRANSFERS_PAGE_SIZE,
    ).get_page(page_number)
    return {
        "page": page,
        "transfers": page.object_list,
        "by_status": [(TransferStatus(s).label, counts.get(s, 0)) for s in TransferStatus.values],
    }


def transfer_timeline(transfer: Transfer) -> list[TransferUpdate]:
    return list(transfer.updates.select_related("author").order_by("created_at", "pk"))


def city_practices(city: City) -> list[Practice]:
    return list(published().filter(city=city).order_by("-published_at")[:12])
