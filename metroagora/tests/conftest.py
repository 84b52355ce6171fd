"""The test world of the site-wide security tests, built once per test module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from metroagora.tests.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        built = build_world()
        for role, person in built.people.items():
            if person.is_authenticated:
                client = Client()
                client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
                built.objects[f"session_{role}"] = client.cookies[
                    settings.SESSION_COOKIE_NAME
                ].value
        yield built
        transaction.set_rollback(True)
