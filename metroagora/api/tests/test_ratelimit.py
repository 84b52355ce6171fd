"""Rate limits: reads and writes counted apart, each write also in its domain's scope."""

from metroagora.api.tests.conftest import assert_error_body, make_token
from metroagora.forum.tests.factories import DebateFactory


def _limits(settings, **rates):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, **rates}


def test_reads_over_the_limit_get_a_429_with_retry_after(client, db, settings):
    _limits(settings, **{"api.read": "3/m"})
    for _n in range(3):
        assert client.get("/api/v1/cities").status_code == 200
    response = client.get("/api/v1/events")
    data = assert_error_body(response, 429)
    assert "wait" in data["detail"]
    assert 1 <= int(response["Retry-After"]) <= 60


def test_reads_are_counted_per_address(client, db, settings):
    _limits(settings, **{"api.read": "1/m"})
    assert client.get("/api/v1/cities", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get("/api/v1/cities", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/v1/cities", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_writes_have_their_own_limit_per_person(db, settings, post_json):
    _limits(settings, **{"api.write": "1/m", "api.read": "100/m", "forum.post": "100/m"})
    DebateFactory(slug="open")
    raw = make_token(scopes=("contribute",))
    body = {"text": "First", "stance": "for", "language": "en"}
    assert post_json("/api/v1/debates/open/contributions", body, token=raw).status_code == 201
    body["text"] = "Second"
    assert_error_body(post_json("/api/v1/debates/open/contributions", body, token=raw), 429)
    # Another person has their own allowance; reads are not writes.
    other = make_token(scopes=("contribute",))
    assert post_json("/api/v1/debates/open/contributions", body, token=other).status_code == 201


def test_a_write_also_counts_in_its_domain_scope(db, settings, post_json):
    _limits(settings, **{"api.write": "100/m", "forum.post": "1/m"})
    DebateFactory(slug="open")
    raw = make_token(scopes=("contribute",))
    post_json(
        "/api/v1/debates/open/contributions",
        {"text": "A", "stance": "for", "language": "en"},
        token=raw,
    )
    response = post_json(
        "/api/v1/debates/open/contributions",
        {"text": "B", "stance": "for", "language": "en"},
        token=raw,
    )
    assert_error_body(response, 429)
    assert response["Retry-After"].isdigit()
