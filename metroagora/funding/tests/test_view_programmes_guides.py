"""Programmes (seeded from the reference CSV, edited by network admins) and guides."""

import pytest
from django.urls import reverse
from django.utils import translation

from metroagora.funding.models import Programme
from metroagora.funding.programme_data import programme_rows
from metroagora.funding.tests.conftest import ROLES, sign_in
from metroagora.funding.tests.factories import CallFactory, GuideFactory, programme

pytestmark = pytest.mark.django_db


def test_the_programmes_of_the_reference_csv_are_seeded():
    rows = programme_rows()
    assert len(rows) == 14
    assert Programme.objects.count() == 14
    horizon = programme("HORIZON")
    assert horizon.budget_eur == 95_500_000_000
    assert horizon.portal_codes == ["43108390"]
    assert "Cities Mission" in horizon.budget_note
    with translation.override("fr"):
        assert str(programme("LIFE").name) == "Programme LIFE"
    with translation.override("pl"):
        assert str(programme("EUI").name) == "Europejska Inicjatywa Miejska"
        assert str(programme("EUI").city_funding).startswith("Only **urban authorities**")


def test_the_list_shows_budgets_and_open_calls(client):
    CallFactory()
    html = client.get(reverse("funding:programmes")).content.decode()
    assert "€95.5 billion" in html
    assert "Made for cities" in html
    programmes = {
        p.short_name: p.open_calls
        for p in client.get(reverse("funding:programmes")).context["programmes"]
    }
    assert programmes["LIFE"] == 1 and programmes["HORIZON"] == 0


def test_a_programme_page_with_its_calls_and_guides(client):
    call = CallFactory()
    GuideFactory(
        title={"en": "Writing a LIFE proposal", "_original": "en"}, programmes=[programme("LIFE")]
    )
    html = client.get(reverse("funding:programme", kwargs={"slug": "life"})).content.decode()
    assert call.title in html
    assert "Writing a LIFE proposal" in html
    assert "What it funds for cities" in html


@pytest.mark.parametrize("role", ROLES)
def test_only_network_admins_edit_a_programme(client, people, role):
    life = programme("LIFE")
    sign_in(client, people[role])
    data = {
        "name_en": "LIFE Programme",
        "name_fr": "Programme LIFE",
        "name_original": "en",
        "description_en": "Environment and climate.",
        "description_original": "en",
        "city_funding_en": "Cities lead projects.",
        "city_funding_original": "en",
        "budget_eur": "5432000000",
        "budget_note": "",
        "source": "Council",
        "website": "https://cinea.ec.europa.eu/programmes/life_en",
        "city_fit": "3",
        "portal_codes": "43252405, 12345",
    }
    client.post(reverse("funding:programme_edit", kwargs={"slug": "life"}), data)
    life.refresh_from_db()
    assert (life.portal_codes == ["43252405", "12345"]) == (role == "admin"), role


def test_a_portal_code_belongs_to_one_programme(client, roles):
    client.force_login(roles.admin)
    data = {
        "name_en": "LIFE Programme",
        "name_original": "en",
        "budget_eur": "1",
        "city_fit": "2",
        "portal_codes": "43108390",
    }
    response = client.post(reverse("funding:programme_edit", kwargs={"slug": "life"}), data)
    assert response.status_code == 400
    assert "The code 43108390 belongs to another programme." in response.content.decode()


def test_guides_are_listed_translated_and_linked(client):
    guide = GuideFactory(
        title={"en": "Finding calls", "fr": "Trouver des appels", "_original": "en"},
        body={"en": "## Where\n\nThe **portal**.<script>x()</script>", "_original": "en"},
        programmes=[programme("LIFE")],
    )
    html = client.get(reverse("funding:guides")).content.decode()
    assert "Finding calls" in html
    html = client.get(guide.get_absolute_url()).content.decode()
    assert "<h2>Where</h2>" in html and "<strong>portal</strong>" in html
    assert "<script>" not in html
    assert reverse("funding:programme", kwargs={"slug": "life"}) in html
    french = client.get(f"/fr/funding/guides/{guide.slug}/").content.decode()
    assert "Trouver des appels" in french
    assert 'lang="en"' in french  # the body falls back to its original language


def test_unpublished_guides_are_hidden_from_the_public(client, roles):
    guide = GuideFactory(is_published=False)
    assert client.get(guide.get_absolute_url()).status_code == 404
    client.force_login(roles.admin)
    assert client.get(guide.get_absolute_url()).status_code == 200


def test_a_guide_for_every_call_is_linked_from_every_call(client):
    GuideFactory(title={"en": "General advice", "_original": "en"}, for_all_calls=True)
    call = CallFactory(programme=programme("HORIZON"))
    assert "General advice" in client.get(call.get_absolute_url()).content.decode()
