"""Session fixation: signing in, and completing two-factor sign-in, give a new session key."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt

from metroagora.accounts.tests.factories import UserFactory, with_two_factor

PASSWORD = "correct-horse-battery"


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _session_key_before_sign_in(client) -> str:
    """A visitor's session, as an attacker could plant it: it holds something."""
    session = client.session
    session["planted"] = "by-someone-else"
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert client.session.session_key == session.session_key
    return session.session_key


def _current_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_it_gives_a_new_session_key_at_sign_in(client, db):
    user = _verified(UserFactory())
    planted = _session_key_before_sign_in(client)
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    session = client.session
    assert session["_auth_user_id"] == str(user.pk)
    assert session.session_key != planted
    # The planted key opens nothing: it no longer exists.
    client.cookies["sessionid"] = planted
    assert "_auth_user_id" not in client.session


def test_it_gives_a_new_session_key_when_two_factor_sign_in_completes(client, db):
    user = _verified(with_two_factor(UserFactory(is_moderator=True)))
    _session_key_before_sign_in(client)
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    halfway = client.session.session_key
    assert "_auth_user_id" not in client.session  # not signed in before the code
    response = client.post("/en/accounts/2fa/authenticate/", {"code": _current_code(user)})
    assert response.status_code == 302
    session = client.session
    assert session["_auth_user_id"] == str(user.pk)
    assert session.session_key != halfway
    client.cookies["sessionid"] = halfway
    assert "_auth_user_id" not in client.session


def test_it_ends_the_session_at_sign_out(client, db):
    user = _verified(UserFactory())
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    signed_in = client.session.session_key
    assert client.post("/en/accounts/logout/").status_code == 302
    client.cookies["sessionid"] = signed_in
    assert "_auth_user_id" not in client.session
