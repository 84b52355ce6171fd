"""Opening a map from the site: moderators anywhere, coordinators for their city."""

import pytest
from django.urls import reverse

from metroagora.opinions.models import OpinionMap, StatementStatus

URL = "/en/opinions/new/"


def _form(city=None, seeds="Cars should leave the old town\nBus lanes need more space", **extra):
    data = {
        "slug": "moving",
        "title_en": "How should Milan move?",
        "title_original": "en",
        "language": "en",
        "seed_statements": seeds,
        "participants_submit": "on",
        **extra,
    }
    if city is not None:
        data["city"] = city.pk
    return data


def test_it_opens_a_map_with_its_seed_statements(client, people):
    client.force_login(people.coordinator)
    response = client.post(URL, _form(people.city))
    assert response.status_code == 302
    opinion_map = OpinionMap.objects.get(slug="moving")
    assert response["Location"] == opinion_map.get_absolute_url()
    assert opinion_map.city == people.city
    assert opinion_map.created_by == people.coordinator
    assert list(opinion_map.statements.values_list("text", "status", "is_seed")) == [
        ("Cars should leave the old town", StatementStatus.VISIBLE, True),
        ("Bus lanes need more space", StatementStatus.VISIBLE, True),
    ]


def test_it_offers_coordinators_only_their_cities(client, people):
    client.force_login(people.coordinator)
    content = client.get(URL).content.decode()
    assert f'value="{people.city.pk}"' in content
    assert f'value="{people.other_city.pk}"' not in content
    client.force_login(people.moderator)
    content = client.get(URL).content.decode()
    assert f'value="{people.other_city.pk}"' in content


def test_it_refuses_a_coordinator_a_map_of_another_city(client, people):
    client.force_login(people.coordinator)
    response = client.post(URL, _form(people.other_city))
    assert response.status_code == 400
    assert not OpinionMap.objects.exists()


def test_it_asks_a_coordinator_for_a_city(client, people):
    client.force_login(people.coordinator)
    response = client.post(URL, _form())
    assert response.status_code == 400
    assert "Choose a city you coordinate" in response.content.decode()
    assert not OpinionMap.objects.exists()


@pytest.mark.parametrize(
    ("seeds", "message"),
    [
        ("Fine\n" + "x" * 141, "These lines are longer than 140 characters: 2."),
        ("Cars should leave\nCARS should leave!", "already in the conversation"),
        ("Fine\n?!", "Write words, not only punctuation."),
    ],
)
def test_it_opens_nothing_when_a_seed_statement_is_refused(client, people, seeds, message):
    client.force_login(people.moderator)
    response = client.post(URL, _form(seeds=seeds))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OpinionMap.objects.exists()


def test_it_needs_a_city_for_a_residents_only_map(client, people):
    client.force_login(people.moderator)
    response = client.post(URL, _form(verified_residents_only="on"))
    assert response.status_code == 400
    assert not OpinionMap.objects.exists()


@pytest.mark.parametrize("role", ["participant", "resident"])
def test_it_refuses_participants(client, people, role):
    client.force_login(getattr(people, role))
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_links_to_the_form_from_the_list_for_those_who_may_open(client, people):
    link = reverse("opinions:create")
    client.force_login(people.participant)
    assert link not in client.get(reverse("opinions:list")).content.decode()
    client.force_login(people.other_coordinator)
    assert link in client.get(reverse("opinions:list")).content.decode()
