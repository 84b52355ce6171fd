"""Every named network permission, for every role."""

import pytest

ROLES = [
    "anonymous",
    "participant",
    "resident",
    "unverified_resident",
    "policymaker",
    "moderator",
    "coordinator",
    "other_coordinator",
    "admin",
]

# permission -> roles that have it on the city "milan"
EXPECTED = {
    "network.view_city": set(ROLES),
    "network.change_city": {"coordinator", "admin"},
    "network.manage_memberships": {"coordinator", "admin"},
    "network.delete_city": {"admin"},
}
GLOBAL = {
    "network.add_city": {"admin"},
    "network.grant_coordinator": {"admin"},
    "network.manage_partners": {"admin"},
    "accounts.grant_global_role": {"admin"},
    "accounts.moderate": {"moderator", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_it_grants_city_permissions_by_role(roles, role, perm):
    user = getattr(roles, role)
    assert user.has_perm(perm, roles.city) is (role in EXPECTED[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(GLOBAL))
def test_it_grants_global_permissions_by_role(roles, role, perm):
    user = getattr(roles, role)
    assert user.has_perm(perm) is (role in GLOBAL[perm])


def test_it_keeps_coordinators_to_their_own_city(roles):
    assert roles.coordinator.has_perm("network.change_city", roles.city)
    assert not roles.coordinator.has_perm("network.change_city", roles.other_city)
    assert roles.other_coordinator.has_perm("network.change_city", roles.other_city)


def test_it_denies_inactive_coordinators(roles):
    roles.coordinator.is_active = False
    roles.coordinator.save()
    assert not roles.coordinator.has_perm("network.change_city", roles.city)


def test_it_tells_verified_from_unverified_residents(roles):
    from metroagora.network.rules import is_verified_resident

    assert is_verified_resident(roles.resident, roles.city)
    assert not is_verified_resident(roles.unverified_resident, roles.city)
    assert not is_verified_resident(roles.resident, roles.other_city)
