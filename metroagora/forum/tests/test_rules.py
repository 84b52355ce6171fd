"""Every named Forum permission, for every role."""

import pytest

from metroagora.forum.models import UserBlock
from metroagora.forum.tests.factories import DebateFactory
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture

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
SIGNED_IN = set(ROLES) - {"anonymous"}

# permission -> roles that have it on a debate hosted by "milan" (roles.city)
ON_HOSTED_DEBATE = {
    "forum.view_debate": set(ROLES),
    "forum.change_debate": {"moderator", "coordinator", "admin"},
    "forum.close_debate": {"moderator", "coordinator", "admin"},
}
# ... and on a network-wide debate (no host city)
ON_NETWORK_DEBATE = {
    "forum.view_debate": set(ROLES),
    "forum.change_debate": {"moderator", "admin"},
    "forum.close_debate": {"moderator", "admin"},
}
GLOBAL = {
    "forum.view_debate": set(ROLES),
    "forum.open_debate": {"coordinator", "other_coordinator", "admin"},
    "forum.post": SIGNED_IN,
    # Django's ModelBackend gives active superusers every permission, this one included.
    "forum.post_official": {"policymaker", "admin"},
    "forum.react": SIGNED_IN,
    "forum.report": SIGNED_IN,
    "forum.moderate": {"moderator", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(ON_HOSTED_DEBATE))
def test_it_grants_permissions_on_a_hosted_debate_by_role(roles, role, perm):  # noqa: F811
    debate = DebateFactory(city=roles.city)
    user = getattr(roles, role)
    assert user.has_perm(perm, debate) is (role in ON_HOSTED_DEBATE[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(ON_NETWORK_DEBATE))
def test_it_grants_permissions_on_a_network_debate_by_role(roles, role, perm):  # noqa: F811
    debate = DebateFactory(city=None)
    user = getattr(roles, role)
    assert user.has_perm(perm, debate) is (role in ON_NETWORK_DEBATE[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(GLOBAL))
def test_it_grants_global_forum_permissions_by_role(roles, role, perm):  # noqa: F811
    user = getattr(roles, role)
    assert user.has_perm(perm) is (role in GLOBAL[perm])


def test_it_keeps_coordinators_to_debates_of_their_own_city(roles):  # noqa: F811
    ours, theirs = DebateFactory(city=roles.city), DebateFactory(city=roles.other_city)
    assert roles.coordinator.has_perm("forum.close_debate", ours)
    assert not roles.coordinator.has_perm("forum.close_debate", theirs)
    assert roles.other_coordinator.has_perm("forum.close_debate", theirs)
    assert not roles.other_coordinator.has_perm("forum.change_debate", ours)


@pytest.mark.parametrize("role", ["participant", "resident", "policymaker"])
def test_it_stops_blocked_people_from_posting_but_not_from_reading(roles, role):  # noqa: F811
    user = getattr(roles, role)
    UserBlock.objects.create(user=user, reason="Insults")
    user.refresh_from_db()
    assert not user.has_perm("forum.post")
    assert not user.has_perm("forum.post_official")
    assert user.has_perm("forum.view_debate")


@pytest.mark.parametrize("role", ["participant", "policymaker", "moderator", "admin"])
def test_it_denies_inactive_people_everything_but_reading(roles, role):  # noqa: F811
    user = getattr(roles, role)
    user.is_active = False
    user.save()
    for perm in sorted(set(GLOBAL) - {"forum.view_debate"}):
        assert not user.has_perm(perm), perm
    assert user.has_perm("forum.view_debate")


def test_it_denies_inactive_coordinators(roles):  # noqa: F811
    debate = DebateFactory(city=roles.city)
    roles.coordinator.is_active = False
    roles.coordinator.save()
    assert not roles.coordinator.has_perm("forum.close_debate", debate)
    assert not roles.coordinator.has_perm("forum.open_debate")
