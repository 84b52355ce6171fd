"""Create the website's demo pages and news (run seed_demo first)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.publications.models import NewsPost, Page
from metroagora.publications.website_demo import seed_demo_website


class Command(BaseCommand):
    help = "Load the website's editorial pages (about, privacy...) and demo news posts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has website pages or news.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and (Page.objects.exists() or NewsPost.objects.exists()):
            self.stdout.write(
                "The database already has website pages or news: demo website not loaded."
            )
            return
        try:
            summary = seed_demo_website()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo website loaded: {summary.pages} pages and {summary.news} news posts, "
                f"in {summary.languages} languages."
            )
        )
