"""A list fetches its rows' children for the whole page in one plain query (``prepare``):
each row shows the same children, in the same order, as its own page in the API."""

from decimal import Decimal

from metroagora.api.pagination import grouped
from metroagora.decisions.tests.factories import ProcessFactory
from metroagora.events.tests.factories import EventFactory, TopicFactory
from metroagora.funding.tests.factories import FundedProjectFactory, ParticipantFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.practices.tests.factories import PracticeFactory


def test_grouped_keeps_each_keys_rows_in_order():
    rows = [(1, "a", 10), (2, "b", 20), (1, "c", 30)]
    assert grouped(rows) == {1: [("a", 10), ("c", 30)], 2: [("b", 20)]}
    assert grouped([]) == {}


def _topics():
    # Listed by group, then short name: a policy topic comes after a governance one.
    return [
        TopicFactory(slug="zz-governance", group="governance"),
        TopicFactory(slug="aa-policy", group="policy"),
    ]


def test_an_events_topics_are_the_same_in_the_list_and_on_its_page(client, db):
    topics = _topics()
    EventFactory(slug="with-topics").topics.add(*reversed(topics))
    EventFactory(slug="without-topics")
    rows = {e["slug"]: e for e in client.get("/api/v1/events?when=all").json()["results"]}
    page = client.get("/api/v1/events/with-topics").json()
    assert rows["with-topics"]["topics"] == page["topics"] == ["zz-governance", "aa-policy"]
    assert rows["without-topics"]["topics"] == []


def test_a_practices_topics_are_the_same_in_the_list_and_on_its_page(client, db):
    PracticeFactory(slug="with-topics", published=True, topics=_topics())
    PracticeFactory(slug="without-topics", published=True)
    rows = {p["slug"]: p for p in client.get("/api/v1/practices").json()["results"]}
    page = client.get("/api/v1/practices/with-topics").json()
    assert rows["with-topics"]["topics"] == page["topics"] == ["zz-governance", "aa-policy"]
    assert rows["without-topics"]["topics"] == []


def test_a_processs_phases_are_the_same_in_the_list_and_on_its_page(client, db):
    ProcessFactory(slug="voting-now", phase="voting")
    ProcessFactory(slug="proposals-now")
    rows = {p["slug"]: p for p in client.get("/api/v1/processes").json()["results"]}
    for slug, current in (("voting-now", "voting"), ("proposals-now", "proposals")):
        page = client.get(f"/api/v1/processes/{slug}").json()
        assert rows[slug]["phases"] == page["phases"]
        assert [p["starts_at"] for p in page["phases"]] == sorted(
            p["starts_at"] for p in page["phases"]
        )
        assert rows[slug]["current_phase"] == page["current_phase"] == current


def test_a_funded_projects_cities_are_the_same_in_the_list_and_on_its_page(client, db):
    lyon, milan = CityFactory(slug="lyon"), CityFactory(slug="milan")
    shared = FundedProjectFactory(acronym="SHARED")
    ParticipantFactory(project=shared, city=milan, role="participant", eu_contribution=None)
    ParticipantFactory(project=shared, city=lyon, role="coordinator", eu_contribution=Decimal(7))
    ParticipantFactory(project=shared, city=None, name="University", country="DE")
    alone = FundedProjectFactory(acronym="ALONE", eu_contribution=Decimal("900000"))
    ParticipantFactory(project=alone, city=lyon, eu_contribution=None)
    FundedProjectFactory(acronym="NONE")
    rows = {p["acronym"]: p for p in client.get("/api/v1/funded-projects").json()["results"]}
    for project in (shared, alone):
        page = client.get(f"/api/v1/funded-projects/{project.pk}").json()
        assert rows[project.acronym]["cities"] == page["cities"]
    assert [c["role"] for c in rows["SHARED"]["cities"]] == ["coordinator", "participant"]
    assert rows["ALONE"]["cities"][0]["amount"] == "900000.00"
    assert rows["NONE"]["cities"] == []
