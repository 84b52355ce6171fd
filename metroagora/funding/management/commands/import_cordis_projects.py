"""Import the funded projects of network cities from CORDIS project.csv and organization.csv."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.funding import cordis, services


def read_bytes(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"No file at {path}.")
    return file.read_bytes()


class Command(BaseCommand):
    help = (
        "Import, from CORDIS's project.csv and organization.csv (semicolon-separated, "
        "UTF-8), the projects in which a public body of a network city takes part. "
        "Projects are created or updated by their CORDIS id; nothing is imported if any "
        "line is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("projects", metavar="PROJECT_CSV")
        parser.add_argument("organisations", metavar="ORGANIZATION_CSV")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = cordis.read_cordis(
                read_bytes(options["projects"]),
                read_bytes(options["organisations"]),
                services.city_refs(),
            )
        except cordis.ExportError as error:
            raise CommandError(
                f"Nothing was imported: {error.total} problem(s).\n{error.report()}"
            ) from error
        report = services.import_funded_projects(result, source="cordis")
        self.stdout.write(
            f"Read {report.read:,} projects: {report.created:,} created, {report.updated:,} "
            f"updated, {report.outside:,} without a network city (left out)."
        )
