"""The list of participatory processes: who sees what, filters, htmx, constant queries."""

import pytest

from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import ProcessFactory, set_phases
from metroagora.network.tests.factories import CityFactory

URL = "/en/decisions/"
CARD = 'class="card process-card"'


def _cards(response) -> int:
    return response.content.decode().count(CARD)


@pytest.mark.parametrize("role", ROLES)
def test_it_lists_published_processes_to_every_role(client, people, roles, role):
    ProcessFactory(city=roles.city, title={"en": "Greener Milan"})
    sign_in(client, people[role])
    response = client.get(URL)
    assert response.status_code == 200
    assert "Greener Milan" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [
        ("anonymous", False),
        ("participant", False),
        ("resident", False),
        ("official", False),
        ("other_coordinator", False),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_it_shows_drafts_to_the_city_coordinators_only(client, people, roles, role, sees_draft):
    ProcessFactory(city=roles.city, status="draft", title={"en": "Secret plan"})
    sign_in(client, people[role])
    content = client.get(URL).content.decode()
    assert ("Secret plan" in content) is sees_draft
    if sees_draft:
        assert "Draft" in content


def test_it_filters_by_city(client, db):
    lyon = CityFactory(slug="lyon")
    ProcessFactory(city=lyon, title={"en": "Lyon process"})
    ProcessFactory(title={"en": "Elsewhere"})
    content = client.get(URL + "?city=lyon").content.decode()
    assert "Lyon process" in content
    assert "Elsewhere" not in content


def test_it_filters_processes_open_now(client, db):
    ProcessFactory(phase="supports", title={"en": "Running"})
    set_phases(ProcessFactory(title={"en": "Finished"}), None)
    content = client.get(URL + "?phase=open").content.decode()
    assert "Running" in content
    assert "Finished" not in content


def test_it_filters_by_the_current_phase(client, db):
    ProcessFactory(phase="supports", title={"en": "Supporting"})
    ProcessFactory(phase="voting", title={"en": "Voting"})
    content = client.get(URL + "?phase=voting").content.decode()
    assert "Voting" in content
    assert "Supporting" not in content


def test_it_says_which_phase_is_open_or_that_the_process_ended(client, db):
    ProcessFactory(phase="supports")
    set_phases(ProcessFactory(), None)
    content = client.get(URL).content.decode()
    assert "Now: Supports" in content
    assert "Ended" in content


def test_it_ignores_an_unknown_filter_value(client, db):
    ProcessFactory(title={"en": "Still listed"})
    response = client.get(URL + "?city=nowhere&phase=bogus")
    assert response.status_code == 200
    assert "Still listed" in response.content.decode()


def test_it_answers_htmx_with_the_results_only(client, db):
    ProcessFactory()
    response = client.get(URL, headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    assert _cards(response) == 1


def test_it_gives_the_city_page_its_processes(client, db):
    city = CityFactory(slug="turin")
    ProcessFactory(city=city, title={"en": "Turin decides"})
    ProcessFactory(title={"en": "Not in Turin"})
    response = client.get(URL + "?city=turin&partial=results")
    content = response.content.decode()
    assert b"<html" not in response.content
    assert "Turin decides" in content
    assert "Not in Turin" not in content
    assert "<h3" in content


def test_the_city_page_links_to_local_decisions(client, roles):
    content = client.get(f"/en/cities/{roles.city.slug}/").content.decode()
    assert f"/en/decisions/accountability/{roles.city.slug}/" in content
    assert f"/en/decisions/?city={roles.city.slug}" in content


def test_the_main_navigation_links_to_local_decisions(client, db):
    content = client.get(URL).content.decode()
    assert 'href="/en/decisions/" aria-current="page"' in content


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_it_lists_processes_in_constant_queries(
    client, people, roles, role, django_assert_max_num_queries
):
    sign_in(client, people[role])
    ProcessFactory.create_batch(2, city=roles.city)
    client.get(URL)  # warm up sessions and caches
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    ProcessFactory.create_batch(15, city=roles.city)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert _cards(response) == 17
