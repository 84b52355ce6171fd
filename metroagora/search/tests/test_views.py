"""The search page: form, messages, results, bad input, query count."""

import re

import pytest

from metroagora.events.tests.factories import EventFactory
from metroagora.forum.tests.factories import ContributionFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.search.tests.test_text import NASTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    lyon = CityFactory(slug="lyon", name={"fr": "Lyon", "_original": "fr"}, country="FR")
    return PracticeFactory(
        published=True,
        city=lyon,
        slug="budget-lyon",
        title={
            "fr": "Budget participatif des quartiers",
            "en": "Neighbourhood participatory budget",
            "_original": "fr",
        },
        summary={"fr": "Les habitants <votent> les budgets chaque année.", "_original": "fr"},
    )


def page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def test_it_asks_for_a_word_when_the_query_is_empty(client):
    html = page(client, "/en/search/")
    assert "Type a word to search for, or choose a filter." in html
    assert 'role="search"' in html
    html = page(client, "/en/search/?q=++")
    assert "Type a word to search for, or choose a filter." in html


def test_it_says_symbols_alone_are_not_searched(client):
    html = page(client, "/en/search/?q=%2A%2A%22")
    assert "punctuation and symbols are ignored" in html


def test_it_shows_ranked_highlighted_results_in_the_readers_language(client, practice):
    html = page(client, "/en/search/?q=budgets")
    assert "1 result" in html
    assert '<a href="/en/practices/budget-lyon/">' in html
    assert "Neighbourhood participatory <mark>budget</mark>" in html
    assert "les <mark>budgets</mark> chaque" in html  # the French summary
    assert "&lt;votent&gt;" in html  # escaped
    assert 'lang="fr"' in html and "In French" in html
    assert "Best practice" in html and "Lyon" in html
    html = page(client, "/fr/search/?q=budgets")
    assert '<a href="/fr/practices/budget-lyon/">' in html
    assert "<mark>Budget</mark> participatif des quartiers" in html
    assert 'lang="fr"' not in html.split("<main", 1)[1]


def test_it_marks_titles_in_another_language(client, practice):
    html = page(client, "/de/search/?q=quartiers")
    assert re.search(r'<a href="/de/practices/budget-lyon/" lang="fr">', html)


def test_it_counts_results_per_type_and_filters_by_type(client, practice):
    event = EventFactory(title={"en": "Participatory budget fair", "_original": "en"})
    html = page(client, "/en/search/?q=participatory+budget")
    assert "2 results" in html
    assert "Best practice (1)" in html and "Event (1)" in html
    assert "type=event" in html
    html = page(client, "/en/search/?q=participatory+budget&type=event")
    assert "1 result" in html
    assert "Participatory budget fair" in html or "<mark>Participatory</mark>" in html
    assert f"/en/events/{event.slug}/" in html
    assert "/en/practices/budget-lyon/" not in html


def test_it_suggests_removing_filters_when_nothing_matches(client, practice):
    html = page(client, "/en/search/?q=zeppelin")
    assert "Nothing matches your search. Check the spelling" in html
    assert 'class="search-kinds"' not in html and "&amp;type=" not in html
    CityFactory(slug="milan", country="IT")
    html = page(client, "/en/search/?q=budget&country=IT")
    assert "Try removing a filter" in html
    assert "Remove the filters" in html


def test_it_reports_invalid_dates_and_still_searches(client, practice):
    html = page(client, "/en/search/?q=budget&date_from=31%2F02%2F2026")
    assert "Enter a date such as 2026-03-31." in html
    assert "1 result" in html
    html = page(client, "/en/search/?q=budget&date_from=2026-05-02&date_to=2026-05-01")
    assert "The end date is before the start date." in html


def test_it_reports_invalid_choices_without_failing(client, practice):
    html = page(client, "/en/search/?q=budget&type=spaceship&city=atlantis&language=xx")
    assert "Select a valid choice" in html
    assert "1 result" in html


def test_it_says_a_long_query_was_cut(client, practice):
    html = page(client, "/en/search/?q=" + "+".join(["budget"] + [f"w{n}" for n in range(20)]))
    assert "Your search was long: only its first 12 words" in html
    html = page(client, "/en/search/?q=budget+" + "x" * 5000)
    assert "Your search was long" in html


@pytest.mark.parametrize("query", [*NASTY, "x" * 3000, "a " * 400, "' OR 1=1 --"])
def test_it_never_fails_on_bad_input(client, practice, query):
    response = client.get("/en/search/", {"q": query, "page": "-1'"})
    assert response.status_code == 200


def test_it_answers_htmx_with_the_results_only(client, practice):
    html = page(client, "/en/search/?q=budget", headers={"HX-Request": "true"})
    assert "<html" not in html
    assert "<mark>budget</mark>" in html
    html = page(client, "/en/search/?q=budget&date_to=soon", headers={"HX-Request": "true"})
    assert "These filters were not used:" in html and "To: Enter a date" in html


def test_it_pages_results_and_shows_the_last_page_past_the_end(client):
    for n in range(25):
        EventFactory(title={"en": f"Velotaxi {n}", "_original": "en"})
    html = page(client, "/en/search/?q=velotaxi")
    assert "25 results" in html and "Page 1 of 2" in html
    assert html.count('class="card search-result"') == 20
    html = page(client, "/en/search/?q=velotaxi&page=7")
    assert "Page 2 of 2" in html
    assert html.count('class="card search-result"') == 5
    assert 'start="21"' in html


def test_it_builds_the_page_in_a_few_queries(client, django_assert_max_num_queries):
    city = CityFactory()
    for n in range(10):
        EventFactory(city=city, title={"en": f"Velotaxi {n}", "_original": "en"})
        ContributionFactory(text=f"Velotaxi number {n}")
    with django_assert_max_num_queries(6):
        html = page(client, "/en/search/?q=velotaxi")
    assert html.count('class="card search-result"') == 20


def test_the_header_has_a_search_form(client):
    html = page(client, "/en/cities/")
    assert '<form class="site-search" role="search" method="get" action="/en/search/"' in html
    assert '<label class="visually-hidden" for="site-search-q">' in html


def test_it_says_when_only_the_best_results_are_shown(client, monkeypatch):
    from metroagora.search.backends import get_backend

    backend = get_backend()
    monkeypatch.setattr(type(backend), "FULL_RANK", 2)
    monkeypatch.setattr(type(backend), "POOL", 2)
    for n in range(4):
        EventFactory(title={"en": f"Velotaxi {n}", "_original": "en"})
    html = page(client, "/en/search/?q=velotaxi")
    assert "4 results: the best 2 are shown." in html
    assert html.count('class="card search-result"') == 2
