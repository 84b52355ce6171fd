from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from metroagora.forum.notifications import send_digests


class Command(BaseCommand):
    help = "Email the daily or weekly digest of Forum notifications (run it from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("frequency", choices=["daily", "weekly"])

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests(options["frequency"])
        self.stdout.write(f"{sent} digest email(s) sent.")
