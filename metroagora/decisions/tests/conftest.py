"""People in every role for local decisions: the network's roles plus a city official."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.network.tests.factories import MembershipFactory

# Every role of the per-role tables. "resident" is a verified resident of roles.city.
ROLES = [
    "anonymous",
    "participant",
    "unverified_resident",
    "resident",
    "policymaker",
    "moderator",
    "official",  # city official of roles.city: answers proposals, reports progress
    "coordinator",  # of roles.city
    "other_coordinator",  # of roles.other_city
    "admin",
]


@pytest.fixture
def official(roles):  # noqa: F811
    person = UserFactory()
    MembershipFactory(user=person, city=roles.city, role="official")
    return person


@pytest.fixture
def people(roles, official):  # noqa: F811
    """Role name -> person; ``roles.city`` is the city of the process."""
    return {name: official if name == "official" else getattr(roles, name) for name in ROLES}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded images go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(client, user) -> None:
    if user.is_authenticated:
        client.force_login(user)
    else:
        client.logout()
