"""Best practices: published ones only, with their sections, indicators and transfers."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router

from metroagora.api.errors import not_found
from metroagora.api.pagination import lean, page_of, topic_slugs
from metroagora.api.schemas import (
    CountryCode,
    LanguageCode,
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
from metroagora.events.models import EventStatus
from metroagora.practices import selectors
from metroagora.practices.models import Practice, Transfer, Transferability

router = Router(tags=["Best practices"])

NOT_FOUND = gettext_lazy(
    "No published best practice has this short name: list them with GET /api/v1/practices."
)
SHOWN_EVENTS = (EventStatus.PUBLISHED, EventStatus.HELD)
SECTIONS = (
    "challenge",
    "actions",
    "results",
    "resources",
    "eu_funds",
    "success_factors",
    "obstacles",
    "transfer_conditions",
)


class PracticeFilters(PageParams):
    city: Slug | None = None
    country: CountryCode | None = None
    topic: Slug | None = None
    language: LanguageCode | None = Field(None, description="A language it is available in.")
    transferability: Transferability | None = None


class PracticeOut(Schema):
    slug: str
    title: Translated
    summary: Translated
    city: Ref
    topics: list[str]
    languages: list[str]
    transferability: str
    published_at: datetime | None
    transfer_count: int = Field(description="Cities that took it up, at any stage.")
    adopted_count: int = Field(description="Cities that adopted it.")
    url: str


class IndicatorOut(Schema):
    label: str
    baseline: Decimal | None
    value: Decimal
    unit: str
    year: int | None


class LinkOut(Schema):
    kind: str
    title: str
    url: str
    language: str


class PracticeImageOut(Schema):
    url: str
    alt_text: str
    credit: str


class TransferOut(Schema):
    city: Ref
    status: str
    updated_at: datetime


class PracticeDetail(PracticeOut):
    challenge: Translated
    actions: Translated
    results: Translated
    resources: Translated
    eu_funds: Translated
    success_factors: Translated
    obstacles: Translated
    transfer_conditions: Translated
    cost_eur: Decimal | None
    started_on: date | None
    contact_name: str
    contact_role: str
    indicators: list[IndicatorOut]
    links: list[LinkOut]
    images: list[PracticeImageOut]
    events: list[str] = Field(description="Short names of the events it came from.")
    transfers: list[TransferOut]


def practice_summary(
    request: HttpRequest, practice: Practice, topics: list[str] | None = None
) -> dict[str, Any]:
    """``topics``: its topic slugs, as a list fetches them for a whole page; by default
    from its (prefetched) topics."""
    return {
        "slug": practice.slug,
        "title": translated(practice.title),
        "summary": translated(practice.summary),
        "city": ref(practice.city),
        "topics": [t.slug for t in practice.topics.all()] if topics is None else topics,
        "languages": [str(code) for code in practice.languages or []],
        "transferability": practice.transferability,
        "published_at": practice.published_at,
        "transfer_count": practice.transfer_count,  # type: ignore[attr-defined]
        "adopted_count": practice.adopted_count,  # type: ignore[attr-defined]
        "url": absolute(request, practice.get_absolute_url()),
    }


def _published() -> QuerySet[Practice]:
    return selectors.published()


@router.get(
    "/practices", response={200: Page[PracticeOut], **errors()}, summary="List best practices"
)
def list_practices(request: HttpRequest, filters: Query[PracticeFilters]) -> dict[str, Any]:
    """Published best practices, the latest first."""
    practices = selectors.filter_practices(
        _published(),
        {
            "country": filters.country,
            "language": filters.language,
            "transferability": filters.transferability,
        },
    )
    if filters.city:
        practices = practices.filter(city__slug=filters.city)
    if filters.topic:
        practices = practices.filter(topics__slug=filters.topic)
    practices = practices.order_by("-published_at", "-pk")
    practices = lean(practices.prefetch_related(None), "title", "summary", "languages")
    topics: dict[int, list[str]] = {}

    def prepare(page: list[Practice]) -> None:
        selectors.add_transfer_counts(page)
        topics.update(topic_slugs(Practice.topics.through, "practice_id", page))

    return page_of(
        request,
        practices,
        filters,
        lambda p: practice_summary(request, p, topics.get(p.pk, [])),
        prepare=prepare,
    )


@router.get(
    "/practices/{slug}", response={200: PracticeDetail, **errors(404)}, summary="A best practice"
)
def get_practice(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    practice = (
        _published()
        .prefetch_related(
            "indicators",
            "images",
            "links",
            "events",
            Prefetch(
                "transfers",
                queryset=Transfer.objects.select_related("city").order_by("-updated_at"),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if practice is None:
        raise not_found(str(NOT_FOUND))
    selectors.add_transfer_counts([practice])
    return {
        **practice_summary(request, practice),
        **{name: translated(getattr(practice, name)) for name in SECTIONS},
        "cost_eur": practice.cost_eur,
        "started_on": practice.started_on,
        "contact_name": practice.contact_name,
        "contact_role": practice.contact_role,
        "indicators": [
            {
                "label": i.label,
                "baseline": i.baseline,
                "value": i.value,
                "unit": i.unit,
                "year": i.year,
            }
            for i in practice.indicators.all()
        ],
        "links": [
            {"kind": link.kind, "title": link.title, "url": link.url, "language": link.language}
            for link in practice.links.all()
        ],
        "images": [
            {
                "url": absolute(request, image.image.url),
                "alt_text": image.alt_text,
                "credit": image.credit,
            }
            for image in practice.images.all()
        ],
        "events": [e.slug for e in practice.events.all() if e.status in SHOWN_EVENTS],
        "transfers": [
            {"city": ref(t.city), "status": t.status, "updated_at": t.updated_at}
            for t in practice.transfers.all()
        ],
    }
