"""Recomputing a map: at most one booked run per interval, however many votes arrive."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tasks import default_task_backend

from metroagora.opinions import services
from metroagora.opinions.tasks import recompute_map
from metroagora.opinions.tests.factories import ParticipantFactory

DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def busy_map(make_map):
    """A map with 30 participants, none of whom has voted yet."""
    opinion_map = make_map(statements=5)
    participants = [ParticipantFactory(opinion_map=opinion_map) for _n in range(30)]
    return opinion_map, participants


def _vote_all(opinion_map, participants):
    for participant in participants:
        for statement in opinion_map.statements.all():
            services.cast_vote(participant.user, participant, statement, "1")


def test_it_runs_one_analysis_for_many_votes_in_the_interval(
    busy_map, django_capture_on_commit_callbacks, enqueued
):
    opinion_map, participants = busy_map
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _vote_all(opinion_map, participants)  # 150 votes
    assert len(callbacks) == 1
    assert len(enqueued) == 1
    assert enqueued[0].args == [opinion_map.pk]
    opinion_map.refresh_from_db()
    interval = timedelta(seconds=5)
    assert before + interval <= opinion_map.recompute_due_at <= timezone.now() + interval
    # The immediate backend ran the analysis at the first vote, which was committed alone.
    assert opinion_map.analysed_at is not None


def test_it_follows_the_configured_interval(settings, busy_map, django_capture_on_commit_callbacks):
    settings.OPINIONS_RECOMPUTE_SECONDS = 60
    opinion_map, participants = busy_map
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        _vote_all(opinion_map, participants[:1])
    opinion_map.refresh_from_db()
    assert opinion_map.recompute_due_at >= before + timedelta(seconds=60)


def test_it_books_the_next_run_once_the_interval_has_passed(
    busy_map, django_capture_on_commit_callbacks, enqueued
):
    opinion_map, participants = busy_map
    with django_capture_on_commit_callbacks(execute=True):
        _vote_all(opinion_map, participants[:10])
    assert len(enqueued) == 1
    opinion_map.refresh_from_db()
    opinion_map.recompute_due_at = timezone.now() - timedelta(seconds=1)
    opinion_map.save(update_fields=["recompute_due_at"])
    with django_capture_on_commit_callbacks(execute=True):
        _vote_all(opinion_map, participants[10:])
    assert len(enqueued) == 2


def test_it_enqueues_only_once_the_vote_is_committed(busy_map, enqueued):
    opinion_map, participants = busy_map
    _vote_all(opinion_map, participants[:1])
    assert enqueued == []  # the test's transaction never commits
    opinion_map.refresh_from_db()
    assert opinion_map.recompute_due_at is not None


def test_it_defers_the_run_to_the_end_of_the_interval_where_the_backend_can(
    settings, busy_map, django_capture_on_commit_callbacks
):
    settings.TASKS = DEFERRING
    opinion_map, participants = busy_map
    with django_capture_on_commit_callbacks(execute=True):
        _vote_all(opinion_map, participants)
    results = default_task_backend.results
    assert len(results) == 1
    opinion_map.refresh_from_db()
    assert results[0].task.run_after == opinion_map.recompute_due_at
    assert results[0].args == [opinion_map.pk]
    assert opinion_map.analysed_at is None  # nothing ran yet: the worker runs it later


@pytest.mark.parametrize("deferring", [False, True])
def test_it_books_a_forced_run_at_once_even_within_the_interval(
    settings, busy_map, django_capture_on_commit_callbacks, enqueued, deferring
):
    if deferring:
        settings.TASKS = DEFERRING
    opinion_map, participants = busy_map
    with django_capture_on_commit_callbacks(execute=True):
        _vote_all(opinion_map, participants[:3])
        assert services.schedule_recompute(opinion_map) is False  # already booked
        assert services.schedule_recompute(opinion_map, force=True) is True
    assert len(enqueued) == 2
    assert enqueued[1].task.run_after is None
    opinion_map.refresh_from_db()
    assert opinion_map.recompute_due_at <= timezone.now()


@pytest.mark.parametrize("role", ["moderator", "coordinator", "admin"])
def test_it_lets_moderators_recompute_on_demand(
    people, role, busy_map, django_capture_on_commit_callbacks, enqueued
):
    opinion_map, participants = busy_map
    _vote_all(opinion_map, participants)  # books a run, never committed
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_recompute(getattr(people, role), opinion_map)
    assert len(enqueued) == 1
    opinion_map.refresh_from_db()
    assert opinion_map.analysed_votes == 150
    assert opinion_map.analysis["participants"] == 30
    assert opinion_map.analysed_participants == 30  # what the list of maps shows


@pytest.mark.parametrize("role", ["participant", "resident", "other_coordinator"])
def test_it_refuses_recomputes_asked_by_others(
    people, role, busy_map, django_capture_on_commit_callbacks, enqueued
):
    opinion_map, _participants = busy_map
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.request_recompute(getattr(people, role), opinion_map)
    assert enqueued == []
    opinion_map.refresh_from_db()
    assert opinion_map.recompute_due_at is None


def test_it_lets_the_task_clear_the_due_time_with_a_deferring_backend(
    busy_map, django_capture_on_commit_callbacks, monkeypatch, enqueued
):
    """The deferred run clears the booking, so the next vote books the next run."""
    monkeypatch.setattr(type(recompute_map.get_backend()), "supports_defer", True)
    opinion_map, participants = busy_map
    with django_capture_on_commit_callbacks(execute=True):
        _vote_all(opinion_map, participants[:1])
    assert len(enqueued) == 1
    # The worker runs the task once its time has come.
    opinion_map.refresh_from_db()
    opinion_map.recompute_due_at = timezone.now() - timedelta(milliseconds=1)
    opinion_map.save(update_fields=["recompute_due_at"])
    recompute_map.call(opinion_map.pk)
    opinion_map.refresh_from_db()
    assert opinion_map.recompute_due_at is None
    with django_capture_on_commit_callbacks(execute=True):
        _vote_all(opinion_map, participants[1:2])
    assert len(enqueued) == 2
