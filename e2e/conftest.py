"""Browser tests: Playwright (sync API) driving Debian's Chromium, headless, with axe-core.

The site runs in pytest-django's ``live_server`` (a thread of this process), so the
test can read Django's locmem ``mail.outbox`` and use the ORM directly.

Chromium is looked up in ``$CHROMIUM_PATH``, then ``/usr/bin/chromium``, then on the
``PATH``. Without it the browser tests are skipped on a laptop, but fail in CI
(``CI=true``): a missing browser must never turn a CI run green.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio event loop in the main thread; Django would
# otherwise refuse ORM calls made from the test ("SynchronousOnlyOperation").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent
SKIP_REASON = "Chromium not found: browser tests skipped (set CHROMIUM_PATH)"
CI_FAILURE = (
    "Chromium not found and CI=true: browser tests cannot run "
    "(install Debian's chromium or set CHROMIUM_PATH)"
)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# axe impacts that fail a test; "minor" and "moderate" findings are not blocking.
BLOCKING_IMPACTS = ("serious", "critical")


def find_chromium() -> str | None:
    """``$CHROMIUM_PATH``, else ``/usr/bin/chromium``, else ``chromium`` on the PATH."""
    configured = os.environ.get("CHROMIUM_PATH", "").strip()
    if configured:
        # An explicit setting that points nowhere is a configuration error: report
        # it as "not found" rather than silently using another browser.
        return configured if os.access(configured, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


CHROMIUM = find_chromium()
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def _in_e2e(item: pytest.Item) -> bool:
    return E2E_DIR in Path(str(item.path)).resolve().parents


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be there before `-m "not browser"` deselects.
    for item in items:
        if not _in_e2e(item):
            continue
        item.add_marker(pytest.mark.browser)
        if CHROMIUM is None and not IN_CI:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


_selected_browser_tests = 0


def pytest_collection_finish(session: pytest.Session) -> None:
    # After deselection: only fail when browser tests were actually selected.
    global _selected_browser_tests
    _selected_browser_tests = sum(1 for item in session.items if _in_e2e(item))
    if CHROMIUM is None and IN_CI and _selected_browser_tests:
        raise pytest.UsageError(CI_FAILURE)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if CHROMIUM is None and _selected_browser_tests:
        terminalreporter.write_sep("=", "browser tests", red=IN_CI, yellow=not IN_CI, bold=True)
        if IN_CI:
            terminalreporter.write_line(CI_FAILURE, red=True, bold=True)
        else:
            terminalreporter.write_line(
                f"{SKIP_REASON} [{_selected_browser_tests} skipped]", yellow=True, bold=True
            )


# --- Browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if CHROMIUM is None:  # normally handled at collection; belt and braces
        if IN_CI:
            pytest.fail(CI_FAILURE, pytrace=False)
        pytest.skip(SKIP_REASON)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


class ConsoleLog:
    """Console errors, page errors and failed sub-resources of one test's page."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.failed_resources: list[str] = []

    def on_console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def on_pageerror(self, error: Any) -> None:
        self.errors.append(str(error))

    def on_response(self, response: Any) -> None:
        # The document itself may be a 404 on purpose; its CSS, JS, images may not.
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed_resources.append(f"{response.status} {response.url}")

    def on_requestfailed(self, request: Any) -> None:
        # ERR_ABORTED: a request cut short because the test navigated away.
        if request.resource_type != "document" and "ERR_ABORTED" not in (request.failure or ""):
            self.failed_resources.append(f"{request.failure} {request.url}")

    def csp_violations(self) -> list[str]:
        return [text for text in self.errors if "Content Security Policy" in text]


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Any]:
    """A fresh browser context and page per test, with ``base_url`` = the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
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


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Rate limits and used TOTP codes live in the cache: start every test clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- Accessibility --------------------------------------------------------------


_AXE: Any = None


def _axe() -> Any:
    global _AXE
    if _AXE is None:
        from axe_playwright_python.sync_playwright import Axe

        _AXE = Axe()
    return _AXE


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation.get('impact')}] {violation['id']}: {violation['help']}"
            f" ({violation.get('helpUrl', '')})"
        )
        for node in violation.get("nodes", []):
            target = ", ".join(" ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any, context: str | None = None) -> None:
    """Run axe-core on the page; fail listing every serious or critical violation."""
    results = _axe().run(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        where = context or page.url
        pytest.fail(
            f"axe found {len(blocking)} serious/critical violation(s) on {where}:\n"
            + format_violations(blocking),
            pytrace=False,
        )


def assert_no_csp_violations(console: ConsoleLog, where: str = "") -> None:
    """No console error mentions the Content Security Policy, and no asset failed."""
    violations = console.csp_violations()
    assert not violations, f"CSP violations {where}:\n" + "\n".join(violations)
    failed = console.failed_resources
    assert not failed, f"sub-resources failed to load {where}:\n" + "\n".join(failed)


def wait_for_htmx_idle(page: Any) -> None:
    """Wait until htmx has no request in flight and has settled what it swapped in.

    htmx swaps new content in at once but binds its forms (``hx-post``) and applies
    ``autofocus`` when it settles, a timer later (20 ms, longer on a busy machine): a
    click before that posts a form without htmx."""
    page.wait_for_function(
        "() => !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )
