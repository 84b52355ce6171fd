"""Generate a network at scale: hundreds of thousands of people, millions of rows.

    python manage.py seed_scale --size small|medium|large [--force] [--index]
        [--seed N] [--no-progress]

Run it after ``migrate`` and ``seed_demo``, with nothing else writing to the database.
What each size adds and how long it takes: ``docs/scale.md``; the generator itself:
``metroagora/impact/scale.py``.
"""

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from tqdm import tqdm

from metroagora.impact import scale


class Command(BaseCommand):
    help = (
        "Add realistic data at scale (cities, people, events, debates, opinion maps, "
        "local decisions, best practices, funding calls) in several languages, each "
        "dataset in one transaction. Refuses a second run unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=list(scale.SIZES),
            default="small",
            help="small (a test's worth), medium (a tenth of large) or large",
        )
        parser.add_argument(
            "--force", action="store_true", help="add another set when one is already there"
        )
        parser.add_argument(
            "--index", action="store_true", help="rebuild the search index at the end"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bars (for logs and tests)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["no_progress"] or options["verbosity"] < 1

        @contextmanager
        def bar(name: str, total: int) -> Iterator[scale.Progress]:
            with tqdm(
                total=total, desc=f"{name:<17}", unit=" rows", disable=quiet, file=sys.stderr
            ) as progress:
                yield progress.update
                progress.n = progress.total or progress.n  # estimates end at 100 %
                progress.refresh()

        started = time.perf_counter()
        cpu = time.process_time()
        try:
            reports = scale.seed_scale(
                options["size"],
                seed=options["seed"],
                force=options["force"],
                index=options["index"],
                bar=bar,
            )
        except (scale.MissingBaseData, scale.AlreadyLoaded) as error:
            raise CommandError(str(error)) from None
        self.stdout.write("")
        self.stdout.write(f"{'dataset':<18} {'wall s':>8} {'CPU s':>8} {'db CPU s':>8}  rows")
        for report in reports:
            db = f"{report.db_cpu_seconds:8.1f}" if report.db_cpu_seconds is not None else " " * 8
            counts = ", ".join(f"{n:,} {what}" for what, n in report.counts.items())
            self.stdout.write(
                f"{report.name:<18} {report.seconds:8.1f} {report.cpu_seconds:8.1f} {db}  {counts}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{options['size'].capitalize()} data added to {connection.vendor} in "
                f"{time.perf_counter() - started:.1f} s (CPU {time.process_time() - cpu:.1f} s, "
                f"load average {scale.load_average():.2f})."
            )
        )
        if not options["index"]:
            self.stdout.write(
                "The search index does not know the new data yet: run rebuild_search_index "
                "(or seed_scale --index next time)."
            )
