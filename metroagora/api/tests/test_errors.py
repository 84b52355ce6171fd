"""Bad input never gives a 500: every 4xx has the same JSON body."""

import pytest

from metroagora.api.tests.conftest import assert_error_body, make_token
from metroagora.forum.tests.factories import DebateFactory


def test_the_root_says_where_the_documentation_is(client, db):
    data = client.get("/api/v1/").json()
    assert data["openapi"].endswith("/api/v1/openapi.json")
    assert data["docs"].endswith("/api/v1/docs")


def test_an_unknown_address_is_a_json_404(client, db):
    data = assert_error_body(client.get("/api/v1/nothing/here"), 404)
    assert "/api/v1/docs" in data["detail"]
    assert_error_body(client.get("/api/v1/events/"), 404)  # no trailing slashes


def test_a_missing_object_is_a_json_404(client, db):
    data = assert_error_body(client.get("/api/v1/events/no-such-event"), 404)
    assert "GET /api/v1/events" in data["detail"]


def test_an_unsupported_method_is_a_json_405(client, db):
    data = assert_error_body(client.delete("/api/v1/events"), 405)
    assert "GET" in data["detail"]
    assert client.delete("/api/v1/events")["Allow"] == "GET"


def test_an_unknown_query_parameter_is_a_422_naming_the_known_ones(client, db):
    data = assert_error_body(client.get("/api/v1/events?limt=50&city=lyon"), 422)
    assert data["errors"] == [
        {
            "loc": ["query", "limt"],
            "msg": (
                "Unknown query parameter. This address takes: city, country, date_from, "
                "date_to, kind, language, limit, offset, topic, when."
            ),
            "type": "unknown_parameter",
        }
    ]
    assert_error_body(client.get("/api/v1/events/some-event?lang=fr"), 422)


@pytest.mark.parametrize(
    "query, field",
    [
        ("limit=101", "limit"),
        ("limit=100000", "limit"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999999", "offset"),
        ("when=tomorrow", "when"),
        ("kind=party", "kind"),
        ("country=France", "country"),
        ("date_from=0001-01-01", "date_from"),
        ("date_to=2024-02-30", "date_to"),
        ("city=%00", "city"),
    ],
)
def test_bad_query_values_are_422_with_the_field(client, db, query, field):
    data = assert_error_body(client.get(f"/api/v1/events?{query}"), 422)
    assert ["query", field] in [e["loc"] for e in data["errors"]]


def test_a_page_of_100_is_allowed(client, db):
    assert client.get("/api/v1/events?limit=100").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/v1/proposals/0", "/api/v1/proposals/9223372036854775808", "/api/v1/budgets/-4"],
)
def test_ids_out_of_range_are_422(client, db, path):
    assert_error_body(client.get(path), 422)


def test_a_bad_slug_is_422(client, db):
    assert_error_body(client.get("/api/v1/debates/bad%20slug%21"), 422)


def test_a_body_that_is_not_json_is_a_400(db, post_json):
    DebateFactory(slug="open")
    raw = make_token(scopes=("contribute",))
    data = assert_error_body(post_json("/api/v1/debates/open/contributions", "{", token=raw), 400)
    assert "JSON" in data["detail"]


@pytest.mark.parametrize(
    "body, loc",
    [
        ({"text": "Hi", "stance": "for", "language": "en", "mood": "happy"}, ["body", "mood"]),
        ({"text": "Hi", "stance": "maybe", "language": "en"}, ["body", "stance"]),
        ({"text": "Hi", "language": "en"}, ["body", "stance"]),
        ({"text": "Nul\x00byte", "stance": "for", "language": "en"}, ["body", "text"]),
        ({"text": "Hi", "stance": "for", "language": "en", "parent": 2**70}, ["body", "parent"]),
        ({"text": "x" * 5001, "stance": "for", "language": "en"}, ["body", "text"]),
        ([1, 2, 3], ["body"]),
    ],
)
def test_bad_bodies_are_422_with_the_field(db, post_json, body, loc):
    DebateFactory(slug="open")
    raw = make_token(scopes=("contribute",))
    data = assert_error_body(post_json("/api/v1/debates/open/contributions", body, token=raw), 422)
    assert loc in [e["loc"][: len(loc)] for e in data["errors"]], data


def test_a_lone_surrogate_in_a_body_is_422_not_a_database_error(db, post_json):
    DebateFactory(slug="open")
    raw = make_token(scopes=("contribute",))
    body = '{"text": "bad \\ud800 text", "stance": "for", "language": "en"}'
    assert_error_body(post_json("/api/v1/debates/open/contributions", body, token=raw), 422)
