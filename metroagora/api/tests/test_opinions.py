"""Opinion maps: the list, statements, stored results, voting through the API."""

from metroagora.api.tests.conftest import assert_error_body, make_token
from metroagora.network.tests.factories import CityFactory
from metroagora.opinions.models import StatementStatus, Vote
from metroagora.opinions.tasks import run_analysis
from metroagora.opinions.tests.factories import (
    OpinionMapFactory,
    StatementFactory,
    StatementTranslationFactory,
    vote_in_two_camps,
)


def test_it_lists_maps_without_loading_their_analysis(client, db, django_assert_max_num_queries):
    lyon = CityFactory(slug="lyon")
    for n in range(30):
        opinion_map = OpinionMapFactory(slug=f"map-{n}", city=lyon if n % 2 else None)
        StatementFactory(opinion_map=opinion_map)
        StatementFactory(opinion_map=opinion_map, status=StatementStatus.PENDING)
    with django_assert_max_num_queries(2):
        data = client.get("/api/v1/opinion-maps?limit=50").json()
    assert data["count"] == 30
    assert {m["statement_count"] for m in data["results"]} == {1}
    assert client.get("/api/v1/opinion-maps?city=lyon").json()["count"] == 15
    assert client.get("/api/v1/opinion-maps?status=closed").json()["count"] == 0
    assert client.get("/api/v1/opinion-maps/map-3").json()["city"]["slug"] == "lyon"


def test_it_lists_shown_statements_with_their_translations(
    client, db, django_assert_max_num_queries
):
    opinion_map = OpinionMapFactory(slug="trees")
    shown = StatementFactory(opinion_map=opinion_map, text="Plant more trees")
    StatementTranslationFactory(statement=shown, language="fr", text="Plantons des arbres")
    StatementFactory(opinion_map=opinion_map, status=StatementStatus.PENDING, text="Held")
    StatementFactory(opinion_map=opinion_map, status=StatementStatus.REJECTED, text="Rude")
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/opinion-maps/trees/statements")
    results = response.json()["results"]
    assert [s["text"] for s in results] == ["Plant more trees"]
    assert results[0]["translations"] == {"fr": "Plantons des arbres"}


def test_it_gives_the_stored_results(client, db):
    opinion_map = OpinionMapFactory(slug="cars")
    camps = vote_in_two_camps(opinion_map, size=10)
    run_analysis(opinion_map)
    rejected = camps.statements[0]
    rejected.status = StatementStatus.REJECTED
    rejected.save()
    data = client.get("/api/v1/opinion-maps/cars/results").json()
    assert data["analysed_at"] and data["participants"] == 20 and data["votes"] == 100
    assert len(data["groups"]) == 2
    assert {g["label"] for g in data["groups"]} == {"A", "B"}
    trees = camps.statements[-1].pk
    assert trees in [c["statement"] for c in data["consensus"]["agree"]]
    ids = [s["id"] for s in data["statements"]]
    assert rejected.pk not in ids and len(ids) == 4
    for group in data["groups"]:
        assert rejected.pk not in [r["statement"] for r in group["representative"]]


def test_a_map_without_analysis_has_empty_results(client, db):
    OpinionMapFactory(slug="new")
    data = client.get("/api/v1/opinion-maps/new/results").json()
    assert data["analysed_at"] is None and data["groups"] == [] and data["statements"] == []


def test_it_votes_and_changes_the_vote(db, post_json):
    opinion_map = OpinionMapFactory(slug="cars")
    statement = StatementFactory(opinion_map=opinion_map)
    raw = make_token(scopes=("vote",))
    response = post_json(
        "/api/v1/opinion-maps/cars/votes", {"statement": statement.pk, "value": 1}, token=raw
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"map": "cars", "statement": statement.pk, "value": 1}
    post_json(
        "/api/v1/opinion-maps/cars/votes", {"statement": statement.pk, "value": -1}, token=raw
    )
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


def test_it_refuses_votes_it_must_refuse(db, post_json):
    lyon = CityFactory(slug="lyon")
    closed = OpinionMapFactory(slug="closed", status="closed")
    residents = OpinionMapFactory(slug="residents", city=lyon, verified_residents_only=True)
    other = OpinionMapFactory(slug="other")
    raw = make_token(scopes=("vote",))
    for opinion_map, status, words in ((closed, 403, "closed"), (residents, 403, "residents")):
        statement = StatementFactory(opinion_map=opinion_map)
        data = assert_error_body(
            post_json(
                f"/api/v1/opinion-maps/{opinion_map.slug}/votes",
                {"statement": statement.pk, "value": 1},
                token=raw,
            ),
            status,
        )
        assert words in data["detail"]
    elsewhere = StatementFactory(opinion_map=other)
    held = StatementFactory(opinion_map=other, status=StatementStatus.PENDING)
    OpinionMapFactory(slug="cars")
    for pk in (elsewhere.pk, 123456):
        data = assert_error_body(
            post_json("/api/v1/opinion-maps/cars/votes", {"statement": pk, "value": 1}, token=raw),
            422,
        )
        assert data["errors"][0]["loc"] == ["body", "statement"]
    assert_error_body(
        post_json(
            "/api/v1/opinion-maps/other/votes", {"statement": held.pk, "value": 0}, token=raw
        ),
        422,
    )
    assert_error_body(
        post_json(
            "/api/v1/opinion-maps/other/votes", {"statement": elsewhere.pk, "value": 2}, token=raw
        ),
        422,
    )
    assert not Vote.objects.exists()
