"""Events in the browser: create and publish, register as a guest, waiting list, check-in
on a phone, the funders' report, and the filtered list with and without JavaScript.

Every scenario seeds what it needs (factories, or the demo commands for the report) and
signs organisers in by copying a Django session cookie into the browser context: staff
need a TOTP authenticator, which ``with_two_factor`` gives them, and the staff-2FA
middleware only checks that one exists. The live server runs in this process, so the
emails are read from Django's locmem outbox.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from e2e.conftest import ConsoleLog, assert_accessible, assert_no_csp_violations

# The links in emails start with settings.SITE_URL, not the live server's address.
TOKEN_LINK = re.compile(r"/en/events/registration/[\w-]+/(?:confirm/)?")
MOBILE = {"width": 390, "height": 844}


# --- Helpers -------------------------------------------------------------------------


def sign_in(context: Any, live_server: Any, user: Any) -> None:
    """Put a Django session of ``user`` into the browser context (a staff user needs TOTP)."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )


def coordinator_of(city: Any, email: str = "coordinator@example.org") -> Any:
    from metroagora.accounts.tests.factories import UserFactory, with_two_factor
    from metroagora.network.tests.factories import MembershipFactory

    user = with_two_factor(UserFactory(email=email))
    MembershipFactory(user=user, city=city, role="coordinator")
    return user


def path_of(page: Any) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def check(page: Any, console: ConsoleLog, what: str, lang: str = "en") -> None:
    assert page.locator("html").get_attribute("lang") == lang, f"{what}: wrong <html lang>"
    assert page.locator("h1").count() == 1, f"{what}: expected exactly one <h1>"
    assert_accessible(page, f"{what} ({page.url})")
    assert_no_csp_violations(console, f"on {what} ({page.url})")


def main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def no_form_errors(page: Any) -> None:
    errors = page.locator("main .errorlist, main .form-errors")
    assert errors.count() == 0, main_text(page)


