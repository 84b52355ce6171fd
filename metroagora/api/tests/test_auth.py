"""Bearer tokens: missing, malformed, unknown, expired, revoked, or without the scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import services
from metroagora.api.models import ApiToken
from metroagora.api.tests.conftest import assert_error_body, bearer, make_token

ME = "/api/v1/me"


def test_it_asks_for_a_token_with_a_clear_401(client, db):
    response = client.get(ME)
    data = assert_error_body(response, 401)
    assert "Authorization: Bearer" in data["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token abc"])
def test_it_rejects_a_malformed_header(client, db, header):
    data = assert_error_body(client.get(ME, headers={"Authorization": header}), 401)
    assert "Bearer" in data["detail"]


def test_it_rejects_an_unknown_token(client, db):
    data = assert_error_body(client.get(ME, headers=bearer("mga_" + "x" * 43)), 401)
    assert "not valid" in data["detail"]
    assert_error_body(client.get(ME, headers=bearer("y" * 5000)), 401)


def test_it_rejects_an_expired_token(client, db):
    raw = make_token()
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "expired" in assert_error_body(client.get(ME, headers=bearer(raw)), 401)["detail"]


def test_it_rejects_a_revoked_token(client, db):
    user = UserFactory()
    raw = make_token(user)
    services.revoke_token(user, ApiToken.objects.get())
    assert "revoked" in assert_error_body(client.get(ME, headers=bearer(raw)), 401)["detail"]


def test_it_rejects_the_token_of_a_closed_account(client, db):
    user = UserFactory()
    raw = make_token(user)
    user.is_active = False
    user.save()
    assert_error_body(client.get(ME, headers=bearer(raw)), 401)


def test_a_token_without_the_scope_gets_a_403(client, db):
    raw = make_token(scopes=("vote", "contribute"))
    data = assert_error_body(client.get(ME, headers=bearer(raw)), 403)
    assert "“read”" in data["detail"]


def test_a_good_token_works_and_its_use_is_noted(client, db):
    user = UserFactory(display_name="Ana")
    raw = make_token(user, scopes=("read",))
    response = client.get(ME, headers=bearer(raw))
    assert response.status_code == 200
    assert response.json()["name"] == "Ana"
    assert ApiToken.objects.get().last_used_at is not None


def test_a_session_is_not_a_token(client, db):
    client.force_login(UserFactory())
    assert_error_body(client.get(ME), 401)


def test_writes_need_no_csrf_token_with_a_bearer_token(db, post_json):
    from metroagora.events.tests.factories import EventFactory

    EventFactory(slug="open-day")
    raw = make_token(scopes=("register",))
    response = post_json(
        "/api/v1/events/open-day/registrations",
        {"residence_city": "Lyon", "residence_country": "FR", "role": "citizen"},
        token=raw,
    )
    assert response.status_code == 201
