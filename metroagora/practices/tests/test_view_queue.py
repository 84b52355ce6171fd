"""Drafts and reviews: what waits for the editors and for each city."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.practices.tests.conftest import ROLES, sign_in
from metroagora.practices.tests.factories import PracticeFactory

URL = "/en/practices/review/"
ALLOWED = {"coordinator", "other_coordinator", "editor", "admin"}


@pytest.fixture
def practices(roles):
    """One practice per stage in Milan, and a draft and a practice in review in Lyon."""
    return {
        "milan draft": PracticeFactory(city=roles.city, title={"en": "Milan draft"}),
        "milan changes": PracticeFactory(
            city=roles.city, changes_requested=True, title={"en": "Milan changes"}
        ),
        "milan review": PracticeFactory(
            city=roles.city, in_review=True, title={"en": "Milan review"}
        ),
        "milan published": PracticeFactory(
            city=roles.city, published=True, title={"en": "Milan published"}
        ),
        "lyon draft": PracticeFactory(city=roles.other_city, title={"en": "Lyon draft"}),
        "lyon review": PracticeFactory(
            city=roles.other_city, in_review=True, title={"en": "Lyon review"}
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_queue_to_coordinators_and_editors(client, people, role):
    sign_in(client, people[role])
    response = client.get(URL)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_it_shows_editors_every_practice_in_review_and_every_draft(client, people, practices, role):
    sign_in(client, people[role])
    content = client.get(URL).content.decode()
    waiting = content[content.index('id="in-review"') : content.index('id="drafts"')]
    drafts = content[content.index('id="drafts"') :]
    assert "Milan review" in waiting
    assert "Lyon review" in waiting
    for name in ("Milan draft", "Milan changes", "Lyon draft"):
        assert name in drafts
    assert "Milan published" not in content


def test_it_shows_a_coordinator_only_their_city_s_drafts(client, roles, practices):
    client.force_login(roles.coordinator)
    content = client.get(URL).content.decode()
    assert "Milan draft" in content
    assert "Milan changes" in content
    assert "Lyon draft" not in content
    assert "Lyon review" not in content
    assert "Milan published" not in content
    assert 'id="in-review"' not in content


def test_it_says_when_nothing_waits(client, editor):
    client.force_login(editor)
    content = client.get(URL).content.decode()
    assert "Nothing waits for review." in content
    assert "No draft." in content


def test_it_links_the_queue_from_the_list_for_those_who_have_one(client, roles):
    client.force_login(roles.coordinator)
    assert URL in client.get("/en/practices/").content.decode()
    client.force_login(roles.participant)
    assert URL not in client.get("/en/practices/").content.decode()


def test_it_sends_an_editor_without_two_factor_to_set_it_up(client, db):
    client.force_login(UserFactory(is_editor=True))
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
