"""The background task renders each version, reporting its progress stage by stage."""

import pytest

from metroagora.publications import publications_pdf as pdf
from metroagora.publications import publications_services as services
from metroagora.publications.models import RenderStatus
from metroagora.publications.publications_tasks import render_publication_version
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    PublicationFactory,
    TextPartFactory,
    en_fr,
    jpeg_upload,
)

editor = factories_publications.editor  # a fixture
media_in_tmp = factories_publications.media_in_tmp  # a fixture

pytestmark = pytest.mark.usefixtures("media_in_tmp")


@pytest.fixture
def publication():
    publication = PublicationFactory(translated=True)
    for n in range(3):
        TextPartFactory(
            publication=publication,
            heading=en_fr(f"Chapter {n}", f"Chapitre {n}"),
            image=jpeg_upload(f"photo-{n}.jpg"),
            image_alt=f"Photo {n}",
        )
    return publication


@pytest.fixture
def stages(monkeypatch):
    """Every (status, progress) the task writes, in order."""
    seen: list[tuple[str, int]] = []
    original = pdf._set

    def record(version_id, **fields):
        seen.append((fields.get("status", ""), fields.get("progress", -1)))
        original(version_id, **fields)

    monkeypatch.setattr(pdf, "_set", record)
    return seen


def test_it_renders_every_language_in_the_background(
    editor, publication, stages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        versions = services.render_new_version(editor, publication)
    assert len(versions) == 2
    for version in versions:
        version.refresh_from_db()
        assert version.status == RenderStatus.DONE
        assert version.progress == 100
        assert version.page_count and 3 <= version.page_count <= 8
        assert version.finished_at is not None
        assert version.pdf.name.endswith(f"-v1-{version.language}.pdf")
        with version.pdf.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    progress = [value for _status, value in stages if value >= 0]
    assert progress[0] == pdf.STAGES["loading"]
    assert pdf.STAGES["layout"] in progress and pdf.STAGES["writing"] in progress
    assert progress == sorted(progress[: len(progress) // 2]) + sorted(
        progress[len(progress) // 2 :]
    )  # rising, for each of the two languages
    assert (RenderStatus.RENDERING, pdf.STAGES["loading"]) in stages


def test_it_keeps_every_version(editor, publication, django_capture_on_commit_callbacks):
    for _round in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.render_new_version(editor, publication, languages=["en"])
    versions = publication.versions.order_by("number")
    assert [(v.number, v.status) for v in versions] == [
        (1, RenderStatus.DONE),
        (2, RenderStatus.DONE),
    ]
    assert versions[0].pdf.name != versions[1].pdf.name
    assert all(v.pdf.storage.exists(v.pdf.name) for v in versions)


def test_it_records_a_failure_and_renders_again_on_retry(
    editor, publication, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html, on_layout=None):
        raise RuntimeError("Pango is missing")

    monkeypatch.setattr(pdf, "render_document", broken)
    with django_capture_on_commit_callbacks(execute=True):
        (version,) = services.render_new_version(editor, publication, languages=["fr"])
    version.refresh_from_db()
    assert version.status == RenderStatus.FAILED
    assert "Pango is missing" in version.error
    assert not version.pdf
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_version(editor, version)
    version.refresh_from_db()
    assert (version.status, version.error) == (RenderStatus.DONE, "")


def test_it_does_nothing_for_a_finished_or_missing_version(editor, publication):
    assert render_publication_version.call(0) == RenderStatus.FAILED
    (version,) = services.render_new_version(editor, publication, languages=["en"])
    assert render_publication_version.call(version.pk) == RenderStatus.DONE
    version.refresh_from_db()
    name = version.pdf.name
    assert render_publication_version.call(version.pk) == RenderStatus.DONE
    version.refresh_from_db()
    assert version.pdf.name == name
