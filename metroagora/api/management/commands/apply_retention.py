"""Apply the retention rules for personal data (run it daily from cron).

    python manage.py apply_retention [--dry-run] [--no-progress]

1. Guest registrations never confirmed by email, older than
   ``RETENTION_GUEST_REGISTRATION_DAYS``, are deleted.
2. Accounts without a sign-in for ``RETENTION_INACTIVE_ACCOUNT_DAYS``, and warned at
   least ``RETENTION_WARNING_DAYS`` before, are deleted like their owner would
   (``personal_data.delete_account``), each in its own transaction.
3. Accounts that reach the warning point get the warning by email, in their language.

``--dry-run`` says what would happen and writes nothing, sends nothing.
See ``metroagora/api/personal_data_retention.py`` and ``docs/privacy.md``.
"""

import sys
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from tqdm import tqdm

from metroagora.api import personal_data
from metroagora.api import personal_data_retention as retention
from metroagora.events import privacy as events_privacy


class Command(BaseCommand):
    help = (
        "Delete unconfirmed guest registrations and inactive accounts past their "
        "retention period, and warn the owners of accounts about to be deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would happen; change nothing"
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (for logs and cron)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        quiet = options["no_progress"] or options["verbosity"] < 1
        now = timezone.now()
        rules = retention.policy()
        would = "would be " if dry_run else ""

        if rules.guest_registration_days:
            before = now - timedelta(days=rules.guest_registration_days)
            if dry_run:
                count = events_privacy.unconfirmed_guest_registrations(before).count()
            else:
                count = events_privacy.delete_unconfirmed_guest_registrations(before)
            self.stdout.write(
                f"Unconfirmed guest registrations older than {rules.guest_registration_days} "
                f"days: {count} {would}deleted."
            )
        else:
            self.stdout.write("Unconfirmed guest registrations: kept (no retention period).")

        if not rules.inactive_account_days:
            self.stdout.write("Inactive accounts: kept (no retention period).")
            return
        to_delete = list(retention.accounts_to_delete(now, rules))
        to_warn = list(retention.accounts_to_warn(now, rules))
        deleted = warned = 0
        failures: list[str] = []
        bar = tqdm(
            total=len(to_delete) + len(to_warn), unit=" accounts", disable=quiet, file=sys.stderr
        )
        with bar:
            for user in to_delete:
                if not dry_run:
                    try:
                        personal_data.delete_account(None, user)
                    except ValidationError as error:
                        failures.append(f"account {user.pk} not deleted: {error.messages[0]}")
                    else:
                        deleted += 1
                bar.update()
            for user in to_warn:
                if not dry_run:
                    try:
                        retention.send_warning(user, now, rules)
                    except Exception as error:  # noqa: BLE001 - one bad address stops no one
                        failures.append(f"account {user.pk} not warned: {error}")
                    else:
                        warned += 1
                bar.update()
        if dry_run:
            deleted, warned = len(to_delete), len(to_warn)
        self.stdout.write(
            f"Accounts without a sign-in for {rules.inactive_account_days} days: "
            f"{deleted} {would}deleted; {warned} {would}warned "
            f"({rules.warning_days} days before)."
        )
        for failure in failures:
            self.stderr.write(failure)
        if not failures:
            self.stdout.write(self.style.SUCCESS("Retention rules applied."))
