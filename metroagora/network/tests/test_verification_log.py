"""Verified residents: once per city, and every verification in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metroagora.accounts.tests.factories import UserFactory
from metroagora.network import services
from metroagora.network.models import Membership, VerificationLogEntry
from metroagora.network.tests.factories import MembershipFactory


def _unverified(roles):
    return Membership.objects.get(user=roles.unverified_resident, city=roles.city)


def test_it_records_a_verification_and_logs_it(roles):
    person = UserFactory()
    membership = services.record_verification(
        person, roles.city, "code", detail="batch 12 " + "x" * 300
    )
    membership.refresh_from_db()
    assert (membership.role, membership.verification_method) == ("resident", "code")
    assert membership.verified_at is not None
    assert membership.verified_by is None
    entry = VerificationLogEntry.objects.get()
    assert (entry.city, entry.person, entry.method, entry.verified_by) == (
        roles.city,
        person,
        "code",
        None,
    )
    assert entry.detail.startswith("batch 12 ")
    assert len(entry.detail) == 200


def test_it_verifies_a_declared_residence_in_place(roles):
    before = _unverified(roles)
    membership = services.record_verification(roles.unverified_resident, roles.city, "census")
    assert membership.pk == before.pk
    assert Membership.objects.filter(user=roles.unverified_resident).count() == 1


def test_it_refuses_to_verify_a_person_twice_in_a_city(roles):
    services.record_verification(roles.participant, roles.city, "code")
    with pytest.raises(ValidationError) as error:
        services.record_verification(roles.participant, roles.city, "census")
    assert error.value.code == "already_verified"
    membership = Membership.objects.get(user=roles.participant)
    assert membership.verification_method == "code"
    assert VerificationLogEntry.objects.count() == 1


def test_it_verifies_the_same_person_in_another_city(roles):
    services.record_verification(roles.participant, roles.city, "code")
    services.record_verification(roles.participant, roles.other_city, "census")
    assert sorted(VerificationLogEntry.objects.values_list("city__slug", "method")) == [
        ("lyon", "census"),
        ("milan", "code"),
    ]


def test_it_refuses_an_unknown_method(roles):
    with pytest.raises(ValueError):
        services.record_verification(roles.participant, roles.city, "selfie")
    assert not VerificationLogEntry.objects.exists()


def test_it_logs_a_manual_verification_with_its_verifier(roles):
    membership = services.verify_resident(roles.coordinator, _unverified(roles))
    assert membership.is_verified
    assert (membership.verified_by, membership.verification_method) == (
        roles.coordinator,
        "manual",
    )
    entry = VerificationLogEntry.objects.get()
    assert (entry.city, entry.person, entry.method, entry.verified_by) == (
        roles.city,
        roles.unverified_resident,
        "manual",
        roles.coordinator,
    )


def test_it_lets_a_network_admin_verify_a_resident(roles):
    services.verify_resident(roles.admin, _unverified(roles))
    assert VerificationLogEntry.objects.get().verified_by == roles.admin


@pytest.mark.parametrize("role", ["participant", "resident", "other_coordinator", "moderator"])
def test_it_refuses_a_manual_verification_by_others(roles, role):
    with pytest.raises(PermissionDenied):
        services.verify_resident(getattr(roles, role), _unverified(roles))
    assert not _unverified(roles).is_verified
    assert not VerificationLogEntry.objects.exists()


def test_it_refuses_to_verify_a_resident_twice_by_hand(roles):
    resident = Membership.objects.get(user=roles.resident, city=roles.city)
    with pytest.raises(ValidationError):
        services.verify_resident(roles.coordinator, resident)
    assert not VerificationLogEntry.objects.exists()


def test_it_verifies_only_residents_by_hand(roles):
    official = MembershipFactory(city=roles.city, role="official", verified_at=None)
    with pytest.raises(ValidationError) as error:
        services.verify_resident(roles.coordinator, official)
    assert error.value.code == "not_resident"
    assert not VerificationLogEntry.objects.exists()


def test_it_keeps_the_log_when_people_leave(roles):
    services.verify_resident(roles.coordinator, _unverified(roles))
    roles.unverified_resident.delete()
    entry = VerificationLogEntry.objects.get()
    assert (entry.person, entry.verified_by, entry.method) == (None, roles.coordinator, "manual")


def test_it_lists_the_log_newest_first(roles):
    services.record_verification(roles.participant, roles.city, "code")
    services.verify_resident(roles.coordinator, _unverified(roles))
    assert list(VerificationLogEntry.objects.values_list("method", flat=True)) == [
        "manual",
        "code",
    ]
