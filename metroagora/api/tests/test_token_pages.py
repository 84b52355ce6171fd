"""The page under the profile where a person creates and revokes API tokens."""

import re
import secrets

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import services
from metroagora.api.models import ApiToken

PAGE = "/en/api-tokens/"
TOKEN = re.compile(rb"mga_[A-Za-z0-9_-]{40,}")


def form(nonce: str = "", **fields: object) -> dict[str, object]:
    """What the page's form sends: a fresh nonce each time unless one is given."""
    return {"nonce": nonce or secrets.token_hex(8), "expires": "30", **fields}


def test_it_asks_to_sign_in_first(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_profile_links_to_the_tokens_page(client, db):
    client.force_login(UserFactory())
    assert b'href="/en/api-tokens/"' in client.get("/en/accounts/profile/").content


def test_it_shows_a_new_token_once_and_never_again(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(PAGE, form(name="Neighbourhood app", scopes=["vote"]))
    assert response.status_code == 200
    shown = TOKEN.search(response.content)
    assert shown, response.content
    token = ApiToken.objects.get(user=user)
    assert token.token_hash == services.hash_token(shown.group(0).decode())
    assert response["Cache-Control"].startswith("max-age=0")
    again = client.get(PAGE)
    assert not TOKEN.search(again.content)
    assert b"Neighbourhood app" in again.content
    assert token.prefix.encode() in again.content


def test_it_explains_what_is_missing(client, db):
    client.force_login(UserFactory())
    response = client.post(PAGE, form(name=""))
    assert response.status_code == 400
    assert b"errorlist" in response.content
    assert not ApiToken.objects.exists()


def test_it_makes_a_never_expiring_token_on_request(client, db):
    user = UserFactory()
    client.force_login(user)
    client.post(PAGE, form(name="Script", scopes=["read"], expires="never"))
    assert ApiToken.objects.get(user=user).expires_at is None


def test_it_revokes_a_token_of_the_person_only(client, db):
    owner, other = UserFactory(), UserFactory()
    token, _raw = services.create_token(owner, name="App", scopes=["read"], expires_in_days=30)
    client.force_login(other)
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    client.force_login(owner)
    response = client.post(f"{PAGE}{token.pk}/revoke/", follow=True)
    assert b"is revoked" in response.content
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert b"Revoked on" in response.content


def test_it_limits_how_fast_tokens_are_made(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts.write": "1/m"}
    client.force_login(UserFactory())
    assert client.post(PAGE, form(name="App", scopes=["read"])).status_code == 200
    response = client.post(PAGE, form(name="App", scopes=["read"]))
    assert response.status_code == 429
    assert b"Wait a minute" in response.content
    assert ApiToken.objects.count() == 1


def test_sending_the_form_again_does_not_make_a_second_token(client, db):
    user = UserFactory()
    client.force_login(user)
    data = form(name="App", scopes=["read"])
    assert TOKEN.search(client.post(PAGE, data).content)
    again = client.post(PAGE, data, follow=True)  # the browser's reload of the answer
    assert b"already created" in again.content
    assert not TOKEN.search(again.content)
    assert ApiToken.objects.filter(user=user).count() == 1
