"""seed_demo_website on top of seed_demo: the editorial pages in English and French, a
few news posts from the network and two cities, all published."""

import io

import pytest
from django.core.management import CommandError, call_command

from metroagora.publications.models import NewsPost, Page, PageKind


def _run(*args):
    out = io.StringIO()
    call_command("seed_demo_website", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return _run()


def test_it_prints_a_one_line_summary(demo):
    assert demo.count("\n") == 1
    assert demo.startswith("Demo website loaded: 6 pages and 6 news posts")


def test_it_publishes_every_editorial_page_in_english_and_french(demo):
    pages = list(Page.objects.all())
    assert {page.kind for page in pages} == set(PageKind.values) - {PageKind.OTHER}
    for page in pages:
        assert page.published and page.in_footer
        assert {"en", "fr"} <= set(page.title.languages()) & set(page.body.languages())
    privacy = Page.objects.get(kind=PageKind.PRIVACY).body.get("en")
    for fact in ("secret", "hashed", "Event registrations", "Contributions", "Votes"):
        assert fact in privacy


def test_it_publishes_news_from_the_network_and_its_cities(demo):
    posts = list(NewsPost.objects.select_related("city", "author"))
    assert len(posts) == 6
    assert all(post.is_published for post in posts)
    assert {post.city.slug for post in posts if post.city} == {"lyon", "gdansk"}
    for post in posts:
        if post.city:
            assert post.author.memberships.filter(city=post.city, role="coordinator").exists()
    assert len({post.published_at.date() for post in posts}) == 6
    assert NewsPost.objects.filter(title__icontains='"_original": "pl"').count() == 1


def test_it_shows_the_demo_pages(demo, client):
    for url in ("/en/", "/fr/", "/en/news/", "/fr/pages/privacy/", "/de/pages/about/"):
        assert client.get(url).status_code == 200, url
    footer = client.get("/fr/").content.decode().split("site-footer")[1]
    assert "Mentions légales" in footer and "Déclaration d&#x27;accessibilité" in footer


def test_it_recreates_the_same_demo_when_run_again(demo):
    slugs = sorted(NewsPost.objects.values_list("slug", flat=True))
    assert _run() == demo
    assert sorted(NewsPost.objects.values_list("slug", flat=True)) == slugs
    assert Page.objects.count() == 6
    assert "already has website pages" in _run("--if-empty")


def test_it_needs_the_demo_network(db):
    with pytest.raises(CommandError):
        _run()
