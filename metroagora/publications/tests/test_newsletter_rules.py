"""Every named permission of the newsletter, for every role.

Network admins write (and send) the network's newsletter; a city's coordinators write
their own city's, and nobody else's. Everyone reads a sent issue; a draft, or one being
sent, only the people who may write it. Network admins are superusers: Django's
ModelBackend gives active superusers every permission.
"""

import pytest

from metroagora.publications.models import IssueStatus, NewsletterIssue
from metroagora.publications.tests.factories_newsletter import (  # noqa: F401 - fixtures
    ROLES,
    cities_fixture,
    people_fixture,
    roles,
)

ADMIN = {"admin"}
EVERYONE = set(ROLES)

GLOBAL = {
    "publications.add_newsletterissue": ADMIN | {"coordinator", "other_coordinator"},
}
# (permission, scope of the issue, status) -> who has it
ON_ISSUE = {
    ("publications.change_newsletterissue", "network", "draft"): ADMIN,
    ("publications.change_newsletterissue", "milan", "draft"): ADMIN | {"coordinator"},
    ("publications.send_newsletterissue", "network", "draft"): ADMIN,
    ("publications.send_newsletterissue", "milan", "draft"): ADMIN | {"coordinator"},
    ("publications.view_newsletterissue", "network", "draft"): ADMIN,
    ("publications.view_newsletterissue", "milan", "draft"): ADMIN | {"coordinator"},
    ("publications.view_newsletterissue", "milan", "sending"): ADMIN | {"coordinator"},
    ("publications.view_newsletterissue", "network", "sent"): EVERYONE,
    ("publications.view_newsletterissue", "milan", "sent"): EVERYONE,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(GLOBAL))
def test_it_grants_global_newsletter_permissions_by_role(people, role, perm):
    assert people[role].has_perm(perm) == (role in GLOBAL[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("perm", "scope", "status"), sorted(ON_ISSUE))
def test_it_grants_permissions_on_an_issue_by_role(people, cities, role, perm, scope, status):
    issue = NewsletterIssue(city=cities.city if scope == "milan" else None, status=status)
    assert people[role].has_perm(perm, issue) == (role in ON_ISSUE[(perm, scope, status)])


def test_it_keeps_the_coordinator_of_another_city_out(people, cities):
    lyon = NewsletterIssue(city=cities.other_city, status=IssueStatus.DRAFT)
    assert people["other_coordinator"].has_perm("publications.change_newsletterissue", lyon)
    assert not people["coordinator"].has_perm("publications.change_newsletterissue", lyon)
    assert not people["coordinator"].has_perm("publications.send_newsletterissue", lyon)
