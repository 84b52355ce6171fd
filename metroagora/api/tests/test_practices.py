"""Best practices: published ones only, with filters, sections and transfers."""

from metroagora.events.tests.factories import EventFactory, TopicFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.practices.tests.factories import (
    IndicatorFactory,
    PracticeFactory,
    PracticeLinkFactory,
    TransferFactory,
)


def test_it_lists_published_practices_in_constant_queries(
    client, db, django_assert_max_num_queries
):
    topic = TopicFactory(slug="climate")
    for _n in range(30):
        PracticeFactory(published=True, topics=[topic])
    PracticeFactory(slug="draft-one")
    PracticeFactory(slug="in-review", in_review=True)
    with django_assert_max_num_queries(4):  # count, page, transfer figures, topics
        data = client.get("/api/v1/practices?limit=50").json()
    assert data["count"] == 30
    slugs = [p["slug"] for p in data["results"]]
    assert "draft-one" not in slugs and "in-review" not in slugs
    assert data["results"][0]["topics"] == ["climate"]
    assert client.get("/api/v1/practices/draft-one").status_code == 404


def test_it_filters_practices(client, db):
    lyon = CityFactory(slug="lyon", country="FR")
    krakow = CityFactory(slug="krakow", country="PL")
    PracticeFactory(published=True, slug="lyon-budget", city=lyon, languages=["fr", "en"])
    PracticeFactory(published=True, slug="krakow-parks", city=krakow, transferability="low")
    assert [p["slug"] for p in client.get("/api/v1/practices?city=lyon").json()["results"]] == [
        "lyon-budget"
    ]
    assert [p["slug"] for p in client.get("/api/v1/practices?country=PL").json()["results"]] == [
        "krakow-parks"
    ]
    assert [
        p["slug"] for p in client.get("/api/v1/practices?transferability=low").json()["results"]
    ] == ["krakow-parks"]
    assert client.get("/api/v1/practices?language=en").json()["count"] == 1


def test_it_gives_a_practice_with_its_sections_indicators_and_transfers(client, db):
    practice = PracticeFactory(published=True, slug="lyon-budget", translated=True)
    IndicatorFactory(practice=practice)
    PracticeLinkFactory(practice=practice)
    TransferFactory(practice=practice, city=CityFactory(slug="milan"), status="adopted")
    event = EventFactory(slug="lab")
    practice.events.add(event, EventFactory(slug="draft-event", status="draft"))
    response = client.get("/api/v1/practices/lyon-budget")
    data = response.json()
    assert data["title"]["translations"].keys() == {"fr", "en"}
    assert data["challenge"]["original"] == "fr"
    assert len(data["indicators"]) == 1 and len(data["links"]) == 1
    assert data["transfers"][0]["city"]["slug"] == "milan" and data["adopted_count"] == 1
    assert data["events"] == ["lab"]
    assert practice.contact_email.encode() not in response.content


def test_the_list_gives_each_practice_its_own_transfer_figures(client, db):
    taken = PracticeFactory(slug="taken", published=True)
    TransferFactory(practice=taken, status="adopted")
    TransferFactory(practice=taken)
    PracticeFactory(slug="untouched", published=True)
    rows = {p["slug"]: p for p in client.get("/api/v1/practices").json()["results"]}
    assert (rows["taken"]["transfer_count"], rows["taken"]["adopted_count"]) == (2, 1)
    assert (rows["untouched"]["transfer_count"], rows["untouched"]["adopted_count"]) == (0, 0)
    page = client.get("/api/v1/practices/taken").json()
    assert (page["transfer_count"], page["adopted_count"]) == (2, 1)
