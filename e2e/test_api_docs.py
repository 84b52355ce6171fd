"""The API documentation page in the browser: Swagger UI served from our own server under
the strict CSP, axe-clean, usable to try a request (with a personal token too), in
French, and readable without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from e2e.conftest import ConsoleLog, assert_accessible, assert_no_csp_violations
from e2e.test_events import check
from e2e.test_forum import Browsers

DOCS = "/api/v1/docs"


@pytest.fixture(autouse=True, scope="module")
def _urls_loaded() -> None:
    """Import the URL configuration (every app's views) before the first page: on a busy
    machine that alone can outlast a navigation timeout."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imported for its side effect


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def lyon_event(transactional_db: None) -> Any:
    from metroagora.events.tests.factories import EventFactory
    from metroagora.network.tests.factories import CityFactory

    lyon = CityFactory(slug="lyon", name={"fr": "Lyon", "_original": "fr"}, country="FR")
    return EventFactory(slug="lyon-assembly", city=lyon, title={"en": "Citizens' assembly"})


def operations(page: Any) -> Any:
    return page.locator("#swagger-ui .opblock")


def open_docs(page: Any, live_server: Any) -> None:
    page.goto(DOCS)
    page.locator("#swagger-ui .opblock").first.wait_for()
    # Everything the page loads comes from our own server: no CDN.
    sources = page.evaluate(
        "() => [...document.querySelectorAll('script[src], link[href]')].map(e => e.src || e.href)"
    )
    ours = urlsplit(live_server.url).netloc
    assert sources and all(urlsplit(src).netloc == ours for src in sources), sources


def operation(page: Any, method: str, path: str) -> Any:
    return page.locator(f"#swagger-ui .opblock-{method.lower()}").filter(
        has=page.locator(".opblock-summary-path", has_text=path).locator(
            f"xpath=self::*[normalize-space(@data-path)='{path}']"
        )
    )


def test_the_docs_page_lists_every_operation_under_the_strict_csp(
    page: Any, live_server: Any, console: ConsoleLog, lyon_event: Any
) -> None:
    open_docs(page, live_server)
    check(page, console, "API docs")
    assert page.locator("h1").inner_text() == "MetroAgora API"
    paths = set(
        page.locator("#swagger-ui .opblock-summary-path").evaluate_all(
            "nodes => nodes.map(n => n.dataset.path)"
        )
    )
    for expected in (
        "/api/v1/events",
        "/api/v1/events/{slug}/registrations",
        "/api/v1/debates/{slug}/contributions",
        "/api/v1/opinion-maps/{slug}/votes",
        "/api/v1/practices",
        "/api/v1/processes/{slug}/proposals",
        "/api/v1/budgets/{budget_id}",
    ):
        assert expected in paths, paths


def test_a_visitor_tries_the_events_list_from_the_docs(
    page: Any, live_server: Any, console: ConsoleLog, lyon_event: Any
) -> None:
    open_docs(page, live_server)
    events = operation(page, "get", "/api/v1/events")
    events.locator(".opblock-summary").click()
    events.get_by_role("button", name="Try it out").click()
    events.locator("input[placeholder='limit']").fill("5")
    with page.expect_response(lambda r: "/api/v1/events?" in r.url) as answer:
        events.get_by_role("button", name="Execute").click()
    assert answer.value.status == 200
    body = events.locator(".responses-wrapper .live-responses-table")
    body.locator(".response-col_status", has_text="200").first.wait_for()
    assert "lyon-assembly" in body.inner_text()
    assert_accessible(page, "API docs with an operation open and its answer")
    assert_no_csp_violations(console, "after trying an operation")


def test_a_person_authorises_the_docs_with_their_token(
    page: Any, live_server: Any, console: ConsoleLog, transactional_db: None
) -> None:
    from metroagora.accounts.tests.factories import UserFactory
    from metroagora.api import services

    person = UserFactory(display_name="Ana Tester")
    _token, raw = services.create_token(person, name="Docs", scopes=["read"], expires_in_days=30)
    open_docs(page, live_server)
    page.locator("#swagger-ui .auth-wrapper button.authorize").click()
    dialog = page.locator("#swagger-ui .dialog-ux")
    dialog.locator("input[type=text], input[type=password]").first.fill(raw)
    dialog.locator("button.modal-btn.authorize").click()
    dialog.get_by_role("button", name="Remove authorization").wait_for()  # authorised
    assert_accessible(page, "the docs' authorisation dialog")
    dialog.locator("button.btn-done").click()
    me = operation(page, "get", "/api/v1/me")
    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    with page.expect_response(lambda r: r.url.endswith("/api/v1/me")) as answer:
        me.get_by_role("button", name="Execute").click()
    assert answer.value.status == 200
    assert answer.value.json()["name"] == "Ana Tester"
    assert_no_csp_violations(console, "after an authorised request")


def test_the_docs_page_follows_the_interface_language(
    browsers: Browsers, live_server: Any, console: ConsoleLog, transactional_db: None
) -> None:
    page = browsers.open(locale="fr-FR", extra_http_headers={"Accept-Language": "fr"})
    open_docs(page, live_server)
    check(page, console, "API docs in French", lang="fr")
    # Swagger UI speaks English only: its part of the page says so.
    assert page.locator("#swagger-ui[lang=en]").count() == 1


def test_without_javascript_the_docs_page_points_to_the_openapi_description(
    browsers: Browsers, console: ConsoleLog, transactional_db: None
) -> None:
    page = browsers.open(java_script_enabled=False)
    page.goto(DOCS)
    assert page.locator("h1").count() == 1
    link = page.get_by_role("link", name="The OpenAPI description (JSON)")
    assert link.get_attribute("href") == "/api/v1/openapi.json"
    assert "needs JavaScript" in page.locator("main").inner_text()
    assert_no_csp_violations(console, "on the docs page without JavaScript")
    response = page.request.get("/api/v1/openapi.json")
    assert response.status == 200
    assert response.json()["info"]["title"] == "MetroAgora API"


def test_a_person_creates_and_revokes_a_token_from_their_profile(
    browsers: Browsers, console: ConsoleLog, transactional_db: None
) -> None:
    from metroagora.accounts.tests.factories import UserFactory
    from metroagora.api.models import ApiToken

    person = UserFactory(display_name="Ana Tester")
    page = browsers.open(person)
    page.goto("/en/accounts/profile/")
    with page.expect_navigation():
        page.get_by_role("link", name="API tokens").click()
    check(page, console, "API tokens page")
    page.get_by_role("textbox", name="Name").fill("Neighbourhood app")
    page.get_by_label("Vote in opinion maps in my name").check()
    page.get_by_label("Expires").select_option("30")
    with page.expect_navigation():
        page.get_by_role("button", name="Create the token").click()
    check(page, console, "API tokens page with a new token")
    raw = page.get_by_label("Token", exact=True).input_value()
    assert raw.startswith("mga_")
    token = ApiToken.objects.get(user=person)
    assert token.scopes == ["vote"] and raw.startswith(token.prefix)
    # The token works on the API, and is never shown again.
    answer = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 403  # a vote token may not read /me
    # Reloading sends the form again: no second token, and the token is not shown again.
    with page.expect_navigation():
        page.reload()
    assert raw not in page.content()
    assert "already created" in page.locator("main").inner_text()
    assert ApiToken.objects.filter(user=person).count() == 1
    with page.expect_navigation():
        page.get_by_role("button", name="Revoke the token Neighbourhood app").click()
    check(page, console, "API tokens page after revoking")
    assert "is revoked" in page.locator("main").inner_text()
    answer = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 401
