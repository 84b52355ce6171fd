"""Organisers link the best practices an event produced; the event page lists them."""

import pytest
from django.urls import reverse

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.events.tests.factories import EventFactory
from metroagora.network.tests.factories import CityFactory, MembershipFactory
from metroagora.practices.models import Practice, PracticeStatus

pytestmark = pytest.mark.django_db


def _practice(city, slug, status=PracticeStatus.PUBLISHED):
    return Practice.objects.create(
        slug=slug,
        city=city,
        title={"fr": f"Pratique {slug}", "en": f"Practice {slug}", "_original": "fr"},
        status=status,
    )


@pytest.fixture
def setup():
    city = CityFactory(slug="host")
    event = EventFactory(city=city, status="held")
    organiser = with_two_factor(UserFactory())
    MembershipFactory(user=organiser, city=city, role="coordinator")
    other = with_two_factor(UserFactory())
    MembershipFactory(user=other, role="coordinator")
    return city, event, organiser, other


def test_it_links_published_practices_and_shows_them_on_the_event_page(client, setup):
    city, event, organiser, _other = setup
    published = _practice(city, "one")
    client.force_login(organiser)
    url = reverse("practices:event_practices", args=[event.slug])
    response = client.post(url, {"practices": [published.pk]})
    assert response.status_code == 302
    assert list(event.practices.all()) == [published]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Practice one" in page


def test_it_refuses_a_draft_practice_and_changes_nothing(client, setup):
    city, event, organiser, _other = setup
    draft = _practice(city, "draft", status=PracticeStatus.DRAFT)
    client.force_login(organiser)
    response = client.post(
        reverse("practices:event_practices", args=[event.slug]), {"practices": [draft.pk]}
    )
    assert response.status_code == 400
    assert not event.practices.exists()


def test_it_forbids_a_coordinator_of_another_city(client, setup):
    city, event, _organiser, other = setup
    published = _practice(city, "one")
    client.force_login(other)
    url = reverse("practices:event_practices", args=[event.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"practices": [published.pk]}).status_code == 403
    assert not event.practices.exists()


def test_it_hides_drafts_linked_from_the_practice_side(client, setup):
    city, event, _organiser, _other = setup
    draft = _practice(city, "draft", status=PracticeStatus.DRAFT)
    draft.events.add(event)
    assert "Practice draft" not in client.get(event.get_absolute_url()).content.decode()
