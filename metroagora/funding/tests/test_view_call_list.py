from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from metroagora.events.models import Topic
from metroagora.funding.tests.factories import CallFactory, programme

pytestmark = pytest.mark.django_db
URL = reverse("funding:list")


def identifiers(response) -> list[str]:
    return [call.identifier for call in response.context["page"].object_list]


def test_it_lists_open_and_forthcoming_calls_by_nearest_deadline(client):
    now = timezone.now()
    late = CallFactory(identifier="LATE", deadline=now + timedelta(days=90))
    soon = CallFactory(identifier="SOON", deadline=now + timedelta(days=5))
    forthcoming = CallFactory(identifier="LATER", forthcoming=True)
    CallFactory(identifier="OVER", closed=True)
    response = client.get(URL)
    assert response.status_code == 200
    assert identifiers(response) == [soon.identifier, late.identifier, forthcoming.identifier]
    html = response.content.decode()
    assert "3 calls" in html
    assert 'class="badge call-status call-status-forthcoming">Forthcoming<' in html


def test_the_status_filter_uses_the_dates(client):
    CallFactory(identifier="OPEN")
    CallFactory(identifier="SOON", forthcoming=True)
    CallFactory(identifier="OVER", closed=True, portal_status="open")
    assert identifiers(client.get(URL, {"status": "open"})) == ["OPEN"]
    assert identifiers(client.get(URL, {"status": "forthcoming"})) == ["SOON"]
    assert identifiers(client.get(URL, {"status": "closed"})) == ["OVER"]
    assert sorted(identifiers(client.get(URL, {"status": "all"}))) == ["OPEN", "OVER", "SOON"]


def test_filters_by_programme_keyword_action_type_and_topic(client):
    climate = Topic.objects.get(slug="climate")
    CallFactory(identifier="LIFE-1", topics=[climate])
    CallFactory(
        identifier="CERV-1",
        programme=programme("CERV"),
        title="Town twinning: citizens' meetings",
        keywords=["Town twinning"],
        action_type="CERV Lump Sum Grants",
    )
    assert identifiers(client.get(URL, {"programme": "cerv"})) == ["CERV-1"]
    assert identifiers(client.get(URL, {"q": "twinning"})) == ["CERV-1"]
    assert identifiers(client.get(URL, {"q": "life-1"})) == ["LIFE-1"]
    assert identifiers(client.get(URL, {"action_type": "CERV Lump Sum Grants"})) == ["CERV-1"]
    assert identifiers(client.get(URL, {"topic": "climate"})) == ["LIFE-1"]


def test_the_deadline_window(client):
    now = timezone.now()
    CallFactory(identifier="WEEK", deadline=now + timedelta(days=6))
    CallFactory(identifier="MONTH", deadline=now + timedelta(days=25))
    CallFactory(identifier="YEAR", deadline=now + timedelta(days=300))
    assert identifiers(client.get(URL, {"within": "7"})) == ["WEEK"]
    assert identifiers(client.get(URL, {"within": "30"})) == ["WEEK", "MONTH"]
    start = (now + timedelta(days=20)).date().isoformat()
    end = (now + timedelta(days=30)).date().isoformat()
    assert identifiers(client.get(URL, {"deadline_from": start, "deadline_to": end})) == ["MONTH"]


def test_an_inverted_window_says_what_to_do(client):
    response = client.get(URL, {"deadline_from": "2026-05-01", "deadline_to": "2026-04-01"})
    assert response.status_code == 200
    assert "This date is before the first one: swap them." in response.content.decode()


def test_two_stage_calls_show_both_deadlines(client):
    CallFactory(two_stage=True)
    html = client.get(URL).content.decode()
    assert "First-stage deadline" in html and "Second-stage deadline" in html


def test_pages_of_25_and_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for n in range(30):
        CallFactory(identifier=f"C-{n:02d}")
    client.get(URL)  # warm the cached list of action types
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 25
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert 'rel="prev"' in second.content.decode()


def test_htmx_gets_the_results_only(client):
    CallFactory()
    response = client.get(URL, HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "funding/_partials/call_results.html"
    assert "<h1>" not in response.content.decode()


def test_admins_see_the_add_button_others_do_not(client, people):
    for name, person in people.items():
        if person.is_authenticated:
            client.force_login(person)
        else:
            client.logout()
        html = client.get(URL).content.decode()
        assert ("Add a call by hand" in html) == (name == "admin"), name
        assert ("Watch this search" in html) == person.is_authenticated, name
