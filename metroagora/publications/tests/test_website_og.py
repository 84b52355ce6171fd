"""OpenGraph tags on every page (site defaults), set by news, pages, practices, events
and debates; hreflang alternates as full addresses, with x-default."""

import re

import pytest
from django.conf import settings

from metroagora.events.tests.factories import EventFactory
from metroagora.forum.tests.factories import DebateFactory
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications.tests.factories_website import (  # noqa: F401 - fixture
    NewsPostFactory,
    PageFactory,
    en,
    media_in_tmp,
    png_file,
)

pytestmark = pytest.mark.django_db


def og(content: str) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for name, value in re.findall(r'<meta property="(og:[a-z:_]+)" content="([^"]*)">', content):
        tags.setdefault(name, []).append(value)
    return tags


def test_every_page_has_the_site_defaults(client):
    tags = og(client.get("/en/events/").content.decode())
    assert tags["og:site_name"] == ["MetroAgora"]
    assert tags["og:title"] == ["MetroAgora"]
    assert tags["og:type"] == ["website"]
    assert tags["og:url"] == ["http://testserver/en/events/"]
    assert tags["og:locale"] == ["en_GB"]
    assert tags["og:locale:alternate"] == ["fr_FR", "de_DE", "it_IT", "es_ES", "pl_PL"]
    assert tags["og:description"][0].startswith("The participation platform")
    assert "og:image" not in tags


def test_the_french_page_says_it_is_french(client):
    tags = og(client.get("/fr/news/").content.decode())
    assert tags["og:locale"] == ["fr_FR"]
    assert "en_GB" in tags["og:locale:alternate"]
    assert tags["og:url"] == ["http://testserver/fr/news/"]


def test_hreflang_alternates_are_full_addresses_with_x_default(client):
    head = client.get("/fr/news/?page=1").content.decode().split("</head>")[0]
    for code, _name in settings.LANGUAGES:
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}/news/?page=1">'
            in head
        )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/news/?page=1">' in head
    )


def test_a_news_post_has_its_title_summary_and_image(client, media_in_tmp):  # noqa: F811
    NewsPostFactory(
        slug="lab",
        title=en('The "lab" opens'),
        summary=en("A **bold** summary with [a link](https://example.org) & more."),
        image=png_file(),
        image_alt="An open door",
    )
    content = client.get("/en/news/lab/").content.decode()
    tags = og(content)
    assert tags["og:title"] == ["The &quot;lab&quot; opens"]
    assert tags["og:type"] == ["article"]
    assert tags["og:description"] == ["A bold summary with a link &amp; more."]
    assert tags["og:image"][0].startswith("http://testserver/media/news/")
    assert tags["og:image:alt"] == ["An open door"]
    assert '<meta name="twitter:card" content="summary_large_image">' in content


def test_a_page_has_its_title_and_text(client):
    PageFactory(slug="about", title=en("About us"), body=en("## Cities\n\nWorking together."))
    tags = og(client.get("/en/pages/about/").content.decode())
    assert tags["og:title"] == ["About us"]
    assert tags["og:description"] == ["Cities Working together."]
    assert tags["og:type"] == ["article"]


def test_practices_events_and_debates_have_their_own_tags(client):
    practice = PracticeFactory(published=True, title=en("Open budget"), summary=en("In short."))
    event = EventFactory(title=en("Summit"), description=en("Two days."))
    debate = DebateFactory(question=en("Why?"), introduction=en("Because."))
    for item, title, description in (
        (practice, "Open budget", "In short."),
        (event, "Summit", "Two days."),
        (debate, "Why?", "Because."),
    ):
        tags = og(client.get(item.get_absolute_url()).content.decode())
        assert tags["og:title"] == [title], item
        assert tags["og:description"] == [description], item
        assert tags["og:type"] == ["article"], item
        assert len(tags["og:url"]) == 1
