"""An open data build runs once however often its task is delivered, and is tried again
after an error (core.jobs); the status box says which attempt runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.api import opendata
from metroagora.api.models import EXPORT_JOB, ExportStatus, OpenDataExport
from metroagora.api.tasks import build_open_data
from metroagora.network.tests.factories import CityFactory

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def builds(monkeypatch):
    """Each build of the ZIP; the first ones fail as many times as asked."""
    real = opendata.publish
    seen: list[str] = []
    failures: list[Exception] = []

    def counted(progress=None):
        seen.append("built")
        if failures:
            raise failures.pop(0)
        return real(progress)

    monkeypatch.setattr(opendata, "publish", counted)
    return seen, failures


def test_an_export_delivered_twice_is_built_once(media, builds):
    seen, _failures = builds
    export = OpenDataExport.objects.create()
    assert build_open_data.call(export.pk) == ExportStatus.DONE
    assert build_open_data.call(export.pk) == ExportStatus.DONE
    assert seen == ["built"]
    assert OpenDataExport.objects.get(pk=export.pk).attempts == 1


def test_a_failed_build_is_retried_later_and_succeeds(media, builds, settings):
    settings.TASKS = DUMMY
    seen, failures = builds
    failures.append(OSError("disk full"))
    CityFactory(slug="lyon")
    export = OpenDataExport.objects.create()
    assert opendata.run_export(export.pk).status == ExportStatus.QUEUED
    export.refresh_from_db()
    assert (export.attempts, export.error) == (1, "OSError: disk full")
    (retry,) = build_open_data.get_backend().results
    assert retry.args == [export.pk] and retry.task.run_after is not None
    assert retry.task.call(*retry.args) == ExportStatus.DONE
    export.refresh_from_db()
    assert (export.status, export.attempts, export.error) == (ExportStatus.DONE, 2, "")
    assert export.row_counts["cities"] == 1
    assert seen == ["built", "built"]
    assert opendata.published_export() == export


def test_the_status_box_shows_the_attempt_while_it_waits_to_retry(client, media):
    OpenDataExport.objects.create(status=ExportStatus.QUEUED, attempts=1, error="OSError: full")
    client.force_login(with_two_factor(UserFactory(is_superuser=True, is_staff=True)))
    html = client.get("/en/open-data/rebuild/", headers={"HX-Request": "true"}).content.decode()
    assert "It failed; trying again (attempt 2 of 3)." in html


def test_the_status_box_queues_again_an_export_whose_worker_died(client, media, settings):
    settings.TASKS = DUMMY
    backend = build_open_data.get_backend()
    backend.clear()
    dead = timezone.now() - EXPORT_JOB.stale_after - timedelta(minutes=1)
    export = OpenDataExport.objects.create(status=ExportStatus.RUNNING, attempts=1, claimed_at=dead)
    client.force_login(with_two_factor(UserFactory(is_superuser=True, is_staff=True)))
    client.get("/en/open-data/rebuild/", headers={"HX-Request": "true"})
    assert [(r.task.name, r.args) for r in backend.results] == [("build_open_data", [export.pk])]
