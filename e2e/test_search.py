"""Search in the browser: the header box, what a query finds (other languages, accents,
word endings) and how it is highlighted, the filters with htmx and without JavaScript,
bad input, the French interface, a phone, and the back button after htmx.

Every scenario seeds what it needs with the factories: the index follows saves through
signals, so what a test creates is found at once (each test starts and ends with an
empty index, see ``_empty_search_index``). The results page answers htmx with
the results only (``#search-results``); without JavaScript the form is an ordinary GET
form. Every results page visited is checked with axe and for Content Security Policy
errors (axe cannot run with JavaScript disabled: a JavaScript page loads the same
address for it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from e2e.conftest import ConsoleLog, assert_no_csp_violations
from e2e.test_events import check, mark_page, path_of, same_document
from e2e.test_forum import Browsers
from e2e.test_practices import click_and_wait, no_horizontal_overflow

PHONE = {"width": 375, "height": 740}
EMPTY_QUERY = "Type a word to search for, or choose a filter."
SYMBOLS_ONLY = "Type a word to search for: punctuation and symbols are ignored."
NOTHING = "Nothing matches your search. Check the spelling, or try other or fewer words."
NOTHING_WITH_FILTERS = (
    "Nothing matches your search with these filters. Try removing a filter, or use fewer or "
    "other words."
)
TRUNCATED = "Your search was long: only its first 12 words (500 characters at most) were used."


# --- Fixtures and helpers --------------------------------------------------------------


@pytest.fixture(autouse=True)
def _empty_search_index(transactional_db: None) -> Iterator[None]:
    """Start and end with an empty index.

    On SQLite the full-text table (``search_fts``) and the word list are raw SQL
    tables: the flush that ends a ``transactional_db`` test empties SearchDocument but
    not them, so a later test would find rows of an earlier one.
    """
    from metroagora.search.backends import get_backend

    get_backend().clear()
    yield
    get_backend().clear()


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


def en(text: str) -> dict[str, str]:
    return {"en": text, "_original": "en"}


def fr(text: str) -> dict[str, str]:
    return {"fr": text, "_original": "fr"}


def results(page: Any) -> Any:
    return page.locator("#search-results")


def result_titles(page: Any) -> list[str]:
    return [t.strip() for t in results(page).locator(".search-title").all_inner_texts()]


def result_count(page: Any) -> str:
    return str(results(page).locator(".result-count").inner_text()).strip()


def search_messages(page: Any) -> list[str]:
    return [m.strip() for m in results(page).locator(".search-message").all_inner_texts()]


def marks(locator: Any) -> list[str]:
    return [m.strip() for m in locator.locator("mark").all_inner_texts()]


def search_form(page: Any) -> Any:
    return page.locator("main form.search-form")


def query_of(page: Any) -> dict[str, str]:
    """The parameters of the page's address (blank ones included)."""
    query = parse_qs(urlsplit(page.url).query, keep_blank_values=True)
    return {name: values[-1] for name, values in query.items()}


def header_search(page: Any, text: str) -> Any:
    """Type ``text`` in the header's search box and press Enter; the response."""
    box = page.locator("header form.site-search input[name=q]")
    box.fill(text)
    with page.expect_navigation() as navigation:
        box.press("Enter")
    return navigation.value


def check_results_page(page: Any, console: ConsoleLog, what: str, lang: str = "en") -> None:
    """A full results page: one <h1>, the form, axe and CSP clean."""
    check(page, console, what, lang=lang)
    assert search_form(page).count() == 1, f"{what}: no search form"
    assert page.locator("#search-results").count() == 1
    assert page.locator("#search-results #search-results").count() == 0


def check_without_javascript(page: Any, auditor: Any, console: ConsoleLog, what: str) -> None:
    """``check_results_page`` for a page without JavaScript: axe runs in ``auditor``.

    The server sends the same HTML to both (htmx adds behaviour, not content).
    """
    assert page.locator("html").get_attribute("lang") == "en", f"{what}: wrong <html lang>"
    assert page.locator("h1").count() == 1, f"{what}: expected exactly one <h1>"
    assert search_form(page).count() == 1, f"{what}: no search form"
    assert_no_csp_violations(console, f"on {what} ({page.url})")
    auditor.goto(page.url)
    assert results(auditor).inner_html() == results(page).inner_html()
    check_results_page(auditor, console, f"{what} (same address, with JavaScript)")