def fill_guest_form(page: Any, name: str, email: str) -> None:
    form = page.locator(".register-box form[method=post]")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=residence_city]").fill("Lyon")
    form.locator("select[name=residence_country]").select_option("FR")
    form.get_by_label("Citizen").check()
    form.locator("input[name=photo_consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def link_in(message: Any) -> str:
    match = TOKEN_LINK.search(message.body)
    assert match, f"no registration link in:\n{message.body}"
    return match.group(0)


def attachment_names(message: Any) -> dict[str, tuple[Any, str]]:
    return {a[0]: (a[1], a[2]) for a in message.attachments}


def mark_page(page: Any) -> None:
    """A marker on ``window``: it survives htmx swaps, not a full page load."""
    page.evaluate("() => { window.__e2eMarker = 'same-document'; }")


def same_document(page: Any) -> bool:
    return bool(page.evaluate("() => window.__e2eMarker === 'same-document'"))


# --- 1. Create and publish -------------------------------------------------------------


def test_coordinator_creates_an_event_with_an_agenda_and_publishes_it(
    page: Any, live_server: Any, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.events.models import Event, EventStatus
    from metroagora.network.tests.factories import CityFactory

    city = CityFactory(slug="turin", name={"en": "Turin", "_original": "en"})
    coordinator = coordinator_of(city)
    sign_in(page.context, live_server, coordinator)

    page.goto("/en/events/")
    create = page.locator("main a[href='/en/events/new/']")
    assert create.count() == 1, "coordinators see no 'Create an event' link"
    with page.expect_navigation():
        create.click()
    assert path_of(page) == "/en/events/new/"
    check(page, console, "event form")

    day = (timezone.now() + timedelta(days=40)).date().isoformat()
    form = page.locator("main form[method=post]")
    form.locator("input[name=slug]").fill("turin-river-assembly")
    form.locator("input[name=title_en]").fill("Turin river assembly")
    form.locator("select[name=title_original]").select_option("en")
    form.locator("select[name=kind]").select_option("international")
    form.locator("select[name=city]").select_option(str(city.pk))
    form.locator("select[name=time_zone]").select_option("Europe/Rome")
    form.locator("input[name=starts_at]").fill(f"{day}T10:00")
    form.locator("input[name=ends_at]").fill(f"{day}T17:00")
    form.locator("input[name=venue_name]").fill("Cavallerizza Reale")
    form.locator("input[name=capacity]").fill("80")
    form.locator("input[name='agenda-0-starts_at']").fill(f"{day}T10:30")
    form.locator("input[name='agenda-0-ends_at']").fill(f"{day}T12:00")
    form.locator("input[name='agenda-0-title']").fill("Opening debate on the Po")
    form.locator("input[name='agenda-0-speakers']").fill("Giulia Bianchi")
    with page.expect_navigation():
        form.locator(".actions button[type=submit]").click()
    no_form_errors(page)

    assert path_of(page) == "/en/events/turin-river-assembly/", path_of(page)
    event = Event.objects.get(slug="turin-river-assembly")
    assert event.status == EventStatus.DRAFT
    assert event.city == city
    assert event.sessions.count() == 1
    assert str(event.title) == "Turin river assembly"
    main = page.locator("main")
    assert "The event was saved." in main.locator(".messages").inner_text()
    assert main.locator("h1").inner_text() == "Turin river assembly"
    assert "Draft: only organisers see this page." in main_text(page)
    agenda = main.locator("section[aria-labelledby=agenda-heading] table")
    row = agenda.locator("tbody tr")
    assert row.count() == 1
    assert row.locator("th").inner_text() == "Opening debate on the Po"
    assert "10:30–12:00" in row.locator("td").first.inner_text()  # in the event's time zone
    assert "Giulia Bianchi" in row.inner_text()
    check(page, console, "draft event page")

    publish = main.locator(".organiser-actions form button", has_text="Publish")
    with page.expect_navigation():
        publish.click()
    assert path_of(page) == "/en/events/turin-river-assembly/"
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert "The event status is now: Published." in main.locator(".messages").inner_text()
    assert "Draft: only organisers see this page." not in main_text(page)
    assert main.locator(".organiser-actions button", has_text="Publish").count() == 0
    check(page, console, "published event page")

    # Anyone can now find it in the list.
    page.context.clear_cookies()
    page.goto("/en/events/")
    assert page.locator("#results a", has_text="Turin river assembly").count() == 1


# --- 2. Guest registration -------------------------------------------------------------


def test_guest_registers_confirms_by_email_and_gets_the_calendar_file(
    page: Any, live_server: Any, transactional_db: None, console: ConsoleLog, mailoutbox: list[Any]
) -> None:
    from metroagora.events.models import Registration, RegistrationStatus
    from metroagora.events.tests.factories import EventFactory

    event: Any = EventFactory(slug="vienna-housing-lab", capacity=30)
    page.goto(f"/en/events/{event.slug}/")
    check(page, console, "event page")
    fill_guest_form(page, "Lena Hofer", "Lena.Hofer@example.org")
    no_form_errors(page)
    assert path_of(page) == f"/en/events/{event.slug}/"
    assert "we sent you an email" in page.locator("main .messages").inner_text()

    registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.PENDING
    assert registration.email == "lena.hofer@example.org"
    assert registration.photo_consent is True
    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    confirmation = mailoutbox[0]
    assert confirmation.to == ["lena.hofer@example.org"]
    assert "Please confirm your registration" in confirmation.subject
    confirm_path = link_in(confirmation)
    assert confirm_path == f"/en/events/registration/{registration.token}/confirm/"

    page.goto(confirm_path)
    check(page, console, "confirm page")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING  # GET confirms nothing
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]", has_text="Confirm").click()
    assert path_of(page) == f"/en/events/registration/{registration.token}/"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED

    main = page.locator("main")
    assert "Your registration is confirmed." in main.locator(".messages").inner_text()
    assert main.locator(".code").inner_text() == registration.code
    qr = main.locator("figure.qr svg")
    assert qr.count() == 1, "no QR code"
    assert registration.code in (qr.locator("title").text_content() or "")
    check(page, console, "registration page")

    # The "you are registered" email carries the invitation and the QR code.
    assert len(mailoutbox) == 2, [m.subject for m in mailoutbox]
    registered = mailoutbox[1]
    assert "You are registered" in registered.subject
    assert registration.code in registered.body
    attachments = attachment_names(registered)
    assert "event.ics" in attachments, list(attachments)
    ics, mimetype = attachments["event.ics"]
    ics_text = ics.decode() if isinstance(ics, bytes) else str(ics)
    assert mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics_text

    # "Add to my calendar" downloads an iCalendar file.
    link = main.get_by_role("link", name="Add to my calendar (.ics)")
    href = link.get_attribute("href")
    assert href == f"/en/events/registration/{registration.token}/event.ics"
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{event.slug}.ics"
    with open(download.path(), encoding="utf-8") as handle:
        assert "BEGIN:VEVENT" in handle.read()
    response = page.request.get(href)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")


# --- 3. Capacity and waiting list ------------------------------------------------------


def test_full_event_puts_the_next_guest_on_the_waiting_list_until_a_place_is_free(
    page: Any, live_server: Any, transactional_db: None, console: ConsoleLog, mailoutbox: list[Any]
) -> None:
    from metroagora.events import services
    from metroagora.events.models import Registration, RegistrationStatus
    from metroagora.events.tests.factories import EventFactory

    event: Any = EventFactory(slug="ghent-one-seat-walk", capacity=1)
    answers = {"residence_city": "Ghent", "residence_country": "BE", "role": "citizen"}
    first = services.register_guest(
        event, name="Pieter Claes", email="pieter@example.org", language="en", **answers
    )
    first = services.confirm_guest(first.token)
    assert first.status == RegistrationStatus.CONFIRMED

    page.goto(f"/en/events/{event.slug}/")
    assert "1 of 1 taken" in main_text(page)
    assert "The event is full." in main_text(page)
    fill_guest_form(page, "Anouk Janssens", "anouk@example.org")
    no_form_errors(page)
    second = Registration.objects.get(event=event, email="anouk@example.org")
    outbox_before = len(mailoutbox)
    page.goto(link_in(mailoutbox[-1]))
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    second.refresh_from_db()
    assert second.status == RegistrationStatus.WAITLISTED
    assert path_of(page) == second.get_absolute_url()
    main = page.locator("main")
    assert "you are on the waiting list" in main.locator(".messages").inner_text()
    assert "On the waiting list" in main.locator("dl.facts").inner_text()
    assert main.locator(".code").count() == 0, "a waiting-list registration shows a code"
    check(page, console, "waiting-list registration page")
    assert "waiting list" in mailoutbox[outbox_before].subject

    # The first guest cancels through the link of their emails.
    page.goto(f"/en/events/registration/{first.token}/cancel/")
    check(page, console, "cancel page")
    with page.expect_navigation():
        main.get_by_role("button", name="Yes, cancel my registration").click()
    assert path_of(page) == f"/en/events/{event.slug}/"
    assert "Your registration is cancelled." in main.locator(".messages").inner_text()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED

    # The place went to the second guest, who was told by email.
    page.goto(second.get_absolute_url())
    assert "Confirmed" in main.locator("dl.facts").inner_text()
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert main.locator(".code").inner_text() == second.code
    promoted = [m for m in mailoutbox if m.to == ["anouk@example.org"]][-1]
    assert "A place is free" in promoted.subject
    assert "event.ics" in attachment_names(promoted)


# --- 4. Check-in on a phone ------------------------------------------------------------


@pytest.fixture
def phone(browser: Any, live_server: Any, console: ConsoleLog) -> Any:
    context = browser.new_context(
        base_url=live_server.url,
        viewport=MOBILE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        timezone_id="Europe/Brussels",
    )
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    page = context.new_page()
    page.on("console", console.on_console)
    page.on("pageerror", console.on_pageerror)
    page.on("response", console.on_response)
    page.on("requestfailed", console.on_requestfailed)
    try:
        yield page
    finally:
        context.close()


def no_horizontal_scroll(page: Any, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"{what}: horizontal scroll ({width}px wide at 390px)"


def test_check_in_on_a_phone(
    phone: Any, live_server: Any, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.events.models import RegistrationStatus
    from metroagora.events.tests.factories import EventFactory, RegistrationFactory

    event: Any = EventFactory(slug="porto-waterfront-forum")
    organiser = coordinator_of(event.city)
    guest: Any = RegistrationFactory(event=event, name="Inês Carvalho")
    other: Any = RegistrationFactory(event=event, name="Tiago Moreira")
    RegistrationFactory(event=event, name="Rui Waiting", status=RegistrationStatus.WAITLISTED)
    sign_in(phone.context, live_server, organiser)

    page = phone
    page.goto(f"/en/events/{event.slug}/check-in/")
    assert path_of(page) == f"/en/events/{event.slug}/check-in/"
    check(page, console, "check-in page")
    no_horizontal_scroll(page, "check-in page")
    panel = page.locator("#check-in-panel")
    assert panel.locator(".checkin-count").inner_text() == "0 of 2 checked in"
    mark_page(page)

    def submit_code(code: str) -> None:
        form = panel.locator("form.checkin-form")
        form.locator("input[name=code]").fill(code)
        with page.expect_response(lambda r: r.request.method == "POST"):
            form.locator("button[type=submit]").tap()
        panel.locator(".checkin-result").wait_for()

    # Lower case and a dash, as typed on a phone keyboard: still the same code.
    submit_code(f"{guest.code[:4].lower()}-{guest.code[4:]}")
    result = panel.locator(".checkin-result")
    assert "checkin-checked_in" in (result.get_attribute("class") or "")
    assert result.inner_text() == "Welcome! Inês Carvalho is checked in."
    assert panel.locator(".checkin-count").inner_text() == "1 of 2 checked in"
    assert same_document(page), "the check-in reloaded the page instead of an htmx swap"
    guest.refresh_from_db()
    assert guest.checked_in_at is not None
    assert guest.checked_in_by == organiser
    no_horizontal_scroll(page, "after check-in")
    check(page, console, "check-in success")

    submit_code(guest.code)
    result = panel.locator(".checkin-result")
    assert "Already checked in" in result.inner_text()
    assert "not counted twice" in result.inner_text()
    assert panel.locator(".checkin-count").inner_text() == "1 of 2 checked in"

    submit_code("ZZZZ9999")
    result = panel.locator(".checkin-result")
    assert "Unknown code" in result.inner_text()
    assert same_document(page)
    check(page, console, "unknown code")

    # Search by name (a plain GET), then check the person in from the results.
    search = panel.locator("form.checkin-search")
    search.locator("input[name=q]").fill("Moreira")
    with page.expect_navigation():
        search.locator("button[type=submit]").tap()
    assert "q=Moreira" in page.url
    matches = page.locator("#check-in-panel .checkin-matches li")
    assert matches.count() == 1
    assert "Tiago Moreira" in matches.inner_text()
    no_horizontal_scroll(page, "search results")
    check(page, console, "check-in search")
    mark_page(page)
    with page.expect_response(lambda r: r.request.method == "POST"):
        matches.get_by_role("button", name="Check in Tiago Moreira").tap()
    page.locator("#check-in-panel .checkin-result").wait_for()
    assert "Tiago Moreira is checked in." in page.locator("#check-in-panel").inner_text()
    assert same_document(page)
    other.refresh_from_db()
    assert other.checked_in_at is not None


# --- 5. Report -----------------------------------------------------------------------


REPORT_EVENT = "lyon-citizens-forum-participatory-budgets"


@pytest.fixture
def demo_events(transactional_db: None) -> None:
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    call_command("seed_demo_events", verbosity=0, stdout=io.StringIO())


def stat(page: Any, label: str) -> str:
    item = page.locator("dl.report-stats > div", has=page.locator("dt", has_text=label))
    assert item.count() == 1, f"no figure {label!r} in {main_text(page)}"
    return str(item.locator("dd").inner_text()).strip()


def test_organiser_sees_the_right_numbers_in_the_report(
    page: Any, live_server: Any, demo_events: None, console: ConsoleLog
) -> None:
    from metroagora.events.models import Event, EventStatus, Registration, RegistrationStatus

    event = Event.objects.select_related("city").get(slug=REPORT_EVENT)
    assert event.status == EventStatus.HELD
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    registered = confirmed.count()
    attended = confirmed.filter(checked_in_at__isnull=False).count()
    assert 0 < attended < registered  # the demo has people who did not come
    # With attendance recorded, the breakdowns count the people who came.
    came = confirmed.filter(checked_in_at__isnull=False)
    countries = came.values("residence_country").distinct().count()
    # Neither cancelled nor waitlisted people count as registered.
    assert Registration.objects.filter(event=event).count() >= registered

    sign_in(page.context, live_server, coordinator_of(event.city, "report@example.org"))
    page.goto(f"/en/events/{REPORT_EVENT}/report/")
    assert path_of(page) == f"/en/events/{REPORT_EVENT}/report/"
    assert stat(page, "Registered (confirmed)") == str(registered)
    assert stat(page, "Attended") == str(attended)
    assert stat(page, "Countries") == str(countries)
    assert "people who attended (checked in)" in page.locator("main .report-basis").inner_text()
    assert page.locator("main .report-downloads a").count() == 3
    check(page, console, "event report")

    page.goto(f"/fr/events/{REPORT_EVENT}/report/")
    assert path_of(page) == f"/fr/events/{REPORT_EVENT}/report/"
    check(page, console, "French event report", lang="fr")
    figures = page.locator("dl.report-stats dd")
    assert figures.nth(0).inner_text().strip() == str(registered)
    assert figures.nth(1).inner_text().strip() == str(attended)
    assert_no_csp_violations(console, "on the French report")

    # Another city's event: no report for this coordinator.
    other = Event.objects.exclude(city=event.city).filter(status=EventStatus.HELD).first()
    assert other is not None
    response = page.goto(f"/en/events/{other.slug}/report/")
    assert response is not None and response.status == 403


# --- 6. The list and its filters -------------------------------------------------------


@pytest.fixture
def two_cities_events(transactional_db: None) -> tuple[Any, Any]:
    from metroagora.events.tests.factories import EventFactory
    from metroagora.network.tests.factories import CityFactory

    tallinn = CityFactory(slug="tallinn", country="EE", name={"en": "Tallinn", "_original": "en"})
    malmo = CityFactory(slug="malmo", country="SE", name={"en": "Malmö", "_original": "en"})
    EventFactory(
        slug="tallinn-e-voting",
        city=tallinn,
        title={"en": "Tallinn e-voting clinic", "_original": "en"},
    )
    EventFactory(
        slug="malmo-harbour",
        city=malmo,
        title={"en": "Malmö harbour walk", "_original": "en"},
        starts_at=timezone.now().replace(microsecond=0) + timedelta(days=12),
        ends_at=timezone.now().replace(microsecond=0) + timedelta(days=12, hours=3),
    )
    return tallinn, malmo


def result_titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#results .event-title").all_inner_texts()]


def test_event_filters_work_without_javascript(
    browser: Any,
    live_server: Any,
    two_cities_events: tuple[Any, Any],
    console: ConsoleLog,
) -> None:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("response", console.on_response)
    try:
        page.goto("/en/events/")
        assert sorted(result_titles(page)) == ["Malmö harbour walk", "Tallinn e-voting clinic"]
        form = page.locator("main form.filters")
        form.locator("select[name=city]").select_option("tallinn")
        with page.expect_navigation():
            form.get_by_role("button", name="Show events").click()
        assert path_of(page).startswith("/en/events/?")
        assert "city=tallinn" in page.url
        assert result_titles(page) == ["Tallinn e-voting clinic"]
        assert page.locator("#results .result-count").inner_text() == "1 event"
        assert page.locator("select[name=city]").input_value() == "tallinn"
        assert page.locator("h1").count() == 1  # a full page, not the htmx partial
        assert_no_csp_violations(console, "on the list without JavaScript")
    finally:
        context.close()


def test_event_filters_update_the_results_with_htmx(
    page: Any, live_server: Any, two_cities_events: tuple[Any, Any], console: ConsoleLog
) -> None:
    page.goto("/en/events/")
    check(page, console, "events list")
    assert len(result_titles(page)) == 2
    mark_page(page)

    with page.expect_response(lambda r: "city=malmo" in r.url):
        page.locator("main form.filters select[name=city]").select_option("malmo")
    page.wait_for_url(re.compile(r"/en/events/\?.*city=malmo"))
    page.wait_for_function("() => document.querySelectorAll('#results .event-title').length === 1")
    assert result_titles(page) == ["Malmö harbour walk"]
    assert same_document(page), "changing a filter reloaded the whole page"
    assert page.locator("h1").count() == 1  # the partial did not nest a second page
    assert page.locator("#results #results").count() == 0

    with page.expect_response(lambda r: "kind=local" in r.url):
        page.locator("main form.filters select[name=kind]").select_option("local")
    page.wait_for_url(re.compile(r"kind=local"))
    page.locator("#results", has_text="No event matches these filters.").wait_for()
    assert same_document(page)
    check(page, console, "filtered events list")

    # The pushed address is a real page: loading it shows the same filtered results.
    page.goto(path_of(page).replace("&kind=local", "").replace("kind=local&", ""))
    assert result_titles(page) == ["Malmö harbour walk"]


# --- 7. The attendance PDF, built in the background ---------------------------------------


def test_attendance_pdf_page_shows_its_status_until_the_file_is_ready(
    page: Any, live_server: Any, transactional_db: None, console: ConsoleLog, monkeypatch: Any
) -> None:
    from types import SimpleNamespace

    from metroagora.events import tasks
    from metroagora.events.models import ReportFile
    from metroagora.events.tests.factories import EventFactory, RegistrationFactory

    event = EventFactory(slug="pdf-event")
    RegistrationFactory.create_batch(3, event=event)
    real_task = tasks.build_attendance_pdf
    # A worker that has not picked the job up yet.
    monkeypatch.setattr(tasks, "build_attendance_pdf", SimpleNamespace(enqueue=lambda *a: None))
    sign_in(page.context, live_server, coordinator_of(event.city, "pdf@example.org"))

    response = page.goto("/fr/events/pdf-event/attendance.pdf")
    assert response is not None and response.status == 202
    check(page, console, "attendance PDF status (French)", lang="fr")
    assert page.locator("#pdf-status progress").count() == 1

    # The worker finishes; the page's htmx poll shows the download link by itself.
    real_task.call(ReportFile.objects.get(event=event).pk)
    page.locator("#pdf-status a.button").wait_for(timeout=10_000)
    check(page, console, "attendance PDF ready", lang="fr")
    with page.expect_download() as download:
        page.locator("#pdf-status a.button").click()
    assert download.value.suggested_filename == "pdf-event-attendance.pdf"
    assert_no_csp_violations(console, "on the attendance PDF page")

    # Without JavaScript the page refreshes itself (a <noscript> meta refresh).
    no_js = page.context.browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        sign_in(no_js, live_server, coordinator_of(event.city, "pdf2@example.org"))
        other = no_js.new_page()
        RegistrationFactory(event=event)  # new data: a new file is queued
        other.goto("/en/events/pdf-event/attendance.pdf")
        assert other.locator('noscript, meta[http-equiv="refresh"]').count() >= 1
        assert other.locator("#pdf-status").count() == 1
    finally:
        no_js.close()
