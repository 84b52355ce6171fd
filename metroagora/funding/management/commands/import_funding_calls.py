"""Import calls for proposals from the EU Funding & Tenders Portal's search API JSON."""

import sys
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from metroagora.funding import portal, services

TIMEOUT = 60


def read_source(source: str, max_bytes: int) -> bytes:
    """The bytes of a file, or of an http(s) address; never more than ``max_bytes`` + 1."""
    scheme = urlparse(source).scheme.lower()
    if scheme in ("http", "https"):
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked just above
            source, headers={"Accept": "application/json", "User-Agent": "MetroAgora"}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    return b"\0" * (max_bytes + 1)  # too big: load_json says so
                return bytes(response.read(max_bytes + 1))
        except OSError as error:
            raise CommandError(f"Could not fetch {source}: {error}") from error
    if scheme and len(scheme) > 1:
        raise CommandError(f"Only files and http(s) addresses can be imported, not {scheme}:.")
    path = Path(source)
    if not path.is_file():
        raise CommandError(f"No file at {source}.")
    if path.stat().st_size > max_bytes:
        return b"\0" * (max_bytes + 1)
    return path.read_bytes()


class Command(BaseCommand):
    help = (
        "Import calls for proposals from the JSON of the EU Funding & Tenders Portal's "
        "search API (one page or a list of pages), from a file or an http(s) address. "
        "Calls are created or updated by identifier; nothing is imported if any row is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", metavar="FILE_OR_URL")
        parser.add_argument(
            "--max-size",
            type=int,
            default=portal.DEFAULT_MAX_BYTES // 1_048_576,
            metavar="MB",
            help="refuse files bigger than this (default: %(default)s MB)",
        )
        parser.add_argument(
            "--skip-unknown-programmes",
            action="store_true",
            help="leave out calls of programmes the network does not follow, instead of failing",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        max_bytes = options["max_size"] * 1_048_576
        quiet = options["no_progress"] or options["verbosity"] < 1
        raw = read_source(options["source"], max_bytes)
        bar = tqdm(total=0, unit=" calls", disable=quiet, file=sys.stderr, desc="reading")
        stage = {"name": ""}

        def progress(name: str, done: int, total: int) -> None:
            if name != stage["name"]:
                stage["name"] = name
                bar.set_description({"calls": "calls", "index": "search index"}.get(name, name))
                bar.reset(total=total)
            bar.n = done
            bar.refresh()

        try:
            with bar:
                report = services.import_calls(
                    raw,
                    max_bytes=max_bytes,
                    skip_unknown_programmes=options["skip_unknown_programmes"],
                    progress=progress,
                )
        except portal.PortalFormatError as error:
            raise CommandError(
                f"Nothing was imported: {error.total} problem(s) in {options['source']}.\n"
                f"{error.report()}"
            ) from error
        self.stdout.write(
            f"Read {report.rows:,} results: {report.created:,} created, "
            f"{report.updated:,} updated, {report.skipped:,} skipped "
            f"({report.unchanged:,} unchanged, {report.stubs:,} stubs"
            + (
                f", {report.unknown_programme:,} of other programmes"
                if report.unknown_programme
                else ""
            )
            + f"); {report.merged:,} duplicate rows merged."
        )
        if report.stale_status:
            self.stdout.write(
                f"{report.stale_status:,} calls had a portal status contradicted by their "
                "dates: the status is taken from the dates."
            )
        self.stdout.write(self.style.SUCCESS(f"Imported in {report.seconds:.1f} s."))
