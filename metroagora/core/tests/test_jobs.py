"""core.jobs: a job runs once however often its task is delivered, retries after an error
with a backoff, fails after the last attempt with its error kept, and a job left running
by a dead worker can be taken again.

The job rows here are impact refreshes (any model with the job fields would do); the
work is a function of this module, so that no domain computation runs.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task

from metroagora.core import jobs
from metroagora.core.testing import at_once, postgresql_only
from metroagora.impact.models import REFRESH_JOB, ImpactRefresh, RefreshStatus

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# What the work does on each call: raise the error given, or finish the job (None).
plan: list[Exception | None] = []
calls: list[int] = []


def work(pk: int) -> str:
    calls.append(pk)
    error = plan.pop(0) if plan else None
    if error is not None:
        raise error
    ImpactRefresh.objects.filter(pk=pk).update(status=RefreshStatus.DONE, error="")
    return "finished"


@task()
def flaky_job(pk: int) -> str:
    return str(jobs.run_job(REFRESH_JOB, pk, lambda: work(pk), task=flaky_job).outcome)


@pytest.fixture(autouse=True)
def _fresh_plan():
    plan.clear()
    calls.clear()
    yield
    plan.clear()
    calls.clear()


@pytest.fixture
def dummy(settings):
    settings.TASKS = DUMMY
    backend = flaky_job.get_backend()
    backend.clear()
    return backend


def row(pk: int) -> ImpactRefresh:
    return ImpactRefresh.objects.get(pk=pk)


@pytest.mark.django_db
def test_it_does_the_work_once_when_the_task_is_delivered_twice(dummy):
    job = ImpactRefresh.objects.create()
    first = jobs.run_job(REFRESH_JOB, job.pk, lambda: work(job.pk), task=flaky_job)
    second = jobs.run_job(REFRESH_JOB, job.pk, lambda: work(job.pk), task=flaky_job)
    assert (first.outcome, first.value) == (jobs.Outcome.DONE, "finished")
    assert second.outcome == jobs.Outcome.SKIPPED
    assert calls == [job.pk]
    assert (row(job.pk).status, row(job.pk).attempts) == (RefreshStatus.DONE, 1)
    assert dummy.results == []


@pytest.mark.django_db
def test_a_second_delivery_while_the_first_runs_does_nothing(dummy):
    job = ImpactRefresh.objects.create()
    assert jobs.claim(REFRESH_JOB, job.pk) is not None
    assert flaky_job.call(job.pk) == jobs.Outcome.SKIPPED
    assert calls == []
    assert (row(job.pk).status, row(job.pk).attempts) == (RefreshStatus.RUNNING, 1)


@pytest.mark.django_db
def test_a_failed_run_is_queued_again_after_a_backoff_and_succeeds_the_second_time(dummy):
    job = ImpactRefresh.objects.create()
    plan.append(ConnectionError("the database went away"))
    before = timezone.now()
    assert flaky_job.call(job.pk) == jobs.Outcome.RETRYING
    waiting = row(job.pk)
    assert (waiting.status, waiting.attempts, waiting.claimed_at) == (RefreshStatus.QUEUED, 1, None)
    assert waiting.error == "ConnectionError: the database went away"
    assert waiting.retry_note == "It failed; trying again (attempt 2 of 3)."
    (retry,) = dummy.results
    assert retry.args == [job.pk]
    assert retry.task.func is flaky_job.func
    assert (
        before + timedelta(seconds=30)
        <= retry.task.run_after
        <= timezone.now() + timedelta(seconds=30)
    )
    # The worker runs the retry when it is due.
    assert retry.task.call(*retry.args) == jobs.Outcome.DONE
    done = row(job.pk)
    assert (done.status, done.attempts, done.error, done.retry_note) == (
        RefreshStatus.DONE,
        2,
        "",
        "",
    )
    assert calls == [job.pk, job.pk]


@pytest.mark.django_db
def test_the_waits_grow_between_attempts():
    assert [jobs.backoff(n) for n in (1, 2, 3, 4)] == [
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=10),
        timedelta(minutes=10),
    ]


@pytest.mark.django_db
def test_after_the_last_attempt_it_is_failed_with_the_message(dummy):
    job = ImpactRefresh.objects.create()
    plan.extend([OSError("disk full")] * 3)
    outcomes = [flaky_job.call(job.pk)]
    while dummy.results:
        retry = dummy.results.pop(0)
        outcomes.append(retry.task.call(*retry.args))
    assert outcomes == [jobs.Outcome.RETRYING, jobs.Outcome.RETRYING, jobs.Outcome.FAILED]
    failed = row(job.pk)
    assert (failed.status, failed.attempts, failed.error) == (
        RefreshStatus.FAILED,
        3,
        "OSError: disk full",
    )
    assert failed.finished_at is not None and failed.claimed_at is None
    assert failed.retry_note == ""
    # A late copy of the task finds it failed and does nothing.
    assert flaky_job.call(job.pk) == jobs.Outcome.SKIPPED
    assert len(calls) == 3


@pytest.mark.django_db
def test_the_number_of_attempts_is_a_setting(dummy, settings):
    settings.TASK_MAX_ATTEMPTS = 1
    job = ImpactRefresh.objects.create()
    plan.append(OSError("disk full"))
    assert flaky_job.call(job.pk) == jobs.Outcome.FAILED
    assert dummy.results == []


@pytest.mark.django_db
def test_a_permanent_error_fails_at_once(dummy):
    job = ImpactRefresh.objects.create()
    plan.append(jobs.PermanentJobError("the publication has no title"))
    assert flaky_job.call(job.pk) == jobs.Outcome.FAILED
    assert row(job.pk).error == "PermanentJobError: the publication has no title"
    assert dummy.results == []


@pytest.mark.django_db
def test_the_immediate_backend_retries_at_once(settings):
    settings.TASKS = IMMEDIATE
    job = ImpactRefresh.objects.create()
    plan.append(TimeoutError("slow"))
    assert flaky_job.call(job.pk) == jobs.Outcome.RETRYING  # the retry ran inside
    assert (row(job.pk).status, row(job.pk).attempts) == (RefreshStatus.DONE, 2)
    assert calls == [job.pk, job.pk]


@pytest.mark.django_db
def test_a_job_left_running_by_a_dead_worker_is_taken_again(dummy):
    job = ImpactRefresh.objects.create()
    assert jobs.claim(REFRESH_JOB, job.pk) is not None  # a worker took it, then died
    ImpactRefresh.objects.filter(pk=job.pk).update(
        claimed_at=timezone.now() - REFRESH_JOB.stale_after - timedelta(minutes=1)
    )
    assert flaky_job.call(job.pk) == jobs.Outcome.DONE
    assert (row(job.pk).status, row(job.pk).attempts) == (RefreshStatus.DONE, 2)


@pytest.mark.django_db
def test_a_job_running_for_less_than_the_stale_limit_is_left_alone(dummy):
    job = ImpactRefresh.objects.create()
    assert jobs.claim(REFRESH_JOB, job.pk) is not None
    ImpactRefresh.objects.filter(pk=job.pk).update(
        claimed_at=timezone.now() - REFRESH_JOB.stale_after + timedelta(minutes=1)
    )
    assert flaky_job.call(job.pk) == jobs.Outcome.SKIPPED
    assert calls == []


@pytest.mark.django_db
def test_a_worker_whose_job_was_taken_over_does_not_touch_it(dummy):
    job = ImpactRefresh.objects.create()

    def slow_then_failing() -> None:
        # Meanwhile the job looked dead and another worker took it.
        ImpactRefresh.objects.filter(pk=job.pk).update(
            claimed_at=timezone.now() + timedelta(seconds=1)
        )
        raise ConnectionError("lost")

    run = jobs.run_job(REFRESH_JOB, job.pk, slow_then_failing, task=flaky_job)
    assert run.outcome == jobs.Outcome.SKIPPED
    assert (row(job.pk).status, row(job.pk).error) == (RefreshStatus.RUNNING, "")
    assert dummy.results == []


@pytest.mark.django_db
def test_a_job_that_used_its_attempts_is_not_taken_until_a_person_starts_it_again(dummy):
    job = ImpactRefresh.objects.create(attempts=3)
    assert jobs.claim(REFRESH_JOB, job.pk) is None
    ImpactRefresh.objects.filter(pk=job.pk).update(attempts=0)
    assert jobs.claim(REFRESH_JOB, job.pk) is not None


@pytest.mark.django_db
def test_the_note_counts_the_attempt_running_or_waiting():
    running = ImpactRefresh(status=RefreshStatus.RUNNING, attempts=2, claimed_at=timezone.now())
    assert running.retry_note == "It failed; trying again (attempt 2 of 3)."
    first = ImpactRefresh(status=RefreshStatus.RUNNING, attempts=1, claimed_at=timezone.now())
    assert first.retry_note == ""
    assert ImpactRefresh(status=RefreshStatus.QUEUED).retry_note == ""


@task()
def idempotent_job(attempt: int = 1) -> int:
    return attempt


@pytest.mark.django_db
def test_a_task_without_a_row_is_queued_again_with_its_next_attempt(dummy):
    assert jobs.retry_later(idempotent_job, attempt=1)
    assert jobs.retry_later(idempotent_job, attempt=2)
    assert not jobs.retry_later(idempotent_job, attempt=3)
    assert [r.kwargs for r in dummy.results] == [{"attempt": 2}, {"attempt": 3}]
    first, second = (r.task.run_after for r in dummy.results)
    assert second - first >= timedelta(seconds=89)


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_claiming_at_once_give_one_winner():
    job = ImpactRefresh.objects.create()
    results, errors = at_once([lambda: jobs.claim(REFRESH_JOB, job.pk)] * 8)
    assert errors == []
    assert len([token for token in results if token is not None]) == 1
    assert (row(job.pk).status, row(job.pk).attempts) == (RefreshStatus.RUNNING, 1)


def _left_by_a_dead_worker(attempts: int = 1) -> ImpactRefresh:
    dead = timezone.now() - REFRESH_JOB.stale_after - timedelta(minutes=1)
    return ImpactRefresh.objects.create(
        status=RefreshStatus.RUNNING, claimed_at=dead, attempts=attempts
    )


@pytest.mark.django_db
def test_the_sweep_queues_again_a_job_whose_worker_died(dummy):
    dead = _left_by_a_dead_worker()
    alive = ImpactRefresh.objects.create(
        status=RefreshStatus.RUNNING, claimed_at=timezone.now(), attempts=1
    )
    assert jobs.resume_abandoned(REFRESH_JOB, flaky_job) == (1, 0)
    assert [r.args for r in dummy.results] == [[dead.pk]]
    assert flaky_job.call(dead.pk) == jobs.Outcome.DONE
    assert (row(dead.pk).status, row(dead.pk).attempts) == (RefreshStatus.DONE, 2)
    assert row(alive.pk).status == RefreshStatus.RUNNING


@pytest.mark.django_db
def test_a_job_that_stopped_its_worker_on_every_attempt_fails(dummy):
    job = _left_by_a_dead_worker(attempts=3)
    assert jobs.claim(REFRESH_JOB, job.pk) is None  # not taken a fourth time
    assert jobs.resume_abandoned(REFRESH_JOB, flaky_job) == (0, 1)
    assert dummy.results == []
    failed = row(job.pk)
    assert (failed.status, failed.claimed_at) == (RefreshStatus.FAILED, None)
    assert failed.error == "WorkerStopped: no worker finished it in 3 attempts"
    assert failed.finished_at is not None
    assert jobs.resume_abandoned(REFRESH_JOB, flaky_job) == (0, 0)


@pytest.mark.django_db
def test_a_status_page_resumes_only_its_own_job_and_only_when_abandoned(dummy):
    mine, other = _left_by_a_dead_worker(), _left_by_a_dead_worker()
    assert jobs.resume_if_abandoned(REFRESH_JOB, mine, flaky_job)
    assert [r.args for r in dummy.results] == [[mine.pk]]
    alive = ImpactRefresh.objects.create(
        status=RefreshStatus.RUNNING, claimed_at=timezone.now(), attempts=1
    )
    assert not jobs.resume_if_abandoned(REFRESH_JOB, alive, flaky_job)
    assert len(dummy.results) == 1 and row(other.pk).status == RefreshStatus.RUNNING
