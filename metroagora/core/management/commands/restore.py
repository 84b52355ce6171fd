"""Put a backup back: every row and every media file, replacing what is there.

    python manage.py restore FILE [--no-input] [--no-progress]

The backup must come from a database at this code's migration state. The rows are
replaced in one transaction (nothing changes if anything fails); the media files after.
"""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from metroagora.core import backups
from metroagora.core.management.commands.backup import Bars


class Command(BaseCommand):
    help = (
        "Replace every row of the database and every media file by those of a backup "
        "made by `manage.py backup` (SQLite or PostgreSQL, either way)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="a .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (for logs and cron)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        quiet = options["no_progress"] or options["verbosity"] < 1
        try:
            manifest = backups.read_manifest(archive)
            backups.check_migrations(manifest)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup of {manifest.created[:19].replace('T', ' ')} (MetroAgora "
            f"{manifest.version}, {manifest.vendor}): {manifest.total_rows:,} rows, "
            f"{manifest.media_files:,} media files."
        )
        if options["interactive"]:
            name = connection.settings_dict["NAME"]
            answer = input(
                f"This replaces EVERY row of the database {name} and every media file. "
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        bar = Bars(quiet)
        try:
            report = backups.restore_backup(
                archive,
                migrate=lambda: call_command(
                    "migrate", interactive=False, verbosity=0, skip_checks=True
                ),
                on_start=bar.start,
                progress=bar.update,
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.rows:,} rows and {report.media_files:,} media files "
                f"({report.media_bytes / 1e6:,.1f} MB) from {archive}."
            )
        )
