"""The public archive: the network's sent issues and each city's, every issue as a web
page in the visitor's language (or its original), drafts kept for their writers."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from metroagora.publications.tests.factories_newsletter import (  # noqa: F401 - fixtures
    IssueFactory,
    cities_fixture,
    fr,
    people_fixture,
    roles,
    sign_in,
)


def page(response) -> str:
    return html.unescape(response.content.decode())


def sent(days_ago: int, **fields):
    return IssueFactory(sent=True, sent_at=timezone.now() - timedelta(days=days_ago), **fields)


def test_it_lists_the_networks_sent_issues_newest_first(client, cities):
    sent(9, subject={"en": "Older issue"})
    sent(2, subject={"en": "Newer issue"})
    IssueFactory(subject={"en": "A draft"})
    sent(1, subject={"en": "Milan's issue"}, city=cities.city)
    shown = page(client.get("/en/newsletter/"))
    assert shown.index("Newer issue") < shown.index("Older issue")
    assert "A draft" not in shown and "Milan's issue" not in shown
    assert '<a href="/en/newsletter/city/milan/">' in shown  # the cities with an archive
    assert "/en/newsletter/city/lyon/" not in shown
    assert '<a class="button" href="/en/newsletter/subscribe/">Subscribe</a>' in shown


def test_it_lists_a_citys_sent_issues(client, cities):
    sent(1, subject={"en": "Milan's issue"}, city=cities.city)
    sent(1, subject={"en": "Lyon's issue"}, city=cities.other_city)
    sent(1, subject={"en": "The network's"})
    shown = page(client.get("/en/newsletter/city/milan/"))
    assert "Milan's issue" in shown
    assert "Lyon's issue" not in shown and "The network's" not in shown
    assert 'href="/en/newsletter/subscribe/?city=milan"' in shown


def test_it_answers_404_for_an_unknown_city_or_issue(client, db):
    assert client.get("/en/newsletter/city/atlantis/").status_code == 404
    assert client.get("/en/newsletter/999999/").status_code == 404


def test_it_lists_in_a_fixed_number_of_queries(client, cities, django_assert_max_num_queries):
    for n in range(25):
        sent(n, city=cities.city if n % 2 else None)
    with django_assert_max_num_queries(8):
        assert client.get("/en/newsletter/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/en/newsletter/city/milan/").status_code == 200
    assert "Page 1 of 1" not in page(client.get("/en/newsletter/"))


def test_it_shows_an_issue_in_the_visitors_language(client, db):
    issue = sent(1)
    french = page(client.get(f"/fr/newsletter/{issue.pk}/"))
    assert "<h1>Nouvelles du réseau</h1>" in french
    assert "Chers lecteurs, le <strong>printemps</strong> est là." in french
    assert "fallback-note" not in french


def test_it_falls_back_to_the_original_language(client, db):
    issue = sent(1, subject=fr("Lyon participe"), text=fr("Bonjour à **toutes**."))
    german = page(client.get(f"/de/newsletter/{issue.pk}/"))
    assert '<h1 lang="fr">Lyon participe</h1>' in german
    assert '<div class="prose" lang="fr"><p>Bonjour à <strong>toutes</strong>.</p></div>' in german
    assert 'class="fallback-note"' in german


def test_it_shows_the_blocks_as_they_were_sent(client, db):
    issue = sent(
        1,
        blocks=[
            {
                "kind": "events",
                "items": [
                    {
                        "title": {"en": "Climate assembly", "fr": "Assemblée", "_original": "en"},
                        "path": "/en/events/climate-assembly/",
                        "when": "2031-05-12T16:00:00+00:00",
                        "tz": "Europe/Rome",
                        "place": {"it": "Milano", "_original": "it"},
                    }
                ],
            }
        ],
    )
    shown = page(client.get(f"/fr/newsletter/{issue.pk}/"))
    assert '<a href="/fr/events/climate-assembly/">Assemblée</a>' in shown
    assert '<time datetime="2031-05-12T18:00">' in shown  # in the event's time zone
    assert '<span lang="it">Milano</span>' in shown


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("participant", 404),
        ("other_coordinator", 404),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_it_shows_a_draft_to_its_writers_only(client, people, cities, role, status):
    draft = IssueFactory(city=cities.city)
    sign_in(client, people[role])
    response = client.get(f"/en/newsletter/{draft.pk}/")
    assert response.status_code == status
    if status == 200:
        shown = page(response)
        assert "Draft: not sent yet." in shown
        assert f'href="/en/newsletter/{draft.pk}/preview/"' in shown


def test_it_lists_the_drafts_for_their_writers(client, people, cities):
    IssueFactory(city=cities.city, subject={"en": "Milan draft"})
    IssueFactory(city=cities.other_city, subject={"en": "Lyon draft"})
    sign_in(client, people["coordinator"])
    shown = page(client.get("/en/newsletter/"))
    assert "Milan draft" in shown and "Lyon draft" not in shown
    assert 'href="/en/newsletter/new/"' in shown
    sign_in(client, people["participant"])
    shown = page(client.get("/en/newsletter/"))
    assert "Milan draft" not in shown and "/en/newsletter/new/" not in shown


def test_it_links_the_archive_from_every_page(client, db):
    assert '<a href="/en/newsletter/">Newsletter</a>' in page(client.get("/en/news/"))
