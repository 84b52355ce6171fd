"""The public website in the browser: the home page, the news list and a post, an
editorial page from the footer, in English and in French, on a desktop and on a phone;
and a network admin writing and publishing a news post through the staff form.

Every scenario seeds what it needs with the factories (editorial pages, news, a city
with an event, a debate and a published practice). Every page visited is checked for one
<h1>, the right <html lang>, with axe and for Content Security Policy errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from e2e.conftest import ConsoleLog, assert_no_csp_violations
from e2e.test_forum import Browsers, check, path_of
from e2e.test_practices import click_and_wait, no_horizontal_overflow

PHONE = {"width": 375, "height": 740}
NEWS_EN = "Lyon and Gdańsk start a joint citizens' panel"
NEWS_FR = "Lyon et Gdańsk lancent un panel citoyen commun"


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


def both(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "_original": "en"}


@pytest.fixture
def website(transactional_db: None) -> dict[str, Any]:
    """A city with an event, a debate and a practice; editorial pages and news posts."""
    from metroagora.events.tests.factories import EventFactory
    from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
    from metroagora.network.tests.factories import CityFactory
    from metroagora.practices.tests.factories import PracticeFactory
    from metroagora.publications.tests.factories_website import NewsPostFactory, PageFactory

    lyon = CityFactory(slug="lyon", name={"fr": "Lyon", "_original": "fr"}, country="FR")
    gdansk = CityFactory(
        slug="gdansk",
        name={"pl": "Gdańsk", "_original": "pl"},
        country="PL",
        region="east",
        latitude=54.35,
        longitude=18.65,
    )
    EventFactory(
        slug="summit",
        city=lyon,
        title=both("Summit on local democracy", "Sommet sur la démocratie locale"),
    )
    ContributionFactory(
        debate=DebateFactory(
            slug="cities-in-eu",
            city=gdansk,
            question=both(
                "Should cities vote in EU decisions?",
                "Les villes doivent-elles voter sur les décisions de l'UE ?",
            ),
        )
    )
    PracticeFactory(published=True, city=lyon, slug="budget")
    PageFactory(
        slug="about",
        kind="about",
        order=0,
        title=both("About MetroAgora", "À propos de MetroAgora"),
        body=both(
            "## What the cities do\n\n- **Meet** at events\n- **Debate** in the Forum\n\n"
            "| What | Why |\n|---|---|\n| Your account | to sign you in |",
            "## Ce que font les villes\n\n- **Se rencontrer**\n- **Débattre** au Forum\n\n"
            "| Quoi | Pourquoi |\n|---|---|\n| Votre compte | pour vous connecter |",
        ),
    )
    PageFactory(
        slug="privacy",
        kind="privacy",
        order=1,
        title={"en": "Privacy: what we store and why", "_original": "en"},
        body={"en": "Only what we need: your **account**, registrations.", "_original": "en"},
    )
    post = NewsPostFactory(
        slug="joint-panel",
        city=lyon,
        title=both(NEWS_EN, NEWS_FR),
        summary=both("Forty residents from each city.", "Quarante habitants de chaque ville."),
        body=both(
            "## How it works\n\nMeetings **online** and in person.", "## Comment\n\nEn ligne."
        ),
    )
    for n in range(13):
        NewsPostFactory(
            slug=f"older-{n}",
            title=both(f"Older news {n}", f"Ancienne {n}"),
            published_at=timezone.now() - timedelta(days=n + 1),
        )
    NewsPostFactory(slug="draft", title=both("A draft", "Un brouillon"), draft=True)
    return {"post": post}


def test_home_news_and_a_page_in_english_and_french(
    browsers: Browsers, website: dict[str, Any], console: ConsoleLog
) -> None:
    page = browsers.open()
    for lang, texts in (
        ("en", ("Next events", "Summit on local democracy", NEWS_EN, "About MetroAgora")),
        ("fr", ("Sommet sur la démocratie locale", NEWS_FR, "À propos de MetroAgora")),
    ):
        page.goto(f"/{lang}/")
        check(page, console, f"home page ({lang})", lang=lang)
        main = str(page.locator("main").inner_text())
        for text in texts[:-1]:
            assert text in main, f"{text!r} missing on the {lang} home page"
        assert "A draft" not in main and "Un brouillon" not in main
        assert page.locator("main svg.europe-map .city-dot").count() == 2
        feeds = page.locator("head link[type='application/rss+xml']")
        assert feeds.count() == 3
        assert page.locator("head meta[property='og:locale']").get_attribute("content") == (
            "en_GB" if lang == "en" else "fr_FR"
        )

        # From the home page to the news list, then to the post.
        click_and_wait(page, page.locator("main a[href$='/news/']").first)
        assert path_of(page) == f"/{lang}/news/"
        check(page, console, f"news list ({lang})", lang=lang)
        assert page.locator("main .news-card").count() == 12
        assert page.locator("main nav.pagination a[rel=next]").count() == 1
        title = NEWS_EN if lang == "en" else NEWS_FR
        click_and_wait(page, page.get_by_role("link", name=title))
        assert path_of(page) == f"/{lang}/news/joint-panel/"
        check(page, console, f"news post ({lang})", lang=lang)
        assert page.locator("h1").inner_text() == title
        assert page.locator("head meta[property='og:type']").get_attribute("content") == "article"

        # The footer links to the editorial pages.
        footer = page.locator("footer nav.footer-nav")
        click_and_wait(page, footer.get_by_role("link", name=texts[-1]))
        assert path_of(page) == f"/{lang}/pages/about/"
        check(page, console, f"about page ({lang})", lang=lang)
        assert page.locator("main .prose table").count() == 1

    # The privacy page is in English only: on the French site, it says so and marks it.
    page.goto("/fr/pages/privacy/")
    check(page, console, "an untranslated page on the French site", lang="fr")
    assert page.locator("h1").get_attribute("lang") == "en"
    assert page.locator("main .fallback-note").count() == 1
    assert page.goto("/en/news/draft/").status == 404
    assert_no_csp_violations(console, "on the website")


def test_the_website_fits_a_phone(
    browsers: Browsers, website: dict[str, Any], console: ConsoleLog
) -> None:
    phone = browsers.open(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    for lang in ("en", "fr"):
        for url, what in (
            (f"/{lang}/", "home page"),
            (f"/{lang}/news/", "news list"),
            (f"/{lang}/news/joint-panel/", "news post"),
            (f"/{lang}/pages/about/", "about page"),
        ):
            phone.goto(url)
            check(phone, console, f"{what} on a phone ({lang})", lang=lang)
            no_horizontal_overflow(phone, f"{what} ({lang})")


def test_an_admin_writes_and_publishes_a_news_post(
    browsers: Browsers, website: dict[str, Any], console: ConsoleLog
) -> None:
    from metroagora.accounts.tests.factories import UserFactory, with_two_factor

    admin = with_two_factor(UserFactory(email="admin@example.org", is_superuser=True))
    page = browsers.open(admin)
    page.goto("/en/news/")
    check(page, console, "news list for an admin")
    assert "Drafts and scheduled posts" in str(page.locator("main").inner_text())
    click_and_wait(page, page.get_by_role("link", name="Write a news post"))
    check(page, console, "news form")

    # Missing title and summary: the form says what to do, and keeps the text.
    page.get_by_label("Text").fill("A body without a title.")
    click_and_wait(page, page.get_by_role("button", name="Save the post"))
    check(page, console, "news form with errors")
    assert "Write the title" in str(page.locator("main").inner_text())
    assert page.get_by_label("Text").input_value() == "A body without a title."

    page.get_by_label("Title").fill("The network meets in Lyon")
    page.get_by_label("Summary").fill("Two days of workshops in June.")
    click_and_wait(page, page.get_by_role("button", name="Save the post"))
    assert path_of(page) == "/en/news/the-network-meets-in-lyon/"
    check(page, console, "a draft news post")
    assert "saved as a draft" in str(page.locator("main .messages").inner_text())

    click_and_wait(page, page.get_by_role("button", name="Publish now"))
    assert "The news post is published." in str(page.locator("main .messages").inner_text())
    reader = browsers.open()
    reader.goto("/en/")
    assert "The network meets in Lyon" in str(reader.locator("main").inner_text())

    # The editorial pages: the list, and the French version of a page in its form.
    click_and_wait(page, page.get_by_role("link", name="All news"))
    click_and_wait(page, page.get_by_role("link", name="Website pages"))
    check(page, console, "website pages")
    assert page.locator("main table th[scope=row]").count() == 2
    click_and_wait(page, page.locator("main table a[hreflang=fr]").first)
    check(page, console, "a page's form in French")
    assert page.get_by_label("Title").get_attribute("lang") == "fr"
    page.get_by_label("Title").fill("À propos du réseau")
    click_and_wait(page, page.get_by_role("button", name="Save the page"))
    assert path_of(page) == "/en/pages/"
    reader.goto("/fr/pages/about/")
    assert reader.locator("h1").inner_text() == "À propos du réseau"
    assert_no_csp_violations(console, "while writing news and pages")
