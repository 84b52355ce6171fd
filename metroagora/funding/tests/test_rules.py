"""Every named permission of the funding app, for every role."""

import pytest

from metroagora.funding.models import Watch
from metroagora.funding.tests.conftest import ROLES
from metroagora.funding.tests.factories import (
    ApplicationFactory,
    CallFactory,
    FundedProjectFactory,
    ParticipantFactory,
    PartnerSearchFactory,
)

pytestmark = pytest.mark.django_db

ALL = set(ROLES)
SIGNED_IN = ALL - {"anonymous"}
CITY = {"coordinator", "admin"}  # coordinators of roles.city, and network admins


def allowed(people, perm, obj=None) -> set[str]:
    return {name for name, person in people.items() if person.has_perm(perm, obj)}


def test_calls_programmes_and_imports_are_for_network_admins(people):
    call = CallFactory()
    assert allowed(people, "funding.add_call") == {"admin"}
    assert allowed(people, "funding.change_call", call) == {"admin"}
    assert allowed(people, "funding.import_calls") == {"admin"}
    assert allowed(people, "funding.change_programme") == {"admin"}
    assert allowed(people, "funding.change_guide") == {"admin", "editor"}


def test_watching(people, roles):
    assert allowed(people, "funding.watch") == SIGNED_IN
    assert allowed(people, "funding.watch_for_city", roles.city) == CITY
    own = Watch.objects.create(user=roles.participant, call=CallFactory())
    assert allowed(people, "funding.remove_watch", own) == {"participant", "admin"}
    city_watch = Watch.objects.create(city=roles.city, call=CallFactory())
    assert allowed(people, "funding.remove_watch", city_watch) == CITY


def test_needs_partner_searches_and_applications(people, roles):
    assert allowed(people, "funding.change_needs", roles.city) == CITY
    assert allowed(people, "funding.add_partner_search", roles.city) == CITY
    search = PartnerSearchFactory(city=roles.city)
    assert allowed(people, "funding.change_partner_search", search) == CITY
    # Network admins are superusers: every permission holds for them.
    assert allowed(people, "funding.answer_partner_search", search) == {
        "other_coordinator",
        "admin",
    }
    assert allowed(people, "funding.track_applications", roles.city) == CITY
    application = ApplicationFactory(city=roles.city)
    assert allowed(people, "funding.change_application", application) == CITY


def test_funded_projects(people, roles):
    assert allowed(people, "funding.add_project") == {"coordinator", "other_coordinator", "admin"}
    project = FundedProjectFactory()
    ParticipantFactory(project=project, city=roles.city)
    assert allowed(people, "funding.change_project", project) == CITY
