"""EU funding: programmes, calls by status and deadline, funded projects, bad input."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from metroagora.api.tests.conftest import assert_error_body
from metroagora.events.tests.factories import TopicFactory
from metroagora.funding.models import Programme
from metroagora.funding.tests.factories import (
    ApplicationFactory,
    CallFactory,
    FundedProjectFactory,
    GuideFactory,
    ParticipantFactory,
    programme,
)
from metroagora.network.tests.factories import CityFactory


def en_fr(english: str, french: str) -> dict[str, str]:
    return {"en": english, "fr": french, "_original": "en"}


def make_programmes(start: int, stop: int) -> list[Programme]:
    return [
        Programme.objects.create(
            slug=f"prog-{n:02d}", short_name=f"PROG{n:02d}", name=en_fr(f"P{n}", f"P{n} fr")
        )
        for n in range(start, stop)
    ]


def results(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return [item.get("identifier") or item.get("slug") for item in response.json()["results"]]


# --- Programmes ------------------------------------------------------------------------


def test_it_lists_programmes_in_queries_that_do_not_grow_with_the_rows(
    client, db, django_assert_num_queries
):
    Programme.objects.all().delete()
    for programme_ in make_programmes(0, 3):
        CallFactory(programme=programme_)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/programmes?limit=50").json()["count"] == 3
    for programme_ in make_programmes(3, 30):
        CallFactory(programme=programme_)
        CallFactory(programme=programme_, closed=True)
    with django_assert_num_queries(2):
        data = client.get("/api/v1/programmes?limit=50").json()
    assert data["count"] == 30
    assert {p["open_calls"] for p in data["results"]} == {1}


def test_it_gives_programmes_with_their_open_calls_and_translated_names(client, db):
    life = programme("LIFE")
    life.name = en_fr("LIFE programme", "Programme LIFE")
    life.save()
    CallFactory(programme=life)
    CallFactory(programme=life)
    CallFactory(programme=life, forthcoming=True)
    CallFactory(programme=life, closed=True)
    data = client.get("/api/v1/programmes?limit=100", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["count"] == Programme.objects.count()
    found = next(p for p in data["results"] if p["slug"] == life.slug)
    assert found["open_calls"] == 2
    assert found["name"]["text"] == "Programme LIFE" and found["name"]["lang"] == "fr"
    assert found["short_name"] == "LIFE" and found["url"].endswith(life.get_absolute_url())
    fits = [p["city_fit"] for p in data["results"]]
    assert fits == sorted(fits, reverse=True)  # those made for cities first


def test_it_filters_programmes(client, db):
    climate = TopicFactory(slug="climate")
    CallFactory(programme=programme("LIFE"), topics=[climate])
    CallFactory(programme=programme("HORIZON"), closed=True, topics=[climate])
    active = results(client, "/api/v1/programmes?active=true&limit=100")
    assert active == [programme("LIFE").slug]
    inactive = results(client, "/api/v1/programmes?active=false&limit=100")
    assert programme("LIFE").slug not in inactive and programme("HORIZON").slug in inactive
    assert sorted(results(client, "/api/v1/programmes?topic=climate")) == sorted(
        [programme("LIFE").slug, programme("HORIZON").slug]
    )
    assert results(client, "/api/v1/programmes?topic=nothing") == []
    assert all(
        p["city_fit"] == 3
        for p in client.get("/api/v1/programmes?min_city_fit=3").json()["results"]
    )


def test_it_gives_a_programme_with_its_next_calls_and_guides(client, db):
    life = programme("LIFE")
    CallFactory(programme=life, identifier="LIFE-LATER", deadline=timezone.now() + timedelta(90))
    CallFactory(programme=life, identifier="LIFE-SOON", deadline=timezone.now() + timedelta(5))
    CallFactory(programme=life, identifier="LIFE-NEXT-YEAR", forthcoming=True)
    CallFactory(programme=life, identifier="LIFE-OVER", closed=True)
    GuideFactory(slug="how-to-life", programmes=[life])
    GuideFactory(slug="unpublished", programmes=[life], is_published=False)
    data = client.get(f"/api/v1/programmes/{life.slug}").json()
    assert [c["identifier"] for c in data["calls"]] == ["LIFE-SOON", "LIFE-LATER", "LIFE-NEXT-YEAR"]
    assert [g["slug"] for g in data["guides"]] == ["how-to-life"]
    assert data["open_calls"] == 2 and data["description"]["original"] == "en"
    assert_error_body(client.get("/api/v1/programmes/no-such-programme"), 404)


# --- Calls -----------------------------------------------------------------------------


def test_it_lists_calls_in_queries_that_do_not_grow_with_the_rows(
    client, db, django_assert_num_queries
):
    topics = [TopicFactory(slug="climate"), TopicFactory(slug="mobility")]
    for _n in range(3):
        CallFactory(topics=topics)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/calls?limit=50").json()["count"] == 3
    for _n in range(27):
        CallFactory(topics=topics)
    with django_assert_num_queries(3):
        data = client.get("/api/v1/calls?limit=50").json()
    assert data["count"] == 30
    assert data["results"][0]["topics"] == ["climate", "mobility"]
    assert data["results"][0]["programme"] == {"slug": "life", "name": str(programme().name)}


def test_it_lists_open_calls_by_default_the_next_deadline_first(client, db):
    now = timezone.now()
    CallFactory(identifier="LATER", deadline=now + timedelta(days=60))
    CallFactory(identifier="SOON", deadline=now + timedelta(days=2))
    CallFactory(identifier="NO-DEADLINE", deadline=None)
    CallFactory(identifier="SECOND-STAGE", deadline=now + timedelta(days=30), two_stage=True)
    CallFactory(identifier="NOT-YET", forthcoming=True)
    CallFactory(identifier="OVER", closed=True)
    CallFactory(identifier="LONG-OVER", closed=True, deadline=now - timedelta(days=30))
    assert results(client, "/api/v1/calls") == ["SOON", "SECOND-STAGE", "LATER", "NO-DEADLINE"]
    first = client.get("/api/v1/calls").json()["results"][0]
    assert first["status"] == "open" and first["next_deadline"] is not None
    second_stage = client.get("/api/v1/calls").json()["results"][1]
    assert second_stage["next_deadline"] == second_stage["deadline"]  # newcomers: stage one
    assert results(client, "/api/v1/calls?status=forthcoming") == ["NOT-YET"]
    assert results(client, "/api/v1/calls?status=closed") == ["OVER", "LONG-OVER"]
    assert len(results(client, "/api/v1/calls?status=current")) == 5
    assert client.get("/api/v1/calls?status=all").json()["count"] == 7
    statuses = {
        c["identifier"]: c["status"]
        for c in client.get("/api/v1/calls?status=all").json()["results"]
    }
    assert statuses["NOT-YET"] == "forthcoming" and statuses["OVER"] == "closed"


def test_it_filters_calls(client, db):
    now = timezone.now()
    climate = TopicFactory(slug="climate")
    CallFactory(identifier="LIFE-HEAT", topics=[climate], deadline=now + timedelta(days=10))
    CallFactory(
        identifier="HORIZON-MOBILITY",
        programme=programme("HORIZON"),
        title="Zero-emission urban mobility",
        keywords=["Mobility"],
        deadline=now + timedelta(days=100),
    )
    assert results(client, f"/api/v1/calls?programme={programme('HORIZON').slug}") == [
        "HORIZON-MOBILITY"
    ]
    assert results(client, "/api/v1/calls?topic=climate") == ["LIFE-HEAT"]
    in_50_days = (now + timedelta(days=50)).date().isoformat()
    assert results(client, f"/api/v1/calls?deadline_before={in_50_days}") == ["LIFE-HEAT"]
    assert results(client, f"/api/v1/calls?deadline_after={in_50_days}") == ["HORIZON-MOBILITY"]
    assert results(client, "/api/v1/calls?q=zero-emission%20mobility") == ["HORIZON-MOBILITY"]
    assert results(client, "/api/v1/calls?q=mobility&topic=climate") == []


def test_it_gives_a_call_by_its_identifier_whatever_its_status(client, db):
    life = programme("LIFE")
    call = CallFactory(identifier="LIFE-2024-SAP-OLD", closed=True, programme=life)
    GuideFactory(slug="for-life", programmes=[life])
    GuideFactory(slug="everyone", for_all_calls=True)
    GuideFactory(slug="hidden", for_all_calls=True, is_published=False)
    data = client.get("/api/v1/calls/LIFE-2024-SAP-OLD").json()
    assert data["status"] == "closed" and data["identifier"] == call.identifier
    assert "urban heat islands" in data["description"]
    assert sorted(g["slug"] for g in data["guides"]) == ["everyone", "for-life"]
    assert data["official_url"].endswith("LIFE-2024-SAP-OLD")
    assert data["url"].endswith(call.get_absolute_url())
    assert results(client, "/api/v1/calls") == []  # closed: not in the default list


def test_an_unknown_call_is_a_json_404(client, db):
    data = assert_error_body(client.get("/api/v1/calls/NO-SUCH-CALL"), 404)
    assert "GET /api/v1/calls" in data["detail"]


# --- Funded projects --------------------------------------------------------------------


def test_it_lists_funded_projects_in_queries_that_do_not_grow_with_the_rows(
    client, db, django_assert_num_queries
):
    milan = CityFactory(slug="milan")

    def projects(count: int) -> None:
        for _n in range(count):
            project = FundedProjectFactory()
            ParticipantFactory(project=project, city=milan, role="coordinator")
            ParticipantFactory(project=project, city=None, name="University", country="DE")

    projects(3)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/funded-projects?limit=50").json()["count"] == 3
    projects(27)
    with django_assert_num_queries(3):
        data = client.get("/api/v1/funded-projects?limit=50").json()
    assert data["count"] == 30
    assert data["results"][0]["cities"] == [
        {
            "city": {"slug": "milan", "name": str(milan.name)},
            "role": "coordinator",
            "amount": "500000.00",
        }
    ]


def test_it_gives_each_network_city_its_share_of_a_project(client, db):
    lyon, milan = CityFactory(slug="lyon"), CityFactory(slug="milan")
    alone = FundedProjectFactory(acronym="ALONE", eu_contribution=Decimal("900000"))
    ParticipantFactory(project=alone, city=lyon, eu_contribution=None)
    shared = FundedProjectFactory(acronym="SHARED")
    ParticipantFactory(project=shared, city=lyon, eu_contribution=None)
    ParticipantFactory(project=shared, city=milan, eu_contribution=Decimal("250000"))
    data = {p["acronym"]: p for p in client.get("/api/v1/funded-projects").json()["results"]}
    assert data["ALONE"]["cities"][0]["amount"] == "900000.00"  # the only network city
    amounts = {c["city"]["slug"]: c["amount"] for c in data["SHARED"]["cities"]}
    assert amounts == {"lyon": None, "milan": "250000.00"}


def test_it_filters_funded_projects(client, db):
    lyon, milan = CityFactory(slug="lyon"), CityFactory(slug="milan")
    ParticipantFactory(project=FundedProjectFactory(acronym="LYON1"), city=lyon)
    life = FundedProjectFactory(
        acronym="MILAN-LIFE",
        programme=programme("LIFE"),
        starts_on=date(2022, 3, 1),
    )
    ParticipantFactory(project=life, city=milan)
    ParticipantFactory(project=life, city=None, name="Other")
    acronyms = lambda path: [p["acronym"] for p in client.get(path).json()["results"]]  # noqa: E731
    assert acronyms("/api/v1/funded-projects?city=lyon") == ["LYON1"]
    assert acronyms("/api/v1/funded-projects?city=milan") == ["MILAN-LIFE"]
    assert acronyms(f"/api/v1/funded-projects?programme={programme('LIFE').slug}") == ["MILAN-LIFE"]
    assert acronyms("/api/v1/funded-projects?year=2022") == ["MILAN-LIFE"]
    assert acronyms("/api/v1/funded-projects?year=2023") == ["LYON1"]


def test_it_gives_a_funded_project_with_its_participants_never_the_applications(client, db):
    milan = CityFactory(slug="milan")
    call = CallFactory(identifier="HORIZON-CITIES-01")
    project = FundedProjectFactory(call=call, summary="What we did.", results="Cooler schools.")
    ParticipantFactory(project=project, city=milan, role="coordinator")
    ParticipantFactory(project=project, city=None, name="Technical University", country="DE")
    ApplicationFactory(city=milan, call=call, project=project, note="Private: our budget plan")
    response = client.get(f"/api/v1/funded-projects/{project.pk}")
    data = response.json()
    assert data["call"] == "HORIZON-CITIES-01" and data["results"] == "Cooler schools."
    assert [(p["name"], p["city"]) for p in data["participants"]] == [
        ("Municipality of Milan", {"slug": "milan", "name": str(milan.name)}),
        ("Technical University", None),
    ]
    assert b"Private" not in response.content
    assert_error_body(client.get("/api/v1/funded-projects/999999"), 404)


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, field",
    [
        ("/api/v1/calls?limit=500", "limit"),
        ("/api/v1/calls?status=soon", "status"),
        ("/api/v1/calls?deadline_before=2024-02-30", "deadline_before"),
        ("/api/v1/calls?deadline_after=tomorrow", "deadline_after"),
        ("/api/v1/calls?programme=not%20a%20slug", "programme"),
        ("/api/v1/calls?q=" + "x" * 201, "q"),
        ("/api/v1/calls?q=nul%00byte", "q"),
        ("/api/v1/calls?deadline=2026-01-01", "deadline"),
        ("/api/v1/programmes?active=maybe", "active"),
        ("/api/v1/programmes?min_city_fit=7", "min_city_fit"),
        ("/api/v1/programmes?status=open", "status"),
        ("/api/v1/programmes/bad%20slug", "slug"),
        ("/api/v1/funded-projects?year=twenty", "year"),
        ("/api/v1/funded-projects?amount=5", "amount"),
        ("/api/v1/funded-projects/0", "project_id"),
        ("/api/v1/funded-projects/99999999999999999999", "project_id"),
        ("/api/v1/calls/BAD%00ID", "identifier"),
        ("/api/v1/calls/SOME-CALL?lang=fr", "lang"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, db, path, field):
    data = assert_error_body(client.get(path), 422)
    assert field in [e["loc"][-1] for e in data["errors"]], data


def test_funding_reads_are_rate_limited(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api.read": "2/m"}
    assert client.get("/api/v1/calls").status_code == 200
    assert client.get("/api/v1/programmes").status_code == 200
    response = client.get("/api/v1/funded-projects")
    assert_error_body(response, 429)
    assert response["Retry-After"]


def test_it_lists_funded_projects_the_latest_start_first_undated_last(client, db):
    FundedProjectFactory(acronym="UNDATED", starts_on=None, ends_on=None)
    FundedProjectFactory(acronym="OLD", starts_on=date(2019, 5, 1))
    FundedProjectFactory(acronym="NEW", starts_on=date(2024, 5, 1))
    data = client.get("/api/v1/funded-projects").json()
    assert [p["acronym"] for p in data["results"]] == ["NEW", "OLD", "UNDATED"]
