import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from metroagora.search import documents, indexing


class Command(BaseCommand):
    help = (
        "Empty the search index and index every practice, debate, contribution and event "
        "again, in one transaction (searches see the old index until it is done)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (for logs and cron)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["no_progress"] or options["verbosity"] < 1
        bar = tqdm(
            total=sum(documents.count_objects().values()),
            unit=" objects",
            disable=quiet,
            file=sys.stderr,
        )
        with bar:
            report = indexing.rebuild(progress=bar.update)
        for kind, count in report.counts.items():
            self.stdout.write(f"{kind}: {count:,} indexed")
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {report.total:,} documents in {report.seconds:.1f} s."
            )
        )
