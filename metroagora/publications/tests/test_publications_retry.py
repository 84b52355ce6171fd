"""A version renders once however often its task is delivered, and again after an error
(core.jobs); its page says which attempt runs; "Try again" starts the count anew."""

from datetime import timedelta

import pytest
from django.utils import timezone

from metroagora.publications import publications_pdf as pdf
from metroagora.publications import publications_services as services
from metroagora.publications.models import PublicationVersion, RenderStatus
from metroagora.publications.models.publications import VERSION_JOB
from metroagora.publications.publications_tasks import render_publication_version
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    PublicationFactory,
    TextPartFactory,
    VersionFactory,
)

editor = factories_publications.editor  # a fixture
media_in_tmp = factories_publications.media_in_tmp  # a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def publication():
    publication = PublicationFactory(slug="report", translated=True)
    TextPartFactory(publication=publication)
    return publication


@pytest.fixture
def renders(monkeypatch):
    """Each layout of a PDF; the first ones fail as many times as asked."""
    real = pdf.render_document
    seen: list[str] = []
    failures: list[Exception] = []

    def counted(html, on_layout=None):
        seen.append("rendered")
        if failures:
            raise failures.pop(0)
        return real(html, on_layout)

    monkeypatch.setattr(pdf, "render_document", counted)
    return seen, failures


def queued_version(publication) -> PublicationVersion:
    return PublicationVersion.objects.create(publication=publication, number=1, language="en")


def test_a_version_delivered_twice_is_rendered_once(publication, renders):
    seen, _failures = renders
    version = queued_version(publication)
    assert render_publication_version.call(version.pk) == RenderStatus.DONE
    assert render_publication_version.call(version.pk) == RenderStatus.DONE
    assert seen == ["rendered"]
    assert PublicationVersion.objects.get(pk=version.pk).attempts == 1


def test_a_failed_render_is_retried_later_and_succeeds(publication, renders, settings):
    settings.TASKS = DUMMY
    seen, failures = renders
    failures.append(MemoryError("out of memory"))
    version = queued_version(publication)
    assert pdf.render_version(version.pk) == RenderStatus.QUEUED
    version.refresh_from_db()
    assert (version.attempts, version.error) == (1, "MemoryError: out of memory")
    (retry,) = render_publication_version.get_backend().results
    assert retry.args == [version.pk] and retry.task.run_after is not None
    assert retry.task.call(*retry.args) == RenderStatus.DONE
    version.refresh_from_db()
    assert (version.status, version.attempts, version.error) == (RenderStatus.DONE, 2, "")
    assert version.pdf and version.page_count
    assert seen == ["rendered", "rendered"]


def test_try_again_after_every_attempt_failed_renders_it(editor, publication, renders):
    seen, failures = renders
    failures.extend([RuntimeError("Pango is missing")] * 3)
    version = queued_version(publication)
    assert render_publication_version.call(version.pk) == RenderStatus.FAILED  # 3 at once
    version.refresh_from_db()
    assert (version.attempts, version.error) == (3, "RuntimeError: Pango is missing")
    services.retry_version(editor, version)
    assert render_publication_version.call(version.pk) == RenderStatus.DONE
    assert PublicationVersion.objects.get(pk=version.pk).attempts == 1
    assert len(seen) == 4


def test_the_page_shows_the_attempt_while_it_waits_to_retry(client, editor, publication):
    VersionFactory(publication=publication, number=1, language="en")
    VersionFactory(
        publication=publication,
        number=1,
        language="fr",
        status=RenderStatus.QUEUED,
        attempts=1,
        error="MemoryError",
        pdf="",
    )
    client.force_login(editor)
    page = client.get("/en/publications/report/versions/1/").content.decode()
    assert page.count("It failed; trying again (attempt 2 of 3).") == 1


def test_opening_the_page_of_a_version_whose_worker_died_queues_it_again(
    client, editor, publication, settings
):
    settings.TASKS = DUMMY
    backend = render_publication_version.get_backend()
    backend.clear()
    VersionFactory(publication=publication, number=1, language="en")  # done
    dead = timezone.now() - VERSION_JOB.stale_after - timedelta(minutes=1)
    stuck = VersionFactory(
        publication=publication,
        number=1,
        language="fr",
        status=RenderStatus.RENDERING,
        attempts=1,
        claimed_at=dead,
        pdf="",
    )
    client.force_login(editor)
    assert client.get("/en/publications/report/versions/1/").status_code == 200
    assert [(r.task.name, r.args) for r in backend.results] == [
        ("render_publication_version", [stuck.pk])
    ]
    PublicationVersion.objects.filter(pk=stuck.pk).update(attempts=3)
    page = client.get("/en/publications/report/versions/1/").content.decode()
    assert len(backend.results) == 1  # used its attempts: failed, not queued again
    assert PublicationVersion.objects.get(pk=stuck.pk).status == RenderStatus.FAILED
    assert "WorkerStopped" in page
