"""One registration per person and event, however many times they submit at once
(PostgreSQL)."""

import pytest
from django.core.exceptions import ValidationError

from metroagora.accounts.tests.factories import UserFactory
from metroagora.core.testing import at_once, postgresql_only
from metroagora.events import services
from metroagora.events.models import Registration
from metroagora.events.tests.factories import EventFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only]

THREADS = 8


def test_it_registers_a_person_once_when_they_submit_many_times_at_once():
    event = EventFactory(capacity=50)
    person = UserFactory()
    results, errors = at_once(
        [
            lambda: services.register_user(
                person,
                event,
                language="en",
                residence_city="Lyon",
                residence_country="FR",
                role="citizen",
            )
        ]
        * THREADS
    )
    assert len(results) == 1
    assert len(errors) == THREADS - 1
    for error in errors:
        assert isinstance(error, ValidationError), repr(error)
        assert error.code == "duplicate"
    assert Registration.objects.filter(event=event, user=person).count() == 1
