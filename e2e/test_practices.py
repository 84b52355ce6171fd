"""Best practices in the browser: a case study from draft to publication through the
editors' review, a transfer between two cities, the list filters with and without
JavaScript, and the list and a practice page on a phone.

Every scenario seeds what it needs (factories, and ``practices.services`` for practices
that are already published) and signs people in by copying a Django session cookie into
their own browser context, so a coordinator and an editor can act in one test. City
coordinators and editors hold staff roles: ``with_two_factor`` gives them the TOTP
authenticator the staff-2FA middleware asks for. Every page visited is checked with axe
and for Content Security Policy errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from e2e.conftest import ConsoleLog, assert_accessible, assert_no_csp_violations
from e2e.test_events import coordinator_of
from e2e.test_forum import Browsers

PHONE = {"width": 375, "height": 740}

# The sections the review needs (models.REQUIRED_SECTIONS), as the form labels them.
SECTION_TEXT = {
    "title": "Neighbourhood budget assemblies",
    "summary": "Residents of every district decide how to spend 5% of the city's budget.",
    "challenge": "Turnout in local elections had fallen below 40% in the outer districts.",
    "actions": "Twelve assemblies a year, an online vote, and a public dashboard of projects.",
    "results": "Turnout in the budget vote went from 8% to 14% in three years.",
    "success_factors": "A fixed budget line, voted by the council before the first cycle.",
    "transfer_conditions": "A council decision ring-fencing the budget, and a small team.",
}


# --- Helpers -------------------------------------------------------------------------


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


def en(text: str) -> dict[str, str]:
    return {"en": text, "_original": "en"}


def city(slug: str, name: str, country: str) -> Any:
    from metroagora.network.tests.factories import CityFactory

    return CityFactory(slug=slug, name=en(name), country=country)


def topic(slug: str, name: str) -> Any:
    from metroagora.events.models import Topic

    # The fixed topics come from a data migration, which a transactional test may
    # have flushed: create them when they are missing.
    found, _created = Topic.objects.get_or_create(slug=slug, defaults={"name": en(name)})
    return found


def editor(email: str = "editor@example.org") -> Any:
    from metroagora.accounts.tests.factories import UserFactory, with_two_factor

    return with_two_factor(UserFactory(email=email, display_name="Eda Editor", is_editor=True))


def published_practice(home: Any, title: str, *, topics: Any = (), **fields: Any) -> Any:
    """A practice of ``home`` with every required section, reviewed and published."""
    from metroagora.accounts.tests.factories import UserFactory
    from metroagora.practices import services

    actor = UserFactory(is_editor=True)
    content: dict[str, Any] = {name: en(text) for name, text in SECTION_TEXT.items()}
    content.update(title=en(title), transferability="medium", languages=["en"], **fields)
    practice = services.create_practice(actor, city=home, topics=topics, **content)
    services.submit_for_review(actor, practice)
    return services.publish_practice(actor, practice)


def path_of(page: Any) -> str:
    """The address without scheme, host and #fragment."""
    return re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]


def check(page: Any, console: ConsoleLog, what: str) -> None:
    assert page.locator("html").get_attribute("lang") == "en", f"{what}: wrong <html lang>"
    assert page.locator("h1").count() == 1, f"{what}: expected exactly one <h1>"
    assert_accessible(page, f"{what} ({page.url})")
    assert_no_csp_violations(console, f"on {what} ({page.url})")


def check_without_javascript(page: Any, auditor: Any, console: ConsoleLog, what: str) -> None:
    """``check`` for a page of a context without JavaScript.

    axe-core cannot run there (its promises never settle with scripts disabled), so a
    JavaScript-enabled ``auditor`` page loads the same address for axe: the server sends
    the same HTML, and htmx adds behaviour, not content.
    """
    assert page.locator("html").get_attribute("lang") == "en", f"{what}: wrong <html lang>"
    assert page.locator("h1").count() == 1, f"{what}: expected exactly one <h1>"
    assert_no_csp_violations(console, f"on {what} ({page.url})")
    auditor.goto(page.url)
    assert auditor.locator("#results").inner_html() == page.locator("#results").inner_html()
    assert_accessible(auditor, f"{what} ({page.url})")
    assert_no_csp_violations(console, f"on {what} ({page.url}, with JavaScript)")


