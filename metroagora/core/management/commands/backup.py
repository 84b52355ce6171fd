"""Save the whole database and every media file in one archive (run it nightly from cron).

    python manage.py backup [--output FILE] [--no-progress]

See ``metroagora/core/backups.py`` for what the archive holds, and docs/deploy.md.
"""

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from metroagora.core import backups


class Command(BaseCommand):
    help = (
        "Write every row of the database and every media file to one .tar.gz archive, "
        "read in one consistent snapshot; `restore` puts it back on SQLite or PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="the archive to write (default: var/backups/metroagora-DATE-TIME.tar.gz)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (for logs and cron)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"] or default_output()
        quiet = options["no_progress"] or options["verbosity"] < 1
        bar = Bars(quiet)
        try:
            manifest = backups.write_backup(output, on_start=bar.start, progress=bar.update)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        if backups.code_migrations() != manifest.migrations:
            self.stderr.write(
                self.style.WARNING(
                    "The database is not at this code's migration state: run `manage.py "
                    "migrate`, or restore this backup with the version that made it."
                )
            )
        size = output.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {manifest.total_rows:,} rows of "
                f"{len(manifest.rows)} tables, {manifest.media_files:,} media files "
                f"({manifest.media_bytes / 1e6:,.1f} MB), {size / 1e6:,.1f} MB in all."
            )
        )


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"metroagora-{stamp}.tar.gz"


class Bars:
    """One tqdm bar per phase (rows, then media files), on stderr."""

    UNITS = {"rows": " rows", "media": " files"}

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar: tqdm | None = None

    def start(self, phase: str, total: int) -> None:
        self.close()
        self.bar = tqdm(
            total=total,
            desc=phase,
            unit=self.UNITS.get(phase, ""),
            disable=self.quiet,
            file=sys.stderr,
        )

    def update(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
