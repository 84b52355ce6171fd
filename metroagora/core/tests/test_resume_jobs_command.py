"""manage.py resume_jobs: every kind of job left by a dead worker is queued again, or
failed once it has used its attempts."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from metroagora.api.models import EXPORT_JOB, ExportStatus, OpenDataExport
from metroagora.core.management.commands.resume_jobs import job_kinds
from metroagora.impact.models import REFRESH_JOB, ImpactRefresh, RefreshStatus


@pytest.fixture
def dummy(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from metroagora.impact.tasks import refresh_impact

    backend = refresh_impact.get_backend()
    backend.clear()
    return backend


def test_it_knows_every_kind_of_job_and_its_task():
    kinds = {kind.model._meta.label: task.name for kind, task in job_kinds()}
    assert kinds == {
        "events.ReportFile": "build_attendance_pdf",
        "publications.PublicationVersion": "render_publication_version",
        "publications.NewsletterIssue": "send_newsletter_issue",
        "api.OpenDataExport": "build_open_data",
        "impact.ImpactRefresh": "refresh_impact",
    }


@pytest.mark.django_db
def test_it_queues_again_the_jobs_of_dead_workers_and_fails_the_hopeless(dummy):
    export_dead = timezone.now() - EXPORT_JOB.stale_after - timedelta(minutes=1)
    export = OpenDataExport.objects.create(
        status=ExportStatus.RUNNING, claimed_at=export_dead, attempts=1
    )
    refresh_dead = timezone.now() - REFRESH_JOB.stale_after - timedelta(minutes=1)
    hopeless = ImpactRefresh.objects.create(
        status=RefreshStatus.RUNNING, claimed_at=refresh_dead, attempts=3
    )
    working = ImpactRefresh.objects.create(
        status=RefreshStatus.RUNNING, claimed_at=timezone.now(), attempts=1
    )
    out = StringIO()
    call_command("resume_jobs", stdout=out)
    assert out.getvalue().splitlines() == [
        "api.OpenDataExport: 1 queued again, 0 failed.",
        "impact.ImpactRefresh: 0 queued again, 1 failed.",
        "1 job(s) queued again, 1 failed.",
    ]
    assert [(r.task.name, r.args) for r in dummy.results] == [("build_open_data", [export.pk])]
    hopeless.refresh_from_db()
    assert hopeless.status == RefreshStatus.FAILED
    working.refresh_from_db()
    assert working.status == RefreshStatus.RUNNING


@pytest.mark.django_db
def test_it_says_so_when_there_is_nothing_to_do(dummy):
    out = StringIO()
    call_command("resume_jobs", stdout=out)
    assert out.getvalue() == "0 job(s) queued again, 0 failed.\n"
    assert dummy.results == []
