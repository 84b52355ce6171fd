"""A person's API tokens: exported by name (never the secret), deleted on erase."""

import json

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import privacy, services
from metroagora.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_exports_token_names_and_scopes_never_the_secret():
    person = UserFactory()
    token, raw = services.create_token(
        person, name="Phone", scopes=["read", "vote"], expires_in_days=30
    )
    data = privacy.export_personal_data(person)
    (exported,) = data["api_tokens"]
    assert (exported["name"], exported["scopes"]) == ("Phone", ["read", "vote"])
    assert exported["begins_with"] == token.prefix
    text = json.dumps(data)
    assert raw not in text and token.token_hash not in text


def test_erasing_deletes_the_persons_tokens_only():
    person, other = UserFactory(), UserFactory()
    services.create_token(person, name="Phone", scopes=["read"], expires_in_days=None)
    services.create_token(other, name="Laptop", scopes=["read"], expires_in_days=None)
    privacy.erase_personal_data(person)
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Laptop"]
