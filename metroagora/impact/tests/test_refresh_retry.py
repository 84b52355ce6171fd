"""A refresh computes once however often its task is delivered, and is tried again after
an error (core.jobs); the status box says which attempt runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from metroagora.impact import compute, services
from metroagora.impact.models import REFRESH_JOB, ImpactRefresh, RefreshStatus
from metroagora.impact.tasks import refresh_impact
from metroagora.impact.tests.conftest import sign_in

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def computations(monkeypatch):
    """Each computation of the figures; the first ones fail as many times as asked."""
    real = compute.compute
    seen: list[str] = []
    failures: list[Exception] = []

    def counted(*args, **kwargs):
        seen.append("computed")
        if failures:
            raise failures.pop(0)
        return real(*args, **kwargs)

    monkeypatch.setattr(compute, "compute", counted)
    return seen, failures


def test_a_refresh_delivered_twice_computes_once(world, computations):
    seen, _failures = computations
    refresh = ImpactRefresh.objects.create()
    assert refresh_impact.call(refresh.pk) == RefreshStatus.DONE
    assert refresh_impact.call(refresh.pk) == RefreshStatus.DONE
    assert seen == ["computed"]
    assert ImpactRefresh.objects.get(pk=refresh.pk).attempts == 1


def test_a_failed_refresh_is_retried_later_and_succeeds(world, computations, settings):
    settings.TASKS = DUMMY
    seen, failures = computations
    failures.append(ConnectionError("the database went away"))
    refresh = ImpactRefresh.objects.create()
    assert services.run_refresh(refresh.pk).status == RefreshStatus.QUEUED
    refresh.refresh_from_db()
    assert (refresh.attempts, refresh.error) == (1, "ConnectionError: the database went away")
    (retry,) = refresh_impact.get_backend().results
    assert retry.args == [refresh.pk] and retry.task.run_after is not None
    assert retry.task.call(*retry.args) == RefreshStatus.DONE
    refresh.refresh_from_db()
    assert (refresh.status, refresh.attempts, refresh.error) == (RefreshStatus.DONE, 2, "")
    assert refresh.figures > 0
    assert seen == ["computed", "computed"]


def test_the_status_box_shows_the_attempt_while_it_waits_to_retry(client, roles):
    ImpactRefresh.objects.create(
        status=RefreshStatus.QUEUED, attempts=1, error="ConnectionError: gone", steps_total=5
    )
    sign_in(client, roles.admin)
    page = client.get("/en/impact/refresh/").content.decode()
    assert "It failed; trying again (attempt 2 of 3)." in page


def test_the_status_page_queues_again_a_refresh_whose_worker_died(client, roles, settings):
    settings.TASKS = DUMMY
    backend = refresh_impact.get_backend()
    backend.clear()
    dead = timezone.now() - REFRESH_JOB.stale_after - timedelta(minutes=1)
    refresh = ImpactRefresh.objects.create(
        status=RefreshStatus.RUNNING, attempts=1, claimed_at=dead, steps_total=5
    )
    sign_in(client, roles.admin)
    assert client.get("/en/impact/refresh/").status_code == 200
    assert [(r.task.name, r.args) for r in backend.results] == [("refresh_impact", [refresh.pk])]
