"""The rate limiter on Redis, the cache several app servers share.

Runs when ``REDIS_URL`` (or ``CACHE_URL``) points to a Redis server; skipped otherwise,
except under CI (``CI=true``), where a missing Redis is a failure.
"""

import os
import threading
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from metroagora.accounts.tests.factories import UserFactory
from metroagora.core import ratelimit

pytestmark = pytest.mark.redis


def _redis_url() -> str:
    for name in ("REDIS_URL", "CACHE_URL"):
        value = os.environ.get(name, "")
        if value.startswith(("redis://", "rediss://")):
            return value
    return ""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}: start Redis and set REDIS_URL (see .ci/run)")
    pytest.skip(f"{reason} (set REDIS_URL=redis://127.0.0.1:6379/2 to run these tests)")


@pytest.fixture
def redis_url() -> str:
    url = _redis_url()
    if not url:
        _unavailable("no Redis server is configured")
    try:
        RedisCache(url, {}).get("ping")
    except Exception as error:  # noqa: BLE001 - any connection problem means "absent"
        _unavailable(f"Redis at {url} does not answer ({error})")
    return url


@pytest.fixture
def redis_cache(redis_url):
    """The default cache is Redis for this test, under a prefix of its own (and nothing
    else in that Redis database is touched: no FLUSHDB)."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": redis}):
        from django.core.cache import cache

        yield cache
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def test_it_counts_writes_in_redis_and_refuses_over_the_rate(redis_cache):
    who = "ip:203.0.113.9"
    assert [ratelimit.allow("forum.post", who, "3/m") for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    keys = [
        key
        for key in redis_cache._cache.get_client().scan_iter(f"{redis_cache.key_prefix}:*")
        if b"ratelimit:forum.post" in key
    ]
    assert len(keys) == 1
    ttl = redis_cache._cache.get_client().ttl(keys[0])
    assert 0 < ttl <= 61  # the counter goes away with its minute


def test_it_shares_the_count_between_app_servers(redis_cache, redis_url):
    """Another process (here: another connection) sees and adds to the same counter."""
    assert ratelimit.allow("events.register", "user:7", "2/m")
    other_server = RedisCache(redis_url, {"KEY_PREFIX": redis_cache.key_prefix})
    window_keys = [
        key.decode().split(":", 2)[2]
        for key in other_server._cache.get_client().scan_iter(f"{redis_cache.key_prefix}:*")
    ]
    (key,) = [k for k in window_keys if "events.register:user:7" in k]
    assert other_server.get(key) == 1
    other_server.incr(key)
    assert not ratelimit.allow("events.register", "user:7", "2/m")


def test_it_counts_exactly_under_concurrent_writes(redis_cache):
    results: list[bool] = []
    lock = threading.Lock()

    def write() -> None:
        for _ in range(10):
            allowed = ratelimit.allow("api.write", "user:42", "25/m")
            with lock:
                results.append(allowed)

    threads = [threading.Thread(target=write) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 50
    assert results.count(True) == 25


def test_a_view_answers_too_many_requests_on_redis(client, db, settings, redis_cache):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts.write": "2/m"}
    client.force_login(UserFactory(display_name="Ana"))
    statuses = [
        client.post("/en/accounts/profile/edit/", {"display_name": f"Ana {n}"}).status_code
        for n in range(3)
    ]
    assert 429 not in statuses[:2]
    assert statuses[2] == 429
