"""Partner search: a city announces, others answer, the city decides; who builds what."""

import pytest
from django.urls import reverse

from metroagora.funding.models import PartnerAnswer, PartnerSearch
from metroagora.funding.tests.conftest import ROLES, sign_in
from metroagora.funding.tests.factories import (
    CallFactory,
    PartnerAnswerFactory,
    PartnerSearchFactory,
)

pytestmark = pytest.mark.django_db
CREATE = reverse("funding:partner_create")


def search_data(city, call, **overrides):
    data = {
        "city": city.pk,
        "call": call.identifier,
        "city_role": "coordinator",
        "role_sought": "partner",
        "countries": ["FR", "PL"],
        "text": "We coordinate a cool schoolyards project and look for two cities.",
        "language": "en",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_and_admins_open_a_partner_search(client, people, roles, role):
    call = CallFactory()
    sign_in(client, people[role])
    client.post(CREATE, search_data(roles.city, call))
    assert PartnerSearch.objects.exists() == (role in ("coordinator", "admin")), role


def test_a_coordinator_cannot_search_for_another_city(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(CREATE, search_data(roles.other_city, CallFactory()))
    assert response.status_code == 400
    assert not PartnerSearch.objects.exists()


def test_closed_calls_and_second_searches_are_refused(client, roles):
    client.force_login(roles.coordinator)
    closed = CallFactory(closed=True)
    assert client.post(CREATE, search_data(roles.city, closed)).status_code == 400
    call = CallFactory()
    assert client.post(CREATE, search_data(roles.city, call)).status_code == 302
    response = client.post(CREATE, search_data(roles.city, call))
    assert response.status_code == 400
    assert "already looks for partners for this call" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_coordinators_of_other_cities_answer(client, people, roles, role):
    search = PartnerSearchFactory(city=roles.city)
    sign_in(client, people[role])
    client.post(
        reverse("funding:partner_answer", kwargs={"pk": search.pk}),
        {"city": roles.other_city.pk, "role": "partner", "message": "We join.", "language": "en"},
    )
    answered = PartnerAnswer.objects.filter(search=search).exists()
    assert answered == (role in ("other_coordinator", "admin")), role


def test_the_city_decides_who_joins_and_the_network_sees_it(client, roles):
    search = PartnerSearchFactory(city=roles.city)
    answer = PartnerAnswerFactory(search=search, city=roles.other_city)
    client.logout()
    assert "We would bring" not in client.get(search.get_absolute_url()).content.decode()
    client.force_login(roles.other_coordinator)
    decide = reverse("funding:partner_decide", kwargs={"pk": search.pk, "answer_pk": answer.pk})
    assert client.post(decide, {"status": "accepted"}).status_code == 403
    client.force_login(roles.coordinator)
    client.post(decide, {"status": "accepted"})
    answer.refresh_from_db()
    assert answer.status == "accepted"
    client.logout()
    html = client.get(reverse("funding:partners")).content.decode()
    assert str(roles.other_city.name) in html  # a member of the consortium
    assert str(search.call.title) in html


def test_a_complete_consortium_stops_answers(client, roles):
    search = PartnerSearchFactory(city=roles.city)
    client.force_login(roles.coordinator)
    client.post(reverse("funding:partner_status", kwargs={"pk": search.pk}), {"status": "complete"})
    search.refresh_from_db()
    assert search.status == "complete"
    client.force_login(roles.other_coordinator)
    html = client.get(search.get_absolute_url()).content.decode()
    assert "Offer to join" not in html
    response = client.post(
        reverse("funding:partner_answer", kwargs={"pk": search.pk}),
        {"city": roles.other_city.pk, "role": "partner", "message": "Late.", "language": "en"},
    )
    assert response.status_code == 400
    assert "no longer looks for partners" in response.content.decode()


def test_a_withdrawn_search_is_hidden(client, roles):
    search = PartnerSearchFactory(city=roles.city, status="withdrawn")
    assert client.get(search.get_absolute_url()).status_code == 404
    client.force_login(roles.coordinator)
    assert client.get(search.get_absolute_url()).status_code == 200


def test_the_list_has_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(5):
        search = PartnerSearchFactory()
        PartnerAnswerFactory(search=search, status="accepted")
    with django_assert_max_num_queries(8):
        client.get(reverse("funding:partners"))
