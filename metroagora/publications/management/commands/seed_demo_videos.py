"""Create the demo videos (run seed_demo and seed_demo_events first)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.publications.models import Video
from metroagora.publications.videos_demo import seed_demo_videos


class Command(BaseCommand):
    help = "Load demo videos with captions in several languages, linked to the demo events."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has videos.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Video.objects.exists():
            self.stdout.write("The database already has videos: demo videos not loaded.")
            return
        try:
            summary = seed_demo_videos()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo videos loaded: {summary.videos} videos ({summary.uploaded} uploaded, "
                f"{summary.linked} linked), {summary.tracks} caption tracks in "
                f"{len(summary.languages)} languages."
            )
        )
