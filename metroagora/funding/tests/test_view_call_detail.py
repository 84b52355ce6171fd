import pytest
from django.urls import reverse

from metroagora.funding.models import Watch
from metroagora.funding.tests.factories import (
    CallFactory,
    GuideFactory,
    PartnerSearchFactory,
    programme,
)
from metroagora.network.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def url(call) -> str:
    return reverse("funding:call", kwargs={"identifier": call.identifier})


def test_it_shows_the_key_facts(client):
    call = CallFactory(two_stage=True)
    html = client.get(url(call)).content.decode()
    assert call.title in html
    assert "€12,000,000" in html
    assert "from €1,000,000" in html and "up to €2,000,000" in html
    assert "First stage:" in html and "Second stage:" in html
    assert 'href="https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/' in html
    assert "LIFE Programme" in html


def test_the_description_is_sanitised_again_on_the_way_out(client):
    call = CallFactory()
    type(call).objects.filter(pk=call.pk).update(description="<p>ok</p><script>alert(1)</script>")
    html = client.get(url(call)).content.decode()
    assert "<p>ok</p>" in html
    assert "alert(1)" not in html


def test_a_stale_portal_status_is_explained(client):
    call = CallFactory(closed=True, portal_status="open")
    html = client.get(url(call)).content.decode()
    assert "call-status-closed" in html
    assert "The EU portal still labels this call “open”" in html


def test_an_unknown_call_is_not_found(client):
    assert client.get(reverse("funding:call", kwargs={"identifier": "NOPE"})).status_code == 404


def test_guides_of_the_call_and_of_its_programme_are_linked(client):
    call = CallFactory()
    GuideFactory(
        title={"en": "Writing a LIFE proposal", "_original": "en"}, programmes=[programme("LIFE")]
    )
    GuideFactory(
        title={"en": "About Horizon Europe", "_original": "en"}, programmes=[programme("HORIZON")]
    )
    html = client.get(url(call)).content.decode()
    assert "Writing a LIFE proposal" in html
    assert "About Horizon Europe" not in html


def test_partner_searches_for_the_call_are_listed(client):
    search = PartnerSearchFactory()
    html = client.get(url(search.call)).content.decode()
    assert f"{search.city.name} looks for: Partner" in html


def test_watch_buttons_follow_the_role(client, roles):
    call = CallFactory()
    client.logout()
    assert "Sign in</a> to watch this call" in client.get(url(call)).content.decode()
    client.force_login(roles.participant)
    html = client.get(url(call)).content.decode()
    assert ">Watch this call</button>" in html
    assert "Watch for" not in html
    client.force_login(roles.coordinator)
    html = client.get(url(call)).content.decode()
    assert f"Watch for {roles.city.name}" in html
    Watch.objects.create(city=roles.city, call=call)
    html = client.get(url(call)).content.decode()
    assert f"{roles.city.name} watches this call." in html
    assert f"Stop watching for {roles.city.name}" in html


def test_a_coordinator_of_two_cities_can_watch_for_each(client, roles):
    MembershipFactory(user=roles.coordinator, city=roles.other_city, role="coordinator")
    client.force_login(roles.coordinator)
    html = client.get(url(CallFactory())).content.decode()
    assert f"Watch for {roles.city.name}" in html
    assert f"Watch for {roles.other_city.name}" in html


def test_only_admins_see_the_edit_link(client, people):
    call = CallFactory()
    for name, person in people.items():
        if person.is_authenticated:
            client.force_login(person)
        else:
            client.logout()
        html = client.get(url(call)).content.decode()
        assert ("Edit the call" in html) == (name == "admin"), name
