"""A city's needs and the calls ranked for them; the include for best practices."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from metroagora.events.models import Topic
from metroagora.funding.models import CityNeeds, Watch
from metroagora.funding.tests.conftest import ROLES, sign_in
from metroagora.funding.tests.factories import CallFactory, CityNeedsFactory, programme
from metroagora.network.tests.factories import MembershipFactory
from metroagora.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def url(city) -> str:
    return reverse("funding:match", kwargs={"slug": city.slug})


def needs_data(**overrides):
    data = {
        "text": "Our schools overheat every summer: we want trees and shade in schoolyards.",
        "priorities": "urban heat in schools\nurban greening",
        "language": "en",
        "topics": [Topic.objects.get(slug="climate").pk],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_only_the_city_coordinator_and_admins_describe_the_needs(client, people, roles, role):
    sign_in(client, people[role])
    response = client.post(url(roles.city), needs_data())
    saved = CityNeeds.objects.filter(city=roles.city).exists()
    assert saved == (role in ("coordinator", "admin")), role
    if role not in ("coordinator", "admin"):
        assert response.status_code == 403


def test_the_coordinator_sees_ranked_calls_with_reasons(client, roles):
    heat = CallFactory(topics=[Topic.objects.get(slug="climate")])
    CallFactory(
        title="Town twinning: citizens' meetings",
        keywords=["Town twinning"],
        description="<p>Meetings of citizens of twinned towns.</p>",
        programme=programme("CERV"),
    )
    client.force_login(roles.coordinator)
    response = client.post(url(roles.city), needs_data(), follow=True)
    needs = CityNeeds.objects.get(city=roles.city)
    assert needs.priorities == ["urban heat in schools", "urban greening"]
    assert needs.updated_by == roles.coordinator
    ranked = response.context["ranked"]
    assert [r.call for r in ranked] == [heat]
    html = response.content.decode()
    assert "Your words in the call:" in html
    assert {"heat", "schoolyards"} <= set(ranked[0].match.words)
    assert "heat" in ranked[0].match.priority_words
    assert "from your priorities:" in html
    assert "Shared topics: Climate" in html
    assert "Programme LIFE: Cities often apply." in html
    assert "Your needs are saved" in html
    assert f'name="who" value="{roles.city.pk}"' in html  # watch for the city


def test_a_watched_call_is_marked(client, roles):
    call = CallFactory()
    CityNeedsFactory(city=roles.city)
    Watch.objects.create(city=roles.city, call=call)
    client.force_login(roles.coordinator)
    html = client.get(url(roles.city)).content.decode()
    assert f"{roles.city.name} watches this call." in html


def test_everyone_sees_the_ranking_but_not_the_form(client, roles):
    CallFactory()
    CityNeedsFactory(city=roles.city)
    response = client.get(url(roles.city))
    assert response.context["form"] is None
    assert len(response.context["ranked"]) == 1
    assert "Describe your needs" not in response.content.decode()


def test_empty_needs_are_refused_with_what_to_do(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(url(roles.city), needs_data(text=""))
    assert response.status_code == 400
    assert not CityNeeds.objects.exists()


def test_no_needs_yet(client, roles):
    html = client.get(url(roles.city)).content.decode()
    assert "has not described its needs yet" in html


def test_the_home_sends_a_coordinator_to_their_city(client, roles):
    client.force_login(roles.coordinator)
    response = client.get(reverse("funding:match_home"))
    assert response.url == url(roles.city)
    MembershipFactory(user=roles.coordinator, city=roles.other_city, role="coordinator")
    assert client.get(reverse("funding:match_home")).status_code == 200


def test_calls_that_could_fund_adopting_a_practice():
    heat = CallFactory()
    practice = PracticeFactory(
        published=True,
        title={"en": "Cool schoolyards against urban heat", "_original": "en"},
        summary={"en": "Trees and shade in schoolyards.", "_original": "en"},
    )
    html = Template("{% load funding %}{% calls_for_practice practice %}").render(
        Context({"practice": practice})
    )
    assert "Which calls could fund adopting this?" in html
    assert heat.get_absolute_url() in html
    assert f'aria-labelledby="calls-for-practice-{practice.pk}"' in html


def test_calls_for_any_text():
    heat = CallFactory()
    html = Template("{% load funding %}{% calls_for_text text %}").render(
        Context({"text": "The assembly asked for more shade against urban heat."})
    )
    assert heat.get_absolute_url() in html
