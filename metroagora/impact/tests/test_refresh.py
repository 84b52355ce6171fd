"""Asking for a computation (services.start_refresh), the task, and the command."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from metroagora.impact import compute, services
from metroagora.impact import metrics as m
from metroagora.impact.models import ImpactFigure, ImpactRefresh, RefreshStatus
from metroagora.impact.tests.conftest import figure

pytestmark = pytest.mark.django_db
WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_network_admin_asks_and_the_task_computes_the_figures(
    world, roles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refresh = services.start_refresh(roles.admin)
    refresh.refresh_from_db()
    assert refresh.status == RefreshStatus.DONE
    assert refresh.requested_by == roles.admin
    assert refresh.steps_done == refresh.steps_total == services.STEP_COUNT
    assert refresh.figures == ImpactFigure.objects.count() > 0
    assert refresh.started_at and refresh.finished_at
    assert refresh.started_at <= refresh.finished_at
    assert figure(m.PEOPLE_TAKING_PART) == 9


@pytest.mark.parametrize(
    "role", ["participant", "resident", "policymaker", "moderator", "coordinator"]
)
def test_only_network_admins_may_ask(roles, role):
    with pytest.raises(PermissionDenied):
        services.start_refresh(getattr(roles, role))
    assert not ImpactRefresh.objects.exists()


def test_it_refuses_a_second_computation_while_one_runs(roles):
    running = ImpactRefresh.objects.create(status=RefreshStatus.RUNNING)
    with pytest.raises(ValidationError, match="being computed already"):
        services.start_refresh(roles.admin)
    # the nightly run joins the running one instead
    assert services.start_refresh(None) == running
    assert ImpactRefresh.objects.count() == 1


def test_a_computation_left_running_for_hours_does_not_block_the_next(roles, settings):
    settings.TASKS = WORKER
    dead = ImpactRefresh.objects.create(status=RefreshStatus.RUNNING)
    ImpactRefresh.objects.filter(pk=dead.pk).update(
        created_at=timezone.now() - services.STALE_AFTER - timedelta(minutes=1)
    )
    refresh = services.start_refresh(roles.admin)
    assert refresh != dead
    assert refresh.status == RefreshStatus.QUEUED


def test_a_failed_computation_is_recorded_and_the_old_figures_stay(world, monkeypatch):
    services.refresh_impact_figures()
    before = ImpactFigure.objects.count()
    refresh = ImpactRefresh.objects.create()

    def broken(progress=None, today=None):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(compute, "compute", broken)
    services.run_refresh(refresh.pk)
    refresh.refresh_from_db()
    assert refresh.status == RefreshStatus.FAILED
    assert refresh.error == "RuntimeError: the database went away"
    assert ImpactFigure.objects.count() == before


def test_a_finished_refresh_is_not_run_twice(world):
    refresh = ImpactRefresh.objects.create(status=RefreshStatus.DONE)
    services.run_refresh(refresh.pk)
    assert not ImpactFigure.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_nightly_command_computes_the_figures_with_the_immediate_backend(world):
    out = io.StringIO()
    call_command("refresh_impact", "--no-progress", stdout=out)
    assert "Impact figures computed" in out.getvalue()
    refresh = ImpactRefresh.objects.get()
    assert refresh.status == RefreshStatus.DONE
    assert refresh.requested_by is None
    assert figure(m.PEOPLE_TAKING_PART) == 9


def test_the_command_with_a_task_worker_queues_the_task(world, settings):
    settings.TASKS = WORKER
    out = io.StringIO()
    call_command("refresh_impact", "--no-progress", stdout=out)
    assert "queued" in out.getvalue()
    assert ImpactRefresh.objects.get().status == RefreshStatus.QUEUED


def test_the_command_reports_a_failure(world, settings, monkeypatch):
    refresh = ImpactRefresh.objects.create(status=RefreshStatus.FAILED, error="Boom")
    monkeypatch.setattr(services, "start_refresh", lambda actor: refresh)
    with pytest.raises(CommandError, match="Boom"):
        call_command("refresh_impact", "--no-progress", stdout=io.StringIO())
