"""Read side of the network: the querysets behind each page, built in one place."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django_countries import countries

from metroagora.network.geo import EuropeMap, load_europe_map
from metroagora.network.models import (
    PUBLIC_ROLES,
    City,
    Membership,
    PartnerOrganisation,
    Region,
)


@dataclass
class MapPoint:
    city: City
    x: float
    y: float
    label_left: bool


@dataclass
class RegionGroup:
    region: str
    label: str
    cities: list[City] = field(default_factory=list)

    @property
    def country_count(self) -> int:
        return len({str(c.country) for c in self.cities})


@dataclass
class NetworkOverview:
    cities: list[City]
    regions: list[RegionGroup]
    partners: list[PartnerOrganisation]
    points: list[MapPoint]
    member_country_ids: set[str]
    europe: EuropeMap

    @property
    def country_count(self) -> int:
        return len({str(c.country) for c in self.cities})

    @property
    def version(self) -> str:
        """Changes whenever a city or partner changes: the key of the cached fragment."""
        stamps = [c.updated_at for c in self.cities] + [p.updated_at for p in self.partners]
        newest = max(stamps).timestamp() if stamps else 0
        return f"{len(self.cities)}-{len(self.partners)}-{newest}"

    @property
    def region_count(self) -> int:
        return sum(1 for group in self.regions if group.cities)

    @property
    def population(self) -> int:
        return sum(c.population for c in self.cities)

    @property
    def highlighted_countries(self) -> list[object]:
        return [c for c in self.europe.countries if c.id in self.member_country_ids]


def cities() -> QuerySet[City]:
    return City.objects.all()


def network_overview() -> NetworkOverview:
    """Two queries: the cities and the partner organisations."""
    city_list = sorted(cities(), key=lambda c: str(c.name).casefold())
    europe = load_europe_map()
    groups = {value: RegionGroup(value, str(label)) for value, label in Region.choices}
    points = []
    member_ids = set()
    for city in city_list:
        groups[city.region].cities.append(city)
        x, y = europe.project(city.longitude, city.latitude)
        if europe.contains(x, y):
            points.append(MapPoint(city, round(x, 1), round(y, 1), x > europe.width * 0.8))
        numeric = countries.numeric(str(city.country), padded=True)
        if numeric:
            member_ids.add(numeric)
    partners = list(PartnerOrganisation.objects.select_related("city"))
    return NetworkOverview(
        cities=city_list,
        regions=list(groups.values()),
        partners=partners,
        points=points,
        member_country_ids=member_ids,
        europe=europe,
    )


def city_for_page(slug: str) -> QuerySet[City]:
    """The city with its public people and partners prefetched (three queries)."""
    public_members = (
        Membership.objects.filter(role__in=PUBLIC_ROLES)
        .select_related("user")
        .order_by("role", "user__display_name", "user__email")
    )
    return City.objects.filter(slug=slug).prefetch_related(
        Prefetch("memberships", queryset=public_members, to_attr="public_memberships"),
        Prefetch("partners", queryset=PartnerOrganisation.objects.order_by("slug")),
    )


def city_memberships(city: City) -> QuerySet[Membership]:
    return city.memberships.select_related("user", "verified_by").order_by("role", "user__email")
