"""Build the open data ZIP (run it nightly from cron).

    python manage.py build_open_data [--no-progress] [--wait]

The command enqueues the ``build_open_data`` Django Task. With the immediate task
backend (development, the demo) the task runs here and now, with a progress bar;
with a task worker (``TASKS_BACKEND=database``) the command returns once the task is
queued, or follows it to the end with ``--wait``. The published ZIP is replaced only
by a complete new one.
"""

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from tqdm import tqdm

from metroagora.api import opendata
from metroagora.api.models import ExportStatus, OpenDataExport

POLL_SECONDS = 1.0


class Command(BaseCommand):
    help = (
        "Build the open data ZIP (one CSV per public dataset) in the background task; "
        "the published file is replaced only once the new one is complete."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (for logs and cron)"
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="with a task worker: wait until the worker has built the file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["no_progress"] or options["verbosity"] < 1
        bar = tqdm(total=100, unit="%", disable=quiet, file=sys.stderr)
        token = opendata.progress_listener.set(bar.update)
        try:
            with bar:
                export = opendata.start_export(None)
                export.refresh_from_db()
                if export.is_active and options["wait"]:
                    export = self._follow(export, bar)
        finally:
            opendata.progress_listener.reset(token)
        if export.status == ExportStatus.DONE:
            seconds = (
                (export.finished_at - export.started_at).total_seconds()
                if export.finished_at and export.started_at
                else 0.0
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Open data built: {len(export.row_counts)} files, "
                    f"{export.total_rows:,} rows, {filesizeformat(export.file_size)} "
                    f"in {seconds:.1f} s ({opendata.ARCHIVE_NAME})."
                )
            )
        elif export.status == ExportStatus.FAILED:
            raise CommandError(
                f"Building the open data failed (the previous file is kept): {export.error}"
            )
        else:
            self.stdout.write(
                f"Building the open data is queued (export {export.pk}, "
                f"{export.get_status_display().lower()}); a task worker will run it."
            )

    def _follow(self, export: OpenDataExport, bar: tqdm) -> OpenDataExport:
        """Poll an export run by a worker, moving the bar with its progress."""
        shown = 0
        while export.is_active:
            time.sleep(POLL_SECONDS)
            export.refresh_from_db()
            bar.update(export.progress - shown)
            shown = export.progress
        return export
