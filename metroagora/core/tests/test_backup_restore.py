"""`manage.py backup` and `restore`: a round trip loses nothing, bad archives change nothing."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory
from metroagora.api.tests.factories_opendata import make_world
from metroagora.core import backups
from metroagora.network.models import City
from metroagora.network.tests.factories import CityFactory
from metroagora.publications.tests.factories_publications import image_bytes

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def fingerprint() -> dict[str, tuple[int, str]]:
    """Per model: the number of rows and a checksum of every value of every row."""
    result = {}
    for model in backups.saved_models():
        columns = [f.attname for f in model._meta.local_fields]
        digest = hashlib.sha256()
        rows = model._base_manager.order_by("pk").values_list(*columns)
        count = 0
        for row in rows.iterator():
            digest.update(repr(row).encode())
            count += 1
        result[model._meta.label_lower] = (count, digest.hexdigest())
    return result


def media_fingerprint() -> dict[str, str]:
    result = {}
    for name in backups.media_files():
        with default_storage.open(name, "rb") as file:
            result[name] = hashlib.sha256(file.read()).hexdigest()
    return result


def _populate() -> None:
    make_world()  # a bit of every app: events, forum, opinions, decisions, funding, ...
    default_storage.save("practices/images/2026/photo.jpg", ContentFile(image_bytes()))
    default_storage.save("videos/tracks/2026/talk.vtt", ContentFile(b"WEBVTT\n\n"))
    default_storage.save("odd names/é à.bin", ContentFile(bytes(range(256)) * 40))


def _populate_a_little() -> None:
    CityFactory(slug="lyon")
    UserFactory()
    default_storage.save("practices/images/2026/photo.jpg", ContentFile(image_bytes()))


def _wipe(media: Path) -> None:
    if connection.vendor == "postgresql":
        connection.check_constraints()  # TRUNCATE waits for no pending foreign-key check
    call_command("flush", interactive=False, verbosity=0)
    for name in list(backups.media_files()):
        default_storage.delete(name)
    UserFactory(email="after-the-backup@example.org")  # must be gone after the restore
    default_storage.save("after-the-backup.txt", ContentFile(b"gone after the restore"))


def _backup(path: Path) -> None:
    call_command("backup", output=path, no_progress=True, stdout=io.StringIO())


def _restore(path: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(path), interactive=False, no_progress=True, stdout=out)
    return out.getvalue()


def test_it_restores_every_row_and_media_file(db, media, tmp_path):
    _populate()
    before, files_before = fingerprint(), media_fingerprint()
    assert sum(count for count, _digest in before.values()) > 100
    assert len([label for label, (count, _d) in before.items() if count]) > 40
    assert len(files_before) >= 3
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    assert archive.stat().st_mode & 0o777 == 0o600

    _wipe(media)
    assert fingerprint() != before

    output = _restore(archive)
    after = fingerprint()
    # The search index is rebuilt after a restore (SQLite's full-text tables are not rows
    # of a model): the same documents, in new rows.
    derived = "search.searchdocument"
    assert after.pop(derived)[0] == before[derived][0]
    assert after == {label: value for label, value in before.items() if label != derived}
    assert media_fingerprint() == files_before
    assert "Restored" in output
    # The sequences follow the restored keys: new rows get new ones.
    highest = max(User.objects.values_list("pk", flat=True))
    assert UserFactory().pk > highest


def test_it_writes_a_manifest_first(db, media, tmp_path):
    _populate_a_little()
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert manifest["vendor"] == connection.vendor
    assert manifest["migrations"] == backups.code_migrations()
    assert manifest["rows"]["network.city"] == City.objects.count()
    assert manifest["media"] == {"files": 1, "bytes": len(image_bytes())}
    assert "media/practices/images/2026/photo.jpg" in names


def _rewrite_manifest(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def test_it_refuses_a_backup_from_another_migration_state(db, media, tmp_path):
    _populate_a_little()
    archive, changed = tmp_path / "backup.tar.gz", tmp_path / "older.tar.gz"
    _backup(archive)
    _rewrite_manifest(
        archive,
        changed,
        lambda m: (
            m["migrations"].remove("accounts.0001_initial")
            or m["migrations"].append("accounts.9999_from_the_future")
        ),
    )
    before = fingerprint()
    with pytest.raises(CommandError) as error:
        _restore(changed)
    message = str(error.value)
    assert "another version of the database" in message
    assert "accounts.9999_from_the_future" in message
    assert "accounts.0001_initial" in message
    assert fingerprint() == before


def test_it_changes_nothing_when_the_archive_is_incomplete(db, media, tmp_path):
    _populate_a_little()
    archive, changed = tmp_path / "backup.tar.gz", tmp_path / "incomplete.tar.gz"
    _backup(archive)
    _rewrite_manifest(archive, changed, lambda m: m["rows"].update({"network.city": 999}))
    UserFactory(email="still-here@example.org")
    before, files_before = fingerprint(), media_fingerprint()
    with pytest.raises(CommandError, match="incomplete: network.city has"):
        _restore(changed)
    assert fingerprint() == before
    assert media_fingerprint() == files_before


@pytest.mark.parametrize(
    "content", [b"", b"not an archive at all", b"\x1f\x8b\x08\x00garbage"], ids=str
)
def test_it_says_when_a_file_is_not_a_backup(db, media, tmp_path, content):
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="not a MetroAgora backup"):
        _restore(path)


def test_it_refuses_media_outside_the_media_folder(db, media, tmp_path):
    archive, changed = tmp_path / "backup.tar.gz", tmp_path / "evil.tar.gz"
    _backup(archive)
    with tarfile.open(archive) as source, tarfile.open(changed, "w:gz") as out:
        for member in source.getmembers():
            out.addfile(member, source.extractfile(member))
        evil = tarfile.TarInfo("media/../../escaped.txt")
        evil.size = 4
        out.addfile(evil, io.BytesIO(b"evil"))
    with pytest.raises(CommandError, match="outside the media folder"):
        _restore(changed)
    assert not (media.parent / "escaped.txt").exists()


def test_it_backs_up_the_media_of_any_storage(db, settings, tmp_path):
    """Media on another storage (S3 in production) go through the storage API."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    default_storage.save("news/2026/a.png", ContentFile(image_bytes(fmt="PNG")))
    default_storage.save("videos/tracks/en.vtt", ContentFile(b"WEBVTT\n\n"))
    files_before = media_fingerprint()
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    default_storage.delete("news/2026/a.png")
    default_storage.save("stray.txt", ContentFile(b"not in the backup"))
    _restore(archive)
    assert media_fingerprint() == files_before


def test_it_takes_the_media_storage_from_the_environment(tmp_path):
    env = {
        **os.environ,
        "MEDIA_STORAGE": "django.core.files.storage.InMemoryStorage",
        "MEDIA_STORAGE_OPTIONS": '{"base_url": "https://media.example.org/"}',
    }
    script = (
        "import django; django.setup(); "
        "from django.core.files.storage import default_storage as s; "
        "url = s.url('a'); print(type(s._wrapped).__name__, url)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "metroagora.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["InMemoryStorage", "https://media.example.org/a"], (
        result.stderr
    )
