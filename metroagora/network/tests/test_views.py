import pytest
from django.urls import reverse
from django.utils import translation

from metroagora.network.models import City, Membership
from metroagora.network.tests.factories import CityFactory, MembershipFactory, PartnerFactory


def _city_post(city: City, **overrides):
    data = {
        "name_en": "Milan",
        "name_fr": "",
        "name_de": "",
        "name_it": "Milano",
        "name_es": "",
        "name_pl": "",
        "name_original": "it",
        "country": "IT",
        "region": "south",
        "population": "3250000",
        "latitude": "45.46",
        "longitude": "9.19",
        "website": "https://www.comune.milano.it",
        "description_en": "English text",
        "description_fr": "Texte en français",
        "description_de": "",
        "description_it": "",
        "description_es": "",
        "description_pl": "",
        "description_original": "en",
    }
    data.update(overrides)
    return data


def test_it_shows_the_network_overview_in_few_queries(client, db, django_assert_max_num_queries):
    for n in range(20):
        city = CityFactory(region=["north", "south", "east", "west"][n % 4])
        PartnerFactory(city=city)
    with django_assert_max_num_queries(3):
        response = client.get("/en/network/")
    assert response.status_code == 200
    assert response.content.count(b'class="city-dot') == 20
    assert b"20</strong>" in response.content


def test_it_lists_cities_in_a_table(client, db, django_assert_max_num_queries):
    CityFactory.create_batch(15)
    with django_assert_max_num_queries(3):
        response = client.get("/en/cities/")
    assert response.content.count(b'<th scope="row">') == 15


def test_it_shows_a_city_page_without_n_plus_one(client, db, django_assert_max_num_queries):
    city = CityFactory(slug="milan")
    MembershipFactory.create_batch(10, city=city, role="official")
    PartnerFactory.create_batch(3, city=city)
    with django_assert_max_num_queries(4):
        response = client.get("/en/cities/milan/")
    assert response.status_code == 200
    assert response.content.count(b"City official") == 10


def test_it_hides_residents_from_the_public_city_page(client, db):
    membership = MembershipFactory(role="resident", user__display_name="Quiet Resident")
    response = client.get(membership.city.get_absolute_url())
    assert b"Quiet Resident" not in response.content


def test_it_returns_404_for_an_unknown_city(client, db):
    assert client.get("/en/cities/atlantis/").status_code == 404


def test_it_returns_a_translated_404_for_an_unknown_language_prefix(client, db):
    response = client.get("/xx/cities/")
    assert response.status_code == 404


def test_it_shows_the_french_text_on_the_french_page(client, db):
    CityFactory(
        slug="lyon", description={"fr": "Texte original", "en": "English text", "_original": "fr"}
    )
    assert b"Texte original" in client.get("/fr/cities/lyon/").content
    assert b"English text" in client.get("/en/cities/lyon/").content


def test_it_falls_back_to_the_original_language_and_marks_it(client, db):
    CityFactory(slug="lyon", description={"fr": "Texte original", "_original": "fr"})
    response = client.get("/de/cities/lyon/")
    assert b'<div lang="fr">' in response.content
    assert b"Texte original" in response.content


def test_it_sanitises_markdown_in_descriptions(client, db):
    CityFactory(slug="x", description={"en": "<script>alert(1)</script>**bold**"})
    content = client.get("/en/cities/x/").content
    assert b"<script>alert" not in content
    assert b"<strong>bold</strong>" in content


def test_it_lets_the_coordinator_edit_the_city(client, roles):
    client.force_login(roles.coordinator)
    url = reverse("network:city_edit", kwargs={"slug": "milan"})
    response = client.post(url, _city_post(roles.city))
    assert response.status_code == 302
    roles.city.refresh_from_db()
    assert roles.city.description.get("fr") == "Texte en français"
    assert roles.city.name.original == "it"


def test_it_forbids_editing_to_other_coordinators(client, roles):
    client.force_login(roles.other_coordinator)
    url = reverse("network:city_edit", kwargs={"slug": "milan"})
    assert client.get(url).status_code == 403
    assert client.post(url, _city_post(roles.city)).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client, roles):
    response = client.get(reverse("network:city_edit", kwargs={"slug": "milan"}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("country", "XX"), ("latitude", "91"), ("longitude", "east"), ("population", "-5")],
)
def test_it_explains_bad_input_and_saves_nothing(client, roles, field, value):
    client.force_login(roles.admin)
    url = reverse("network:city_edit", kwargs={"slug": "milan"})
    response = client.post(url, _city_post(roles.city, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert b'class="errorlist"' in response.content
    roles.city.refresh_from_db()
    assert roles.city.description.get("fr") == ""


def test_it_explains_bad_coordinates_in_french(client, roles):
    client.force_login(roles.admin)
    url = "/fr" + reverse("network:city_edit", kwargs={"slug": "milan"})[3:]
    response = client.post(url, _city_post(roles.city, latitude="91"))
    with translation.override("fr"):
        assert "inférieure ou égale à 90" in response.content.decode()


def test_it_requires_the_original_language_text(client, roles):
    client.force_login(roles.admin)
    url = reverse("network:city_edit", kwargs={"slug": "milan"})
    response = client.post(url, _city_post(roles.city, description_original="pl"))
    assert response.context["form"].errors["description"]


def test_it_lets_admins_add_a_city(client, roles):
    client.force_login(roles.admin)
    data = _city_post(roles.city)
    data["slug"] = "turin"
    response = client.post(reverse("network:city_create"), data)
    assert response.status_code == 302
    assert City.objects.filter(slug="turin").exists()


def test_it_lets_a_person_declare_where_they_live(client, roles):
    client.force_login(roles.participant)
    response = client.post(reverse("network:declare_residence", kwargs={"slug": "milan"}))
    assert response.status_code == 302
    assert Membership.objects.filter(user=roles.participant, role="resident").exists()


def test_it_lets_a_coordinator_manage_people(client, roles, django_assert_max_num_queries):
    client.force_login(roles.coordinator)
    url = reverse("network:city_people", kwargs={"slug": "milan"})
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    response = client.post(url, {"email": roles.participant.email, "role": "official"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=roles.participant, role="official").exists()


def test_it_explains_an_unknown_email_when_adding_people(client, roles):
    client.force_login(roles.coordinator)
    url = reverse("network:city_people", kwargs={"slug": "milan"})
    response = client.post(url, {"email": "nobody@example.org", "role": "official"})
    assert response.context["form"].errors["email"]


def test_it_verifies_a_resident_from_the_people_page(client, roles):
    membership = Membership.objects.get(user=roles.unverified_resident)
    client.force_login(roles.coordinator)
    url = reverse("network:membership_verify", kwargs={"slug": "milan", "pk": membership.pk})
    assert client.post(url).status_code == 302
    membership.refresh_from_db()
    assert membership.verified_at is not None


def test_it_serves_the_base_map_as_a_cacheable_picture(client, db):
    response = client.get("/map/europe.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age" in response["Cache-Control"]
    assert response.content.count(b"<path") > 40


def test_it_refreshes_the_cached_overview_when_a_city_changes(client, db):
    city = CityFactory(name={"en": "Old Name", "_original": "en"})
    assert b"Old Name" in client.get("/en/network/").content
    city.name = {"en": "New Name", "_original": "en"}
    city.save()
    content = client.get("/en/network/").content
    assert b"New Name" in content
    assert b"Old Name" not in content
