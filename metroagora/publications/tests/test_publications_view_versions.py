"""Rendering versions from the pages, following their status, offering and publishing."""

import pytest

from metroagora.publications import publications_services as services
from metroagora.publications.models import PublicationStatus, RenderStatus
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    FAKE_PDF,
    PublicationFactory,
    TextPartFactory,
    VersionFactory,
)

editor = factories_publications.editor  # a fixture
media_in_tmp = factories_publications.media_in_tmp  # a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]
HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def publication():
    publication = PublicationFactory(slug="report", translated=True)
    TextPartFactory(publication=publication)
    return publication


@pytest.fixture
def enqueued(monkeypatch):
    ids: list[int] = []
    monkeypatch.setattr(services, "_enqueue", ids.append)
    return ids


def test_it_renders_a_new_version_and_shows_its_status(
    client, editor, publication, enqueued, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    page = html(client.get("/en/publications/report/versions/"))
    assert "Render version 1" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/publications/report/versions/")
    assert response.status_code == 302
    assert response["Location"] == "/en/publications/report/versions/1/"
    assert len(enqueued) == 2
    page = html(client.get("/en/publications/report/versions/1/"))
    assert "Version 1 is being made" in page
    assert 'hx-trigger="every 2s"' in page
    assert 'hx-get="/en/publications/report/versions/1/"' in page
    assert "Refresh the status" in page  # without JavaScript
    assert page.count("<progress") == 2


def test_it_stops_polling_once_every_language_is_made(client, editor, publication):
    VersionFactory(publication=publication, number=1, language="en")
    french = VersionFactory(
        publication=publication, number=1, language="fr", status=RenderStatus.RENDERING, pdf=""
    )
    client.force_login(editor)
    polled = html(client.get("/en/publications/report/versions/1/", **HTMX))
    assert polled.startswith('<div id="version-status"')
    assert "<html" not in polled
    assert 'hx-trigger="every 2s"' in polled
    french.status = RenderStatus.DONE
    french.pdf = VersionFactory.build().pdf
    french.save()
    polled = html(client.get("/en/publications/report/versions/1/", **HTMX))
    assert "hx-trigger" not in polled
    assert "Every PDF of this version is finished." in polled
    assert 'href="/en/publications/report/versions/1/fr/pdf/"' in polled


def test_it_refuses_a_second_rendering_while_one_is_made(client, editor, publication, enqueued):
    VersionFactory(publication=publication, status=RenderStatus.QUEUED, pdf="")
    client.force_login(editor)
    response = client.post("/en/publications/report/versions/", follow=True)
    assert "Version 1 is still being made" in html(response)
    assert publication.versions.count() == 1


def test_it_lets_editors_download_any_finished_version(client, editor, publication):
    VersionFactory(publication=publication, number=3, language="fr")
    client.force_login(editor)
    response = client.get("/en/publications/report/versions/3/fr/pdf/")
    assert response.status_code == 200
    assert 'filename="report-v3-fr.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == FAKE_PDF
    assert client.get("/en/publications/report/versions/3/en/pdf/").status_code == 404


def test_it_hides_versions_from_the_public(client, publication):
    VersionFactory(publication=publication)
    assert client.get("/en/publications/report/versions/1/en/pdf/").status_code == 302
    assert client.get("/en/publications/report/versions/1/").status_code == 302


def test_it_offers_a_version_then_publishes_the_publication(client, editor, publication):
    VersionFactory(publication=publication, number=1)
    client.force_login(editor)
    response = client.post("/en/publications/report/publish/", {"action": "publish"}, follow=True)
    assert "Choose the PDF to offer first" in html(response)
    response = client.post("/en/publications/report/versions/1/en/", {"action": "publish"})
    assert response.status_code == 302
    assert response["Location"] == "/en/publications/report/versions/1/"
    assert publication.versions.get().is_published
    response = client.post("/en/publications/report/publish/", {"action": "publish"})
    assert response["Location"] == "/en/publications/report/"
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED
    client.logout()
    assert client.get("/en/publications/report/pdf/en/").status_code == 200


def test_it_withdraws_and_retries(client, editor, publication, enqueued):
    VersionFactory(publication=publication, number=1, published=True)
    failed = VersionFactory(
        publication=publication, number=1, language="fr", status=RenderStatus.FAILED, pdf=""
    )
    client.force_login(editor)
    client.post("/en/publications/report/versions/1/en/", {"action": "unpublish", "next": "list"})
    assert not publication.versions.filter(is_published=True).exists()
    page = html(client.get("/en/publications/report/versions/1/"))
    assert "Try again (French)" in page
    client.post("/en/publications/report/versions/1/fr/", {"action": "retry"})
    failed.refresh_from_db()
    assert failed.status == RenderStatus.QUEUED
    response = client.post("/en/publications/report/versions/1/fr/", {"action": "explode"})
    assert response.status_code == 302


def test_it_lists_every_version_kept(client, editor, publication):
    for number in (1, 2):
        for lang in ("en", "fr"):
            VersionFactory(publication=publication, number=number, language=lang)
    client.force_login(editor)
    page = html(client.get("/en/publications/report/versions/"))
    assert page.count('href="/en/publications/report/versions/2/"') == 2
    assert page.count('href="/en/publications/report/versions/1/"') == 2
    assert "Render version 3" in page
    assert "Offer version 2 (French)" in page
