from dataclasses import dataclass

import pytest

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.events.models import Event
from metroagora.events.tests.factories import EventFactory
from metroagora.network.tests.factories import CityFactory, MembershipFactory


@dataclass
class EventRoles:
    event: Event
    coordinator: object
    other_coordinator: object
    admin: object
    participant: object


@pytest.fixture
def roles_events(db) -> EventRoles:
    city = CityFactory(slug="host")
    event = EventFactory(city=city)
    coordinator = with_two_factor(UserFactory())
    MembershipFactory(user=coordinator, city=city, role="coordinator")
    other = with_two_factor(UserFactory())
    MembershipFactory(user=other, role="coordinator")
    return EventRoles(
        event=event,
        coordinator=coordinator,
        other_coordinator=other,
        admin=with_two_factor(UserFactory(is_superuser=True, is_staff=True)),
        participant=UserFactory(),
    )
