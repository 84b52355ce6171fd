"""RSS and Atom feeds of news, next events and open debates, in the reader's language,
valid XML with the right items, announced in the head of the pages that list them."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from metroagora.events.tests.factories import EventFactory
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications.tests.factories_website import NewsPostFactory, en

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    assert channel is not None
    return channel


def _atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own feed


def _titles(channel):
    return [item.findtext("title") for item in channel.findall("item")]


def test_the_news_feed_lists_published_posts_newest_first(client):
    now = timezone.now()
    NewsPostFactory(slug="older", title=en("Older news"), published_at=now - timedelta(days=3))
    NewsPostFactory(
        slug="newer",
        title=en("Newer news"),
        summary=en("A **bold** summary & more"),
        published_at=now - timedelta(days=1),
    )
    NewsPostFactory(title=en("Draft news"), draft=True)
    NewsPostFactory(title=en("Scheduled news"), scheduled=True)
    channel = _rss(client, "/en/feeds/news.rss")
    assert channel.findtext("title") == "MetroAgora: news"
    assert channel.findtext("language") == "en"
    assert _titles(channel) == ["Newer news", "Older news"]
    item = channel.find("item")
    assert item.findtext("link") == "http://testserver/en/news/newer/"
    assert "<strong>bold</strong>" in item.findtext("description")
    assert item.findtext("pubDate")


def test_the_atom_feed_has_the_same_entries(client):
    NewsPostFactory(slug="one", title=en("One"))
    NewsPostFactory(title=en("Draft"), draft=True)
    feed = _atom(client, "/en/feeds/news.atom")
    assert feed.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["One"]
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver/en/feeds/news.atom"
    assert feed.find(f"{ATOM}author") is not None


def test_feeds_speak_the_readers_language(client):
    NewsPostFactory(
        slug="bilingual",
        title={"en": "English title", "fr": "Titre français", "_original": "en"},
    )
    NewsPostFactory(slug="only-english", title=en("Only in English"))
    channel = _rss(client, "/fr/feeds/news.rss")
    assert channel.findtext("language") == "fr"
    assert (channel.findtext("title") or "").startswith("MetroAgora")
    assert sorted(_titles(channel)) == ["Only in English", "Titre français"]
    links = [item.findtext("link") for item in channel.findall("item")]
    assert all(link.startswith("http://testserver/fr/news/") for link in links)


def test_the_events_feed_lists_published_events_not_over_yet_soonest_first(client):
    now = timezone.now()
    EventFactory(title=en("Later"), starts_at=now + timedelta(days=20))
    EventFactory(
        title=en("Sooner"),
        starts_at=now + timedelta(days=2),
        description=en("Come **along**."),
    )
    EventFactory(title=en("A draft"), status="draft")
    EventFactory(title=en("Cancelled"), status="cancelled")
    EventFactory(
        title=en("Over"), starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1)
    )
    channel = _rss(client, "/en/feeds/events.rss")
    titles = _titles(channel)
    assert len(titles) == 2
    assert titles[0].startswith("Sooner (") and titles[1].startswith("Later (")
    description = channel.find("item").findtext("description")
    assert "<strong>along</strong>" in description and "From " in description
    assert _atom(client, "/en/feeds/events.atom").findall(f"{ATOM}entry")


def test_the_debates_feed_lists_open_debates_of_the_forum(client):
    debate = DebateFactory(question=en("Open question?"))
    ContributionFactory.create_batch(2, debate=debate)
    DebateFactory(question=en("Closed question?"), status="closed")
    practice = PracticeFactory(published=True)
    practice.qa_debate = DebateFactory(question=en("Questions on a practice?"))
    practice.save()
    channel = _rss(client, "/en/feeds/debates.rss")
    assert _titles(channel) == ["Open question?"]
    assert "2 contributions so far." in channel.find("item").findtext("description")
    assert _atom(client, "/en/feeds/debates.atom").findall(f"{ATOM}entry")


def test_feeds_take_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _n in range(10):
        NewsPostFactory()
        EventFactory()
        ContributionFactory(debate=DebateFactory())
    for url in ("/en/feeds/news.rss", "/en/feeds/events.rss", "/en/feeds/debates.atom"):
        with django_assert_max_num_queries(1):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "feeds"),
    [
        ("/en/", ["news", "events", "debates"]),
        ("/en/news/", ["news"]),
        ("/en/events/", ["events"]),
        ("/en/forum/", ["debates"]),
    ],
)
def test_pages_announce_their_feeds(client, url, feeds):
    content = client.get(url).content.decode()
    head = content.split("</head>")[0]
    for name in feeds:
        assert '<link rel="alternate" type="application/rss+xml" title="MetroAgora: ' in head
        assert f'href="/en/feeds/{name}.rss"' in head
        assert 'type="application/atom+xml"' in head and f'href="/en/feeds/{name}.atom"' in head
