"""A city's dashboard: public figures for everyone, the detail for its coordinators."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from metroagora.events.tests.factories import EventFactory, RegistrationFactory
from metroagora.impact.services import refresh_impact_figures
from metroagora.impact.tests.conftest import sign_in
from metroagora.network.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshed(world, roles):
    """The world's Milan, with roles.coordinator coordinating it (and roles.other_coordinator
    Lyon's roles city)."""
    MembershipFactory(user=roles.coordinator, city=world.milan, role="coordinator")
    MembershipFactory(user=roles.other_coordinator, city=world.lyon, role="coordinator")
    refresh_impact_figures()
    return world


def url(city):
    return f"/en/impact/{city.slug}/"


DETAIL = {
    "anonymous": False,
    "participant": False,
    "resident": False,
    "policymaker": False,
    "moderator": False,
    "coordinator": True,  # of this city
    "other_coordinator": False,  # of another city
    "admin": True,
}


@pytest.mark.parametrize(("role", "sees_detail"), DETAIL.items())
def test_everyone_sees_the_city_figures_and_its_coordinators_the_detail(
    client, refreshed, roles, role, sees_detail
):
    sign_in(client, getattr(roles, role))
    response = client.get(url(refreshed.milan))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>Impact in {refreshed.milan}</h1>" in html
    assert "<strong>6</strong> People taking part" in html
    assert ('<section id="detail"' in html) is sees_detail
    assert (str(refreshed.event.title) in html) is sees_detail
    assert (str(refreshed.process.title) in html) is sees_detail


def test_the_detail_counts_per_event_debate_and_process(client, refreshed, roles):
    sign_in(client, roles.coordinator)
    html = client.get(url(refreshed.milan)).content.decode()
    event = html[html.index(str(refreshed.event.title)) :]
    row = event[: event.index("</tr>")]
    assert '<td class="num">4</td><td class="num">3</td>' in row  # registered, attended
    process = html[html.index(str(refreshed.process.title)) :]
    row = process[: process.index("</tr>")]
    assert '<td class="num">1</td><td class="num">2</td><td class="num">1</td>' in row


def test_a_city_page_has_no_network_only_figures(client, refreshed):
    html = client.get(url(refreshed.milan)).content.decode()
    assert "European regions represented" not in html
    assert "People taking part by city" not in html
    assert "Practices of this city adopted elsewhere" in html


def test_an_unknown_city_is_not_found(client, db):
    assert client.get("/en/impact/atlantis/").status_code == 404


def test_a_coordinators_page_runs_a_fixed_number_of_queries(
    client, refreshed, roles, django_assert_max_num_queries
):
    sign_in(client, roles.coordinator)
    client.get(url(refreshed.milan))
    cache.clear()  # the page's body is cached until the next computation: measure it built
    with django_assert_max_num_queries(16) as captured:
        client.get(url(refreshed.milan))
    queries = len(captured.captured_queries)
    for _n in range(5):  # more events, attendances and figures
        event = EventFactory(city=refreshed.milan, status="held")
        RegistrationFactory(event=event, checked_in_at=timezone.now())
    refresh_impact_figures()
    with django_assert_max_num_queries(queries):
        response = client.get(url(refreshed.milan))
    assert response.content.decode().count('<td class="num">1</td><td class="num">1</td>') >= 5
    # then from the cache: the figures and the names of the detail are not read again
    with django_assert_max_num_queries(queries - 5):
        assert client.get(url(refreshed.milan)).status_code == 200


def test_the_body_is_built_again_after_each_computation(client, refreshed):
    from metroagora.impact.models import ImpactFigure

    assert (
        "<strong>6</strong> People taking part" in client.get(url(refreshed.milan)).content.decode()
    )
    ImpactFigure.objects.filter(
        city=refreshed.milan, metric="people_taking_part", period=None
    ).update(value=77)
    # still the cached body: the figures were not written again
    assert "<strong>6</strong>" in client.get(url(refreshed.milan)).content.decode()
    refresh_impact_figures()
    assert (
        "<strong>6</strong> People taking part" in client.get(url(refreshed.milan)).content.decode()
    )
    fr = client.get(f"/fr/impact/{refreshed.milan.slug}/").content.decode()
    assert '<html lang="fr">' in fr


def test_the_public_city_page_runs_few_queries(client, refreshed, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert client.get(url(refreshed.milan)).status_code == 200
