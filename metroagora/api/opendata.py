"""The open data ZIP: every public dataset of the site as CSV files, rebuilt every night
and whenever a network admin asks.

The datasets, and what stays out of them, are in ``opendata_datasets.py``. Here:

- ``build_archive`` writes the ZIP (one UTF-8 CSV per dataset with a header row, then
  ``README.txt`` and ``datapackage.json`` describing every file and column and the
  licence) to an open file, streaming every dataset;
- ``publish`` builds it all-or-nothing: into a temporary file next to the published
  one, then ``os.replace`` onto it (any other storage: a local temporary file, saved
  once complete). A failure leaves the previous ZIP in place;
- ``start_export`` (a network admin's "Rebuild now", or the nightly
  ``manage.py build_open_data``) records an ``OpenDataExport`` and queues the
  ``build_open_data`` task; ``run_export`` is the task's body, which keeps the row's
  status, progress, file size, row counts and error up to date for the page.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import logging
import os
import tempfile
import time
import zipfile
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metroagora.accounts.rules import is_network_admin
from metroagora.api.models import EXPORT_JOB, STALE_AFTER, ExportStatus, OpenDataExport
from metroagora.api.opendata_datasets import DATASETS, LIST_SEPARATOR, Dataset
from metroagora.core import jobs
from metroagora.core.spreadsheets import safe_cell

logger = logging.getLogger(__name__)

ARCHIVE_NAME = "open-data/metroagora-open-data.zip"  # in the default storage
DOWNLOAD_NAME = "metroagora-open-data.zip"
TEMP_PREFIX = ".building-"  # a ZIP being written, next to the published one
PROGRESS_EVERY = 5000  # rows between two progress reports inside a dataset
DEFAULT_LICENCE = {
    "name": "ODbL-1.0",
    "title": "Open Data Commons Open Database License 1.0",
    "path": "https://opendatacommons.org/licenses/odbl/1-0/",
}

# The management command shows a progress bar: when the task runs in its process (the
# immediate backend), each percent of progress is reported to this callback as well.
progress_listener: ContextVar[Callable[[int], Any] | None] = ContextVar(
    "open_data_progress_listener", default=None
)
Progress = Callable[[int, int], Any]  # (rows written, rows expected)


def licence() -> dict[str, str]:
    """The data's licence: ``settings.OPEN_DATA_LICENCE`` (name, title, path) if set."""
    return dict(getattr(settings, "OPEN_DATA_LICENCE", None) or DEFAULT_LICENCE)


def may_rebuild(user: Any) -> bool:
    """Network admins rebuild the file on demand; everyone downloads it."""
    return bool(is_network_admin(user))


# --- Writing the ZIP ----------------------------------------------------------------


