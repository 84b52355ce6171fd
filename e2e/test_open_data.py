"""The open data page in the browser: a visitor reads what the ZIP holds and downloads it
(from the footer link); before the first build the download address explains itself; a
network admin rebuilds the file from the page, with htmx and without JavaScript.

Every page is checked with axe and for Content Security Policy errors. The task backend
is the immediate one: a build runs within the request that asks for it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from e2e.conftest import ConsoleLog, assert_accessible, assert_no_csp_violations
from e2e.test_forum import Browsers
from e2e.test_practices import check, city, click_and_wait, main_text, path_of

PAGE = "/en/open-data/"
DOWNLOAD = "/en/open-data/metroagora-open-data.zip"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


def seed() -> None:
    from metroagora.accounts.tests.factories import UserFactory
    from metroagora.forum.tests.factories import ContributionFactory, DebateFactory

    lyon = city("lyon", "Lyon", "FR")
    debate = DebateFactory(slug="cities-and-europe", city=lyon)
    ContributionFactory(
        debate=debate,
        author=UserFactory(display_name="Ana Writer", email="ana.writer@example.org"),
        text="Cities should sit at the table.",
    )


def build() -> None:
    from metroagora.api import opendata
    from metroagora.api.models import ExportStatus

    export = opendata.start_export(None)  # the nightly run; the task runs on commit
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error


def test_a_visitor_reads_the_page_and_downloads_the_zip(
    browsers: Browsers, console: ConsoleLog, transactional_db: None, tmp_path: Any
) -> None:
    seed()
    build()
    page = browsers.open()
    page.goto("/en/")
    click_and_wait(page, page.locator("footer").get_by_role("link", name="Open data"))
    assert path_of(page) == PAGE
    check(page, console, "the open data page")
    assert "Built on" in main_text(page)
    cities = page.locator("details", has=page.locator("summary", has_text="cities.csv"))
    assert "1 row" in cities.locator("summary").inner_text()
    cities.locator("summary").click()
    cities.get_by_role("table", name="Columns of cities.csv").wait_for()
    assert_accessible(page, "the open data page with a file's columns open")
    link = page.get_by_role("link", name="Download the open data (ZIP")
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename == "metroagora-open-data.zip"
    saved = tmp_path / "downloaded.zip"
    download.save_as(saved)
    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as archive:
        assert "README.txt" in archive.namelist()
        assert b"lyon" in archive.read("cities.csv")
        assert b"Ana Writer" in archive.read("contributions.csv")
        assert all(b"ana.writer@" not in archive.read(name) for name in archive.namelist())


def test_the_page_in_french(
    browsers: Browsers, console: ConsoleLog, transactional_db: None
) -> None:
    from e2e.test_events import check as check_in

    page = browsers.open(locale="fr-FR")
    page.goto("/fr/open-data/")
    check_in(page, console, "the open data page in French", lang="fr")


def test_before_the_first_build_the_download_explains_itself(
    browsers: Browsers, console: ConsoleLog, transactional_db: None
) -> None:
    page = browsers.open()
    page.goto(PAGE)
    check(page, console, "the open data page before any build")
    assert "has not been built yet" in main_text(page)
    assert page.get_by_role("button", name="Rebuild now").count() == 0
    response = page.goto(DOWNLOAD)
    assert response is not None and response.status == 404
    check(page, console, "the download address before any build")
    click_and_wait(page, page.get_by_role("link", name="See what the file holds"))
    assert path_of(page) == PAGE


def test_a_network_admin_rebuilds_the_file_from_the_page(
    browsers: Browsers, console: ConsoleLog, transactional_db: None
) -> None:
    from metroagora.accounts.tests.factories import UserFactory, with_two_factor
    from metroagora.api.models import ExportStatus, OpenDataExport

    seed()
    admin = browsers.open(with_two_factor(UserFactory(is_superuser=True, is_staff=True)))
    admin.goto(PAGE)
    check(admin, console, "the open data page (a network admin, never built)")
    status = admin.locator("#open-data-status")
    assert "never been built" in status.inner_text()
    admin.get_by_role("button", name="Rebuild now").click()
    # htmx swaps the box in place: the build ran, the box says so and links to the page
    reload = admin.get_by_role("link", name="Reload the page to see the new file's figures")
    reload.wait_for()
    assert path_of(admin) == PAGE
    assert "Last built on" in status.inner_text()
    check(admin, console, "the open data page after rebuilding (htmx)")
    click_and_wait(admin, reload)
    assert admin.get_by_role("link", name="Download the open data (ZIP").count() == 1
    export = OpenDataExport.objects.get()
    assert export.status == ExportStatus.DONE and export.requested_by is not None

    # Without JavaScript: the form posts, the page comes back with the news.
    plain = browsers.open(
        with_two_factor(UserFactory(is_superuser=True, is_staff=True)),
        java_script_enabled=False,
    )
    plain.goto(PAGE)
    click_and_wait(plain, plain.get_by_role("button", name="Rebuild now"))
    assert path_of(plain) == PAGE
    assert "The file is being rebuilt" in main_text(plain)
    assert "Last built on" in plain.locator("#open-data-status").inner_text()
    assert OpenDataExport.objects.filter(status=ExportStatus.DONE).count() == 2
    # axe cannot run without JavaScript (see e2e/test_practices.check_without_javascript);
    # the page is the one checked above with it.
    assert plain.locator("h1").count() == 1
    assert_no_csp_violations(console, "on the open data page without JavaScript")


def test_other_people_have_no_rebuild_button(
    browsers: Browsers, console: ConsoleLog, transactional_db: None
) -> None:
    from metroagora.accounts.tests.factories import UserFactory

    page = browsers.open(UserFactory())
    page.goto(PAGE)
    assert page.get_by_role("button", name="Rebuild now").count() == 0
    assert page.locator("#open-data-status").count() == 0
    check(page, console, "the open data page (a participant)")
