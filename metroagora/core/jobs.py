"""Background jobs that run once, retry after an error, and give up after a few attempts.

A job with a row (an impact refresh, an open data export, a PDF version, a newsletter
being sent, an attendance PDF) runs through :func:`run_job`:

1. *claim*: one ``UPDATE ... SET status = running, attempts = attempts + 1 WHERE pk = ...
   AND (status is waiting OR it is running but stale)``; its row count says whether this
   delivery won. A task delivered twice (a worker died and the task came again, or it was
   queued twice) finds the job taken or finished and does nothing. A job left running by
   a dead worker for longer than its kind's ``stale_after`` can be taken again.
2. the work runs, and marks the row done itself.
3. when the work raises an error that is not permanent, the job waits again and its task
   is queued again after a backoff (30 s, 2 min, 10 min), up to ``TASK_MAX_ATTEMPTS``
   attempts; after those, or at once for a permanent error, the job has failed, its error
   kept for the page that shows its status.

A job row has the fields ``status``, ``attempts``, ``claimed_at`` and ``error``. Tasks
without a row, which are idempotent, retry with :func:`retry_later` and an ``attempt``
argument. Backends that cannot defer a task (the immediate one) run the retry at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import Task

logger = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_MAX_ATTEMPTS = 3
# The wait before attempt n + 1, after attempt n failed (the last one repeats).
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))


class PermanentJobError(Exception):
    """Raised by a job's work when running it again cannot help: it fails at once."""


# Errors that another attempt would meet again.
PERMANENT_ERRORS: tuple[type[Exception], ...] = (
    PermanentJobError,
    ValidationError,
    PermissionDenied,
    ObjectDoesNotExist,
)


class Outcome(StrEnum):
    SKIPPED = "skipped"  # another delivery holds the job, or it is finished
    DONE = "done"
    RETRYING = "retrying"  # failed, queued again
    FAILED = "failed"  # failed for good


@dataclass(frozen=True)
class JobKind:
    """The rows of one model run as jobs: which status values mean what.

    ``queued`` and ``running`` may be the same value (a newsletter is "sending" all
    along): a row waits while ``claimed_at`` is empty. ``failed=None`` leaves the status
    as it is when the job gives up (the newsletter stays "sending", to be resumed).
    """

    model: type[models.Model]
    queued: str
    running: str
    failed: str | None
    stale_after: timedelta
    error_length: int
    finished_field: str | None = None  # set to the time when it fails for good


@dataclass(frozen=True)
class JobRun(Generic[T]):
    outcome: Outcome
    value: T | None = None  # what the work returned, when it ran to the end


class JobRow(Protocol):
    @property
    def status(self) -> str: ...

    @property
    def attempts(self) -> int: ...

    @property
    def claimed_at(self) -> datetime | None: ...