def cell(value: Any) -> Any:
    """One CSV value: empty for none, ``true``/``false``, dates in ISO 8601 (UTC with a
    ``Z``), JSON for objects. A text that a spreadsheet would run as a formula gets a
    leading ``'`` (``core.spreadsheets.safe_cell``; the README says how to remove it).

    The files are for machines too, but people open them in spreadsheets: OWASP's
    advice for such files wins, and the rule is exact and reversible."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
        return safe_cell(text)  # starts with { or [: never changed
    return safe_cell(str(value))


def _write_dataset(
    archive: zipfile.ZipFile, dataset: Dataset, report: Callable[[int], Any] | None
) -> int:
    width = len(dataset.columns)
    count = 0
    with archive.open(dataset.filename, "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        writer = csv.writer(text)
        writer.writerow([column.name for column in dataset.columns])
        for row in dataset.read():
            if len(row) != width:  # a programming error: never write a shifted file
                raise ValueError(f"{dataset.filename}: a row of {len(row)} values, not {width}")
            writer.writerow([cell(value) for value in row])
            count += 1
            if report is not None and count % PROGRESS_EVERY == 0:
                report(count)
        text.flush()
        text.detach()
    return count


def _shifted(progress: Progress, base: int, expected: int) -> Callable[[int], Any]:
    """Rows written in one dataset, reported as rows written in the whole ZIP."""
    return lambda count: progress(base + count, expected)


def build_archive(target: IO[bytes], progress: Progress | None = None) -> dict[str, int]:
    """Write the whole ZIP to ``target``; the number of rows of each dataset.

    One query per dataset and one per list it takes from another table, whatever the
    number of rows; with ``progress``, one ``COUNT`` per dataset too, first.
    """
    counts: dict[str, int] = {}
    with translation.override(settings.LANGUAGE_CODE):  # addresses and texts: one language
        expected = sum(d.count() for d in DATASETS) if progress is not None else 0
        done = 0
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for dataset in DATASETS:
                report = _shifted(progress, done, expected) if progress is not None else None
                counts[dataset.name] = _write_dataset(archive, dataset, report)
                done += counts[dataset.name]
                if progress is not None:
                    progress(done, expected)
            built = timezone.now()
            archive.writestr("README.txt", readme(counts, built))
            archive.writestr("datapackage.json", datapackage(counts, built))
    return counts


def datapackage(counts: dict[str, int], built: datetime) -> str:
    """A Frictionless Data Package describing every file (https://datapackage.org)."""
    package = {
        "name": "metroagora-open-data",
        "title": f"{settings.SITE_NAME} open data",
        "description": str(
            _("Every public dataset of %(site)s, as CSV files.") % {"site": settings.SITE_NAME}
        ),
        "homepage": str(settings.SITE_URL).rstrip("/") + "/open-data/",
        "created": cell(built),
        "licenses": [licence()],
        "resources": [
            {
                "name": dataset.name.replace("_", "-"),
                "path": dataset.filename,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "count": counts.get(dataset.name, 0),
                "schema": {
                    "fields": [
                        {
                            "name": column.name,
                            "type": column.type,
                            "description": str(column.description),
                        }
                        for column in dataset.columns
                    ],
                    "missingValues": [""],
                },
            }
            for dataset in DATASETS
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=2)


def readme(counts: dict[str, int], built: datetime) -> str:
    site = settings.SITE_NAME
    lic = licence()
    lines = [
        f"{site} open data",
        "=" * len(f"{site} open data"),
        "",
        f"Built on {cell(built)} from {str(settings.SITE_URL).rstrip('/')}/open-data/",
        f"Licence: {lic['title']} ({lic['name']}), {lic['path']}",
        "",
        "Every public dataset of the site, one CSV file each, rebuilt every night.",
        "",
        "The files",
        "---------",
        "- UTF-8, comma-separated, one header row, values quoted when needed (RFC 4180).",
        "- Empty value: none. true/false for yes/no. Dates as YYYY-MM-DD; times in UTC,",
        "  as YYYY-MM-DDThh:mm:ssZ.",
        f"- Lists (topics, languages...) are separated by “{LIST_SEPARATOR}”.",
        "- A text written in several languages takes three columns: NAME (in the language",
        "  it was written in), NAME_language (that language's code) and",
        "  NAME_translations (a JSON object from language code to text).",
        "- Rows refer to each other by short name (slug) or by number (id), as the",
        "  column descriptions say.",
        "- Text cells that begin with = + - @, a tab or a carriage return (also after",
        "  leading spaces or quotes, and the fullwidth ＝ ＋ － ＠) have a ' put before",
        "  them, so that spreadsheets do not run them as formulas. Numbers never do:",
        "  -3 is the number -3. To read the texts as they were written with a program:",
        "  when a text begins with ' and the rest would itself get a ' by this rule,",
        "  remove that first '. Example: '=SUM(A1) was =SUM(A1); ''=1 was '=1.",
        "- datapackage.json describes the same files and columns as a Frictionless Data",
        "  Package, for tools that read one.",
        "",
        "No personal data",
        "----------------",
        "No email address, no account, no registration, check-in, support, vote or",
        "ballot of anyone: these are counted, never listed. Authors of Forum",
        "contributions and proposals appear by the public name they chose, as on the",
        "site; nobody else is named. Drafts, and contributions and statements that a",
        "moderator has not shown, are left out. Budget results appear once the vote is",
        "closed.",
        "",
    ]
    for dataset in DATASETS:
        title = f"{dataset.filename}: {dataset.title} ({counts.get(dataset.name, 0)} rows)"
        lines += [title, "-" * len(title), str(dataset.description), ""]
        width = max(len(column.name) for column in dataset.columns)
        for column in dataset.columns:
            lines.append(f"  {column.name:<{width}}  {column.type:<8}  {column.description}")
        lines.append("")
    return "\n".join(lines)


# --- Publishing it all-or-nothing ----------------------------------------------------


@dataclass(frozen=True)
class BuildReport:
    counts: dict[str, int]
    size: int
    seconds: float


def _local_path() -> str | None:
    """Where the ZIP is on disk, for a FileSystemStorage (other storages may have a
    ``path()`` that is no real file)."""
    if isinstance(default_storage, FileSystemStorage):
        return str(default_storage.path(ARCHIVE_NAME))
    return None


def publish(progress: Progress | None = None) -> BuildReport:
    """Build the ZIP and put it in place of the published one, or leave that one as it is.

    No person acts here, so no permission is checked (``start_export`` checks who asks).
    """
    started = time.perf_counter()
    final = _local_path()
    if final is None:
        counts, size = _publish_to_storage(progress)
    else:
        directory = os.path.dirname(final)
        os.makedirs(directory, exist_ok=True)
        _remove_dead_builds(directory)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept past the block on success
            dir=directory, prefix=TEMP_PREFIX, suffix=".zip", delete=False
        )
        try:
            with handle:
                counts = build_archive(handle, progress)
                handle.flush()
                os.fsync(handle.fileno())
            mode = getattr(default_storage, "file_permissions_mode", None) or 0o644
            os.chmod(handle.name, mode)
            os.replace(handle.name, final)  # atomic: readers see the old file or the new
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(handle.name)
            raise
        size = os.path.getsize(final)
    return BuildReport(counts=counts, size=size, seconds=time.perf_counter() - started)


def _remove_dead_builds(directory: str) -> None:
    """Temporary files of builds killed midway (a worker stopped): older than a build lasts."""
    limit = time.time() - STALE_AFTER.total_seconds()
    for entry in os.scandir(directory):
        if entry.name.startswith(TEMP_PREFIX) and entry.stat().st_mtime < limit:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def _publish_to_storage(progress: Progress | None) -> tuple[dict[str, int], int]:
    """A storage without local paths (S3...): build locally, then save once complete."""
    with tempfile.TemporaryFile() as handle:
        counts = build_archive(handle, progress)
        size = handle.tell()
        handle.seek(0)
        saved = default_storage.save(ARCHIVE_NAME, File(handle, name=DOWNLOAD_NAME))
        if saved != ARCHIVE_NAME:  # the storage does not overwrite: swap the names
            default_storage.delete(ARCHIVE_NAME)
            handle.seek(0)
            default_storage.save(ARCHIVE_NAME, File(handle, name=DOWNLOAD_NAME))
            default_storage.delete(saved)
    return counts, size


def open_archive() -> IO[bytes]:
    """The published ZIP, open for reading; FileNotFoundError when there is none yet."""
    try:
        return default_storage.open(ARCHIVE_NAME, "rb")
    except (FileNotFoundError, OSError) as error:
        raise FileNotFoundError(ARCHIVE_NAME) from error


def archive_exists() -> bool:
    return bool(default_storage.exists(ARCHIVE_NAME))


# --- Exports: queued, run, recorded ---------------------------------------------------


def active_export() -> OpenDataExport | None:
    """The export queued or running now, if any (one left running for hours is dead)."""
    return (
        OpenDataExport.objects.filter(
            status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
            created_at__gt=timezone.now() - STALE_AFTER,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def latest_export() -> OpenDataExport | None:
    return OpenDataExport.objects.order_by("-created_at", "-pk").first()


def published_export() -> OpenDataExport | None:
    """The export that made the file people download now."""
    return (
        OpenDataExport.objects.filter(status=ExportStatus.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def _enqueue(export_id: int) -> None:
    from metroagora.api.tasks import build_open_data

    build_open_data.enqueue(export_id)


@transaction.atomic
def start_export(actor: Any | None) -> OpenDataExport:
    """Queue a new build of the ZIP; ``actor=None`` for the nightly run.

    A person must be a network admin. When a build is already queued or running,
    a person is told so; the nightly run gets that build back and queues nothing.
    """
    if actor is not None and not may_rebuild(actor):
        raise PermissionDenied
    # Lock the latest exports so that two clicks at once queue one build only.
    list(OpenDataExport.objects.select_for_update().order_by("-pk")[:1])
    busy = active_export()
    if busy is not None:
        if actor is not None:
            raise ValidationError(
                _(
                    "The file is being rebuilt already: wait until this build is done "
                    "(the status below shows it), then ask again if you need to."
                )
            )
        return busy
    export = OpenDataExport.objects.create(requested_by=actor)
    transaction.on_commit(functools.partial(_enqueue, export.pk))
    return export


def run_export(export_id: int) -> OpenDataExport:
    """The task's body: build and publish, recording progress, outcome and errors.

    It runs once however often the task is delivered, and again after an error, up to
    ``TASK_MAX_ATTEMPTS`` times (``core.jobs``).
    """
    from metroagora.api.tasks import build_open_data

    jobs.run_job(EXPORT_JOB, export_id, lambda: _build(export_id), task=build_open_data)
    return OpenDataExport.objects.get(pk=export_id)


def _build(export_id: int) -> None:
    """One attempt, on a claimed export; an error goes up to ``jobs.run_job``."""
    rows = OpenDataExport.objects.filter(pk=export_id)
    rows.update(started_at=timezone.now(), progress=0)
    listener = progress_listener.get()
    shown = 0

    def progress(done: int, expected: int) -> None:
        nonlocal shown
        percent = min(99, done * 100 // expected) if expected else 99
        if percent > shown:  # at most 100 writes, whatever the number of rows
            rows.update(progress=percent)
            if listener is not None:
                listener(percent - shown)
            shown = percent

    report = publish(progress)
    rows.update(
        status=ExportStatus.DONE,
        finished_at=timezone.now(),
        progress=100,
        file_size=report.size,
        row_counts=report.counts,
        error="",
    )
    if listener is not None:
        listener(100 - shown)


@dataclass(frozen=True)
class CatalogueEntry:
    dataset: Dataset
    rows: int | None


def catalogue(export: OpenDataExport | None) -> list[CatalogueEntry]:
    """Every dataset with its rows in the published file (None before the first one)."""
    counts = (export.row_counts or {}) if export is not None else {}
    return [CatalogueEntry(dataset, counts.get(dataset.name)) for dataset in DATASETS]
