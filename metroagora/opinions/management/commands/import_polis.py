"""Import a Pol.is export into a new opinion map (all or nothing), then analyse it."""

import sys
import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from metroagora.accounts.models import User
from metroagora.opinions import services
from metroagora.opinions.models import Statement, StatementStatus
from metroagora.opinions.polis import PolisFormatError, read_summary


class Command(BaseCommand):
    help = (
        "Import a conversation exported by Pol.is (a directory or .zip with comments.csv, "
        "votes.csv and optionally participants-votes.csv and summary.csv) into a new "
        "opinion map, and analyse it. Nothing is imported if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", metavar="DIR", help="the export (directory or .zip)")
        parser.add_argument("--slug", required=True, help="short name of the new map")
        parser.add_argument("--title", required=True, help="the map's question")
        parser.add_argument(
            "--language", required=True, help="language of the statements (en, fr, de...)"
        )
        parser.add_argument(
            "--description", help="introduction (default: the conversation's description)"
        )
        parser.add_argument(
            "--as",
            dest="actor",
            metavar="EMAIL",
            help="who imports (a moderator or network admin; default: the first network admin)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options["actor"])
        quiet = options["no_progress"] or options["verbosity"] < 1
        bar = tqdm(total=0, unit=" votes", disable=quiet, file=sys.stderr, desc="votes")
        step = {"name": ""}

        def progress(name: str, done: int, total: int) -> None:
            if name == "analysis":
                if done == 0 and not quiet:
                    bar.close()
                    self.stderr.write("Analysing the map…")
                return
            if name != step["name"]:
                step["name"] = name
                bar.set_description(name)
                bar.reset(total=total)
            bar.n = done
            bar.refresh()

        warnings: list[str] = []
        started = time.perf_counter()
        if not quiet:
            self.stderr.write(f"Reading and checking {options['export']}…")
        try:
            with bar:
                opinion_map = services.import_polis_conversation(
                    actor,
                    options["export"],
                    slug=options["slug"],
                    title=options["title"],
                    language=options["language"],
                    description=options["description"],
                    warnings=warnings,
                    progress=progress,
                )
        except PolisFormatError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(f"{actor.email} may not open opinion maps.") from error
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        statuses = dict.fromkeys(StatementStatus.values, 0)
        for status in Statement.objects.filter(opinion_map=opinion_map).values_list(
            "status", flat=True
        ):
            statuses[status] += 1
        summary = opinion_map.analysis or {}
        self.stdout.write(
            f"Statements: {sum(statuses.values()):,} ({statuses['visible']:,} shown, "
            f"{statuses['pending']:,} held for review, {statuses['rejected']:,} rejected)"
        )
        self.stdout.write(
            f"Participants: {opinion_map.participants.count():,}; votes kept: "
            f"{opinion_map.votes.count():,} (the latest per person and statement)"
        )
        polis_groups = read_summary(options["export"]).get("groups", "")
        self.stdout.write(
            f"Groups: {len(summary.get('groups') or [])}"
            + (f" (Pol.is found {polis_groups})" if polis_groups else "")
            + f"; {summary.get('clustered', 0):,} people clustered, "
            f"analysed in {opinion_map.analysis_seconds:.1f} s"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {opinion_map.slug} in {time.perf_counter() - started:.1f} s."
            )
        )

    def _actor(self, email: str | None) -> User:
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                raise CommandError(f"No active account with the address {email}.")
            return user
        admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if admin is None:
            raise CommandError("There is no network admin: name who imports with --as EMAIL.")
        return admin
