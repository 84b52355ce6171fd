"""Every named permission of the website, for every role.

Pages belong to the network admins. News: admins write about anything; a city's
coordinators write, edit and publish their own city's news. Network admins are
superusers: Django's ModelBackend gives active superusers every permission.
"""

import pytest

from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.publications.tests.factories_website import (  # noqa: F401 - fixtures
    ROLES,
    NewsPostFactory,
    PageFactory,
    people,
)

ADMIN = {"admin"}
EVERYONE = set(ROLES)

GLOBAL = {
    "publications.manage_pages": ADMIN,
    "publications.add_page": ADMIN,
    "publications.add_newspost": ADMIN | {"coordinator", "other_coordinator"},
}
ON_PAGE = {
    ("publications.view_page", "published"): EVERYONE,
    ("publications.view_page", "draft"): ADMIN,
    ("publications.change_page", "published"): ADMIN,
    ("publications.publish_page", "draft"): ADMIN,
}
# The news post is about Milan (roles.city) unless "network".
ON_NEWS = {
    ("publications.view_newspost", "published"): EVERYONE,
    ("publications.view_newspost", "draft"): ADMIN | {"coordinator"},
    ("publications.view_newspost", "scheduled"): ADMIN | {"coordinator"},
    ("publications.view_newspost", "network draft"): ADMIN,
    ("publications.change_newspost", "published"): ADMIN | {"coordinator"},
    ("publications.change_newspost", "draft"): ADMIN | {"coordinator"},
    ("publications.change_newspost", "network draft"): ADMIN,
    ("publications.publish_newspost", "draft"): ADMIN | {"coordinator"},
    ("publications.publish_newspost", "network draft"): ADMIN,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(GLOBAL))
def test_it_grants_global_website_permissions_by_role(people, role, perm):  # noqa: F811
    assert people[role].has_perm(perm) is (role in GLOBAL[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("perm", "stage"), sorted(ON_PAGE))
def test_it_grants_permissions_on_a_page_by_role(people, role, perm, stage):  # noqa: F811
    page = PageFactory(draft=stage == "draft")
    assert people[role].has_perm(perm, page) is (role in ON_PAGE[perm, stage])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("perm", "stage"), sorted(ON_NEWS))
def test_it_grants_permissions_on_a_news_post_by_role(people, roles, role, perm, stage):  # noqa: F811
    post = NewsPostFactory(
        city=None if stage.startswith("network") else roles.city,
        draft=stage.endswith("draft"),
        scheduled=stage == "scheduled",
    )
    assert people[role].has_perm(perm, post) is (role in ON_NEWS[perm, stage])


def test_an_inactive_coordinator_loses_the_news_permissions(roles, people):  # noqa: F811
    coordinator = people["coordinator"]
    coordinator.is_active = False
    post = NewsPostFactory(city=roles.city)
    assert not coordinator.has_perm("publications.add_newspost")
    assert not coordinator.has_perm("publications.change_newspost", post)