def max_attempts() -> int:
    return int(getattr(settings, "TASK_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def backoff(attempt: int) -> timedelta:
    """How long to wait after attempt ``attempt`` (1, 2...) failed."""
    return BACKOFF[min(max(attempt, 1), len(BACKOFF)) - 1]


def error_message(error: BaseException, length: int) -> str:
    return f"{type(error).__name__}: {error}"[:length]


def claim(kind: JobKind, pk: int) -> datetime | None:
    """Take the job for this worker: the claim's time (its token), or None when the job is
    taken by a live worker, finished, failed, gone, or used its attempts (a person who
    starts it again sets ``attempts`` back to 0)."""
    now = timezone.now()
    waiting = Q(status=kind.queued, claimed_at__isnull=True, attempts__lt=max_attempts())
    abandoned = Q(
        status=kind.running, claimed_at__lt=now - kind.stale_after, attempts__lt=max_attempts()
    )
    taken = kind.model._default_manager.filter(waiting | abandoned, pk=pk).update(
        status=kind.running, claimed_at=now, attempts=F("attempts") + 1
    )
    return now if taken else None


def _release(kind: JobKind, pk: int, token: datetime, **values: Any) -> bool:
    """Write ``values`` if this worker still holds the job (no one took it over as stale)."""
    held = kind.model._default_manager.filter(pk=pk, status=kind.running, claimed_at=token)
    return bool(held.update(claimed_at=None, **values))


def enqueue_after(task: Task[..., Any], delay: timedelta, *args: Any, **kwargs: Any) -> None:
    """Queue ``task`` to run after ``delay``, or now where the backend cannot defer."""
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(*args, **kwargs)


def run_job(kind: JobKind, pk: int, work: Callable[[], T], *, task: Task[..., Any]) -> JobRun[T]:
    """Claim the job ``pk``, run ``work()``, and on an error retry (``task.enqueue(pk)``
    after a backoff) or fail; see the module docstring."""
    token = claim(kind, pk)
    if token is None:
        return JobRun(Outcome.SKIPPED)
    try:
        value = work()
    except Exception as error:  # noqa: BLE001 - recorded on the row, retried or shown
        outcome, attempts = _after_failure(kind, pk, token, error)
    else:
        return JobRun(Outcome.DONE, value)
    if outcome == Outcome.RETRYING:
        enqueue_after(task, backoff(attempts), pk)
    return JobRun(outcome)


def _after_failure(
    kind: JobKind, pk: int, token: datetime, error: Exception
) -> tuple[Outcome, int]:
    message = error_message(error, kind.error_length)
    rows = kind.model._default_manager.filter(pk=pk)
    attempts = rows.values_list("attempts", flat=True).first() or 0
    name = f"{kind.model._meta.label} {pk}"
    if not isinstance(error, PERMANENT_ERRORS) and attempts < max_attempts():
        if not _release(kind, pk, token, status=kind.queued, error=message):
            return Outcome.SKIPPED, attempts  # taken over meanwhile: that run goes on
        logger.warning("%s failed (attempt %s), retrying: %s", name, attempts, message)
        return Outcome.RETRYING, attempts
    logger.exception("%s failed (attempt %s of %s)", name, attempts, max_attempts())
    values: dict[str, Any] = {"error": message}
    if kind.failed is not None:
        values["status"] = kind.failed
    if kind.finished_field is not None:
        values[kind.finished_field] = timezone.now()
    _release(kind, pk, token, **values)
    return Outcome.FAILED, attempts


def retry_later(task: Task[..., Any], *args: Any, attempt: int, **kwargs: Any) -> bool:
    """For an idempotent task without a row: queue it again as attempt ``attempt + 1``
    after its backoff (it takes an ``attempt`` argument), unless attempts are used up.
    Returns whether it was queued."""
    if attempt >= max_attempts():
        return False
    enqueue_after(task, backoff(attempt), *args, attempt=attempt + 1, **kwargs)
    return True


def retry_note(kind: JobKind, row: JobRow) -> str:
    """The note "trying again (attempt 2 of 3)" while a failed job waits or runs again."""
    total = max_attempts()
    if row.claimed_at is None:  # waiting
        if row.status != kind.queued or not 1 <= row.attempts < total:
            return ""
        attempt = row.attempts + 1
    else:
        if row.status != kind.running or row.attempts < 2:
            return ""
        attempt = row.attempts
    return _("It failed; trying again (attempt %(attempt)s of %(total)s).") % {
        "attempt": attempt,
        "total": total,
    }


def abandoned(kind: JobKind, row: JobRow, now: datetime | None = None) -> bool:
    """Running, but claimed longer ago than its kind's ``stale_after``: its worker died
    (a restart, a crash). Queue its task again and ``claim`` lets it be taken over."""
    now = now or timezone.now()
    return (
        row.status == kind.running
        and row.claimed_at is not None
        and row.claimed_at < now - kind.stale_after
    )


def resume_abandoned(
    kind: JobKind, task: Task[..., Any], now: datetime | None = None, *, pk: int | None = None
) -> tuple[int, int]:
    """Jobs whose worker died (:func:`abandoned`): queue each one's task again, or, when
    it has used its attempts (a job that stops its worker each time, out of memory for
    example), fail it as an error would. ``pk``: that job only (a status page checks
    its own). Returns how many were queued again and how many failed.

    Run for every kind by ``manage.py resume_jobs`` (cron, every few minutes); queuing
    a task twice is harmless, as only one delivery can claim the job."""
    now = now or timezone.now()
    rows = kind.model._default_manager.filter(
        status=kind.running, claimed_at__lt=now - kind.stale_after
    )
    if pk is not None:
        rows = rows.filter(pk=pk)
    resumed = failed = 0
    for job_pk, attempts, claimed_at in rows.values_list("pk", "attempts", "claimed_at"):
        if attempts < max_attempts():
            task.enqueue(job_pk)
            resumed += 1
            continue
        values: dict[str, Any] = {
            "error": f"WorkerStopped: no worker finished it in {attempts} attempts"[
                : kind.error_length
            ]
        }
        if kind.failed is not None:
            values["status"] = kind.failed
        if kind.finished_field is not None:
            values[kind.finished_field] = now
        if _release(kind, job_pk, claimed_at, **values):
            logger.error("%s %s: %s", kind.model._meta.label, job_pk, values["error"])
            failed += 1
    return resumed, failed


def resume_if_abandoned(kind: JobKind, row: Any, task: Task[..., Any]) -> bool:
    """For a status page: when ``row``'s worker died, queue its task again (or fail it,
    attempts used up) and reload ``row``. Returns whether it did; no query otherwise."""
    if not abandoned(kind, row):
        return False
    resume_abandoned(kind, task, pk=row.pk)
    row.refresh_from_db()
    return True


def gave_up(kind: JobKind, row: JobRow) -> bool:
    """A job of a kind without a failed status (``failed=None``) that used its attempts."""
    return (
        kind.failed is None
        and row.status == kind.queued
        and row.claimed_at is None
        and row.attempts >= max_attempts()
    )
