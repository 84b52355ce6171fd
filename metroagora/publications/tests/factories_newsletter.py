"""Factories and fixtures for the newsletter's tests.

``SubscriptionFactory()`` is a confirmed subscriber of the network's newsletter reading
English (``pending=True``: not confirmed yet; ``left=True``: unsubscribed).
``IssueFactory()`` is a draft of the network's newsletter written in English with a
French translation, with the next events block (``sent=True`` for one in the archive).

Fixtures (import them with ``# noqa: F401``, they take other names in tests):
``people`` maps each role to a person; ``cities`` is the network fixture's ``roles``
(``cities.city`` = Milan, coordinated by "coordinator"; ``cities.other_city`` = Lyon,
coordinated by "other_coordinator").
"""

from __future__ import annotations

from datetime import timedelta

import factory
import pytest
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.publications.models import IssueStatus, NewsletterIssue, Subscription

ROLES = [
    "anonymous",
    "participant",
    "resident",
    "policymaker",
    "moderator",
    "editor",
    "coordinator",
    "other_coordinator",
    "admin",
]


def en(text: str) -> dict[str, str]:
    return {"en": text, "_original": "en"}


def fr(text: str) -> dict[str, str]:
    return {"fr": text, "_original": "fr"}


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    class Params:
        pending = factory.Trait(confirmed_at=None)
        left = factory.Trait(
            unsubscribed_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
        )

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    city = None
    language = "en"
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterIssue

    class Params:
        sent = factory.Trait(
            status=IssueStatus.SENT,
            sent_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            blocks=factory.LazyFunction(lambda: [{"kind": "events", "items": []}]),
        )

    city = None
    subject = factory.LazyFunction(
        lambda: {"en": "News of the network", "fr": "Nouvelles du réseau", "_original": "en"}
    )
    text = factory.LazyFunction(
        lambda: {
            "en": "Dear readers, **spring** is here.",
            "fr": "Chers lecteurs, le **printemps** est là.",
            "_original": "en",
        }
    )
    blocks = factory.LazyFunction(lambda: [{"kind": "events"}])


@pytest.fixture(name="people")
def people_fixture(roles):  # noqa: F811
    """Role name -> person (staff with two-factor sign-in, as the middleware wants)."""
    editor = with_two_factor(UserFactory(is_editor=True))
    return {name: editor if name == "editor" else getattr(roles, name) for name in ROLES}


@pytest.fixture(name="cities")
def cities_fixture(roles):  # noqa: F811
    return roles


def sign_in(client, user) -> None:
    if user.is_authenticated:
        client.force_login(user)
    else:
        client.logout()
