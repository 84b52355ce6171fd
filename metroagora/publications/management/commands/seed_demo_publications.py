"""Create the demo publication and render its English PDF (run the other demo seeds first)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.publications.models import Publication
from metroagora.publications.publications_demo import seed_demo_publications


class Command(BaseCommand):
    help = (
        "Load the demo publication, built from the demo practices, a closed debate, an "
        "opinion map and an event, with its English PDF rendered and published."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has a publication.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Publication.objects.exists():
            self.stdout.write("The database already has publications: demo publication not loaded.")
            return
        try:
            summary = seed_demo_publications()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo publication loaded: {summary.parts} parts, its English PDF of "
                f"{summary.pages} pages rendered and published."
            )
        )
