"""Who may compose, render, publish and read publications, per role."""

import pytest

from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    PublicationFactory,
)

editor = factories_publications.editor  # a fixture

ROLES = [
    "anonymous",
    "participant",
    "resident",
    "policymaker",
    "moderator",
    "coordinator",
    "editor",
    "admin",
]
STAFF = {"editor", "admin"}


@pytest.fixture
def people(roles, editor):  # noqa: F811
    return {name: editor if name == "editor" else getattr(roles, name) for name in ROLES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "perm",
    [
        "publications.add_publication",
        "publications.change_publication",
        "publications.render_publication",
        "publications.publish_publication",
    ],
)
def test_it_lets_only_editors_and_network_admins_write(people, role, perm):
    publication = PublicationFactory()
    assert people[role].has_perm(perm, publication) is (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_a_draft_to_staff_only_and_a_published_one_to_everyone(people, role):
    draft = PublicationFactory()
    published = PublicationFactory(published=True)
    assert people[role].has_perm("publications.view_publication", draft) is (role in STAFF)
    assert people[role].has_perm("publications.view_publication", published) is True
