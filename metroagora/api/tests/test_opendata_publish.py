"""Publishing the open data ZIP all-or-nothing, and the export runs that record it."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import opendata, opendata_datasets
from metroagora.api.models import ExportStatus, OpenDataExport
from metroagora.api.tests.factories_opendata import members, table
from metroagora.network.tests.factories import CityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def archive(media: Path) -> Path:
    return media / opendata.ARCHIVE_NAME


def leftovers(media: Path) -> list[str]:
    return [name for name in os.listdir(archive(media).parent) if name.startswith(".")]


def fail_in_contributions(monkeypatch, after: int = 0) -> None:
    """Make the build fail in the middle of the ZIP, once a few rows are written."""
    datasets = list(opendata.DATASETS)
    index = next(i for i, d in enumerate(datasets) if d.name == "contributions")
    original = datasets[index]

    def broken(rows):
        yield from list(original.rows(rows))[:after]
        raise RuntimeError("the database went away")

    datasets[index] = opendata_datasets.Dataset(
        original.name,
        original.title,
        original.description,
        original.columns,
        original.queryset,
        broken,
    )
    monkeypatch.setattr(opendata, "DATASETS", tuple(datasets))


def test_it_publishes_the_zip_in_the_storage(media):
    CityFactory(slug="lyon")
    report = opendata.publish()
    path = archive(media)
    assert path.exists() and report.size == path.stat().st_size > 0
    assert report.counts["cities"] == 1
    assert [row["slug"] for row in table(path.read_bytes(), "cities.csv")] == ["lyon"]
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)
    assert leftovers(media) == []


def test_a_failure_midway_keeps_the_previous_file_and_leaves_nothing_behind(media, monkeypatch):
    CityFactory(slug="lyon")
    opendata.publish()
    before = archive(media).read_bytes()
    CityFactory(slug="porto")
    fail_in_contributions(monkeypatch)
    with pytest.raises(RuntimeError):
        opendata.publish()
    assert archive(media).read_bytes() == before
    assert leftovers(media) == []


def test_files_of_builds_killed_midway_are_cleaned_up(media):
    opendata.publish()
    directory = archive(media).parent
    dead, recent = directory / ".building-dead.zip", directory / ".building-recent.zip"
    dead.write_bytes(b"half a zip")
    recent.write_bytes(b"a build running now")
    hours_ago = time.time() - 7 * 3600
    os.utime(dead, (hours_ago, hours_ago))
    opendata.publish()
    assert not dead.exists() and recent.exists()


def test_a_failed_export_records_its_error_and_the_old_file_stays(
    media, monkeypatch, django_capture_on_commit_callbacks
):
    CityFactory(slug="lyon")
    with django_capture_on_commit_callbacks(execute=True):
        first = opendata.start_export(None)
    first.refresh_from_db()
    assert first.status == ExportStatus.DONE
    before = archive(media).read_bytes()
    fail_in_contributions(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        second = opendata.start_export(None)
    second.refresh_from_db()
    assert second.status == ExportStatus.FAILED
    assert second.error == "RuntimeError: the database went away"
    assert second.finished_at is not None and second.row_counts == {}
    assert archive(media).read_bytes() == before
    assert opendata.published_export() == first


def test_an_export_records_its_rows_size_and_progress(media, django_capture_on_commit_callbacks):
    CityFactory(slug="lyon")
    seen: list[int] = []
    token = opendata.progress_listener.set(seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            export = opendata.start_export(None)
    finally:
        opendata.progress_listener.reset(token)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.progress == 100
    assert export.file_size == archive(media).stat().st_size
    assert export.row_counts["cities"] == 1
    assert set(export.row_counts) == {d.name for d in opendata.DATASETS}
    assert export.started_at is not None and export.finished_at is not None
    assert export.started_at <= export.finished_at
    assert sum(seen) == 100 and all(step > 0 for step in seen)


def test_only_network_admins_ask_for_a_build():
    city = CityFactory()
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, city=city, role="coordinator")
    for person in (UserFactory(), coordinator, UserFactory(is_moderator=True, is_editor=True)):
        with pytest.raises(PermissionDenied):
            opendata.start_export(person)
    assert OpenDataExport.objects.count() == 0
    admin = UserFactory(is_superuser=True, is_staff=True)
    export = opendata.start_export(admin)
    assert export.requested_by == admin and export.status == ExportStatus.QUEUED


def test_one_build_at_a_time():
    admin = UserFactory(is_superuser=True)
    running = opendata.start_export(admin)
    with pytest.raises(ValidationError):
        opendata.start_export(admin)
    assert opendata.start_export(None) == running  # the nightly run does not queue another
    assert OpenDataExport.objects.count() == 1


def test_a_build_left_running_for_hours_does_not_block_the_next():
    admin = UserFactory(is_superuser=True)
    dead = opendata.start_export(admin)
    OpenDataExport.objects.filter(pk=dead.pk).update(
        status=ExportStatus.RUNNING, created_at=dead.created_at - timedelta(hours=7)
    )
    dead.refresh_from_db()
    assert not dead.is_active
    assert opendata.start_export(admin) != dead


def test_a_finished_export_is_not_run_again(media):
    export = OpenDataExport.objects.create(status=ExportStatus.DONE)
    assert opendata.run_export(export.pk).status == ExportStatus.DONE
    assert not archive(media).exists()


def test_a_storage_without_local_files_gets_the_complete_file(settings, media):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    CityFactory(slug="lyon")
    opendata.publish()
    CityFactory(slug="porto")
    report = opendata.publish()  # replaces the first one, under the same name
    with opendata.open_archive() as handle:
        data = handle.read()
    assert len(data) == report.size
    assert {row["slug"] for row in table(data, "cities.csv")} == {"lyon", "porto"}
    assert default_storage.listdir("open-data") == ([], ["metroagora-open-data.zip"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the task runs after commit
def test_the_command_builds_the_file(media, capsys):
    CityFactory(slug="lyon")
    call_command("build_open_data", "--no-progress")
    out = capsys.readouterr().out
    assert "Open data built: 26 files" in out
    assert "cities.csv" in members(archive(media).read_bytes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_fails_loudly_and_keeps_the_file(media, monkeypatch):
    call_command("build_open_data", "--no-progress")
    before = archive(media).read_bytes()
    fail_in_contributions(monkeypatch)
    with pytest.raises(CommandError, match="the previous file is kept"):
        call_command("build_open_data", "--no-progress")
    assert archive(media).read_bytes() == before


def test_with_a_task_worker_the_command_only_queues(settings, media):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("build_open_data", "--no-progress")
    export = OpenDataExport.objects.get()
    assert export.status == ExportStatus.QUEUED
    assert not archive(media).exists()
