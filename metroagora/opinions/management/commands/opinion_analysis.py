"""Analyse a Pol.is export like an opinion map, without the database.

    python manage.py opinion_analysis --polis-export DIR --json OUT.json

Writes::

    {"participant_groups": {"<voter-id>": <group index>, ...},   # clustered people only
     "groups": [{"id": 0, "size": 12,
                 "representative": [{"statement_id": 3, "direction": "agree"}, ...]}, ...],
     "consensus": {"agree": [<comment-id>, ...], "disagree": [...]},
     "seconds": <analysis time>}

Statement ids are Pol.is comment-ids. Comments moderated out (-1) are left out of the
map but their votes count in the totals; the latest vote of each person on each
comment counts (by timestamp). The same analysis as a map imported with
``import_polis`` gets (see ``PolisConversation.analysis_input``).
"""

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.opinions.analysis import Result
from metroagora.opinions.polis import PolisFormatError, read_export


def result_json(result: Result) -> dict[str, Any]:
    """The documented JSON of an analysis (ids as given, voter ids as strings)."""
    people = sorted(result.group_of.items(), key=lambda item: item[0])
    return {
        "participant_groups": {str(person): int(group) for person, group in people},
        "groups": [
            {
                "id": group.id,
                "size": group.size,
                "representative": [
                    {"statement_id": rep.statement, "direction": rep.direction}
                    for rep in group.representative
                ],
            }
            for group in result.groups
        ],
        "consensus": {"agree": result.consensus_agree, "disagree": result.consensus_disagree},
        "seconds": round(result.seconds, 3),
    }


class Command(BaseCommand):
    help = (
        "Analyse a conversation exported by Pol.is (a directory or .zip with comments.csv "
        "and votes.csv) and write groups, representative statements and consensus as JSON. "
        "Does not use the database."
    )
    requires_system_checks: list[str] = []  # nothing here needs the project checked

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--polis-export", required=True, metavar="DIR", help="the export (directory or .zip)"
        )
        parser.add_argument(
            "--json", required=True, metavar="OUT.json", help='where to write ("-": stdout)'
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            conversation = read_export(options["polis_export"], participants_votes=False)
        except PolisFormatError as error:
            raise CommandError(str(error)) from error
        read_seconds = time.perf_counter() - started
        result = conversation.analyse()
        text = json.dumps(result_json(result), ensure_ascii=False)
        if options["json"] == "-":
            self.stdout.write(text)
        else:
            Path(options["json"]).write_text(text + "\n", encoding="utf-8")
        out = self.stderr if options["json"] == "-" else self.stdout
        if options["verbosity"] >= 1:
            out.write(
                f"{len(conversation.comments):,} comments, {conversation.n_votes:,} votes by "
                f"{len(result.participants):,} people read in {read_seconds:.2f} s; "
                f"{len(result.group_of):,} clustered in {len(result.groups)} groups, "
                f"analysed in {result.seconds:.2f} s."
            )
