"""GET /me and /me/registrations: the token owner's own data, scope read."""

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api.tests.conftest import bearer, make_token
from metroagora.events.tests.factories import EventFactory, RegistrationFactory


def test_it_says_who_the_token_acts_for(client, db):
    raw = make_token(UserFactory(display_name="Ana"), scopes=("read", "vote"))
    data = client.get("/api/v1/me", headers=bearer(raw)).json()
    assert data["name"] == "Ana"
    assert data["token"]["scopes"] == ["read", "vote"]
    assert data["token"]["begins_with"] == raw[:12]


def test_it_lists_the_owners_registrations_only(client, db, django_assert_max_num_queries):
    user = UserFactory()
    for _n in range(5):
        RegistrationFactory(user=user, email=user.email, event=EventFactory())
    RegistrationFactory(user=user, email=user.email, status="cancelled")
    RegistrationFactory()  # someone else
    raw = make_token(user, scopes=("read",))
    # The token; its last use (an UPDATE in a savepoint, at most once a minute); count; page.
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/me/registrations", headers=bearer(raw)).json()
    assert data["count"] == 5
    assert all(r["status"] == "confirmed" and r["check_in_code"] for r in data["results"])
