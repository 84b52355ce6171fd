"""Public pages in every UI language: language, headings, skip link, axe, CSP, small screens."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from e2e.conftest import ConsoleLog, assert_accessible, assert_no_csp_violations

LANGUAGES = ["en", "fr", "de", "it", "es", "pl"]
# (path below /{lang}, expected HTTP status)
PAGES = [
    ("/", 200),
    ("/cities/", 200),
    ("/cities/lyon/", 200),
    ("/accounts/login/", 200),
    ("/accounts/signup/", 200),
    ("/no-such-page/", 404),
]


@pytest.fixture
def demo_network(transactional_db: None) -> None:
    """The demo cities, partners and accounts (the database is emptied after each test)."""
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


def check_skip_link(page: Any) -> None:
    """The first Tab lands on the skip link; following it moves focus to <main>."""
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const el = document.activeElement;"
        " return {tag: el.tagName, cls: el.className, href: el.getAttribute('href')}; }"
    )
    assert focused == {"tag": "A", "cls": "skip-link", "href": "#main"}, (
        f"first Tab on {page.url} focused {focused}, not the skip link"
    )
    assert page.locator("a.skip-link").is_visible(), "the focused skip link is not visible"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    assert page.evaluate("() => location.hash") == "#main"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_in_every_language(
    page: Any, live_server: Any, demo_network: None, console: ConsoleLog, lang: str
) -> None:
    for path, status in PAGES:
        url = f"/{lang}{path}"
        response = page.goto(url)
        assert response is not None
        assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
        assert page.locator("html").get_attribute("lang") == lang, f"{url}: wrong <html lang>"
        assert page.locator("h1").count() == 1, f"{url}: expected exactly one <h1>"
        assert page.title().strip(), f"{url}: empty <title>"
        assert_accessible(page, url)
        check_skip_link(page)
        assert_no_csp_violations(console, f"on {url}")


def test_language_switcher_keeps_the_page(
    page: Any, live_server: Any, demo_network: None, console: ConsoleLog
) -> None:
    page.goto("/en/cities/lyon/")
    switcher = page.locator("nav.lang-nav")
    current = switcher.locator("a[aria-current]")
    assert current.get_attribute("hreflang") == "en"
    switcher.get_by_role("link", name="français").click()
    page.wait_for_url(f"{live_server.url}/fr/cities/lyon/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("nav.lang-nav a[aria-current]").get_attribute("hreflang") == "fr"
    assert page.locator("h1").count() == 1
    assert_no_csp_violations(console, "while switching language")


def test_overview_fits_a_320px_screen(
    page: Any, live_server: Any, demo_network: None, console: ConsoleLog
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    for url in ("/en/", "/de/cities/lyon/"):
        page.goto(url)
        page.wait_for_load_state("load")
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth,"
            " client: document.documentElement.clientWidth})"
        )
        assert widths["scroll"] <= 320, f"{url} scrolls horizontally at 320px: {widths}"
    assert_no_csp_violations(console, "at 320px")


def test_csp_blocks_inline_script_and_the_check_sees_it(
    page: Any, live_server: Any, transactional_db: None, console: ConsoleLog
) -> None:
    """Self-test: the strict CSP is sent, and a violation shows up in the console check."""
    response = page.goto("/en/accounts/login/")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, policy
    assert console.csp_violations() == []
    with pytest.raises(PlaywrightError):
        page.add_script_tag(content="document.body.dataset.inline = 'ran'")
    assert page.locator("body[data-inline]").count() == 0
    page.wait_for_function("() => true")  # let the console event arrive
    assert console.csp_violations(), console.errors
    with pytest.raises(AssertionError, match="CSP violations"):
        assert_no_csp_violations(console)
