"""Personal API tokens: creation, hashing, limits, revocation, last use."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import services
from metroagora.api.models import ApiToken


def test_it_stores_only_a_sha256_of_the_token(db):
    token, raw = services.create_token(
        UserFactory(), name="My app", scopes=["vote", "read"], expires_in_days=90
    )
    assert raw.startswith("mga_") and len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.token_hash, stored.prefix, stored.name}
    assert stored.prefix == raw[:12]
    assert stored.scopes == ["read", "vote"]  # in the scopes' own order
    assert stored.expires_at is not None
    assert timedelta(days=89) < stored.expires_at - timezone.now() <= timedelta(days=90)


def test_it_makes_a_token_without_expiry_when_asked(db):
    token, _raw = services.create_token(
        UserFactory(), name="Forever", scopes=["read"], expires_in_days=None
    )
    assert token.expires_at is None and token.is_active()


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"name": "  ", "scopes": ["read"], "expires_in_days": 30}, "name"),
        ({"name": "App", "scopes": [], "expires_in_days": 30}, "scopes"),
        ({"name": "App", "scopes": ["read", "admin"], "expires_in_days": 30}, "scopes"),
        ({"name": "App", "scopes": ["read"], "expires_in_days": 7}, "expires_in_days"),
    ],
)
def test_it_rejects_a_nameless_scopeless_or_oddly_expiring_token(db, fields, error):
    with pytest.raises(ValidationError) as raised:
        services.create_token(UserFactory(), **fields)
    assert error in raised.value.message_dict
    assert not ApiToken.objects.exists()


def test_it_refuses_more_active_tokens_than_the_limit(db, settings):
    user = UserFactory()
    for n in range(services.MAX_ACTIVE_TOKENS):
        services.create_token(user, name=f"App {n}", scopes=["read"], expires_in_days=30)
    with pytest.raises(ValidationError, match="revoke one"):
        services.create_token(user, name="One more", scopes=["read"], expires_in_days=30)
    services.revoke_token(user, ApiToken.objects.filter(user=user).first())
    services.create_token(user, name="One more", scopes=["read"], expires_in_days=30)


def test_an_inactive_account_cannot_create_tokens(db):
    with pytest.raises(PermissionDenied):
        services.create_token(
            UserFactory(is_active=False), name="App", scopes=["read"], expires_in_days=30
        )


def test_only_the_owner_revokes_and_revoking_twice_keeps_the_first_date(db):
    owner, other = UserFactory(), UserFactory()
    token, _raw = services.create_token(owner, name="App", scopes=["read"], expires_in_days=30)
    with pytest.raises(PermissionDenied):
        services.revoke_token(other, token)
    first = services.revoke_token(owner, token).revoked_at
    assert first is not None
    assert services.revoke_token(owner, token).revoked_at == first
    assert not ApiToken.objects.get(pk=token.pk).is_active()


def test_it_notes_the_last_use_at_most_once_a_minute(db, django_assert_num_queries):
    token, _raw = services.create_token(
        UserFactory(), name="App", scopes=["read"], expires_in_days=30
    )
    services.record_use(token)
    used = ApiToken.objects.get(pk=token.pk).last_used_at
    assert used is not None
    with django_assert_num_queries(0):
        services.record_use(token)
    token.last_used_at = timezone.now() - timedelta(minutes=2)
    services.record_use(token)
    later = ApiToken.objects.get(pk=token.pk).last_used_at
    assert later is not None and later > used
