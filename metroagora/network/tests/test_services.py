import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metroagora.accounts.tests.factories import UserFactory
from metroagora.core.translated import TranslatedText
from metroagora.network import services
from metroagora.network.models import City, Membership


def test_it_lets_a_coordinator_update_their_city(roles):
    text = TranslatedText({"en": "New text", "fr": "Nouveau texte"}, "en")
    services.update_city(roles.coordinator, roles.city, description=text)
    roles.city.refresh_from_db()
    assert roles.city.description.get("fr") == "Nouveau texte"


def test_it_refuses_a_coordinator_of_another_city(roles):
    with pytest.raises(PermissionDenied):
        services.update_city(roles.other_coordinator, roles.city, population=1)


def test_it_rejects_impossible_coordinates_and_saves_nothing(roles):
    with pytest.raises(ValidationError) as error:
        services.update_city(roles.admin, roles.city, latitude=123.0, population=5)
    assert "latitude" in error.value.message_dict
    roles.city.refresh_from_db()
    assert roles.city.latitude == pytest.approx(45.46)
    assert roles.city.population == 1_000_000


def test_it_rejects_an_unknown_country_code(roles):
    with pytest.raises(ValidationError) as error:
        services.update_city(roles.admin, roles.city, country="XX")
    assert "country" in error.value.message_dict


def test_it_lets_only_admins_create_cities(roles):
    fields = {
        "slug": "porto",
        "name": TranslatedText({"pt": "Porto"}),
        "country": "PT",
        "region": "south",
        "population": 1_700_000,
        "latitude": 41.15,
        "longitude": -8.61,
    }
    with pytest.raises(PermissionDenied):
        services.create_city(roles.coordinator, **fields)
    city = services.create_city(roles.admin, **fields)
    assert City.objects.get(slug="porto") == city


def test_it_records_a_declared_residence_unverified(roles):
    person = UserFactory()
    membership = services.declare_residence(person, roles.city)
    assert membership.role == "resident"
    assert membership.verified_at is None
    assert services.declare_residence(person, roles.city).pk == membership.pk


def test_it_lets_a_coordinator_verify_a_resident(roles):
    membership = Membership.objects.get(user=roles.unverified_resident)
    services.verify_resident(roles.coordinator, membership)
    membership.refresh_from_db()
    assert membership.verified_at is not None
    assert membership.verified_by == roles.coordinator


def test_it_refuses_verification_by_a_participant(roles):
    membership = Membership.objects.get(user=roles.unverified_resident)
    with pytest.raises(PermissionDenied):
        services.verify_resident(roles.participant, membership)


def test_it_lets_only_admins_make_coordinators(roles):
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        services.add_membership(roles.coordinator, roles.city, person, "coordinator")
    membership = services.add_membership(roles.admin, roles.city, person, "coordinator")
    assert membership.verified_by == roles.admin


def test_it_rejects_a_duplicate_role(roles):
    with pytest.raises(ValidationError):
        services.add_membership(roles.coordinator, roles.city, roles.resident, "resident")


def test_it_lets_people_withdraw_their_own_residence(roles):
    membership = Membership.objects.get(user=roles.resident)
    services.remove_membership(roles.resident, membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_it_keeps_coordinators_from_removing_coordinators(roles):
    membership = Membership.objects.get(user=roles.coordinator)
    with pytest.raises(PermissionDenied):
        services.remove_membership(roles.coordinator, membership)
