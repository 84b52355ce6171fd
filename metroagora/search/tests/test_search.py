"""What a search finds, on whichever database runs the tests (SQLite or PostgreSQL)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from metroagora.events.models import EventStatus
from metroagora.events.tests.factories import EventFactory, TopicFactory
from metroagora.forum.models import Visibility
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.practices.models import PracticeStatus
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.search import backends
from metroagora.search.backends import SearchFilters, get_backend
from metroagora.search.tests.conftest import found
from metroagora.search.tests.test_text import NASTY
from metroagora.search.text import parse_query

pytestmark = pytest.mark.django_db


def fr(text):
    return {"fr": text, "_original": "fr"}


@pytest.fixture
def lyon():
    return CityFactory(slug="lyon", name={"fr": "Lyon", "_original": "fr"}, country="FR")


@pytest.fixture
def practice(lyon):
    return PracticeFactory(
        published=True,
        city=lyon,
        title={
            "fr": "Budget participatif des quartiers",
            "en": "Neighbourhood participatory budget",
            "_original": "fr",
        },
        summary=fr("Les habitants décident chaque année d'une part du budget d'investissement."),
        challenge=fr("La participation aux conseils de quartier baissait depuis dix ans."),
    )


def test_it_finds_a_french_practice_by_its_french_words(practice):
    assert found("quartiers") == [("practice", practice.pk)]
    assert found("habitants investissement") == [("practice", practice.pk)]


def test_it_finds_a_french_practice_by_its_english_title(practice):
    assert found("neighbourhood") == [("practice", practice.pk)]
    assert found("Participatory Budget") == [("practice", practice.pk)]


def test_it_finds_other_forms_of_the_words(practice):
    assert found("budgets participatifs") == [("practice", practice.pk)]
    assert found("participation quartier") == [("practice", practice.pk)]
    assert found("neighbourhoods") == [("practice", practice.pk)]


def test_it_finds_the_beginning_of_a_word(practice):
    assert found("neighbour") == [("practice", practice.pk)]
    assert found("investis") == [("practice", practice.pk)]


def test_it_requires_every_word(practice):
    assert found("budget quartiers") == [("practice", practice.pk)]
    assert found("budget Warszawa") == []


def test_it_ignores_accents_both_ways():
    with_accent = EventFactory(title={"de": "Mobilitätstage in Zürich", "_original": "de"})
    without = EventFactory(title={"en": "Zurich cycling forum", "_original": "en"})
    expected = {("event", with_accent.pk), ("event", without.pk)}
    assert set(found("Zürich")) == expected
    assert set(found("zurich")) == expected
    assert set(found("ZURICH")) == expected
    assert found("mobilitatstage") == [("event", with_accent.pk)]


def test_it_finds_polish_word_forms():
    contribution = ContributionFactory(text="Budżet obywatelski w Krakowie działa.", language="pl")
    assert found("budżetów obywatelskich") == [("contribution", contribution.pk)]
    assert found("budzet") == [("contribution", contribution.pk)]


def test_it_ranks_a_title_match_above_a_body_match():
    in_body = EventFactory(
        title={"en": "Spring assembly", "_original": "en"},
        description={"en": "We will also talk about rooftop gardens.", "_original": "en"},
    )
    in_title = EventFactory(
        title={"en": "Rooftop gardens", "_original": "en"},
        description={"en": "A walk through the city.", "_original": "en"},
    )
    assert found("rooftop gardens") == [("event", in_title.pk), ("event", in_body.pk)]


def test_it_leaves_out_what_is_not_public(lyon):
    PracticeFactory(status=PracticeStatus.DRAFT, title=fr("Velotaxi brouillon"), city=lyon)
    PracticeFactory(in_review=True, title=fr("Velotaxi en relecture"), city=lyon)
    EventFactory(status=EventStatus.DRAFT, title={"en": "Velotaxi draft", "_original": "en"})
    ContributionFactory(text="Velotaxi hidden", visibility=Visibility.HIDDEN)
    ContributionFactory(text="Velotaxi pending", visibility=Visibility.PENDING)
    cancelled = EventFactory(
        status=EventStatus.CANCELLED, title={"en": "Velotaxi cancelled", "_original": "en"}
    )
    assert found("velotaxi") == [("event", cancelled.pk)]


@pytest.fixture
def spread(lyon):
    """The same word in one document of each kind, in different places, times, languages."""
    milan = CityFactory(slug="milan", country="IT")
    climate = TopicFactory(slug="climate")
    when = timezone.make_aware(datetime(2026, 5, 1, 10))
    practice = PracticeFactory(
        published=True,
        published_at=when - timedelta(days=300),
        city=lyon,
        title=fr("Velotaxi pour les seniors"),
        topics=[climate],
    )
    event = EventFactory(
        city=milan,
        title={"en": "Velotaxi day", "it": "Giornata velotaxi", "_original": "en"},
        starts_at=when,
        ends_at=when + timedelta(hours=3),
    )
    debate = DebateFactory(
        question={"de": "Velotaxi für alle Städte?", "_original": "de"},
        introduction={"de": "Eine Frage für die Städte.", "_original": "de"},
        city=milan,
    )
    debate.topics.add(climate)
    contribution = ContributionFactory(
        debate=DebateFactory(), text="Velotaxi everywhere!", language="en"
    )
    return {
        "practice": practice,
        "event": event,
        "debate": debate,
        "contribution": contribution,
        "lyon": lyon,
        "milan": milan,
        "when": when,
    }


def test_it_filters_by_type(spread):
    assert found("velotaxi", kinds="event") == [("event", spread["event"].pk)]
    assert set(found("velotaxi", kinds=("debate", "practice"))) == {
        ("debate", spread["debate"].pk),
        ("practice", spread["practice"].pk),
    }
    assert len(found("velotaxi")) == 4


def test_it_filters_by_city_and_country(spread):
    assert set(found("velotaxi", city_id=spread["milan"].pk)) == {
        ("event", spread["event"].pk),
        ("debate", spread["debate"].pk),
    }
    assert found("velotaxi", country="FR") == [("practice", spread["practice"].pk)]
    assert found("velotaxi", country="ES") == []


def test_it_filters_by_topic(spread):
    assert set(found("velotaxi", topic="climate")) == {
        ("practice", spread["practice"].pk),
        ("debate", spread["debate"].pk),
    }
    assert found("velotaxi", topic="clim") == []
    assert found("velotaxi", topic="clim%") == []


def test_it_filters_by_language(spread):
    assert set(found("velotaxi", language="it")) == {("event", spread["event"].pk)}
    assert set(found("velotaxi", language="de")) == {("debate", spread["debate"].pk)}
    assert set(found("velotaxi", language="en")) == {
        ("event", spread["event"].pk),
        ("contribution", spread["contribution"].pk),
    }


def test_it_filters_by_date(spread):
    when = spread["when"]
    assert found("velotaxi", date_from=when - timedelta(hours=1), date_to=when) == [
        ("event", spread["event"].pk)
    ]
    older = found("velotaxi", date_to=when - timedelta(days=100))
    assert older == [("practice", spread["practice"].pk)]
    assert ("practice", spread["practice"].pk) not in found(
        "velotaxi", date_from=when - timedelta(days=100)
    )


def test_it_counts_matches_per_type(spread):
    results = get_backend().search(parse_query("velotaxi"), SearchFilters(kinds=("event",)), 20, 0)
    assert results.total == 1
    assert results.by_kind == {"practice": 1, "event": 1, "debate": 1, "contribution": 1}


def test_it_browses_by_filters_without_words(spread):
    assert found("", kinds="event") == [("event", spread["event"].pk)]
    assert found("", country="FR") == [("practice", spread["practice"].pk)]


def test_it_pages_through_results():
    events = [EventFactory(title={"en": f"Velotaxi {n}", "_original": "en"}) for n in range(5)]
    backend = get_backend()
    query = parse_query("velotaxi")
    first = backend.search(query, SearchFilters(), 3, 0)
    second = backend.search(query, SearchFilters(), 3, 3)
    assert first.total == second.total == 5
    assert len(first.hits) == 3 and len(second.hits) == 2
    assert not set(first.ids) & set(second.ids)
    assert backend.search(query, SearchFilters(), 3, 9).hits == []
    assert len(events) == 5


@pytest.mark.parametrize("query", NASTY)
def test_it_answers_any_input_without_error(practice, query):
    results = get_backend().search(parse_query(query), SearchFilters(), 20, 0)
    assert results.total >= 0


def test_it_ranks_a_bounded_pool_on_broad_queries(monkeypatch):
    """Past FULL_RANK matches: the newest ones and the newest title matches are ranked."""
    backend = get_backend()
    monkeypatch.setattr(type(backend), "FULL_RANK", 3)
    monkeypatch.setattr(type(backend), "POOL", 2)
    monkeypatch.setattr(backends, "KIND_COUNTS", 3)
    in_title = EventFactory(title={"en": "Velotaxi", "_original": "en"})  # indexed first
    for n in range(5):
        EventFactory(
            title={"en": f"Spring day {n}", "_original": "en"},
            description={"en": "With velotaxi rides.", "_original": "en"},
        )
    results = backend.search(parse_query("velotaxi"), SearchFilters(), 2, 0)
    assert results.total == 6 and results.ranked == 2  # pool: newest 2 + title matches
    assert results.by_kind in ({}, {"event": 6})  # SQLite does not count per kind here
    assert found("velotaxi")[0] == ("event", in_title.pk)  # the oldest, but in its title
    assert len(found("velotaxi")) == 2
    assert backend.search(parse_query("velotaxi"), SearchFilters(), 2, 2).hits == []


def test_it_lets_the_engine_expand_a_prefix_of_too_many_words(practice, monkeypatch):
    monkeypatch.setattr(backends, "MAX_EXPANSIONS", 0)
    assert found("neighbour") == [("practice", practice.pk)]
