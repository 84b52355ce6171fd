"""Cities of the network, with how many people take part; no personal data."""

from datetime import date
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from metroagora.api.errors import not_found
from metroagora.api.pagination import page_of
from metroagora.api.schemas import (
    CountryCode,
    Page,
    PageParams,
    Schema,
    Slug,
    Translated,
    absolute,
    errors,
    translated,
)
from metroagora.network.models import City, Membership, Region

router = Router(tags=["Cities"])


class CityFilters(PageParams):
    country: CountryCode | None = None
    region: Region | None = None


class PartnerOut(Schema):
    slug: str
    name: str
    kind: str
    country: str
    website: str


class CityOut(Schema):
    slug: str
    name: Translated
    country: str
    region: str
    population: int
    latitude: float
    longitude: float
    website: str
    joined_on: date | None
    member_count: int
    url: str


class CityDetail(CityOut):
    description: Translated
    partners: list[PartnerOut]


def _member_counts(cities: list[City]) -> dict[int, int]:
    """How many people take part in each of ``cities`` (in any role), in one query over
    their memberships only (from the index on city and person)."""
    return dict(
        Membership.objects.filter(city__in=[c.pk for c in cities])
        .order_by()
        .values("city")
        .annotate(n=Count("user", distinct=True))
        .values_list("city", "n")
    )


def _city(request: HttpRequest, city: City, member_count: int) -> dict[str, Any]:
    return {
        "slug": city.slug,
        "name": translated(city.name),
        "country": str(city.country),
        "region": city.region,
        "population": city.population,
        "latitude": city.latitude,
        "longitude": city.longitude,
        "website": city.website,
        "joined_on": city.joined_on,
        "member_count": member_count,
        "url": absolute(request, city.get_absolute_url()),
    }


@router.get("/cities", response={200: Page[CityOut], **errors()}, summary="List cities")
def list_cities(request: HttpRequest, filters: Query[CityFilters]) -> dict[str, Any]:
    """The member cities, by their short name, with the number of people taking part."""
    cities = City.objects.order_by("slug")
    if filters.country:
        cities = cities.filter(country=filters.country)
    if filters.region:
        cities = cities.filter(region=filters.region)
    counts: dict[int, int] = {}
    return page_of(
        request,
        cities,
        filters,
        lambda c: _city(request, c, counts.get(c.pk, 0)),
        prepare=lambda page: counts.update(_member_counts(page)),
    )


@router.get("/cities/{slug}", response={200: CityDetail, **errors(404)}, summary="A city")
def get_city(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    city = City.objects.prefetch_related("partners").filter(slug=slug).first()
    if city is None:
        raise not_found(_("No city has this short name: list them with GET /api/v1/cities."))
    return {
        **_city(request, city, _member_counts([city]).get(city.pk, 0)),
        "description": translated(city.description),
        "partners": [
            {
                "slug": p.slug,
                "name": str(p.name) or p.slug,
                "kind": p.kind,
                "country": str(p.country),
                "website": p.website,
            }
            for p in city.partners.all()
        ],
    }
