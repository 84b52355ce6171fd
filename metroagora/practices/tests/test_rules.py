"""Every named permission on best practices, for every role.

The practice belongs to ``roles.city`` (Milan): "coordinator" coordinates it,
"other_coordinator" coordinates Lyon. Network admins are superusers, and Django's
ModelBackend gives active superusers every permission.
"""

import pytest

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.network.tests.factories import CityFactory, MembershipFactory
from metroagora.practices.tests.conftest import ROLES
from metroagora.practices.tests.factories import PracticeFactory, TransferFactory

EDITORS = {"editor", "admin"}
CITY = {"coordinator"} | EDITORS

# permission, stage of the practice it is checked on -> roles that have it
ON_PRACTICE = {
    ("practices.view_practice", "draft"): CITY,
    ("practices.view_practice", "in_review"): CITY,
    ("practices.view_practice", "published"): set(ROLES),
    ("practices.change_practice", "draft"): CITY,
    ("practices.change_practice", "changes_requested"): CITY,
    ("practices.change_practice", "in_review"): EDITORS,
    ("practices.change_practice", "published"): EDITORS,
    ("practices.submit_practice", "draft"): CITY,
    ("practices.submit_practice", "changes_requested"): CITY,
    ("practices.review_practice", "in_review"): EDITORS,
    ("practices.review_practice", "published"): EDITORS,
    ("practices.comment_review", "draft"): CITY,
    ("practices.comment_review", "in_review"): CITY,
    # Only another city adopts a practice, once it is published.
    ("practices.start_transfer", "published"): {"other_coordinator", "admin"},
    ("practices.start_transfer", "draft"): {"admin"},  # superuser; see test_services_transfers
    ("practices.start_transfer", "in_review"): {"admin"},
}
# permission -> roles that have it without an object
GLOBAL = {
    "practices.add_practice": {"coordinator", "other_coordinator", "editor", "admin"},
    "practices.review_practice": EDITORS,
}
# On Lyon's transfer of Milan's practice: both cities follow it, with the editors.
ON_TRANSFER = {
    "practices.update_transfer": {"coordinator", "other_coordinator", "editor", "admin"},
    "practices.view_transfer": set(ROLES),
}


def _practice(roles, stage):
    return PracticeFactory(city=roles.city, **{stage: True})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("perm", "stage"), sorted(ON_PRACTICE))
def test_it_grants_permissions_on_a_practice_by_role(people, roles, role, perm, stage):
    practice = _practice(roles, stage)
    assert people[role].has_perm(perm, practice) is (role in ON_PRACTICE[perm, stage])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(GLOBAL))
def test_it_grants_global_practice_permissions_by_role(people, role, perm):
    assert people[role].has_perm(perm) is (role in GLOBAL[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(ON_TRANSFER))
def test_it_grants_permissions_on_a_transfer_by_role(people, roles, role, perm):
    transfer = TransferFactory(practice=_practice(roles, "published"), city=roles.other_city)
    assert people[role].has_perm(perm, transfer) is (role in ON_TRANSFER[perm])


def test_it_keeps_a_third_city_out_of_a_transfer(roles):
    transfer = TransferFactory(practice=_practice(roles, "published"), city=roles.other_city)
    third = with_two_factor(UserFactory())
    MembershipFactory(user=third, city=CityFactory(slug="porto"), role="coordinator")
    assert not third.has_perm("practices.update_transfer", transfer)
    assert third.has_perm("practices.start_transfer", transfer.practice)


def test_it_lets_a_coordinator_of_two_cities_adopt_the_practice_of_one(roles):
    MembershipFactory(user=roles.coordinator, city=roles.other_city, role="coordinator")
    practice = _practice(roles, "published")
    assert roles.coordinator.has_perm("practices.start_transfer", practice)


@pytest.mark.parametrize("role", ["resident", "policymaker"])
def test_it_gives_city_members_who_do_not_coordinate_nothing_more(people, roles, role):
    practice = _practice(roles, "draft")
    for perm in ("view_practice", "change_practice", "submit_practice", "comment_review"):
        assert not people[role].has_perm(f"practices.{perm}", practice)


@pytest.mark.parametrize("role", ["coordinator", "editor", "admin"])
def test_it_denies_inactive_people_everything_but_reading_published_practices(people, roles, role):
    user = people[role]
    user.is_active = False
    user.save()
    draft = _practice(roles, "draft")
    published = _practice(roles, "published")
    transfer = TransferFactory(practice=published, city=roles.other_city)
    assert not user.has_perm("practices.add_practice")
    for perm in ("view_practice", "change_practice", "submit_practice", "comment_review"):
        assert not user.has_perm(f"practices.{perm}", draft), perm
    assert not user.has_perm("practices.review_practice", published)
    assert not user.has_perm("practices.update_transfer", transfer)
    assert user.has_perm("practices.view_practice", published)
