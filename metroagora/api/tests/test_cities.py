"""GET /cities and /cities/{slug}: no personal data, member counts, constant queries."""

from metroagora.accounts.tests.factories import UserFactory
from metroagora.network.tests.factories import CityFactory, MembershipFactory, PartnerFactory


def test_it_lists_cities_with_member_counts_in_constant_queries(
    client, db, django_assert_max_num_queries
):
    lyon = CityFactory(slug="lyon", country="FR", region="west")
    person = UserFactory(email="secret@example.org")
    MembershipFactory(city=lyon, user=person, role="resident")
    MembershipFactory(city=lyon, user=person, role="coordinator")  # one person, two roles
    MembershipFactory(city=lyon)
    for _n in range(30):
        CityFactory()
    with django_assert_max_num_queries(3):  # count, page, the page's member counts
        response = client.get("/api/v1/cities?limit=50")
    data = response.json()
    assert data["count"] == 31 and len(data["results"]) == 31
    city = next(c for c in data["results"] if c["slug"] == "lyon")
    assert city["member_count"] == 2
    assert city["url"] == "http://testserver/en/cities/lyon/"
    assert b"secret" not in response.content and b"@" not in response.content
    assert {c["member_count"] for c in data["results"] if c["slug"] != "lyon"} == {0}
    assert client.get("/api/v1/cities/lyon").json()["member_count"] == 2


def test_it_filters_cities_by_country_and_region(client, db):
    CityFactory(slug="lyon", country="FR", region="west")
    CityFactory(slug="krakow", country="PL", region="east")
    assert [c["slug"] for c in client.get("/api/v1/cities?country=PL").json()["results"]] == [
        "krakow"
    ]
    assert [c["slug"] for c in client.get("/api/v1/cities?region=west").json()["results"]] == [
        "lyon"
    ]


def test_it_gives_a_city_with_its_partners(client, db):
    lyon = CityFactory(slug="lyon", name={"fr": "Lyon", "en": "Lyons", "_original": "fr"})
    PartnerFactory(slug="lyon-uni", city=lyon, kind="university")
    data = client.get("/api/v1/cities/lyon", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["name"] == {
        "text": "Lyon",
        "lang": "fr",
        "original": "fr",
        "translations": {"fr": "Lyon", "en": "Lyons"},
    }
    assert [p["slug"] for p in data["partners"]] == ["lyon-uni"]
    assert client.get("/api/v1/cities/lyon").json()["name"]["text"] == "Lyons"
    assert client.get("/api/v1/cities/nowhere").status_code == 404
