"""People in every role for EU funding (the network's roles plus an editor)."""

import pytest

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture

ROLES = [
    "anonymous",
    "participant",
    "resident",
    "policymaker",
    "moderator",
    "editor",
    "coordinator",  # of roles.city
    "other_coordinator",  # of roles.other_city
    "admin",
]


@pytest.fixture
def editor(db):
    return with_two_factor(UserFactory(is_editor=True))


@pytest.fixture
def people(roles, editor):  # noqa: F811
    return {name: editor if name == "editor" else getattr(roles, name) for name in ROLES}


def sign_in(client, user) -> None:
    if user.is_authenticated:
        client.force_login(user)
    else:
        client.logout()
