"""sitemap.xml: an index of one sitemap per kind of page; every public address in every
UI language with its alternates and x-default; drafts left out."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from metroagora.events.tests.factories import EventFactory
from metroagora.forum.tests.factories import DebateFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications.tests.factories_website import NewsPostFactory, PageFactory

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own sitemap


def _urls(client, section):
    """{address: {hreflang: alternate address}} of one section."""
    root = _xml(client, f"/sitemap-{section}.xml")
    return {
        url.findtext(f"{SM}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SM}url")
    }


def test_the_index_lists_a_sitemap_per_kind_of_page(client):
    root = _xml(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    locations = [s.findtext(f"{SM}loc") for s in root.findall(f"{SM}sitemap")]
    for section in ("site", "pages", "news", "cities", "events", "debates", "practices"):
        assert f"http://testserver/sitemap-{section}.xml" in locations


def test_every_address_comes_in_every_language_with_its_alternates(client):
    PageFactory(slug="about")
    urls = _urls(client, "pages")
    assert sorted(urls) == sorted(f"http://testserver/{code}/pages/about/" for code in LANGUAGES)
    for alternates in urls.values():
        assert alternates == {
            **{code: f"http://testserver/{code}/pages/about/" for code in LANGUAGES},
            "x-default": "http://testserver/pages/about/",
        }


def test_it_leaves_out_what_is_not_public(client):
    PageFactory(slug="about")
    PageFactory(slug="secret", draft=True)
    NewsPostFactory(slug="out")
    NewsPostFactory(slug="draft", draft=True)
    NewsPostFactory(slug="later", scheduled=True)
    EventFactory(slug="on")
    EventFactory(slug="held", status="held")
    EventFactory(slug="hidden", status="draft")
    PracticeFactory(slug="shared", published=True)
    PracticeFactory(slug="unfinished")
    CityFactory(slug="lyon")
    DebateFactory(slug="question")

    def paths(section):
        return {url.split("/", 4)[4] for url in _urls(client, section) if "/en/" in url}

    assert paths("pages") == {"pages/about/"}
    assert paths("news") == {"news/out/"}
    assert paths("events") == {"events/on/", "events/held/"}
    assert paths("practices") == {"practices/shared/"}
    assert "cities/lyon/" in paths("cities")
    assert paths("debates") == {"forum/question/"}
    assert {"", "news/", "network/", "events/", "forum/", "practices/"} <= paths("site")


def test_it_answers_in_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _n in range(10):
        EventFactory()
        NewsPostFactory()
    with django_assert_max_num_queries(2):
        assert client.get("/sitemap-events.xml").status_code == 200
    assert client.get("/sitemap-nothing.xml").status_code == 404
