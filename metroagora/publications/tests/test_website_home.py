"""The public home page: the network's map and figures, next events, open debates, the
latest best practices and news, in a constant number of queries, cached briefly."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metroagora.events.tests.factories import EventFactory, RegistrationFactory
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.network.tests.factories import CityFactory, PartnerFactory
from metroagora.practices.tests.factories import PracticeFactory, TransferFactory
from metroagora.publications import website_selectors
from metroagora.publications.tests.factories_website import NewsPostFactory, en, fr

pytestmark = pytest.mark.django_db


def _fill(n: int) -> None:
    """``n`` of everything the home page lists, plus what it must leave out."""
    for i in range(n):
        city = CityFactory(region=["north", "south", "east", "west"][i % 4])
        PartnerFactory(city=city)
        RegistrationFactory(event=EventFactory(city=city))
        ContributionFactory(debate=DebateFactory(city=city))
        PracticeFactory(published=True, city=city)
        NewsPostFactory(city=city)


def _queries(client, url: str = "/en/") -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_it_shows_what_happens_in_the_network(client):
    city = CityFactory(slug="lyon", name=en("Lyon"), country="FR")
    EventFactory(city=city, title=en("Summit on local democracy"))
    DebateFactory(question=en("Should cities vote in the EU Council?"))
    PracticeFactory(published=True, city=city, title=fr("Budget participatif lyonnais"))
    NewsPostFactory(title=en("The network grows"))
    content = client.get("/en/").content.decode()
    assert content.count('class="city-dot') == 1
    assert "Summit on local democracy" in content
    assert "Should cities vote in the EU Council?" in content
    assert "Budget participatif lyonnais" in content
    assert "The network grows" in content
    # The practice has no English title: it is shown in French, marked as such.
    assert 'lang="fr">Budget participatif lyonnais</a>' in content


def test_it_leaves_out_drafts_past_events_closed_debates_and_questions_on_practices(client):
    now = timezone.now()
    EventFactory(title=en("Draft event"), status="draft")
    EventFactory(title=en("Cancelled event"), status="cancelled")
    EventFactory(
        title=en("Past event"),
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=2),
    )
    EventFactory(
        title=en("Event going on now"),
        starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(hours=2),
    )
    DebateFactory(question=en("Closed question?"), status="closed")
    qa = PracticeFactory(published=True, title=fr("Pratique publiée"))
    qa.qa_debate = DebateFactory(question=en("Questions on the practice?"))
    qa.save()
    PracticeFactory(title=fr("Brouillon de pratique"))
    NewsPostFactory(title=en("Draft news"), draft=True)
    NewsPostFactory(title=en("Scheduled news"), scheduled=True)
    content = client.get("/en/").content.decode()
    for hidden in (
        "Draft event",
        "Cancelled event",
        "Past event",
        "Closed question?",
        "Questions on the practice?",
        "Brouillon de pratique",
        "Draft news",
        "Scheduled news",
    ):
        assert hidden not in content, hidden
    assert "Event going on now" in content
    assert "Pratique publiée" in content


def test_it_counts_the_headline_figures(client):
    milan = CityFactory(country="IT")
    CityFactory(country="IT")
    CityFactory(country="FR")
    event = EventFactory(city=milan)
    RegistrationFactory(event=event, email="same@example.org")
    RegistrationFactory(event=EventFactory(city=milan), email="same@example.org")
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="cancelled")
    ContributionFactory.create_batch(4)
    ContributionFactory(visibility="hidden")
    practice = PracticeFactory(published=True, city=milan)
    PracticeFactory(city=milan)
    TransferFactory(practice=practice)
    figures = website_selectors.headline_figures()
    assert figures.cities == 3 + 1  # the practices' factory adds the transfer's city
    assert figures.countries == 2
    assert figures.registered_people == 2  # confirmed, one person counted once
    assert figures.contributions == 4
    assert figures.practices == 1
    assert figures.transfers == 1
    content = client.get("/en/").content.decode()
    assert "<strong>2</strong> people registered at events" in content
    assert "<strong>4</strong> contributions to debates" in content
    assert "<strong>1</strong> best practice<" in content
    assert "<strong>1</strong> practice transfer between cities" in content


def test_it_shows_the_home_in_a_constant_number_of_queries(client, django_assert_max_num_queries):
    _fill(2)
    cold_small = _queries(client)
    cache.clear()
    _fill(12)
    cold_large = _queries(client)
    assert cold_large == cold_small
    # Cold cache: map (2), lists (4), figures (5), footer links (1).
    assert cold_large <= 12
    # Warm: the map's cities and partners only.
    with django_assert_max_num_queries(2):
        response = client.get("/en/")
    assert response.content.count(b'class="city-dot') == 14


def test_it_caches_the_figures_for_a_few_minutes(client):
    ContributionFactory()
    assert b"<strong>1</strong> contribution to debates" in client.get("/en/").content
    ContributionFactory()
    assert b"<strong>1</strong> contribution to debates" in client.get("/en/").content
    cache.delete(website_selectors.FIGURES_KEY)  # what the timeout does
    assert b"<strong>2</strong> contributions to debates" in client.get("/en/").content


def test_a_news_post_published_through_the_services_shows_at_once(client):
    from metroagora.accounts.tests.factories import UserFactory
    from metroagora.publications import website_services as services

    admin = UserFactory(is_superuser=True)
    client.get("/en/")  # the lists are cached now
    post = services.create_news_post(
        admin,
        title=en("Fresh news"),
        summary=en("Just published."),
        body=en("Text."),
    )
    assert b"Fresh news" not in client.get("/en/").content
    services.publish_news_post(admin, post)
    assert b"Fresh news" in client.get("/en/").content


def test_it_refreshes_the_map_when_a_city_changes(client):
    city = CityFactory(name=en("Old Name"))
    assert b"Old Name" in client.get("/en/").content
    city.name = en("New Name")
    city.save()
    content = client.get("/en/").content
    assert b"New Name" in content
    assert b"Old Name" not in content


def test_it_speaks_french_on_the_french_home(client):
    NewsPostFactory(title={"en": "English title", "fr": "Titre français", "_original": "en"})
    content = client.get("/fr/").content.decode()
    assert '<html lang="fr">' in content
    assert "Titre français" in content
    assert "English title" not in content


def test_the_network_page_keeps_the_regions_and_partners(client):
    PartnerFactory(name=en("Civic Lab"))
    content = client.get("/en/network/").content.decode()
    assert "Cities by region" in content
    assert "Civic Lab" in content
