"""The footer links to the published editorial pages marked for it, in the reader's
language, from a cache that writes forget."""

import pytest
from django.core.cache import cache

from metroagora.publications import website_selectors as selectors
from metroagora.publications.models import Page
from metroagora.publications.tests.factories_website import PageFactory, en, fr

pytestmark = pytest.mark.django_db


def footer(content: str) -> str:
    return content.split('<footer class="site-footer">')[1]


def test_it_links_the_published_footer_pages_in_order(client):
    PageFactory(slug="privacy", title=en("Privacy"), order=2)
    PageFactory(slug="about", title=en("About"), order=1)
    PageFactory(slug="draft", title=en("Draft page"), draft=True)
    PageFactory(slug="hidden", title=en("Not in the footer"), in_footer=False)
    content = footer(client.get("/en/events/").content.decode())
    assert '<nav class="footer-nav" aria-label="About the site">' in content
    assert content.index('href="/en/pages/about/">About<') < content.index(
        'href="/en/pages/privacy/">Privacy<'
    )
    assert "Draft page" not in content
    assert "Not in the footer" not in content
    assert 'href="/en/news/"' in content


def test_it_uses_the_readers_language_and_marks_a_fallback(client):
    PageFactory(slug="about", title={"en": "About", "fr": "À propos", "_original": "en"})
    PageFactory(slug="mentions", title=fr("Mentions légales"))
    content = footer(client.get("/fr/events/").content.decode())
    assert 'href="/fr/pages/about/">À propos<' in content
    assert 'href="/en/pages/about/"' not in content
    content = footer(client.get("/de/events/").content.decode())
    assert 'href="/de/pages/mentions/" lang="fr">Mentions légales<' in content


def test_the_links_are_cached_briefly(client, django_assert_max_num_queries):
    PageFactory(slug="about", title=en("About"))
    client.get("/en/news/")
    # Behind the cache's back: a bulk update sends no signal.
    Page.objects.filter(slug="about").update(title=en("Changed in bulk"))
    with django_assert_max_num_queries(1):  # the news list; no footer query
        content = client.get("/en/news/").content.decode()
    assert "Changed in bulk" not in content
    cache.delete(selectors.FOOTER_KEY_PREFIX + "en")  # what the timeout does
    assert "Changed in bulk" in client.get("/en/news/").content.decode()


def test_any_change_to_a_page_refreshes_the_footer(client):
    page = PageFactory(slug="about", title=en("About"))
    assert "About" in footer(client.get("/en/news/").content.decode())
    page.title = en("About the network")
    page.save()  # the admin, a script: the model's signal forgets the cached links
    assert "About the network" in footer(client.get("/en/news/").content.decode())
    page.delete()
    assert "/en/pages/about/" not in footer(client.get("/en/news/").content.decode())
