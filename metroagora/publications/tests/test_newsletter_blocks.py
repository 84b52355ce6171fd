"""What each block pulls from the platform, for the network and for a city, and how it
shows in a language (titles fall back to their original, links follow the language)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from metroagora.events.models import EventStatus
from metroagora.events.tests.factories import EventFactory
from metroagora.forum.models import DebateStatus
from metroagora.forum.tests.factories import DebateFactory
from metroagora.funding.tests.factories import CallFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications import newsletter_blocks as blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def milan(db):
    return CityFactory(slug="milan", name={"it": "Milano", "en": "Milan", "_original": "it"})


@pytest.fixture
def lyon(db):
    return CityFactory(slug="lyon", name={"fr": "Lyon", "_original": "fr"}, country="FR")


def titles(kind, city=None, **options):
    (block,) = blocks.freeze([{"kind": kind, **options}], city.pk if city else None)
    return [
        str(next(v for k, v in item["title"].items() if k != "_original"))
        for item in block["items"]
    ]


def soon(days: float):
    return timezone.now() + timedelta(days=days)


def test_it_lists_the_next_published_events_of_the_scope(milan, lyon):
    EventFactory(city=milan, title={"en": "Later"}, starts_at=soon(20), ends_at=soon(20.2))
    EventFactory(city=milan, title={"en": "Sooner"}, starts_at=soon(2), ends_at=soon(2.2))
    EventFactory(city=lyon, title={"en": "In Lyon"}, starts_at=soon(5), ends_at=soon(5.2))
    EventFactory(city=milan, title={"en": "Draft"}, status=EventStatus.DRAFT)
    EventFactory(city=milan, title={"en": "Cancelled"}, status=EventStatus.CANCELLED)
    EventFactory(city=milan, title={"en": "Past"}, starts_at=soon(-3), ends_at=soon(-2.9))
    assert titles(blocks.EVENTS, milan) == ["Sooner", "Later"]
    assert titles(blocks.EVENTS) == ["Sooner", "In Lyon", "Later"]


def test_it_keeps_each_block_short(milan):
    for n in range(blocks.LIMITS[blocks.EVENTS] + 3):
        EventFactory(city=milan, starts_at=soon(n + 1), ends_at=soon(n + 1.1))
    assert len(titles(blocks.EVENTS)) == blocks.LIMITS[blocks.EVENTS]


def test_it_lists_the_open_debates_of_the_scope(milan, lyon):
    DebateFactory(city=milan, question={"en": "Open in Milan?"})
    DebateFactory(city=lyon, question={"en": "Open in Lyon?"})
    DebateFactory(city=milan, question={"en": "Closed?"}, status=DebateStatus.CLOSED)
    DebateFactory(city=None, question={"en": "Whole network?"})
    assert titles(blocks.DEBATES, milan) == ["Open in Milan?"]
    assert set(titles(blocks.DEBATES)) == {"Open in Milan?", "Open in Lyon?", "Whole network?"}


def test_it_lists_the_practices_published_in_the_last_days(milan, lyon):
    def practice(title, city, days_ago, **traits):
        made = PracticeFactory(city=city, title={"fr": title}, **traits)
        made.published_at = timezone.now() - timedelta(days=days_ago)
        made.save(update_fields=["published_at"])

    practice("Récente", milan, 3, published=True)
    practice("Du mois dernier", milan, 40, published=True)
    practice("À Lyon", lyon, 1, published=True)
    practice("En relecture", milan, 1, in_review=True)
    assert titles(blocks.PRACTICES, milan, days=30) == ["Récente"]
    assert titles(blocks.PRACTICES, milan, days=60) == ["Récente", "Du mois dernier"]
    assert titles(blocks.PRACTICES, days=30) == ["À Lyon", "Récente"]


def test_it_lists_the_open_calls_closing_within_a_month(milan):
    CallFactory(title="Closes in a week", deadline=soon(7))
    CallFactory(title="Closes in three weeks", deadline=soon(21))
    CallFactory(title="Closes in forty days")  # the factory's deadline
    CallFactory(title="Already closed", closed=True)
    CallFactory(title="Not open yet", opens_at=soon(3), deadline=soon(10))
    CallFactory(title="No deadline", deadline=None)
    expected = ["Closes in a week", "Closes in three weeks"]
    assert titles(blocks.CALLS) == expected
    assert titles(blocks.CALLS, milan) == expected  # calls are for every city


def test_it_shows_the_blocks_in_a_language_with_fallbacks(milan):
    event = EventFactory(
        city=milan,
        slug="assembly",
        title={"en": "Climate assembly", "fr": "Assemblée pour le climat", "_original": "en"},
        starts_at=timezone.make_aware(datetime(2031, 5, 12, 18, 0)),
        ends_at=timezone.make_aware(datetime(2031, 5, 12, 21, 0)),
        time_zone="Europe/Rome",
    )
    DebateFactory(city=milan, slug="trees", question={"en": "More trees?", "_original": "en"})
    frozen = blocks.freeze(
        [{"kind": blocks.EVENTS}, {"kind": blocks.DEBATES}, {"kind": blocks.CALLS}], milan.pk
    )
    shown = blocks.rendered(frozen, "fr", base_url="https://agora.example.org")
    assert [block.kind for block in shown] == ["events", "debates"]  # no call: left out
    (item,) = shown[0].items
    assert (item.title, item.title_lang) == ("Assemblée pour le climat", "fr")
    assert item.url == f"https://agora.example.org/fr/events/{event.slug}/"
    assert item.when.hour == 18 and item.when.tzinfo is None  # the event's own time
    assert (item.place, item.place_lang) == ("Milano", "it")  # no French name: the original
    (debate,) = shown[1].items
    assert (debate.title, debate.title_lang) == ("More trees?", "en")
    assert debate.url == "https://agora.example.org/fr/forum/trees/"


def test_it_freezes_what_the_blocks_held_when_sent(milan):
    EventFactory(city=milan, title={"en": "Before"}, starts_at=soon(3), ends_at=soon(3.1))
    frozen = blocks.freeze([{"kind": blocks.EVENTS}], milan.pk)
    EventFactory(city=milan, title={"en": "After"}, starts_at=soon(1), ends_at=soon(1.1))
    shown = blocks.rendered(frozen, "en", city_id=milan.pk)
    assert [item.title for item in shown[0].items] == ["Before"]
    draft = blocks.rendered([{"kind": blocks.EVENTS}], "en", city_id=milan.pk)
    assert [item.title for item in draft[0].items] == ["After", "Before"]


def test_it_ignores_what_is_not_a_block():
    assert blocks.block_config(["events", "weather", "calls"], 10) == [
        {"kind": "events"},
        {"kind": "calls"},
    ]
    assert blocks.block_config(["practices"], 9999) == [{"kind": "practices", "days": 365}]
    assert blocks.rendered([{"kind": "weather", "items": [{"title": "x"}]}, "junk"], "en") == []