def squash(text: str) -> str:
    """Spaces made plain and single: French puts no-break spaces before ":"."""
    return " ".join(text.split())


def french(msgid: str) -> str:
    with translation.override("fr"):
        return gettext(msgid)


def french_catalog_has_search() -> bool:
    """Whether the compiled French catalog (.mo) has the search page's strings yet."""
    return french(EMPTY_QUERY) != EMPTY_QUERY


def local_day(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


# --- 1. The header box: languages, accents, word endings, highlighting ------------------


@pytest.fixture
def school_practice(transactional_db: None) -> Any:
    """A published French practice with an English title, and things never to be found."""
    from metroagora.events.tests.factories import EventFactory
    from metroagora.network.tests.factories import CityFactory
    from metroagora.practices.tests.factories import PracticeFactory

    lyon = CityFactory(slug="lyon", name=fr("Lyon"), country="FR")
    practice = PracticeFactory(
        published=True,
        city=lyon,
        slug="assemblee-ecole-lyon",
        title={
            "fr": "Une assemblée de quartier pour la rénovation de l'école",
            "en": "A neighbourhood assembly for the renovation of the school",
            "_original": "fr",
        },
        languages=["fr", "en"],
        summary=fr(
            "Sur le modèle de Zürich, chaque quartier élit une assemblée citoyenne "
            "qui choisit les travaux de l'école avec les enseignants."
        ),
    )
    # A draft says the same words: it is never found.
    PracticeFactory(
        city=lyon,
        slug="brouillon",
        title=fr("Brouillon : assemblée de quartier à Zürich pour l'école"),
    )
    # Something else, found by none of the queries.
    EventFactory(slug="malmo-harbour", title=en("Harbour walk in Malmö"))
    return practice


def test_header_search_finds_a_french_practice_in_any_language_and_highlights_it(
    page: Any, school_practice: Any, console: ConsoleLog
) -> None:
    english_title = "A neighbourhood assembly for the renovation of the school"
    address = f"/en/practices/{school_practice.slug}/"

    page.goto("/en/")
    check(page, console, "home page")
    response = header_search(page, "quartier")
    assert response is not None and response.status == 200
    assert path_of(page) == "/en/search/?q=quartier"
    check_results_page(page, console, "results for a French word")
    assert page.title().startswith("Search: quartier")
    assert search_form(page).locator("input[name=q]").input_value() == "quartier"
    assert result_count(page) == "1 result"
    assert result_titles(page) == [english_title]
    item = results(page).locator("li.search-result")
    assert item.locator(".badge").inner_text() == "Best practice"
    link = item.locator(".search-title a")
    assert link.get_attribute("href") == address
    assert link.get_attribute("lang") is None  # the title is in the reader's language
    snippet = item.locator(".search-snippet")
    assert snippet.get_attribute("lang") == "fr"  # only the French text says "quartier"
    assert marks(snippet) and set(marks(snippet)) == {"quartier"}, marks(snippet)
    meta = item.locator(".search-meta").inner_text()
    assert "Lyon" in meta and "In French" in meta, meta
    assert item.locator(".search-meta time").count() == 1

    # The English title finds the same practice, highlighted in the title.
    queries = [
        ("neighbourhood", ".search-title", ["neighbourhood"]),
        # No accent for an accented word, both ways: "Zurich" finds "Zürich"...
        ("Zurich", ".search-snippet", ["Zürich"]),
        # ...and "ecole" finds "école"; plurals find the singular, in both languages.
        ("schools", ".search-title", ["school"]),
        ("assemblées", ".search-title", ["assembly"]),
        ("ecoles", ".search-snippet", ["école"]),
    ]
    for query, where, expected in queries:
        response = header_search(page, query)
        assert response is not None and response.status == 200, query
        check_results_page(page, console, f"results for {query!r}")
        assert result_count(page) == "1 result", (query, result_count(page))
        item = results(page).locator("li.search-result")
        assert item.locator(".search-title a").get_attribute("href") == address, query
        found = [m.casefold() for m in marks(item.locator(where))]
        assert found and set(found) == {e.casefold() for e in expected}, (query, found)

    # The result leads to the practice.
    click_and_wait(page, results(page).locator(".search-title a"))
    assert path_of(page) == address
    check(page, console, "practice page reached from the results")


# --- 2. Filters, with htmx and without JavaScript -----------------------------------------

PRACTICE = "A tramway for the eastern districts"
DEBATE = "Should Porto extend its tramway to the coast?"
EVENT = "Tramway open day in Lyon"


@pytest.fixture
def tramway(transactional_db: None) -> dict[str, Any]:
    """A practice, a debate and an event that all say "tramway", in Lyon and Porto.

    The practice was published more than a year ago, the debate opened today, the event
    is in a month: a date range can tell them apart.
    """
    from metroagora.events.tests.factories import EventFactory
    from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
    from metroagora.network.tests.factories import CityFactory
    from metroagora.practices.tests.factories import PracticeFactory

    lyon = CityFactory(slug="lyon", name=fr("Lyon"), country="FR")
    porto = CityFactory(slug="porto", name=en("Porto"), country="PT")
    now = timezone.now().replace(microsecond=0)
    practice = PracticeFactory(
        published=True,
        city=lyon,
        slug="tramway-lyon",
        title={"fr": "Un tramway pour les quartiers est", "en": PRACTICE, "_original": "fr"},
        languages=["fr", "en"],
        published_at=now - timedelta(days=400),
    )
    debate = DebateFactory(slug="tramway-porto", city=porto, question=en(DEBATE))
    # A contribution to the debate that does not say the word: not a result.
    ContributionFactory(debate=debate, text="Night buses matter more than anything else.")
    event = EventFactory(
        slug="tramway-day-lyon",
        city=lyon,
        title=en(EVENT),
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=4),
    )
    # Same cities, another subject.
    EventFactory(slug="porto-harbour", city=porto, title=en("Harbour festival in Porto"))
    return {"practice": practice, "debate": debate, "event": event}


