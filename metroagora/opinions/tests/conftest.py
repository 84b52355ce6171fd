"""People in every role around opinion maps of Milan, and the tasks they enqueue."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django_tasks import TaskResult
from django_tasks.signals import task_enqueued

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.network.models import City
from metroagora.network.tests.factories import CityFactory, MembershipFactory
from metroagora.opinions.models import OpinionMap
from metroagora.opinions.tests.factories import OpinionMapFactory, StatementFactory


@dataclass
class People:
    city: City
    other_city: City
    anonymous: AnonymousUser
    participant: Any
    resident: Any  # verified resident of ``city``
    unverified_resident: Any  # resident of ``city`` the city has not verified
    other_resident: Any  # verified resident of ``other_city``
    moderator: Any
    coordinator: Any  # coordinates ``city``
    other_coordinator: Any  # coordinates ``other_city``
    admin: Any  # network admin


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Reverse URLs with /en/ whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def people(db: Any) -> People:
    city = CityFactory(slug="milan")
    other = CityFactory(slug="lyon", country="FR", region="west")
    resident = UserFactory()
    MembershipFactory(user=resident, city=city, role="resident")
    unverified = UserFactory()
    MembershipFactory(user=unverified, city=city, role="resident", verified_at=None)
    other_resident = UserFactory()
    MembershipFactory(user=other_resident, city=other, role="resident")
    coordinator = with_two_factor(UserFactory())
    MembershipFactory(user=coordinator, city=city, role="coordinator")
    other_coordinator = with_two_factor(UserFactory())
    MembershipFactory(user=other_coordinator, city=other, role="coordinator")
    return People(
        city=city,
        other_city=other,
        anonymous=AnonymousUser(),
        participant=UserFactory(),
        resident=resident,
        unverified_resident=unverified,
        other_resident=other_resident,
        moderator=with_two_factor(UserFactory(is_moderator=True)),
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        admin=with_two_factor(UserFactory(is_superuser=True, is_staff=True)),
    )


# The three kinds of map: (name, OpinionMap fields)
SETTINGS = {
    "default": {},
    "anonymous_voting": {"anonymous_voting": True},
    "verified_residents_only": {"verified_residents_only": True},
}


@pytest.fixture
def make_map(people: People) -> Callable[..., OpinionMap]:
    """A map of Milan (``people.city`` unless ``city`` is given) with shown statements."""

    def make(setting: str = "default", statements: int = 3, **fields: Any) -> OpinionMap:
        opinion_map: OpinionMap = OpinionMapFactory(
            **{"city": people.city, **SETTINGS[setting], **fields}
        )
        for _n in range(statements):
            StatementFactory(opinion_map=opinion_map)
        return opinion_map

    return make


@pytest.fixture
def enqueued() -> Iterator[list[TaskResult[Any]]]:
    """Every task enqueued during the test, whatever the backend."""
    results: list[TaskResult[Any]] = []

    def record(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
        results.append(task_result)

    task_enqueued.connect(record, dispatch_uid="opinions-tests-enqueued")
    yield results
    task_enqueued.disconnect(dispatch_uid="opinions-tests-enqueued")
