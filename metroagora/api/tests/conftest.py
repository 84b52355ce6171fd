"""Helpers for API tests: tokens with scopes, and JSON requests with a bearer token."""

from typing import Any

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import services


def make_token(user: Any = None, scopes: tuple[str, ...] = ("read",), **kwargs: Any) -> str:
    user = user or UserFactory()
    kwargs.setdefault("expires_in_days", 30)
    _token, raw = services.create_token(user, name="Test app", scopes=scopes, **kwargs)
    return raw


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def post_json(client: Any) -> Any:
    def post(path: str, data: Any, token: str | None = None, **headers: str) -> Any:
        if token is not None:
            headers = {**bearer(token), **headers}
        return client.post(path, data=data, content_type="application/json", headers=headers)

    return post


def assert_error_body(response: Any, status: int) -> dict[str, Any]:
    """Every 4xx of the API: JSON with a sentence in ``detail`` and a list in ``errors``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) == {"detail", "errors"}, data
    assert isinstance(data["detail"], str) and data["detail"]
    assert isinstance(data["errors"], list)
    for item in data["errors"]:
        assert set(item) == {"loc", "msg", "type"}
    return data
