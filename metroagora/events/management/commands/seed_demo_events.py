"""Create the demo events (a funded project, past and upcoming events) on the demo network."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.events.demo import seed_demo_events
from metroagora.events.models import Event


class Command(BaseCommand):
    help = "Load demo events on top of the demo network (run seed_demo first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has events.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Event.objects.exists():
            self.stdout.write("The database already has events: demo events not loaded.")
            return
        try:
            summary = seed_demo_events()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo events loaded: {summary.events} events, {summary.registrations} "
                f"registrations, {summary.feedback} evaluations, {summary.topics} topics."
            )
        )
