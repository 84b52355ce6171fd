"""Transfers: a city adopting another city's practice, and each step both cities log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.network.tests.factories import CityFactory, MembershipFactory
from metroagora.practices import services
from metroagora.practices.models import Transfer, TransferStatus, TransferUpdate
from metroagora.practices.tests.factories import PracticeFactory, TransferFactory


@pytest.fixture
def practice(roles):
    """Milan's published practice; Lyon's coordinator (other_coordinator) may adopt it."""
    return PracticeFactory(city=roles.city, published=True)


@pytest.fixture
def transfer(roles, practice):
    return services.start_transfer(roles.other_coordinator, practice, city=roles.other_city)


def _reload(transfer: Transfer) -> Transfer:
    transfer.refresh_from_db()
    return transfer


# --- Opening a transfer ------------------------------------------------------------


def test_it_opens_a_transfer_with_a_first_logged_step(roles, practice):
    transfer = services.start_transfer(
        roles.other_coordinator, practice, city=roles.other_city, note="  Nous voulons essayer.  "
    )
    assert (transfer.practice, transfer.city, transfer.started_by) == (
        practice,
        roles.other_city,
        roles.other_coordinator,
    )
    assert transfer.status == TransferStatus.INTERESTED
    assert list(transfer.updates.values_list("author", "status", "note")) == [
        (roles.other_coordinator.pk, "interested", "Nous voulons essayer.")
    ]


def test_it_refuses_the_practice_s_own_city(roles, practice):
    # Its own coordinator has no other city: not an adopter at all.
    with pytest.raises(PermissionDenied):
        services.start_transfer(roles.coordinator, practice, city=roles.city)
    # A coordinator of both cities is told which city cannot adopt it.
    MembershipFactory(user=roles.other_coordinator, city=roles.city, role="coordinator")
    with pytest.raises(ValidationError) as error:
        services.start_transfer(roles.other_coordinator, practice, city=roles.city)
    assert error.value.message_dict == {"city": ["A city cannot adopt its own practice."]}
    assert not Transfer.objects.exists()


def test_it_refuses_a_city_the_coordinator_does_not_coordinate(roles, practice):
    porto = CityFactory(slug="porto", country="PT")
    with pytest.raises(PermissionDenied):
        services.start_transfer(roles.other_coordinator, practice, city=porto)
    assert not Transfer.objects.exists()


def test_it_refuses_a_second_transfer_for_the_same_city_with_a_clear_message(
    roles, practice, transfer
):
    colleague = with_two_factor(UserFactory())
    MembershipFactory(user=colleague, city=roles.other_city, role="coordinator")
    with pytest.raises(ValidationError) as error:
        services.start_transfer(colleague, practice, city=roles.other_city, note="Nous aussi")
    assert error.value.message_dict == {
        "city": ["Lyon already follows a transfer of this practice."]
    }
    assert Transfer.objects.count() == 1
    assert TransferUpdate.objects.count() == 1
    # The database is still usable after the refused insert (PostgreSQL savepoint).
    porto = CityFactory(slug="porto")
    MembershipFactory(user=colleague, city=porto, role="coordinator")
    assert services.start_transfer(colleague, practice, city=porto).city == porto


@pytest.mark.parametrize("stage", ["draft", "in_review", "changes_requested"])
def test_it_refuses_to_adopt_a_practice_that_is_not_published(roles, stage):
    practice = PracticeFactory(city=roles.city, **{stage: True})
    with pytest.raises(PermissionDenied):
        services.start_transfer(roles.other_coordinator, practice, city=roles.other_city)
    assert not Transfer.objects.exists()


def test_it_refuses_a_network_admin_a_transfer_of_an_unpublished_practice(roles):
    """APP BUG: services.start_transfer relies on the start_transfer rule alone to refuse
    unpublished practices, but superusers get every permission from ModelBackend, so a
    network admin opens a transfer on a draft."""
    practice = PracticeFactory(city=roles.city)
    with pytest.raises((PermissionDenied, ValidationError)):
        services.start_transfer(roles.admin, practice, city=roles.other_city)
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("role", ["participant", "resident", "policymaker", "moderator", "editor"])
def test_it_lets_only_coordinators_of_another_city_open_a_transfer(people, roles, practice, role):
    with pytest.raises(PermissionDenied):
        services.start_transfer(people[role], practice, city=roles.other_city)
    assert not Transfer.objects.exists()


def test_it_refuses_an_opening_note_over_3000_characters(roles, practice):
    with pytest.raises(ValidationError) as error:
        services.start_transfer(
            roles.other_coordinator, practice, city=roles.other_city, note="x" * 3001
        )
    assert set(error.value.error_dict) == {"note"}
    assert not Transfer.objects.exists()
    services.start_transfer(
        roles.other_coordinator, practice, city=roles.other_city, note="x" * 3000
    )
    assert TransferUpdate.objects.get().note == "x" * 3000


# --- Updating a transfer ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["other_coordinator", "coordinator", "editor", "admin"])
def test_it_lets_both_cities_and_the_editors_update_and_logs_each_step(people, transfer, role):
    services.update_transfer(people[role], transfer, status="in_contact", note="Appel fixé.")
    services.update_transfer(people[role], transfer, status="adapting")
    assert _reload(transfer).status == TransferStatus.ADAPTING
    steps = list(transfer.updates.order_by("created_at", "pk"))
    assert [(s.status, s.note) for s in steps] == [
        ("interested", ""),
        ("in_contact", "Appel fixé."),
        ("adapting", ""),
    ]
    assert [s.author for s in steps[1:]] == [people[role], people[role]]


def test_it_follows_a_transfer_to_adoption_or_stop(roles, transfer):
    for status in ("in_contact", "adapting", "adopted"):
        services.update_transfer(roles.other_coordinator, transfer, status=status)
    assert _reload(transfer).status == TransferStatus.ADOPTED
    services.update_transfer(roles.coordinator, transfer, status="stopped", note="Budget gelé.")
    assert _reload(transfer).status == TransferStatus.STOPPED
    assert transfer.updates.count() == 5


@pytest.mark.parametrize("role", ["participant", "resident", "policymaker", "moderator"])
def test_it_refuses_updates_from_outside_the_two_cities(people, transfer, role):
    with pytest.raises(PermissionDenied):
        services.update_transfer(people[role], transfer, status="adopted", note="Fait !")
    assert _reload(transfer).status == TransferStatus.INTERESTED
    assert transfer.updates.count() == 1


def test_it_refuses_updates_from_a_third_city(transfer):
    third = with_two_factor(UserFactory())
    MembershipFactory(user=third, city=CityFactory(slug="porto"), role="coordinator")
    with pytest.raises(PermissionDenied):
        services.update_transfer(third, transfer, status="adopted")
    assert _reload(transfer).status == TransferStatus.INTERESTED


def test_it_adds_a_note_without_changing_the_status(roles, transfer):
    services.update_transfer(roles.coordinator, transfer, status="interested", note="Documents.")
    assert _reload(transfer).status == TransferStatus.INTERESTED
    assert transfer.updates.count() == 2


@pytest.mark.parametrize("note", ["", "   \n "])
def test_it_refuses_an_update_that_changes_nothing(roles, transfer, note):
    with pytest.raises(ValidationError) as error:
        services.update_transfer(roles.other_coordinator, transfer, status="interested", note=note)
    assert error.value.message_dict == {"note": ["Change the status or write a note."]}
    assert transfer.updates.count() == 1


def test_it_refuses_an_unknown_status(roles, transfer):
    with pytest.raises(ValidationError) as error:
        services.update_transfer(roles.other_coordinator, transfer, status="done")
    assert set(error.value.error_dict) == {"status"}
    assert _reload(transfer).status == TransferStatus.INTERESTED


def test_it_refuses_an_update_note_over_3000_characters(roles, transfer):
    with pytest.raises(ValidationError) as error:
        services.update_transfer(
            roles.other_coordinator, transfer, status="in_contact", note="x" * 3001
        )
    assert set(error.value.error_dict) == {"note"}
    assert _reload(transfer).status == TransferStatus.INTERESTED
    assert transfer.updates.count() == 1
    services.update_transfer(
        roles.other_coordinator, transfer, status="in_contact", note="x" * 3000
    )
    assert transfer.updates.count() == 2


def test_it_lets_the_transfer_factory_make_another_city_s_transfer(db):
    transfer = TransferFactory()
    assert transfer.practice.is_published
    assert transfer.city != transfer.practice.city
