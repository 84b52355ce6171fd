"""Create the demo opinion maps (run seed_demo, seed_demo_events and seed_demo_forum first)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.opinions.demo import seed_demo_opinions
from metroagora.opinions.models import OpinionMap


class Command(BaseCommand):
    help = "Load demo opinion maps, with statements, votes and their analysis."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has opinion maps.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and OpinionMap.objects.exists():
            self.stdout.write("The database already has opinion maps: demo maps not loaded.")
            return
        started = time.perf_counter()
        try:
            summary = seed_demo_opinions()
        except LookupError as error:
            raise CommandError(str(error)) from error
        groups = " and ".join(str(n) for n in summary.groups)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo opinion maps loaded: {summary.maps} maps, {summary.statements} "
                f"statements ({summary.pending} waiting for review), {summary.participants} "
                f"participants, {summary.votes} votes; {groups} groups of opinion, "
                f"{summary.consensus} consensus statements "
                f"({time.perf_counter() - started:.1f} s)."
            )
        )
