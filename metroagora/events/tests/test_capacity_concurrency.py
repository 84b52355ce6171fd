"""Capacity holds when many people register at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from metroagora.accounts.tests.factories import UserFactory
from metroagora.events import services
from metroagora.events.models import Registration
from metroagora.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"
)
def test_it_never_overbooks_under_simultaneous_registrations():
    event = EventFactory(capacity=5)
    users = [UserFactory() for _ in range(20)]
    barrier = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def register(user):
        try:
            barrier.wait()
            services.register_user(
                user,
                event,
                language="en",
                residence_city="X",
                residence_country="FR",
                role="citizen",
            )
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == 5
    assert statuses.count("waitlisted") == 15
