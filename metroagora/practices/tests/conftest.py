"""People in every role for best practices: the network's roles plus an editor."""

import pytest

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture

# Every role of the per-role tables, in the order of the brief.
ROLES = [
    "anonymous",
    "participant",
    "resident",  # verified resident of roles.city
    "policymaker",
    "moderator",
    "editor",
    "coordinator",  # of roles.city, the practice's city
    "other_coordinator",  # of roles.other_city
    "admin",  # network admin (superuser)
]


@pytest.fixture
def editor(db):
    """A network editor: a staff role, so with two-factor sign-in."""
    return with_two_factor(UserFactory(is_editor=True))


@pytest.fixture
def people(roles, editor):  # noqa: F811
    """Role name -> person; ``roles.city`` is the practice's city."""
    return {name: editor if name == "editor" else getattr(roles, name) for name in ROLES}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded images go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(client, user) -> None:
    """Sign in as ``user`` (staff have two-factor from the fixtures); sign out for anonymous."""
    if user.is_authenticated:
        client.force_login(user)
    else:
        client.logout()
