"""Every named opinion-map permission, for every role, on the three kinds of map.

The maps belong to Milan (``people.city``). ``user.has_perm`` gives active superusers
every permission (Django's ModelBackend), so the services check voting and submitting
with ``rules.has_perm``: the map's own rule, network admins included. Both are tested.
"""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from metroagora.forum.models import UserBlock
from metroagora.forum.tests.factories import DebateFactory
from metroagora.opinions import services
from metroagora.opinions.tests.factories import OpinionMapFactory

ROLES = [
    "anonymous",
    "participant",
    "resident",
    "other_resident",
    "moderator",
    "coordinator",
    "other_coordinator",
    "admin",
]
SIGNED_IN = set(ROLES) - {"anonymous"}
MODERATORS = {"moderator", "coordinator", "admin"}

# setting -> permission -> roles that hold it on a map of Milan (by the map's own rule)
EXPECTED = {
    "default": {
        "opinions.view_map": set(ROLES),
        "opinions.vote": SIGNED_IN,
        "opinions.submit_statement": SIGNED_IN,
        "opinions.moderate": MODERATORS,
    },
    "anonymous_voting": {
        "opinions.view_map": set(ROLES),
        "opinions.vote": set(ROLES),
        "opinions.submit_statement": set(ROLES),
        "opinions.moderate": MODERATORS,
    },
    "verified_residents_only": {
        "opinions.view_map": set(ROLES),
        "opinions.vote": {"resident"},
        "opinions.submit_statement": {"resident"},
        "opinions.moderate": MODERATORS,
    },
}
CASES = [
    (setting, perm, role) for setting in EXPECTED for perm in EXPECTED[setting] for role in ROLES
]


@pytest.mark.parametrize(("setting", "perm", "role"), CASES)
def test_it_grants_map_permissions_by_role_and_setting(people, make_map, setting, perm, role):
    opinion_map = make_map(setting)
    user = getattr(people, role)
    assert rules.has_perm(perm, user, opinion_map) is (role in EXPECTED[setting][perm])


@pytest.mark.parametrize(("setting", "perm", "role"), CASES)
def test_it_grants_the_same_through_has_perm_except_to_network_admins(
    people, make_map, setting, perm, role
):
    opinion_map = make_map(setting)
    user = getattr(people, role)
    expected = role == "admin" or role in EXPECTED[setting][perm]
    assert user.has_perm(perm, opinion_map) is expected


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_moderators_and_every_coordinator_open_maps(people, role):
    expected = role in {"moderator", "coordinator", "other_coordinator", "admin"}
    assert getattr(people, role).has_perm("opinions.open_map") is expected
    assert rules.has_perm("opinions.open_map", getattr(people, role)) is expected


@pytest.mark.parametrize("setting", sorted(EXPECTED))
@pytest.mark.parametrize("role", sorted(SIGNED_IN))
def test_it_lets_coordinators_open_maps_of_their_own_city_only(people, setting, role):
    user = getattr(people, role)
    fields = {"verified_residents_only": True} if setting == "verified_residents_only" else {}
    fields["anonymous_voting"] = setting == "anonymous_voting"
    try:
        services.open_map(
            user, slug="m", title={"en": "Q?"}, language="en", city=people.city, **fields
        )
    except PermissionDenied:
        opened = False
    else:
        opened = True
    assert opened is (role in MODERATORS)


@pytest.mark.parametrize("setting", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_it_stops_votes_and_statements_once_a_map_is_closed(people, make_map, setting, role):
    opinion_map = make_map(setting, status="closed")
    user = getattr(people, role)
    assert not rules.has_perm("opinions.vote", user, opinion_map)
    assert not rules.has_perm("opinions.submit_statement", user, opinion_map)
    assert rules.has_perm("opinions.view_map", user, opinion_map)
    assert rules.has_perm("opinions.moderate", user, opinion_map) is (role in MODERATORS)


@pytest.mark.parametrize("role", ["participant", "resident", "moderator"])
def test_it_stops_statements_but_not_votes_where_participants_do_not_submit(people, make_map, role):
    opinion_map = make_map(participants_submit=False)
    user = getattr(people, role)
    assert rules.has_perm("opinions.vote", user, opinion_map)
    assert not rules.has_perm("opinions.submit_statement", user, opinion_map)


def test_it_needs_a_verified_residence_in_the_maps_own_city(people, make_map):
    opinion_map = make_map("verified_residents_only")
    assert rules.has_perm("opinions.vote", people.resident, opinion_map)
    assert not rules.has_perm("opinions.vote", people.unverified_resident, opinion_map)
    assert not rules.has_perm("opinions.vote", people.other_resident, opinion_map)
    people.resident.is_active = False
    assert not rules.has_perm("opinions.vote", people.resident, opinion_map)


def test_it_refuses_anonymous_votes_on_a_residents_only_map_even_with_anonymous_voting(
    people, make_map
):
    opinion_map = make_map("verified_residents_only", anonymous_voting=True)
    assert not rules.has_perm("opinions.vote", people.anonymous, opinion_map)
    assert rules.has_perm("opinions.vote", people.resident, opinion_map)


@pytest.mark.parametrize("role", ["participant", "resident"])
def test_it_stops_people_blocked_in_the_forum(people, make_map, role):
    user = getattr(people, role)
    opinion_map = make_map()
    UserBlock.objects.create(user=user, reason="Insults")
    assert not rules.has_perm("opinions.vote", user, opinion_map)
    assert not rules.has_perm("opinions.submit_statement", user, opinion_map)
    assert rules.has_perm("opinions.view_map", user, opinion_map)


def test_it_lets_coordinators_moderate_a_map_through_its_debates_city(people):
    debate = DebateFactory(city=people.city)
    opinion_map = OpinionMapFactory(city=None, debate=debate)
    assert people.coordinator.has_perm("opinions.moderate", opinion_map)
    assert not people.other_coordinator.has_perm("opinions.moderate", opinion_map)


def test_it_keeps_network_wide_maps_to_moderators(people):
    opinion_map = OpinionMapFactory(city=None)
    assert people.moderator.has_perm("opinions.moderate", opinion_map)
    assert not people.coordinator.has_perm("opinions.moderate", opinion_map)
    assert not people.other_coordinator.has_perm("opinions.moderate", opinion_map)


@pytest.mark.parametrize("role", ROLES)
def test_it_keeps_moderating_every_map_to_moderators_and_admins(people, role):
    expected = role in {"moderator", "admin"}
    assert getattr(people, role).has_perm("opinions.moderate_any") is expected


def test_it_stops_a_deactivated_coordinator(people, make_map):
    opinion_map = make_map()
    people.coordinator.is_active = False
    assert not rules.has_perm("opinions.moderate", people.coordinator, opinion_map)
    assert not rules.has_perm("opinions.vote", people.coordinator, opinion_map)
