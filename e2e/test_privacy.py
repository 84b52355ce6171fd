"""A person's data in the browser: from the profile to the download (a ZIP with data.json),
the privacy page, and the deletion of the account (a wrong password first), axe-clean,
in English and French.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from e2e.conftest import ConsoleLog
from e2e.test_forum import Browsers, check, main_text, path_of

# Until metroagora/urls.py includes the pages (then this adds nothing).
pytestmark = pytest.mark.urls("metroagora.api.tests.urls_with_personal_data")

PASSWORD = "correct-horse-battery"  # UserFactory's
EMAIL = "petra.privacy@example.org"


@pytest.fixture(autouse=True, scope="module")
def _urls_loaded() -> None:
    """Import every app's views before the first page (slow on a busy machine)."""
    from django.urls import get_resolver

    get_resolver("metroagora.api.tests.urls_with_personal_data").url_patterns  # noqa: B018


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def person(transactional_db: None) -> Any:
    from metroagora.accounts.tests.factories import UserFactory
    from metroagora.forum.tests.factories import ContributionFactory
    from metroagora.network.tests.factories import CityFactory

    person = UserFactory(email=EMAIL, display_name="Petra Privacy")
    CityFactory(slug="lyon")
    ContributionFactory(author=person, text="Our squares need shade.")
    return person


def test_a_person_downloads_their_data_then_deletes_their_account(
    browsers: Browsers, console: ConsoleLog, person: Any
) -> None:
    from metroagora.accounts.models import User

    page = browsers.open(person)
    page.goto("/en/accounts/profile/")
    page.get_by_role("link", name="Download your data").click()
    assert path_of(page) == "/en/account/data/"
    check(page, console, "your data")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data (ZIP)").click()
    assert download.value.suggested_filename.endswith(".zip")
    with open(download.value.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["profile"]["email"] == EMAIL
    assert data["forum"]["contributions"][0]["text"] == "Our squares need shade."
    assert "README.txt" in archive.namelist()

    page.get_by_role("link", name="What we keep about you, why, and for how long").click()
    assert path_of(page) == "/en/privacy/data/"
    check(page, console, "the privacy page")

    page.goto("/en/account/delete/")
    check(page, console, "the deletion page")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    assert "This is not your password" in main_text(page)
    check(page, console, "the deletion page with an error")
    assert User.objects.get(pk=person.pk).is_active

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    assert path_of(page) == "/en/account/deleted/"
    check(page, console, "the goodbye page")
    gone = User.objects.get(pk=person.pk)
    assert not gone.is_active and gone.email.endswith("@erased.invalid")

    page.goto("/en/accounts/profile/")
    assert path_of(page).startswith("/en/accounts/login/")  # signed out


def test_the_privacy_page_in_french_on_a_phone(
    browsers: Browsers, console: ConsoleLog, transactional_db: None
) -> None:
    page = browsers.open(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page.goto("/fr/privacy/data/")
    check(page, console, "the privacy page in French", lang="fr")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
