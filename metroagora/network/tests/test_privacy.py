"""A person's roles in cities and verification records: export and erase."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.network import privacy
from metroagora.network.models import Membership, VerificationLogEntry
from metroagora.network.tests.factories import CityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return CityFactory(slug="gdansk")


def test_it_exports_roles_and_verifications(city):
    person = UserFactory()
    MembershipFactory(user=person, city=city, role="official", title="Deputy Mayor")
    VerificationLogEntry.objects.create(city=city, person=person, method="census")
    data = privacy.export_personal_data(person)
    assert data["memberships"][0]["title"] == "Deputy Mayor"
    assert data["verifications"] == [
        {"city": "gdansk", "when": data["verifications"][0]["when"], "method": "census"}
    ]


def test_erasing_ends_roles_and_unlinks_the_logs(city):
    person, coordinator, neighbour = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=person, city=city)
    theirs = MembershipFactory(user=neighbour, city=city, verified_by=person)
    mine = VerificationLogEntry.objects.create(
        city=city, person=person, verified_by=coordinator, method="manual"
    )
    by_me = VerificationLogEntry.objects.create(
        city=city, person=neighbour, verified_by=person, method="manual"
    )
    privacy.erase_personal_data(person)
    assert not Membership.objects.filter(user=person).exists()
    theirs.refresh_from_db()
    assert theirs.verified_by is None and theirs.verified_at is not None
    mine.refresh_from_db()
    by_me.refresh_from_db()
    assert (mine.person, mine.verified_by) == (None, coordinator)
    assert (by_me.person, by_me.verified_by) == (neighbour, None)
