"""Create the newsletter's demo subscribers and issues (run seed_demo first)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.publications.models import NewsletterIssue, Subscription
from metroagora.publications.newsletter_demo import seed_demo_newsletter


class Command(BaseCommand):
    help = "Load demo newsletter subscribers, two sent issues and a draft (no email is sent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has newsletters or subscribers.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and (
            NewsletterIssue.objects.exists() or Subscription.objects.exists()
        ):
            self.stdout.write(
                "The database already has newsletters or subscribers: demo newsletter not loaded."
            )
            return
        try:
            summary = seed_demo_newsletter()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsletter loaded: {summary.subscribers} subscribers, "
                f"{summary.sent} sent issues ({summary.deliveries} emails, none really sent) "
                f"and {summary.drafts} draft."
            )
        )
