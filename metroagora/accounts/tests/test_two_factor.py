"""Staff roles must sign in with two factors; others may."""

import pytest
from allauth.account.models import EmailAddress

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.network.tests.factories import MembershipFactory


@pytest.mark.parametrize(
    "make_staff",
    [
        lambda: UserFactory(is_moderator=True),
        lambda: UserFactory(is_superuser=True, is_staff=True),
        lambda: MembershipFactory(role="coordinator").user,
    ],
    ids=["moderator", "network-admin", "coordinator"],
)
def test_it_sends_staff_without_two_factor_to_set_it_up(client, db, make_staff):
    _sign_in(client, make_staff())
    response = client.get("/en/cities/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    _reauthenticate(client)
    assert client.get(response["Location"]).status_code == 200


def test_it_lets_staff_with_two_factor_through(client, db):
    client.force_login(with_two_factor(UserFactory(is_moderator=True)))
    assert client.get("/en/cities/").status_code == 200


@pytest.mark.parametrize("role", ["resident", "official", "policymaker"])
def test_it_does_not_require_two_factor_of_other_roles(client, db, role):
    client.force_login(MembershipFactory(role=role).user)
    assert client.get("/en/cities/").status_code == 200


def test_it_offers_two_factor_to_participants(client, db):
    _sign_in(client, UserFactory())
    _reauthenticate(client)
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert b"authenticator_secret" in response.content


def test_it_asks_for_the_code_at_sign_in(client, db):
    user = with_two_factor(UserFactory(email="mod@example.org", is_moderator=True))
    response = _sign_in(client, user)
    assert response["Location"] == "/en/accounts/2fa/authenticate/"


def _sign_in(client, user):
    EmailAddress.objects.get_or_create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    return response


def _reauthenticate(client):
    """allauth asks for the password again before two-factor settings change."""
    response = client.post("/en/accounts/reauthenticate/", {"password": "correct-horse-battery"})
    assert response.status_code == 302