def filter_steps() -> list[tuple[str, dict[str, str], list[str], str]]:
    """(what, the fields to change, the titles found, the result count), in order."""
    week_ago, in_two_months = local_day(-7).isoformat(), local_day(60).isoformat()
    return [
        ("by type", {"type": "debate"}, [DEBATE], "1 result"),
        ("by city", {"type": "", "city": "lyon"}, [PRACTICE, EVENT], "2 results"),
        ("by country", {"city": "", "country": "PT"}, [DEBATE], "1 result"),
        ("by the other country", {"country": "FR"}, [PRACTICE, EVENT], "2 results"),
        (
            "by country and date range",
            {"date_from": week_ago, "date_to": in_two_months},
            [EVENT],
            "1 result",
        ),
        ("by date range", {"country": ""}, [DEBATE, EVENT], "2 results"),
    ]


def set_field(form: Any, name: str, value: str) -> None:
    field = form.locator(f"[name={name}]")
    if field.evaluate("(el) => el.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)


def test_search_filters_update_the_results_with_htmx(
    page: Any, tramway: dict[str, Any], console: ConsoleLog
) -> None:
    page.goto("/en/search/?q=tramway")
    check_results_page(page, console, "results for 'tramway'")
    assert sorted(result_titles(page)) == sorted([PRACTICE, DEBATE, EVENT])
    assert result_count(page) == "3 results"
    kinds = results(page).locator(".search-kinds li").all_inner_texts()
    assert kinds == ["Best practice (1)", "Debate (1)", "Event (1)"], kinds
    mark_page(page)

    form = search_form(page)
    expected_query = {"q": "tramway"}
    for what, changes, titles, count in filter_steps():
        for name, value in changes.items():
            # One change at a time: each is a request, and each waits for its swap.
            with page.expect_response(
                lambda r: "/en/search/" in r.url and r.request.headers.get("hx-request") == "true"
            ) as response:
                set_field(form, name, value)
            assert response.value.status == 200, what
            expected_query[name] = value
            page.wait_for_url(lambda url, q=dict(expected_query): _has_query(url, q))
        results(page).locator(".result-count", has_text=count).wait_for()
        assert sorted(result_titles(page)) == sorted(titles), what
        assert result_count(page) == count, what
        assert same_document(page), f"filtering {what} reloaded the page"
        check_results_page(page, console, f"results filtered {what} with htmx")

    # The pushed address is a real page, with the filters in the form.
    address = path_of(page)
    page.goto(address)
    assert sorted(result_titles(page)) == sorted([DEBATE, EVENT])
    assert not same_document(page)
    assert search_form(page).locator("[name=date_from]").input_value() == local_day(-7).isoformat()
    check_results_page(page, console, "results loaded from the pushed address")

    # A typed query is sent by htmx too; the filters stay.
    query = search_form(page).locator("input[name=q]")
    mark_page(page)
    query.fill("quartiers")  # the practice's title: published before the date range
    with page.expect_response(lambda r: "q=quartiers" in r.url):
        query.press("Enter")
    results(page).locator(".search-message", has_text="with these filters").wait_for()
    assert search_messages(page) == [NOTHING_WITH_FILTERS]
    assert same_document(page)
    check_results_page(page, console, "no result with filters (htmx)")


def _has_query(url: str, expected: dict[str, str]) -> bool:
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return all(query.get(name, [""])[-1] == value for name, value in expected.items())


def test_search_filters_work_without_javascript(
    browsers: Browsers, tramway: dict[str, Any], console: ConsoleLog
) -> None:
    page = browsers.open(java_script_enabled=False)
    auditor = browsers.open()
    page.goto("/en/")
    header_search(page, "tramway")
    assert path_of(page) == "/en/search/?q=tramway"
    assert sorted(result_titles(page)) == sorted([PRACTICE, DEBATE, EVENT])
    check_without_javascript(page, auditor, console, "results without JavaScript")

    for what, changes, titles, count in filter_steps():
        form = search_form(page)
        for name, value in changes.items():
            set_field(form, name, value)
        click_and_wait(page, form.get_by_role("button", name="Search"))
        query = query_of(page)
        for name, value in changes.items():
            assert query.get(name) == value, (what, name, query)
            assert search_form(page).locator(f"[name={name}]").input_value() == value, what
        assert query["q"] == "tramway"
        assert sorted(result_titles(page)) == sorted(titles), (what, page.url)
        assert result_count(page) == count, what
        check_without_javascript(page, auditor, console, f"results filtered {what} without JS")

    # The type links of the results filter too, and "Remove the filters" keeps the words.
    click_and_wait(page, results(page).locator(".search-kinds a", has_text="Event"))
    assert query_of(page)["type"] == "event"
    assert result_titles(page) == [EVENT]
    check_without_javascript(page, auditor, console, "results filtered by a type link")
    click_and_wait(page, search_form(page).get_by_role("link", name="Remove the filters"))
    assert path_of(page) == "/en/search/?q=tramway"
    assert result_count(page) == "3 results"
    check_without_javascript(page, auditor, console, "results without filters")


# --- 3. Bad input ------------------------------------------------------------------------


def test_bad_queries_give_guidance_not_errors(
    page: Any, school_practice: Any, console: ConsoleLog
) -> None:
    page.goto("/en/search/")
    check_results_page(page, console, "search page without a query")
    assert search_messages(page) == [EMPTY_QUERY]
    assert results(page).locator(".result-count").count() == 0

    cases = [
        ("", [EMPTY_QUERY]),
        ("   ", [EMPTY_QUERY]),
        ('"', [SYMBOLS_ONLY]),
        ("*", [SYMBOLS_ONLY]),
        ("%_\\", [SYMBOLS_ONLY]),
        ("NEAR", [NOTHING]),
        ("'; DROP TABLE search_fts; --", [NOTHING]),
        ("1' OR '1'='1", [NOTHING]),
        ("(quartier | zurich) & !lyon", [NOTHING]),  # "lyon" is a word to find, too
        ("quartier NEAR zurich", [NOTHING]),  # "near" is a word like any other
    ]
    for query, expected in cases:
        response = header_search(page, query)
        assert response is not None and response.status == 200, (query, response.status)
        assert search_messages(page) == expected, (query, search_messages(page))
        assert search_form(page).locator("input[name=q]").input_value().strip() == query.strip()
        check_results_page(page, console, f"results for {query!r}")

    # Operators and quotes are words or punctuation: the words are still searched.
    for query in ['"quartier"', "quartier*", "quartier AND zurich", "(quartier) OR"]:
        header_search(page, query)
        assert result_count(page) == "1 result", (query, search_messages(page))
        check_results_page(page, console, f"results for {query!r}")

    # Markup is shown as text, never run.
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    header_search(page, "<script>alert(1)</script> quartier")
    assert dialogs == []
    assert page.title().startswith("Search: <script>alert(1)</script> quartier")
    assert search_messages(page) == [NOTHING]
    check_results_page(page, console, "results for markup")

    # A pasted text: only the first 500 characters count, and the page says so.
    long_query = " ".join(["quartier"] * 80)
    assert len(long_query) > 500
    header_search(page, long_query)
    assert search_messages(page) == [TRUNCATED]
    assert result_count(page) == "1 result"
    check_results_page(page, console, "results for a very long query")
    many_words = "quartier " + " ".join(f"mot{n}" for n in range(20))
    header_search(page, many_words)
    assert search_messages(page)[0] == TRUNCATED, search_messages(page)
    check_results_page(page, console, "results for too many words")

    # Bad filters and page numbers in the address are reported or ignored, not fatal.
    response = page.goto(
        "/en/search/?q=quartier&type=spaceship&date_from=soon&date_to=2020-13-45&page=-1'"
    )
    assert response is not None and response.status == 200
    errors = page.locator("#search-results .form-errors")
    assert errors.get_attribute("role") == "alert"
    assert "These filters were not used:" in errors.inner_text()
    assert "From: Enter a date such as 2026-03-31." in errors.inner_text()
    assert result_count(page) == "1 result"
    check_results_page(page, console, "results with invalid filters")

    # The database is intact.
    header_search(page, "zurich")
    assert result_count(page) == "1 result"


# --- 4. The French interface ------------------------------------------------------------


def test_the_french_interface_shows_french_labels_around_the_results(
    page: Any, tramway: dict[str, Any], console: ConsoleLog
) -> None:
    practice, event = tramway["practice"], tramway["event"]
    page.goto("/fr/search/?q=tramway")
    check_results_page(page, console, "French results", lang="fr")

    # What the compiled catalogs already say in French (Django's and the site's).
    assert page.locator("h1").inner_text() == "Rechercher"
    form = search_form(page)
    city_label = form.locator("label[for=id_city]").inner_text()
    assert re.fullmatch(r"Ville\s*:?", city_label), city_label
    assert form.get_by_role("button", name="Rechercher").count() == 1
    assert page.locator("header form.site-search button").inner_text() == "Rechercher"
    items = results(page).locator("li.search-result")
    assert items.count() == 3
    # The practice in its original French title, highlighted, with a French address.
    practice_item = items.filter(has=page.locator(f"a[href='/fr/practices/{practice.slug}/']"))
    title = practice_item.locator(".search-title a")
    assert title.inner_text() == "Un tramway pour les quartiers est"
    assert title.get_attribute("lang") is None
    assert marks(title) == ["tramway"]
    # The event has only an English title: it says so, for screen readers.
    event_item = items.filter(has=page.locator(f"a[href='/fr/events/{event.slug}/']"))
    assert event_item.locator(".search-title a").get_attribute("lang") == "en"
    assert event_item.locator(".search-snippet").get_attribute("lang") == "en"
    with translation.override("fr"):
        day = formats.date_format(timezone.localtime(event.starts_at), "DATE_FORMAT")
    assert event_item.locator(".search-meta time").inner_text() == day
    assert "anglais" in event_item.locator(".search-meta").inner_text().casefold()

    if french_catalog_has_search():
        assert result_count(page) == "3 résultats"
        kinds = results(page).locator(".search-kinds li").all_inner_texts()
        assert kinds == ["Bonne pratique (1)", "Débat (1)", "Événement (1)"], kinds
        assert practice_item.locator(".badge").inner_text() == "Bonne pratique"
        assert "En anglais" in event_item.locator(".search-meta").inner_text()
        assert form.get_attribute("aria-label") == "Recherche et filtres"
        assert form.locator("select[name=type] option").first.inner_text() == "Tous les types"
        assert squash(page.title()).startswith("Recherche : tramway"), page.title()
    else:  # not compiled yet: the strings the page uses are at least the catalog's
        with translation.override("fr"):
            three = ngettext("%(counter)s result", "%(counter)s results", 3) % {"counter": 3}
        assert result_count(page) == three
        assert practice_item.locator(".badge").inner_text() == french("Best practice")

    # Guidance for an empty query, and the type filter, in French.
    page.goto("/fr/search/?q=")
    check_results_page(page, console, "French search page without a query", lang="fr")
    assert search_messages(page) == [french(EMPTY_QUERY)]
    if french_catalog_has_search():
        assert search_messages(page) == ["Saisissez un mot à rechercher, ou choisissez un filtre."]
    page.goto("/fr/search/?q=tramway&type=event")
    check_results_page(page, console, "French results filtered by type", lang="fr")
    assert [a.get_attribute("href") for a in results(page).locator(".search-title a").all()] == [
        f"/fr/events/{event.slug}/"
    ]


# --- 5. On a phone -------------------------------------------------------------------------


def test_search_fits_a_phone(
    browsers: Browsers, tramway: dict[str, Any], console: ConsoleLog
) -> None:
    from metroagora.events.tests.factories import EventFactory

    # A long German compound in a title: the result card must wrap it.
    EventFactory(
        slug="tramway-hamburg",
        city=tramway["event"].city,
        title={
            "de": "Straßenbahn- und Tramway-Verkehrsberuhigungsmaßnahmenkatalogsbesprechung",
            "_original": "de",
        },
    )
    phone = browsers.open(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone.goto("/en/")
    no_horizontal_overflow(phone, "home page with the header search box")
    header_search(phone, "tramway")
    assert result_count(phone) == "4 results"
    check_results_page(phone, console, "results on a phone")
    no_horizontal_overflow(phone, "results page")

    with phone.expect_response(lambda r: "city=lyon" in r.url):
        search_form(phone).locator("select[name=city]").select_option("lyon")
    phone.wait_for_url(re.compile(r"city=lyon"))
    results(phone).locator(".result-count", has_text="3 results").wait_for()
    check_results_page(phone, console, "filtered results on a phone")
    no_horizontal_overflow(phone, "filtered results page")

    addresses = [
        "/en/search/?q=" + "%20".join(["tramway"] + ["Verkehrsberuhigungsmaßnahmenkatalog"] * 20),
        "/en/search/?q=tramway&date_from=soon&type=spaceship",
        "/en/search/?q=%2A",
        "/en/search/",
        "/fr/search/?q=tramway",
    ]
    for address in addresses:
        phone.goto(address)
        lang = "fr" if address.startswith("/fr/") else "en"
        check_results_page(phone, console, f"{address} on a phone", lang=lang)
        no_horizontal_overflow(phone, address)


# --- 6. The back button after htmx --------------------------------------------------------


def filter_with_htmx(page: Any, name: str, value: str, count: str) -> None:
    with page.expect_response(lambda r: f"{name}={value}" in r.url):
        search_form(page).locator(f"select[name={name}]").select_option(value)
    page.wait_for_url(re.compile(f"{name}={value}"))
    results(page).locator(".result-count", has_text=count).wait_for()


def test_back_button_restores_the_previous_results(
    page: Any, tramway: dict[str, Any], console: ConsoleLog
) -> None:
    page.goto("/en/search/?q=tramway")
    filter_with_htmx(page, "city", "lyon", "2 results")
    filter_with_htmx(page, "type", "event", "1 result")
    mark_page(page)
    page.go_back()  # htmx restores the page from its history cache
    page.wait_for_url(lambda url: "type=event" not in url)
    results(page).locator(".result-count", has_text="2 results").wait_for()
    assert sorted(result_titles(page)) == sorted([PRACTICE, EVENT])
    assert same_document(page)
    check_results_page(page, console, "results restored by the back button")


def test_back_button_shows_the_whole_page_when_htmx_has_no_copy_of_it(
    page: Any, tramway: dict[str, Any], console: ConsoleLog
) -> None:
    page.goto("/en/search/?q=tramway")
    filter_with_htmx(page, "city", "lyon", "2 results")
    filter_with_htmx(page, "type", "event", "1 result")
    # htmx keeps 10 pages in sessionStorage, and none when it is full or unavailable:
    # the page to go back to is no longer there, so htmx asks the server for it.
    page.evaluate("() => sessionStorage.removeItem('htmx-history-cache')")
    with page.expect_response(lambda r: "city=lyon" in r.url) as restored:
        page.go_back()
    assert restored.value.request.headers.get("hx-history-restore-request") == "true"
    page.locator(".result-count", has_text="2 results").wait_for()
    assert page.locator("header form.site-search").count() == 1, (
        "the back button left the results alone on the page, without header, <h1> or "
        "form: the results partial replaced the whole <body>"
    )
    assert result_titles(page) and sorted(result_titles(page)) == sorted([PRACTICE, EVENT])
    check_results_page(page, console, "results reloaded by the back button")
