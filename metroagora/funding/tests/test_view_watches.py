"""Watching calls and saving searches: for oneself, or for a city one coordinates."""

import pytest
from django.urls import reverse

from metroagora.funding.models import Watch
from metroagora.funding.tests.conftest import ROLES, sign_in
from metroagora.funding.tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def watch_url(call) -> str:
    return reverse("funding:call_watch", kwargs={"identifier": call.identifier})


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_person_can_watch_a_call(client, people, role):
    call = CallFactory()
    sign_in(client, people[role])
    response = client.post(watch_url(call), {"who": "me"})
    assert response.status_code == 302
    watching = Watch.objects.filter(call=call, user__isnull=False).exists()
    assert watching == (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_city_coordinator_and_admins_watch_for_a_city(client, people, roles, role):
    call = CallFactory()
    sign_in(client, people[role])
    response = client.post(watch_url(call), {"who": str(roles.city.pk)})
    watching = Watch.objects.filter(call=call, city=roles.city).exists()
    assert watching == (role in ("coordinator", "admin")), role
    if role not in ("coordinator", "admin", "anonymous"):
        assert response.status_code == 403


def test_watching_twice_keeps_one_watch_and_stopping_removes_it(client, roles):
    call = CallFactory()
    client.force_login(roles.participant)
    client.post(watch_url(call), {"who": "me"})
    response = client.post(watch_url(call), {"who": "me"}, follow=True)
    assert Watch.objects.filter(call=call).count() == 1
    assert "you will get an email 30, 7 and 1 days before its deadlines" in (
        response.content.decode()
    )
    client.post(watch_url(call), {"who": "me", "action": "stop"})
    assert not Watch.objects.exists()


def test_the_next_address_stays_on_the_site(client, roles):
    call = CallFactory()
    client.force_login(roles.participant)
    response = client.post(watch_url(call), {"who": "me", "next": "https://evil.example/"})
    assert response.url == call.get_absolute_url()
    response = client.post(watch_url(call), {"who": "me", "next": "/en/funding/"})
    assert response.url == "/en/funding/"


def test_saving_a_search(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(
        reverse("funding:save_search"),
        {
            "programme": "life",
            "q": "heat",
            "status": "current",
            "name": "Heat calls",
            "who": str(roles.city.pk),
            "query": "programme=life&q=heat",
        },
    )
    assert response.status_code == 302
    assert response.url == "/en/funding/?programme=life&q=heat"
    watch = Watch.objects.get()
    assert watch.city == roles.city and watch.user is None
    assert watch.search == {"programme": "life", "q": "heat", "status": "current"}
    assert watch.name == "Heat calls"


def test_a_search_needs_a_name_and_a_filter(client, roles):
    client.force_login(roles.participant)
    client.post(reverse("funding:save_search"), {"q": "heat", "who": "me"}, follow=True)
    response = client.post(
        reverse("funding:save_search"), {"status": "open", "name": "All", "who": "me"}, follow=True
    )
    assert "Choose at least one filter" in response.content.decode()
    assert not Watch.objects.exists()


def test_my_watch_list_shows_mine_and_my_cities(client, roles):
    mine = CallFactory(title="Cool schoolyards")
    theirs = CallFactory(title="Energy communities")
    Watch.objects.create(user=roles.coordinator, call=mine)
    Watch.objects.create(city=roles.city, call=theirs)
    Watch.objects.create(user=roles.coordinator, search={"q": "heat"}, name="Heat calls")
    client.force_login(roles.coordinator)
    html = client.get(reverse("funding:watches")).content.decode()
    assert "Cool schoolyards" in html and "Energy communities" in html
    assert "Heat calls" in html and "?q=heat" in html
    assert "/en/funding/feeds/" in html


@pytest.mark.parametrize("role", ROLES)
def test_who_may_remove_a_city_watch(client, people, roles, role):
    watch = Watch.objects.create(city=roles.city, call=CallFactory())
    sign_in(client, people[role])
    client.post(reverse("funding:watch_remove", kwargs={"pk": watch.pk}))
    assert Watch.objects.filter(pk=watch.pk).exists() == (role not in ("coordinator", "admin"))


def test_nobody_removes_another_persons_watch(client, roles):
    watch = Watch.objects.create(user=roles.participant, call=CallFactory())
    client.force_login(roles.resident)
    response = client.post(reverse("funding:watch_remove", kwargs={"pk": watch.pk}))
    assert response.status_code == 403
    assert Watch.objects.filter(pk=watch.pk).exists()
