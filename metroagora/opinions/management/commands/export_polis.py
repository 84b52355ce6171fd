"""Export an opinion map in Pol.is's format (a directory, or a .zip)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from metroagora.opinions.models import OpinionMap
from metroagora.opinions.polis import write_export


class Command(BaseCommand):
    help = (
        "Write an opinion map as a Pol.is export: comments.csv, votes.csv, "
        "participants-votes.csv and summary.csv, into a directory or a .zip file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the map's short name")
        parser.add_argument("target", metavar="DIR", help="a directory, or a path ending in .zip")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        opinion_map = OpinionMap.objects.filter(slug=options["slug"]).first()
        if opinion_map is None:
            raise CommandError(f"No opinion map with the short name {options['slug']!r}.")
        quiet = options["no_progress"] or options["verbosity"] < 1
        bar = tqdm(total=0, disable=quiet, file=sys.stderr)
        step = {"name": ""}

        def progress(name: str, done: int, total: int) -> None:
            if name != step["name"]:
                step["name"] = name
                bar.set_description(name)
                bar.reset(total=total)
            bar.n = done
            bar.refresh()

        with bar:
            counts = write_export(opinion_map, options["target"], progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {opinion_map.slug} to {options['target']}: {counts.statements:,} "
                f"comments, {counts.participants:,} voters, {counts.votes:,} votes, "
                f"{counts.groups} groups."
            )
        )
