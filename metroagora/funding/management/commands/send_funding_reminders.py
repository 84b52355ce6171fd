"""Email the reminders due about watched calls (run it daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from metroagora.funding.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email people and cities who watch calls: when a call opens, and 30, 7 and 1 days "
        "before each deadline. Run it once a day; nothing is sent twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_reminders()
        self.stdout.write(
            f"{report.reminders} reminder(s) in {report.emails} email(s) "
            f"for {report.watches} watch(es)"
            + (f"; {report.failed} watch(es) failed, retried next time." if report.failed else ".")
        )
