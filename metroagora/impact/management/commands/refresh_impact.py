"""Queue the computation of the impact figures (run it nightly from cron).

    python manage.py refresh_impact [--no-progress] [--wait]

The command enqueues the ``refresh_impact`` Django Task. With the immediate task
backend (development, the demo) the task runs here and now, with a progress bar;
with a task worker (``TASKS_BACKEND=database``) the command returns once the task is
queued, or follows it to the end with ``--wait``.
"""

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from metroagora.impact import services
from metroagora.impact.models import ImpactRefresh, RefreshStatus

POLL_SECONDS = 1.0


class Command(BaseCommand):
    help = (
        "Compute the impact dashboard's figures again, in the background task "
        "(the pages keep the previous figures until the new ones are all written)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (for logs and cron)"
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="with a task worker: wait until the worker has computed the figures",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["no_progress"] or options["verbosity"] < 1
        bar = tqdm(total=services.STEP_COUNT, unit=" steps", disable=quiet, file=sys.stderr)
        token = services.progress_listener.set(bar.update)
        try:
            with bar:
                refresh = services.start_refresh(None)
                refresh.refresh_from_db()
                if refresh.is_active and options["wait"]:
                    refresh = self._follow(refresh, bar)
        finally:
            services.progress_listener.reset(token)
        if refresh.status == RefreshStatus.DONE:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Impact figures computed: {refresh.figures:,} figures "
                    f"in {refresh.seconds:.1f} s."
                )
            )
        elif refresh.status == RefreshStatus.FAILED:
            raise CommandError(f"Computing the impact figures failed: {refresh.error}")
        else:
            self.stdout.write(
                f"Computing the impact figures is queued (refresh {refresh.pk}, "
                f"{refresh.get_status_display().lower()}); a task worker will run it."
            )

    def _follow(self, refresh: ImpactRefresh, bar: tqdm) -> ImpactRefresh:
        """Poll a refresh run by a worker, moving the bar with its steps."""
        shown = 0
        while refresh.is_active:
            time.sleep(POLL_SECONDS)
            refresh.refresh_from_db()
            bar.update(refresh.steps_done - shown)
            shown = refresh.steps_done
        return refresh
