"""Open redirects: no ``next`` (or ``back``) sends anyone to another site."""

import pytest
from allauth.account.models import EmailAddress

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.decisions.tests.factories import ProcessFactory, ProposalFactory
from metroagora.forum.tests.factories import ContributionFactory
from metroagora.funding.tests.factories import CallFactory, WatchFactory

PASSWORD = "correct-horse-battery"
ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    " https://evil.example",
    "http://testserver@evil.example/",
]

pytestmark = pytest.mark.parametrize("target", ELSEWHERE)


def _stays_here(response) -> None:
    assert response.status_code in (302, 303), response.status_code
    location = response["Location"]
    assert "evil" not in location, location
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def _signed_in(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


def test_sign_in(client, db, target):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        f"/en/accounts/login/?next={target}", {"login": user.email, "password": PASSWORD}
    )
    _stays_here(response)
    assert "_auth_user_id" in client.session  # signed in, and kept on the site


def test_sign_in_with_next_in_the_form(client, db, target):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": PASSWORD, "next": target}
    )
    _stays_here(response)


def test_sign_out(client, db, target):
    _signed_in(client)
    _stays_here(client.post("/en/accounts/logout/", {"next": target}))
    assert "_auth_user_id" not in client.session


def test_language_switch(client, db, target):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": target})
    _stays_here(response)
    response = client.post("/i18n/setlang/", {"language": "fr"}, HTTP_REFERER=target)
    _stays_here(response)


def test_forum_moderation(client, db, target):
    _signed_in(client, with_two_factor(UserFactory(is_moderator=True)))
    contribution = ContributionFactory()
    response = client.post(f"/en/forum/c/{contribution.pk}/moderate/dismiss/", {"next": target})
    _stays_here(response)
    assert response["Location"] == "/en/forum/moderation/"


def test_funding_watches(client, db, target):
    user = _signed_in(client)
    call = CallFactory()
    _stays_here(client.post(f"/en/funding/calls/{call.identifier}/watch/", {"next": target}))
    watch = WatchFactory(user=user)
    _stays_here(client.post(f"/en/funding/watches/{watch.pk}/remove/", {"next": target}))


def test_proposal_support(client, db, target):
    _signed_in(client)
    proposal = ProposalFactory(process=ProcessFactory(phase="supports"))
    response = client.post(
        f"/en/decisions/proposals/{proposal.pk}/support/?next={target}",
        {"action": "support", "next": target},
    )
    _stays_here(response)


def test_impact_refresh(client, db, target, django_capture_on_commit_callbacks):
    _signed_in(client, with_two_factor(UserFactory(is_superuser=True, is_staff=True)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/impact/refresh/", {"back": target})
    _stays_here(response)
    page = client.get(response["Location"]).content.decode()
    assert "evil.example" not in page
