import time
from types import SimpleNamespace

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Argon2 is deliberately slow; tests use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters, used TOTP codes and cached fragments never leak between tests."""
    from django.core.cache import cache

    from metroagora.publications.website_selectors import remember_no_footer_links

    cache.clear()
    remember_no_footer_links()  # an empty database has no footer pages: no footer query
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request to /fr/... must not leave French active for the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _rate_limit_clock_stands_still(monkeypatch):
    """Rate limits count in fixed windows (the current minute, hour...). A test that makes
    three requests against "2/m" would see the third allowed if the minute turned between
    them, so within a test the rate limiter's clock does not move."""
    from metroagora.core import ratelimit

    now = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))
