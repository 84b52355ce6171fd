"""The review endpoint: submit, comment, ask for changes, publish, withdraw."""

import pytest
from django.contrib.messages import get_messages

from metroagora.forum.models import Debate
from metroagora.practices.models import PracticeStatus, ReviewComment
from metroagora.practices.tests.conftest import ROLES, sign_in
from metroagora.practices.tests.factories import PracticeFactory

CITY = {"coordinator", "editor", "admin"}
EDITORS = {"editor", "admin"}


def _review(client, practice, action, text=""):
    return client.post(f"/en/practices/{practice.slug}/review/", {"action": action, "text": text})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _status(practice) -> str:
    practice.refresh_from_db()
    return practice.status


# --- The workflow through the page -------------------------------------------------------------


def test_it_takes_a_practice_through_review(client, roles, editor):
    practice = PracticeFactory(city=roles.city)
    client.force_login(roles.coordinator)
    response = _review(client, practice, "submit", "Prête.")
    assert response.status_code == 302
    assert response["Location"] == f"{practice.get_absolute_url()}#review"
    assert _status(practice) == PracticeStatus.IN_REVIEW

    client.force_login(editor)
    _review(client, practice, "changes", "Ajoutez des chiffres.")
    assert _status(practice) == PracticeStatus.CHANGES_REQUESTED

    client.force_login(roles.coordinator)
    _review(client, practice, "comment", "C'est fait.")
    _review(client, practice, "submit")
    assert _status(practice) == PracticeStatus.IN_REVIEW

    client.force_login(editor)
    response = _review(client, practice, "publish")
    assert _messages(response)[-1] == "The practice is published."
    assert _status(practice) == PracticeStatus.PUBLISHED
    assert Debate.objects.count() == 1

    _review(client, practice, "unpublish", "Chiffres à revoir.")
    assert _status(practice) == PracticeStatus.CHANGES_REQUESTED
    assert list(practice.reviews.values_list("verdict", flat=True)) == [
        "submitted",
        "changes",
        "comment",
        "submitted",
        "published",
        "unpublished",
    ]


def test_it_shows_the_review_log_to_the_city(client, roles, editor):
    practice = PracticeFactory(city=roles.city, in_review=True)
    client.force_login(editor)
    _review(client, practice, "changes", "Précisez le coût par habitant.")
    client.force_login(roles.coordinator)
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "Asked for changes" in content
    assert "Précisez le coût par habitant." in content


# --- Who may act ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_the_city_and_the_editors_comment(client, people, roles, role):
    practice = PracticeFactory(city=roles.city, in_review=True)
    sign_in(client, people[role])
    response = _review(client, practice, "comment", "Bonjour")
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (302 if role in CITY else 403)
    assert ReviewComment.objects.count() == (1 if role in CITY else 0)


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
@pytest.mark.parametrize("action", ["changes", "publish"])
def test_it_lets_only_editors_decide(client, people, roles, role, action):
    practice = PracticeFactory(city=roles.city, in_review=True)
    sign_in(client, people[role])
    response = _review(client, practice, action, "Décision")
    assert response.status_code == (302 if role in EDITORS else 403)
    assert (_status(practice) == PracticeStatus.IN_REVIEW) is (role not in EDITORS)


@pytest.mark.parametrize("role", ["coordinator", "other_coordinator", "participant"])
def test_it_refuses_a_withdrawal_to_anyone_but_the_editors(client, people, roles, role):
    practice = PracticeFactory(city=roles.city, published=True)
    sign_in(client, people[role])
    assert _review(client, practice, "unpublish", "Retrait").status_code == 403
    assert _status(practice) == PracticeStatus.PUBLISHED


def test_it_answers_only_posts(client, roles):
    practice = PracticeFactory(city=roles.city)
    client.force_login(roles.coordinator)
    assert client.get(f"/en/practices/{practice.slug}/review/").status_code == 405


def test_it_answers_404_for_an_unknown_practice(client, roles):
    client.force_login(roles.coordinator)
    assert client.post("/en/practices/nope/review/", {"action": "comment"}).status_code == 404


# --- Refused actions say why and change nothing ------------------------------------------------


@pytest.mark.parametrize("action", ["", "delete", "publish_all", "SUBMIT"])
def test_it_refuses_an_unknown_action(client, roles, action):
    practice = PracticeFactory(city=roles.city)
    client.force_login(roles.coordinator)
    response = _review(client, practice, action, "Bonjour")
    assert response.status_code == 302
    assert _messages(response) == ["Choose an action."]
    assert _status(practice) == PracticeStatus.DRAFT
    assert not practice.reviews.exists()


def test_it_sends_a_submission_with_missing_sections_back_to_the_form(client, roles):
    practice = PracticeFactory(city=roles.city, bare=True)
    client.force_login(roles.coordinator)
    response = _review(client, practice, "submit")
    assert response.status_code == 302
    assert response["Location"] == f"/en/practices/{practice.slug}/edit/"
    assert _messages(response) == [
        "Some required sections are empty: complete them before the review."
    ]
    assert _status(practice) == PracticeStatus.DRAFT


def test_it_says_a_practice_already_in_review_cannot_be_submitted(client, roles):
    practice = PracticeFactory(city=roles.city, in_review=True)
    client.force_login(roles.coordinator)
    response = _review(client, practice, "submit")
    assert _messages(response) == ["This practice is already in review or published."]
    assert practice.reviews.count() == 0


def test_it_asks_for_a_reason_to_send_back(client, roles, editor):
    practice = PracticeFactory(city=roles.city, in_review=True)
    client.force_login(editor)
    response = _review(client, practice, "changes", "   ")
    assert _messages(response) == ["Say what should change."]
    assert _status(practice) == PracticeStatus.IN_REVIEW


def test_it_refuses_a_comment_over_3000_characters(client, roles):
    practice = PracticeFactory(city=roles.city)
    client.force_login(roles.coordinator)
    response = _review(client, practice, "comment", "x" * 3001)
    assert _messages(response) == ["Keep the comment under 3,000 characters."]
    assert not practice.reviews.exists()
    _review(client, practice, "comment", "x" * 3000)
    assert practice.reviews.count() == 1


def test_it_refuses_to_publish_twice(client, roles, editor):
    practice = PracticeFactory(city=roles.city, published=True)
    client.force_login(editor)
    response = _review(client, practice, "publish")
    assert _messages(response) == ["Only a practice in review can be published."]
    assert not Debate.objects.exists()
