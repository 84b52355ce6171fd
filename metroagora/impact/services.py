"""Writes of the impact dashboard: computing the figures, and asking for a new computation.

``refresh_impact_figures`` counts everything (``compute.py``) and replaces every
``ImpactFigure`` row in one transaction: the pages read the old figures until the
new ones are all written. It runs in the ``refresh_impact`` Django Task (tasks.py),
enqueued nightly by ``manage.py refresh_impact`` and on demand by network admins
(``start_refresh``); ``run_refresh`` is the task's body and keeps the
``ImpactRefresh`` row up to date for the status shown on the dashboard.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core import jobs
from metroagora.impact import compute, metrics
from metroagora.impact.models import REFRESH_JOB, ImpactFigure, ImpactRefresh, RefreshStatus

# A refresh still "running" after this long died with its worker: another may start.
STALE_AFTER = timedelta(hours=1)
BATCH_SIZE = 2000
STEP_COUNT = len(compute.STEPS) + 2  # the steps, the people figures, the writing

# The management command shows a progress bar: when the task runs in its process
# (the immediate backend), each step is reported to this callback as well.
progress_listener: ContextVar[Callable[[int], Any] | None] = ContextVar(
    "impact_progress_listener", default=None
)


@dataclass(frozen=True)
class RefreshReport:
    figures: int
    seconds: float


def refresh_impact_figures(progress: Callable[[str], Any] | None = None) -> RefreshReport:
    """Count every figure again and replace the stored ones (one transaction).

    Called by the task and by the benchmarks; no person acts, so no permission is
    checked here (``start_refresh`` checks who may ask for one).
    """
    started = time.perf_counter()
    tally = compute.compute(progress)
    rows = [
        ImpactFigure(city_id=scope, period=when, metric=metric, key=key, value=value)
        for scope, when, metric, key, value in tally.figures(metrics.min_cell())
    ]
    with transaction.atomic():
        ImpactFigure.objects.all().delete()
        ImpactFigure.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    if progress is not None:
        progress("write")
    return RefreshReport(figures=len(rows), seconds=time.perf_counter() - started)


def active_refresh() -> ImpactRefresh | None:
    """The refresh queued or running now, if any (one left running for hours is dead)."""
    return (
        ImpactRefresh.objects.filter(
            status__in=[RefreshStatus.QUEUED, RefreshStatus.RUNNING],
            created_at__gt=timezone.now() - STALE_AFTER,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def _enqueue(refresh_id: int) -> None:
    from metroagora.impact.tasks import refresh_impact

    refresh_impact.enqueue(refresh_id)


@transaction.atomic
def start_refresh(actor: User | None) -> ImpactRefresh:
    """Queue a new computation of the figures; ``actor=None`` for the nightly run.

    A person must have ``impact.refresh_figures`` (network admins). When one is
    already queued or running, that one is returned and nothing new is queued.
    """
    if actor is not None and not actor.has_perm("impact.refresh_figures"):
        raise PermissionDenied
    # Lock the latest refreshes so that two clicks at once queue one refresh only.
    list(ImpactRefresh.objects.select_for_update().order_by("-pk")[:1])
    busy = active_refresh()
    if busy is not None:
        if actor is not None:
            raise ValidationError(
                _(
                    "The figures are being computed already: wait until this computation "
                    "is done, then ask again if you need to."
                )
            )
        return busy
    refresh = ImpactRefresh.objects.create(requested_by=actor, steps_total=STEP_COUNT)
    transaction.on_commit(functools.partial(_enqueue, refresh.pk))
    return refresh


def run_refresh(refresh_id: int) -> ImpactRefresh:
    """The task's body: compute, and record progress, outcome and errors on the row.

    It runs once however often the task is delivered, and again after an error, up to
    ``TASK_MAX_ATTEMPTS`` times (``core.jobs``).
    """
    from metroagora.impact.tasks import refresh_impact

    jobs.run_job(REFRESH_JOB, refresh_id, lambda: _compute(refresh_id), task=refresh_impact)
    return ImpactRefresh.objects.get(pk=refresh_id)


def _compute(refresh_id: int) -> None:
    """One attempt, on a claimed refresh; an error goes up to ``jobs.run_job``."""
    refresh = ImpactRefresh.objects.get(pk=refresh_id)
    ImpactRefresh.objects.filter(pk=refresh.pk).update(
        started_at=timezone.now(),
        steps_done=0,
        steps_total=STEP_COUNT,
    )
    listener = progress_listener.get()
    done = 0

    def progress(_name: str) -> None:
        nonlocal done
        done += 1
        ImpactRefresh.objects.filter(pk=refresh.pk).update(steps_done=min(done, STEP_COUNT))
        if listener is not None:
            listener(1)

    report = refresh_impact_figures(progress)
    ImpactRefresh.objects.filter(pk=refresh.pk).update(
        status=RefreshStatus.DONE,
        finished_at=timezone.now(),
        steps_done=STEP_COUNT,
        figures=report.figures,
        seconds=report.seconds,
        error="",
    )
