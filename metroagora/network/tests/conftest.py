"""People in every role, for per-role permission tests."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.network.models import City
from metroagora.network.tests.factories import CityFactory, MembershipFactory


@dataclass
class Roles:
    city: City
    other_city: City
    anonymous: AnonymousUser
    participant: object
    resident: object
    unverified_resident: object
    policymaker: object
    moderator: object
    coordinator: object
    other_coordinator: object
    admin: object


@pytest.fixture
def roles(db) -> Roles:
    city = CityFactory(slug="milan")
    other = CityFactory(slug="lyon", country="FR", region="west")
    resident = UserFactory()
    MembershipFactory(user=resident, city=city, role="resident")
    unverified = UserFactory()
    MembershipFactory(user=unverified, city=city, role="resident", verified_at=None)
    policymaker = UserFactory(is_verified_policymaker=True)
    MembershipFactory(user=policymaker, city=city, role="policymaker")
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, city=city, role="coordinator")
    other_coordinator = UserFactory()
    MembershipFactory(user=other_coordinator, city=other, role="coordinator")
    for staff in (coordinator, other_coordinator):
        with_two_factor(staff)
    return Roles(
        city=city,
        other_city=other,
        anonymous=AnonymousUser(),
        participant=UserFactory(),
        resident=resident,
        unverified_resident=unverified,
        policymaker=policymaker,
        moderator=with_two_factor(UserFactory(is_moderator=True)),
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        admin=with_two_factor(UserFactory(is_superuser=True, is_staff=True)),
    )
