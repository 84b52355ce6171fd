"""Backups: the whole database and every media file in one portable archive.

An archive is a ``.tar.gz`` that holds, in this order:

- ``manifest.json``: the format, the MetroAgora version, the database it came from,
  its migration state, the number of rows of every model and the media files;
- ``data/<app>.<model>.jsonl``: every row of every model (auto-created many-to-many
  tables included), in Django's JSON Lines serialization with primary keys and full
  precision, read in one consistent snapshot;
- ``media/<path>``: every file of the default storage.

It knows no domain: every installed app's models are saved, whatever they are. It is
portable: a backup of SQLite restores on PostgreSQL and the other way round.

A restore refuses an archive whose migration state differs from this code's, then
migrates the database, empties it, loads every row and checks the counts, all in one
transaction (nothing changes if anything fails), and only then replaces the media
files. Data derived from the rows and kept outside models (the search index's SQLite
FTS table) is rebuilt by receivers of :data:`database_restored`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import posixpath
import shutil
import tarfile
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
MEDIA_DIR = "media/"
BATCH = 1000

# Sent after a restore has committed, with ``manifest``: rebuild what the rows imply.
database_restored = Signal()

Progress = Callable[[int], Any]


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do."""


@dataclass
class Manifest:
    format: int
    version: str
    created: str
    vendor: str
    migrations: list[str]
    rows: dict[str, int]
    media_files: int = 0
    media_bytes: int = 0

    def to_json(self) -> bytes:
        data = {
            "format": self.format,
            "version": self.version,
            "created": self.created,
            "vendor": self.vendor,
            "migrations": self.migrations,
            "rows": self.rows,
            "media": {"files": self.media_files, "bytes": self.media_bytes},
        }
        return json.dumps(data, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            media = data.get("media", {})
            return cls(
                format=int(data["format"]),
                version=str(data["version"]),
                created=str(data["created"]),
                vendor=str(data["vendor"]),
                migrations=[str(name) for name in data["migrations"]],
                rows={str(label): int(count) for label, count in data["rows"].items()},
                media_files=int(media.get("files", 0)),
                media_bytes=int(media.get("bytes", 0)),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(_("The backup's manifest is damaged: %s") % error) from error

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass
class RestoreReport:
    rows: int = 0
    media_files: int = 0
    media_bytes: int = 0


# --- What is saved ---------------------------------------------------------------------


def saved_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every model with a table of its own, many-to-many tables included, by label."""
    connection = connections[using]
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.can_migrate(connection) and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def _fields(model: type[models.Model]) -> list[str]:
    """The columns of the model's own table (many-to-many tables are saved apart)."""
    return [f.name for f in model._meta.local_fields]


def code_migrations() -> list[str]:
    """The migrations this code has: what ``migrate`` brings a database to."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.graph.nodes)


def database_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations applied to the database (squashed ones as the code knows them)."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    applied = loader.applied_migrations or {}
    return sorted(f"{app}.{name}" for app, name in applied if (app, name) in loader.graph.nodes)


def project_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def media_files(storage: Storage | None = None) -> Iterator[str]:
    """Every file name in the storage, sorted, walking its folders."""
    storage = storage or default_storage

    def walk(folder: str) -> Iterator[str]:
        try:
            folders, files = storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return
        for name in sorted(files):
            yield posixpath.join(folder, name) if folder else name
        for name in sorted(folders):
            yield from walk(posixpath.join(folder, name) if folder else name)

    yield from walk("")


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


# --- Backup ------------------------------------------------------------------------------


@contextlib.contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """Read every table as of one moment, without stopping writers."""
    connection = connections[using]
    if connection.in_atomic_block:  # already in a transaction (tests)
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # A deferred read transaction: WAL gives it a snapshot and writers go on
        # (the site's atomic blocks begin IMMEDIATE, which would lock them out).
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
    else:
        with transaction.atomic(using=using):
            yield


def write_backup(
    output: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    on_start: Callable[[str, int], Any] | None = None,
    progress: Progress | None = None,
) -> Manifest:
    """Write the archive to ``output`` (atomically: a partial file is never left there).

    ``on_start(phase, total)`` announces the rows, then the media files;
    ``progress(n)`` follows each.
    """
    storage = storage or default_storage
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="metroagora-backup-") as tmp:
        data_dir = Path(tmp)
        with _snapshot(using):
            manifest = _dump_rows(data_dir, using, on_start, progress)
        media = [(name, storage.size(name)) for name in media_files(storage)]
        manifest.media_files = len(media)
        manifest.media_bytes = sum(size for _name, size in media)
        if on_start:
            on_start("media", len(media))
        partial = output.with_name(output.name + ".partial")
        try:
            with partial.open("wb") as raw:
                os.chmod(partial, 0o600)  # password hashes and personal data
                with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                    # The manifest first: a restore checks it before touching anything.
                    _add_file(tar, MANIFEST, io.BytesIO(manifest.to_json()))
                    for label in manifest.rows:
                        tar.add(data_dir / f"{label}.jsonl", arcname=f"{DATA_DIR}{label}.jsonl")
                    for name, size in media:
                        _add_media(tar, storage, name, size)
                        if progress:
                            progress(1)
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


def _dump_rows(
    data_dir: Path,
    using: str,
    on_start: Callable[[str, int], Any] | None,
    progress: Progress | None,
) -> Manifest:
    models_ = saved_models(using)
    querysets = {
        model._meta.label_lower: model._base_manager.using(using).order_by("pk")
        for model in models_
    }
    counts = {label: queryset.count() for label, queryset in querysets.items()}
    if on_start:
        on_start("rows", sum(counts.values()))
    serializer = serializers.get_serializer("jsonl")
    rows: dict[str, int] = {}
    for model in models_:
        label = model._meta.label_lower
        written = 0

        def counted(objects: Iterable[models.Model]) -> Iterator[models.Model]:
            nonlocal written
            for obj in objects:
                yield obj
                written += 1
                if progress and written % BATCH == 0:
                    progress(BATCH)

        with (data_dir / f"{label}.jsonl").open("w", encoding="utf-8") as out:
            serializer().serialize(
                counted(querysets[label].iterator(chunk_size=2000)),
                stream=out,
                fields=_fields(model),
                cls=_FullPrecisionEncoder,
            )
        if progress and written % BATCH:
            progress(written % BATCH)
        rows[label] = written
    migrations = database_migrations(using)
    return Manifest(
        format=FORMAT,
        version=project_version(),
        created=timezone.now().isoformat(),
        vendor=connections[using].vendor,
        migrations=migrations,
        rows=rows,
    )


def _add_media(tar: tarfile.TarFile, storage: Storage, name: str, size: int) -> None:
    try:
        with storage.open(name, "rb") as content:
            _add_file(tar, MEDIA_DIR + name, content, size)
    except (FileNotFoundError, tarfile.TarError, OSError) as error:
        raise BackupError(
            _(
                "The media file %(name)s changed or disappeared while the backup ran "
                "(%(error)s). Run the backup again."
            )
            % {"name": name, "error": error}
        ) from error


def _add_file(tar: tarfile.TarFile, name: str, content: IO[bytes], size: int | None = None) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content.getvalue()) if isinstance(content, io.BytesIO) else int(size or 0)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, content)


# --- Restore -----------------------------------------------------------------------------


def read_manifest(path: Path) -> Manifest:
    """The manifest of an archive, or a BackupError saying what is wrong with the file."""
    with _open_archive(path) as tar:
        return _first_manifest(tar)


@contextlib.contextmanager
def _open_archive(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        with tarfile.open(path, mode="r|gz") as tar:
            yield tar
    except FileNotFoundError as error:
        raise BackupError(_("There is no file %(path)s.") % {"path": path}) from error
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            _("%(path)s is not a MetroAgora backup, or it is damaged (%(error)s).")
            % {"path": path, "error": error}
        ) from error


def _first_manifest(tar: tarfile.TarFile) -> Manifest:
    member = tar.next()
    if member is None or member.name != MANIFEST or not member.isfile():
        raise BackupError(
            _("This file is not a MetroAgora backup: it does not start with a manifest.")
        )
    stream = tar.extractfile(member)
    assert stream is not None
    manifest = Manifest.from_json(stream.read())
    if manifest.format != FORMAT:
        raise BackupError(
            _(
                "This backup has format %(found)s; this version of MetroAgora reads format "
                "%(expected)s. Restore it with the version that made it (%(version)s)."
            )
            % {"found": manifest.format, "expected": FORMAT, "version": manifest.version}
        )
    return manifest


def check_migrations(manifest: Manifest) -> None:
    """Refuse a backup whose database was at another migration state than this code."""
    ours = set(code_migrations())
    theirs = set(manifest.migrations)
    if ours == theirs:
        return
    missing, unknown = sorted(ours - theirs), sorted(theirs - ours)
    parts = []
    if unknown:
        parts.append(
            _("the backup has %(count)s migrations this code does not know (%(names)s)")
            % {"count": len(unknown), "names": ", ".join(unknown[:5])}
        )
    if missing:
        parts.append(
            _("this code has %(count)s migrations the backup's database had not run (%(names)s)")
            % {"count": len(missing), "names": ", ".join(missing[:5])}
        )
    raise BackupError(
        _(
            "This backup comes from another version of the database (MetroAgora %(version)s, "
            "%(created)s): %(differences)s. Restore it with the version of MetroAgora that "
            "made it, then upgrade and migrate as usual."
        )
        % {
            "version": manifest.version,
            "created": manifest.created[:16].replace("T", " "),
            "differences": "; ".join(parts),
        }
    )


def restore_backup(
    path: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    migrate: Callable[[], Any] | None = None,
    on_start: Callable[[str, int], Any] | None = None,
    progress: Progress | None = None,
) -> RestoreReport:
    """Replace every row and media file by the archive's; see the module's docstring.

    ``migrate()`` brings the database to this code's migrations first (the command
    passes ``call_command("migrate")``).
    """
    storage = storage or default_storage
    manifest = read_manifest(path)
    check_migrations(manifest)
    if migrate is not None:
        migrate()
    report = RestoreReport()
    with tempfile.TemporaryDirectory(prefix="metroagora-restore-") as tmp:
        staged = Path(tmp)
        with _open_archive(path) as tar, transaction.atomic(using=using):
            _first_manifest(tar)
            _flush(using)
            if on_start:
                on_start("rows", manifest.total_rows)
            media_started = False
            for member in tar:
                if member.name.startswith(DATA_DIR) and member.isfile():
                    report.rows += _load_rows(tar, member, using, progress)
                elif member.name.startswith(MEDIA_DIR) and member.isfile():
                    if not media_started and on_start:
                        on_start("media", manifest.media_files)
                    media_started = True
                    report.media_bytes += _stage_file(tar, member, staged)
                    report.media_files += 1
                    if progress:
                        progress(1)
            _check_loaded(manifest, report, using)
        # The rows are committed: now the media files, then whatever derives from them.
        _replace_media(storage, staged)
    for cache in caches.all(initialized_only=True):
        cache.clear()
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    database_restored.send(sender=None, manifest=manifest, using=using)
    return report


def _flush(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred foreign-key checks pending in this
        # transaction (when a caller wrote first): run those checks now.
        connection.check_constraints()
    statements = sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=False)
    connection.ops.execute_sql_flush(statements)


def _load_rows(
    tar: tarfile.TarFile, member: tarfile.TarInfo, using: str, progress: Progress | None
) -> int:
    label = member.name[len(DATA_DIR) :].removesuffix(".jsonl")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise BackupError(
            _("The backup holds rows of %(label)s, which this code does not know.")
            % {"label": label}
        ) from error
    raw = tar.extractfile(member)
    assert raw is not None
    stream = _lines(raw)
    manager = model._base_manager.using(using)
    # A model that inherits from another one cannot be bulk-created: row by row.
    one_by_one = bool(model._meta.parents)
    batch: list[models.Model] = []
    loaded = 0
    try:
        with _dates_as_saved(model):
            for item in serializers.deserialize("jsonl", stream, using=using):
                if one_by_one:
                    item.save(using=using)
                else:
                    batch.append(item.object)
                loaded += 1
                if len(batch) >= BATCH:
                    manager.bulk_create(batch)
                    batch = []
                if progress and loaded % BATCH == 0:
                    progress(BATCH)
            if batch:
                manager.bulk_create(batch)
    except serializers.base.DeserializationError as error:
        raise BackupError(
            _("The rows of %(label)s in the backup cannot be read: %(error)s")
            % {"label": label, "error": error}
        ) from error
    if progress and loaded % BATCH:
        progress(loaded % BATCH)
    return loaded


@contextlib.contextmanager
def _dates_as_saved(model: type[models.Model]) -> Iterator[None]:
    """bulk_create stamps ``auto_now`` dates with the time of the restore; keep the rows'."""
    stamped = [
        (f, f.auto_now, f.auto_now_add)
        for f in model._meta.local_fields
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]
    for f, _now, _add in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in stamped:
            f.auto_now, f.auto_now_add = now, add


def _lines(raw: IO[bytes]) -> Iterator[str]:
    """The lines of a tar member read as a stream (which cannot seek)."""
    pending = b""
    while chunk := raw.read(1024 * 1024):
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for line in complete:
            yield line.decode("utf-8")
    if pending:
        yield pending.decode("utf-8")


def _check_loaded(manifest: Manifest, report: RestoreReport, using: str) -> None:
    connection = connections[using]
    models_ = saved_models(using)
    connection.check_constraints(table_names=[model._meta.db_table for model in models_])
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
    for model in models_:
        label = model._meta.label_lower
        expected = manifest.rows.get(label, 0)
        found = model._base_manager.using(using).count()
        if found != expected:
            raise BackupError(
                _(
                    "The backup is incomplete: %(label)s has %(found)s rows instead of "
                    "%(expected)s. Nothing was changed."
                )
                % {"label": label, "found": found, "expected": expected}
            )
    if report.media_files != manifest.media_files:
        raise BackupError(
            _(
                "The backup is incomplete: it holds %(found)s media files instead of "
                "%(expected)s. Nothing was changed."
            )
            % {"found": report.media_files, "expected": manifest.media_files}
        )


def _stage_file(tar: tarfile.TarFile, member: tarfile.TarInfo, folder: Path) -> int:
    name = member.name[len(MEDIA_DIR) :]
    parts = Path(name).parts
    if not name or Path(name).is_absolute() or ".." in parts:
        raise BackupError(_("The backup holds a file outside the media folder: %s") % name)
    source = tar.extractfile(member)
    assert source is not None
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)
    return member.size


def _replace_media(storage: Storage, staged: Path) -> None:
    """Make the storage hold exactly the staged files."""
    for name in list(media_files(storage)):
        storage.delete(name)
    for path in sorted(p for p in staged.rglob("*") if p.is_file()):
        name = path.relative_to(staged).as_posix()
        with path.open("rb") as content:
            saved = storage.save(name, File(content, name=name))
        if saved != name:
            raise BackupError(
                _("The media file %(name)s was stored as %(saved)s.")
                % {"name": name, "saved": saved}
            )