def main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def messages(page: Any) -> str:
    box = page.locator("main .messages")
    return str(box.inner_text()) if box.count() else ""


def field_error(page: Any, name: str) -> str:
    """The error shown next to a field of the practice form ("" when there is none)."""
    errors = page.locator(f"main form #id_{name}_error")
    return str(errors.inner_text()) if errors.count() else ""


def no_form_errors(page: Any) -> None:
    errors = page.locator("main .errorlist, main .form-errors")
    assert errors.count() == 0, main_text(page)


def review_log(page: Any) -> str:
    return str(page.locator("#review .review-log").inner_text())


def click_and_wait(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


def no_horizontal_overflow(page: Any, what: str) -> None:
    scroll_width, inner_width, wider = page.evaluate(
        """() => [
            document.scrollingElement.scrollWidth,
            window.innerWidth,
            [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
                .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.className ? '.' + String(el.className).replace(/ +/g, '.') : ''))
                .slice(0, 8),
        ]"""
    )
    assert scroll_width <= inner_width, (
        f"{what}: the page overflows horizontally ({scroll_width}px wide at {inner_width}px);"
        f" elements past the right edge: {wider}"
    )


def result_titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#results .event-title").all_inner_texts()]


# --- 1. From a draft to a published practice -------------------------------------------


def test_coordinator_writes_a_practice_and_an_editor_reviews_and_publishes_it(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.practices.models import Practice, PracticeStatus, ReviewVerdict

    lyon = city("lyon", "Lyon", "FR")
    participation = topic("participation", "Participation")
    coordinator = coordinator_of(lyon, "coordinator.lyon@example.org")
    author = browsers.open(coordinator)

    # The list offers coordinators to share a practice.
    author.goto("/en/practices/")
    check(author, console, "practice list (coordinator)")
    share = author.locator("main a[href='/en/practices/new/']")
    assert share.inner_text().strip() == "Share a practice"
    click_and_wait(author, share)
    assert path_of(author) == "/en/practices/new/"
    check(author, console, "new practice form")

    # Part of the case study only, then "Save and submit for review".
    form = author.locator("main form.stacked-form")
    form.get_by_label("City").select_option(str(lyon.pk))
    form.get_by_label("Title").fill(SECTION_TEXT["title"])
    form.get_by_label("Summary").fill(SECTION_TEXT["summary"])
    form.get_by_label("The challenge").fill(SECTION_TEXT["challenge"])
    form.get_by_label(f"{participation.name} (Governance and participation)").check()
    with author.expect_navigation() as navigation:
        form.get_by_role("button", name="Save and submit for review").click()
    response = navigation.value
    assert response is not None and response.status == 400, response and response.status

    # The draft is kept, the page says what the review still needs, next to each field,
    # and what was typed is still there.
    practice = Practice.objects.get()
    assert practice.status == PracticeStatus.DRAFT
    assert practice.city == lyon
    assert str(practice.challenge) == SECTION_TEXT["challenge"]
    summary = author.locator("main .form-errors")
    assert summary.get_attribute("role") == "alert"
    assert "cannot go to review yet" in summary.inner_text()
    needed = "Fill in this section before submitting the practice for review."
    for name in ("actions", "results", "success_factors", "transferability"):
        assert needed in field_error(author, name), f"no error next to {name}"
        described = author.locator(f"#id_{name}").get_attribute("aria-describedby") or ""
        assert f"id_{name}_error" in described.split(), f"{name}: error not announced"
        assert author.locator(f"#id_{name}").get_attribute("aria-invalid") == "true"
    for name in ("title", "summary", "challenge"):
        assert field_error(author, name) == "", f"{name} is filled, yet marked"
        assert author.locator(f"#id_{name}").input_value() == SECTION_TEXT[name]
    assert author.get_by_label(f"{participation.name} (Governance and participation)").is_checked()
    check(author, console, "practice form with what the review needs")

    # The coordinator completes the sections and submits with the keyboard: from the
    # last field, Tab reaches "Save the draft", then "Save and submit for review".
    form = author.locator("main form.stacked-form")
    for name in ("actions", "results", "success_factors", "transfer_conditions"):
        form.locator(f"#id_{name}").fill(SECTION_TEXT[name])
    form.get_by_label("How transferable it is").select_option("medium")
    form.get_by_label("Contact person").fill("Camille Martin")
    form.get_by_label("Contact email").fill("camille.martin@example.org")
    form.get_by_label("Contact email").focus()
    author.keyboard.press("Tab")
    assert author.evaluate("() => document.activeElement.textContent.trim()") == "Save the draft"
    author.keyboard.press("Tab")
    focused = author.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Save and submit for review", focused
    with author.expect_navigation():
        author.keyboard.press("Enter")
    no_form_errors(author)
    assert Practice.objects.count() == 1, [p.slug for p in Practice.objects.all()]
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_REVIEW, practice.status
    assert path_of(author) == practice.get_absolute_url()
    assert "sent to the network's editors for review" in messages(author)
    assert "Status: In review." in author.locator("#review").inner_text()
    check(author, console, "practice in review (coordinator)")

    # The editor finds it in the review queue and asks for changes.
    reviewer = browsers.open(editor())
    reviewer.goto("/en/practices/review/")
    check(reviewer, console, "review queue")
    waiting = reviewer.locator("section[aria-labelledby=in-review] li")
    assert waiting.count() == 1
    assert "Lyon" in waiting.inner_text()
    click_and_wait(reviewer, waiting.get_by_role("link", name=SECTION_TEXT["title"]))
    assert path_of(reviewer) == practice.get_absolute_url()
    check(reviewer, console, "practice page (editor)")
    panel = reviewer.locator("#review")
    comment = "Please give the turnout figures for each district in the results."
    panel.get_by_label("Comment").fill(comment)
    click_and_wait(reviewer, panel.get_by_role("button", name="Ask for changes"))
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.CHANGES_REQUESTED
    assert "sent back to the city with your comments" in messages(reviewer)
    assert comment in review_log(reviewer)
    assert reviewer.locator("#review").get_by_role("button", name="Publish").count() == 0
    check(reviewer, console, "practice sent back (editor)")

    # The coordinator sees the comment, fixes the results and resubmits.
    author.reload()
    assert "Status: Changes requested." in author.locator("#review").inner_text()
    entries = author.locator("#review .review-log > li")
    assert "Asked for changes" in entries.last.inner_text()
    assert comment in entries.last.inner_text()
    assert "Eda Editor" in entries.last.inner_text()
    check(author, console, "practice with changes requested (coordinator)")
    click_and_wait(author, author.get_by_role("link", name="Edit the practice"))
    assert path_of(author) == f"/en/practices/{practice.slug}/edit/"
    check(author, console, "practice edit form")
    results = author.locator("#id_results")
    assert results.input_value() == SECTION_TEXT["results"]
    fixed = SECTION_TEXT["results"] + " Outer districts: 6% to 15%; centre: 10% to 13%."
    results.fill(fixed)
    click_and_wait(author, author.get_by_role("button", name="Save and submit for review"))
    no_form_errors(author)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_REVIEW
    assert str(practice.results) == fixed
    assert "sent to the network's editors for review" in messages(author)
    check(author, console, "practice resubmitted (coordinator)")

    # The editor publishes it.
    reviewer.goto("/en/practices/review/")
    check(reviewer, console, "review queue, second round")
    click_and_wait(reviewer, reviewer.get_by_role("link", name=SECTION_TEXT["title"]))
    check(reviewer, console, "resubmitted practice (editor)")
    assert (
        "Outer districts: 6% to 15%"
        in reviewer.locator("section[aria-labelledby=s-results]").inner_text()
    )
    reviewer.locator("#review").get_by_label("Comment").fill("Thank you, Lyon!")
    click_and_wait(reviewer, reviewer.locator("#review").get_by_role("button", name="Publish"))
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.published_at is not None
    assert "The practice is published." in messages(reviewer)
    verdicts = list(practice.reviews.values_list("verdict", flat=True))
    assert verdicts == [
        ReviewVerdict.SUBMITTED,
        ReviewVerdict.CHANGES,
        ReviewVerdict.SUBMITTED,
        ReviewVerdict.PUBLISHED,
    ], verdicts
    check(reviewer, console, "published practice (editor)")

    # Anyone now finds it in the list, and the review stays between city and editors.
    reader = browsers.open()
    reader.goto("/en/practices/")
    check(reader, console, "practice list (anonymous)")
    assert result_titles(reader) == [SECTION_TEXT["title"]]
    card = reader.locator("#results .practice-card")
    assert "Lyon (France)" in card.inner_text()
    assert "Transferable with adaptation" in card.inner_text()
    click_and_wait(reader, card.get_by_role("link", name=SECTION_TEXT["title"]))
    assert path_of(reader) == practice.get_absolute_url()
    assert reader.locator("#review").count() == 0
    assert comment not in main_text(reader)
    check(reader, console, "published practice (anonymous)")


# --- 2. A transfer between two cities --------------------------------------------------


def test_another_city_adopts_a_practice_and_both_cities_follow_the_transfer(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.practices.models import Transfer, TransferStatus

    lyon = city("lyon", "Lyon", "FR")
    porto = city("porto", "Porto", "PT")
    practice = published_practice(lyon, "Neighbourhood budget assemblies")
    origin = browsers.open(coordinator_of(lyon, "coordinator.lyon@example.org"))
    adopter_user = coordinator_of(porto, "coordinator.porto@example.org")
    adopter = browsers.open(adopter_user)

    # Porto's coordinator opens Lyon's practice and wants to adopt it.
    adopter.goto(practice.get_absolute_url())
    check(adopter, console, "published practice (other city's coordinator)")
    assert "No city has started a transfer yet." in main_text(adopter)
    adopt = adopter.locator("main").get_by_role("link", name="We want to adopt this")
    assert adopt.get_attribute("href") == f"/en/practices/{practice.slug}/adopt/"
    click_and_wait(adopter, adopt)
    assert path_of(adopter) == f"/en/practices/{practice.slug}/adopt/"
    check(adopter, console, "adopt page")
    form = adopter.locator("main form.stacked-form")
    assert form.get_by_label("Adopting city").input_value() == str(porto.pk)
    note = "Porto wants to start with two districts in 2026. How did you pick the first ones?"
    form.get_by_label("What interests you, and what you would like to know").fill(note)
    click_and_wait(adopter, form.get_by_role("button", name="Open the transfer"))
    no_form_errors(adopter)

    transfer = Transfer.objects.get()
    assert (transfer.practice, transfer.city, transfer.started_by) == (
        practice,
        porto,
        adopter_user,
    )
    assert transfer.status == TransferStatus.INTERESTED
    assert path_of(adopter) == f"/en/practices/transfers/{transfer.pk}/"
    assert "The transfer is open" in messages(adopter)
    assert adopter.locator("h1").inner_text() == "Transfer to Porto"
    assert "Status: Interested" in main_text(adopter)
    assert note in adopter.locator("main .review-log").inner_text()
    check(adopter, console, "transfer page (adopting city)")

    # Lyon's coordinator finds it on the practice page and updates it.
    origin.goto(practice.get_absolute_url())
    adopting = origin.locator("section[aria-labelledby=s-transfers]")
    assert "Porto: Interested" in adopting.inner_text()
    assert origin.locator("main").get_by_role("link", name="We want to adopt this").count() == 0
    check(origin, console, "published practice (its own city's coordinator)")
    click_and_wait(origin, adopting.get_by_role("link", name="Porto"))
    assert path_of(origin) == f"/en/practices/transfers/{transfer.pk}/"
    check(origin, console, "transfer page (practice's city)")
    form = origin.locator("main form.stacked-form")
    assert form.get_by_label("Status").input_value() == TransferStatus.INTERESTED
    form.get_by_label("Status").select_option(label="In contact")
    reply = "We called Porto on 3 March; we send the council decision and our vote rules."
    form.get_by_label("Note").fill(reply)
    click_and_wait(origin, form.get_by_role("button", name="Save"))
    no_form_errors(origin)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.IN_CONTACT
    assert "The transfer is updated." in messages(origin)
    assert "Status: In contact" in main_text(origin)
    history = origin.locator("main .review-log > li")
    assert history.count() == 2
    assert note in history.first.inner_text()
    assert "In contact" in history.last.inner_text()
    assert reply in history.last.inner_text()
    check(origin, console, "updated transfer page")

    # Porto sees Lyon's answer.
    adopter.reload()
    assert reply in adopter.locator("main .review-log").inner_text()
    assert "Status: In contact" in main_text(adopter)
    check(adopter, console, "updated transfer page (adopting city)")

    # The overview lists the transfer with its status, for everyone.
    reader = browsers.open()
    reader.goto("/en/practices/")
    card = reader.locator("#results .practice-card")
    assert "1 city adopting it" in card.inner_text()
    check(reader, console, "practice list with an adopted practice")
    click_and_wait(
        reader,
        reader.get_by_role("link", name="Practices that travel: transfers between cities"),
    )
    assert path_of(reader) == "/en/practices/transfers/"
    check(reader, console, "transfers overview")
    rows = reader.locator("main table tbody tr")
    assert rows.count() == 1
    cells = [c.strip() for c in rows.first.locator("th, td").all_inner_texts()]
    assert cells[:4] == ["Neighbourhood budget assemblies", "Lyon", "Porto", "In contact"], cells
    counts = reader.locator("main ul.tags").inner_text()
    assert "In contact: 1" in counts
    assert "Interested: 0" in counts
    click_and_wait(reader, rows.first.get_by_role("link", name="Porto"))
    assert path_of(reader) == f"/en/practices/transfers/{transfer.pk}/"
    assert reader.locator("main form").count() == 0  # readers follow, cities update
    check(reader, console, "transfer page (anonymous)")


# --- 3. The list filters, with and without JavaScript ------------------------------------


@pytest.fixture
def practices_in_two_cities(transactional_db: None) -> dict[str, Any]:
    lyon = city("lyon", "Lyon", "FR")
    porto = city("porto", "Porto", "PT")
    participation = topic("participation", "Participation")
    mobility = topic("mobility", "Urban mobility")
    published_practice(lyon, "Lyon budget assemblies", topics=[participation])
    published_practice(lyon, "Lyon car-free school streets", topics=[mobility])
    published_practice(
        porto, "Porto citizens' panel on transport", topics=[participation, mobility]
    )
    return {"lyon": lyon, "porto": porto, "participation": participation, "mobility": mobility}


ALL_TITLES = [
    "Lyon budget assemblies",
    "Lyon car-free school streets",
    "Porto citizens' panel on transport",
]


def test_practice_filters_work_without_javascript(
    browsers: Browsers, practices_in_two_cities: dict[str, Any], console: ConsoleLog
) -> None:
    page = browsers.open(java_script_enabled=False)
    auditor = browsers.open()
    page.goto("/en/practices/")
    assert sorted(result_titles(page)) == ALL_TITLES
    check_without_javascript(page, auditor, console, "practice list without JavaScript")

    form = page.locator("main form.filters")
    form.get_by_label("City").select_option(label="Lyon")
    click_and_wait(page, form.get_by_role("button", name="Show practices"))
    assert "city=lyon" in page.url
    assert sorted(result_titles(page)) == ALL_TITLES[:2]
    assert page.locator("#results .result-count").inner_text() == "2 practices"
    assert page.locator("main form.filters").get_by_label("City").input_value() == "lyon"
    check_without_javascript(page, auditor, console, "list filtered by city without JavaScript")

    form = page.locator("main form.filters")
    form.get_by_label("Topic").select_option("mobility")
    click_and_wait(page, form.get_by_role("button", name="Show practices"))
    assert "topic=mobility" in page.url
    assert result_titles(page) == ["Lyon car-free school streets"]
    assert page.locator("#results .result-count").inner_text() == "1 practice"
    check_without_javascript(
        page, auditor, console, "list filtered by city and topic without JavaScript"
    )

    form = page.locator("main form.filters")
    form.get_by_label("City").select_option(label="All cities")
    click_and_wait(page, form.get_by_role("button", name="Show practices"))
    assert "city=&" in page.url and "topic=mobility" in page.url
    assert sorted(result_titles(page)) == ALL_TITLES[1:]
    check_without_javascript(page, auditor, console, "list filtered by topic without JavaScript")


def test_practice_filters_update_the_results_with_htmx(
    browsers: Browsers, practices_in_two_cities: dict[str, Any], console: ConsoleLog
) -> None:
    page = browsers.open()
    page.goto("/en/practices/")
    check(page, console, "practice list")
    assert sorted(result_titles(page)) == ALL_TITLES
    page.evaluate("() => { window.__e2eMarker = 'same-document'; }")

    form = page.locator("main form.filters")
    with page.expect_response(lambda r: "city=porto" in r.url):
        form.get_by_label("City").select_option(label="Porto")
    page.wait_for_url(re.compile(r"/en/practices/\?.*city=porto"))
    page.wait_for_function("() => document.querySelectorAll('#results .event-title').length === 1")
    assert result_titles(page) == ["Porto citizens' panel on transport"]
    assert page.evaluate("() => window.__e2eMarker") == "same-document", "the page reloaded"
    assert page.locator("#results #results").count() == 0
    assert page.locator("h1").count() == 1
    check(page, console, "list filtered by city with htmx")

    # One change at a time: each waits for its own swap.
    with page.expect_response(lambda r: "city=&" in r.url):
        form.get_by_label("City").select_option(label="All cities")
    page.wait_for_function("() => document.querySelectorAll('#results .event-title').length === 3")
    with page.expect_response(lambda r: "topic=participation" in r.url):
        form.get_by_label("Topic").select_option("participation")
    page.wait_for_url(re.compile(r"/en/practices/\?.*topic=participation"))
    page.wait_for_function("() => document.querySelectorAll('#results .event-title').length === 2")
    assert sorted(result_titles(page)) == [ALL_TITLES[0], ALL_TITLES[2]]
    assert page.evaluate("() => window.__e2eMarker") == "same-document"
    check(page, console, "list filtered by topic with htmx")

    # The pushed address is a real page.
    page.goto(path_of(page))
    assert sorted(result_titles(page)) == [ALL_TITLES[0], ALL_TITLES[2]]
    check(page, console, "list loaded from the pushed address")
    assert page.locator("main form.filters").get_by_label("Topic").input_value() == "participation"


# --- 4. On a phone ----------------------------------------------------------------------


def test_list_and_practice_page_fit_a_phone(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.accounts.tests.factories import UserFactory
    from metroagora.practices import services

    lyon = city("lyon", "Lyon", "FR")
    participation = topic("participation", "Participation")
    mobility = topic("mobility", "Urban mobility")
    practice = published_practice(
        lyon,
        "Participatory budgeting in the Métropole de Lyon's twenty-three districts",
        topics=[participation, mobility],
        cost_eur=1_250_000,
        contact_name="Camille Martin",
        contact_role="Head of the participation office, Métropole de Lyon",
        contact_email="camille.martin@example.org",
    )
    actor = UserFactory(is_editor=True)
    services.add_indicator(
        actor,
        practice,
        label="Turnout in the budget vote",
        baseline=8,
        value=14,
        unit="%",
        year=2024,
    )
    services.add_link(
        actor,
        practice,
        kind="document",
        title="Council decision establishing the neighbourhood budget (PDF, 2.1 MB)",
        url="https://example.org/lyon/decisions/2021/neighbourhood-budget-council-decision.pdf",
    )
    published_practice(city("porto", "Porto", "PT"), "Porto panel", topics=[participation])

    phone = browsers.open(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone.goto("/en/practices/")
    check(phone, console, "practice list on a phone")
    no_horizontal_overflow(phone, "practice list")
    assert len(result_titles(phone)) == 2

    click_and_wait(phone, phone.locator("#results").get_by_role("link", name=str(practice.title)))
    assert path_of(phone) == practice.get_absolute_url()
    check(phone, console, "practice page on a phone")
    no_horizontal_overflow(phone, "practice page")
    assert phone.locator("section[aria-labelledby=s-results] table").count() == 1

    # Signed in as the city's coordinator: the page has its review panel.
    coordinator = browsers.open(
        coordinator_of(lyon, "coordinator.lyon@example.org"),
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    coordinator.goto(practice.get_absolute_url())
    assert coordinator.locator("#review").count() == 1
    check(coordinator, console, "practice page with its review panel on a phone")
    no_horizontal_overflow(coordinator, "practice page with its review panel")
