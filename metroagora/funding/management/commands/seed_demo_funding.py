"""Create the demo EU funding data (run seed_demo first)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.funding.demo import seed_demo_funding
from metroagora.funding.models import Call


class Command(BaseCommand):
    help = (
        "Load demo EU funding: calls in every state, guides, the cities' needs, watches, "
        "partner searches, funded projects and applications of the demo cities."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has calls for proposals.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Call.objects.exists():
            self.stdout.write("The database already has calls: demo funding not loaded.")
            return
        try:
            summary = seed_demo_funding()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo funding loaded: {summary.calls} calls ({summary.open} open, "
                f"{summary.forthcoming} forthcoming, {summary.closed} closed, "
                f"{summary.two_stage} two-stage), {summary.guides} guides, "
                f"{summary.watches} watches, {summary.partner_searches} partner searches, "
                f"{summary.projects} funded projects, {summary.applications} applications."
            )
        )
