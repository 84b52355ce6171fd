"""Create the demo best practices (run seed_demo, seed_demo_events and seed_demo_forum first)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.practices.demo import seed_demo_practices
from metroagora.practices.models import Practice


class Command(BaseCommand):
    help = "Load demo best practices, reviews, questions and transfers on the demo network."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has best practices.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Practice.objects.exists():
            self.stdout.write("The database already has best practices: demo practices not loaded.")
            return
        try:
            summary = seed_demo_practices()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo practices loaded: {summary.practices} practices ({summary.published} "
                f"published, in {summary.languages} languages), {summary.transfers} transfers, "
                f"{summary.questions} questions with {summary.answers} answers."
            )
        )
