"""Create the demo participatory processes (run seed_demo first)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.decisions.demo import seed_demo_decisions
from metroagora.decisions.models import Process


class Command(BaseCommand):
    help = (
        "Load demo participatory processes: a finished participatory budget in Lyon and "
        "a citizens' budget collecting supports in Gdańsk, with verified residents."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has participatory processes.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Process.objects.exists():
            self.stdout.write(
                "The database already has participatory processes: demo processes not loaded."
            )
            return
        started = time.perf_counter()
        try:
            summary = seed_demo_decisions()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo processes loaded: {summary.processes} processes, {summary.proposals} "
                f"proposals, {summary.supports} supports, {summary.residents} verified "
                f"residents, {summary.projects} budget projects, {summary.ballots} ballots "
                f"({summary.winners} winning projects), {summary.implementations} "
                f"implementation records, {summary.comments} comments "
                f"({time.perf_counter() - started:.1f} s)."
            )
        )
