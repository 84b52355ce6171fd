"""Create the demo debates on the demo network (run seed_demo and seed_demo_events first)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.forum.demo import seed_demo_forum
from metroagora.forum.models import Debate


class Command(BaseCommand):
    help = "Load demo debates on top of the demo network and events."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has debates.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Debate.objects.exists():
            self.stdout.write("The database already has debates: demo debates not loaded.")
            return
        try:
            summary = seed_demo_forum()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo debates loaded: {summary.debates} debates, {summary.contributions} "
                f"contributions, {summary.agreements} agreements, {summary.people} people."
            )
        )
