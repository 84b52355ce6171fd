"""The public side: the list, the web page in each language, the PDF downloads."""

import re

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.publications.models import RenderStatus
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    FAKE_PDF,
    PublicationFactory,
    TextPartFactory,
    VersionFactory,
    en,
    en_fr,
    jpeg_upload,
)

editor = factories_publications.editor  # a fixture
media_in_tmp = factories_publications.media_in_tmp  # a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def published():
    publication = PublicationFactory(
        published=True,
        slug="cities-2026",
        title=en_fr("Cities shaping Europe", "Des villes qui façonnent l'Europe"),
        subtitle=en("What we learned"),
        cover=jpeg_upload("cover.jpg"),
        cover_alt="A square at dusk",
    )
    TextPartFactory(publication=publication, heading=en_fr("Budgets", "Budgets participatifs"))
    VersionFactory(publication=publication, number=1, page_count=42, published=True)
    VersionFactory(publication=publication, number=1, language="fr", page_count=44)
    return publication


# --- The list --------------------------------------------------------------------------------


def test_it_lists_published_publications_with_their_downloads(client, published):
    PublicationFactory(title=en("A draft nobody sees"))
    response = client.get("/en/publications/")
    page = html(response)
    assert response.status_code == 200
    assert "Cities shaping Europe" in page
    assert "A draft nobody sees" not in page
    assert 'href="/en/publications/cities-2026/pdf/en/"' in page
    assert "PDF in English" in page and "42 pages" in page
    assert "/pdf/fr/" not in page  # the French version is not offered
    assert 'alt="A square at dusk"' in page
    assert "New publication" not in page


def test_it_shows_editors_the_drafts_and_the_way_to_add_one(client, editor, published):
    PublicationFactory(title=en("Our next report"), slug="next")
    client.force_login(editor)
    page = html(client.get("/en/publications/"))
    assert "Our next report" in page
    assert 'href="/en/publications/next/parts/"' in page
    assert 'href="/en/publications/new/"' in page


def test_it_lists_in_a_fixed_number_of_queries(client, published, django_assert_max_num_queries):
    for _ in range(5):
        publication = PublicationFactory(published=True)
        VersionFactory(publication=publication, published=True)
        VersionFactory(publication=publication, language="fr", published=True)
    with django_assert_max_num_queries(4):
        response = client.get("/en/publications/")
    assert response.status_code == 200


# --- The web page ----------------------------------------------------------------------------


def test_it_shows_the_publication_with_its_downloads(client, published):
    response = client.get("/en/publications/cities-2026/")
    page = html(response)
    assert response.status_code == 200
    assert '<article class="pub-article" lang="en">' in page
    assert "<h1>Cities shaping Europe</h1>" in page
    assert ">Budgets</h2>" in page
    assert 'href="#introduction"' in page
    assert "PDF in English" in page and "42 pages" in page
    assert "bytes" in page  # the file size
    assert 'href="?lang=fr"' in page


def test_it_reads_in_another_language_with_the_original_as_fallback(client, published):
    page = html(client.get("/en/publications/cities-2026/?lang=fr"))
    assert '<article class="pub-article" lang="fr">' in page
    assert "Des villes qui façonnent" in page
    assert ">Budgets participatifs</h2>" in page
    assert '<p class="lead" lang="en">What we learned</p>' in page  # English only
    assert 'href="?lang=en"' in page


def test_it_reads_in_the_page_language_when_the_publication_has_it(client, published):
    page = html(client.get("/fr/publications/cities-2026/"))
    assert '<article class="pub-article" lang="fr">' in page


def test_it_shows_text_parts_in_a_fixed_number_of_queries(client, published):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/publications/cities-2026/").status_code == 200
        return len(captured.captured_queries)

    few = count()
    for n in range(15):
        TextPartFactory(publication=published, image=jpeg_upload(f"p{n}.jpg"), image_alt="A")
    assert count() == few


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_it_hides_a_draft_from_the_public(client, who):
    PublicationFactory(slug="draft")
    if who == "participant":
        client.force_login(UserFactory())
    assert client.get("/en/publications/draft/").status_code == 404


def test_it_lets_editors_preview_a_draft(client, editor):
    PublicationFactory(slug="draft", title=en("Work in progress"))
    client.force_login(editor)
    page = html(client.get("/en/publications/draft/"))
    assert "This publication is a draft" in page
    assert "Work in progress" in page


# --- Downloads -------------------------------------------------------------------------------


def test_it_downloads_the_published_pdf(client, published):
    response = client.get("/en/publications/cities-2026/pdf/en/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cities-2026-en.pdf"'
    assert b"".join(response.streaming_content) == FAKE_PDF


def test_it_does_not_download_what_is_not_offered(client, published):
    assert client.get("/en/publications/cities-2026/pdf/fr/").status_code == 404
    assert client.get("/en/publications/cities-2026/pdf/de/").status_code == 404
    draft = PublicationFactory(slug="draft")
    VersionFactory(publication=draft, published=True)
    assert client.get("/en/publications/draft/pdf/en/").status_code == 404


def test_it_does_not_download_a_version_that_failed(client, published):
    published.versions.filter(language="en").update(status=RenderStatus.FAILED)
    assert client.get("/en/publications/cities-2026/pdf/en/").status_code == 404


# --- Images ----------------------------------------------------------------------------------


def test_it_serves_the_images_of_a_published_publication(client, published):
    page = html(client.get("/en/publications/cities-2026/"))
    cover = re.search(r'<img src="(/en/publications/cities-2026/cover/\?v=\w+)"', page)
    assert cover is not None
    response = client.get(cover[1])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "public" in response["Cache-Control"]
    part = published.parts.get()
    assert client.get(f"/en/publications/cities-2026/parts/{part.pk}/image/").status_code == 404


def test_it_serves_a_practice_image_for_a_practice_part(client, published):
    from metroagora.practices.models import PracticeImage
    from metroagora.practices.tests.factories import PracticeFactory, png_file
    from metroagora.publications.models import PartKind, PublicationPart

    practice = PracticeFactory(published=True)
    PracticeImage.objects.create(practice=practice, image=png_file(), alt_text="A street party")
    part = PublicationPart.objects.create(
        publication=published, kind=PartKind.PRACTICE, practice=practice, order=5
    )
    page = html(client.get("/en/publications/cities-2026/"))
    assert f"/en/publications/cities-2026/parts/{part.pk}/image/?v=" in page
    assert 'alt="A street party"' in page
    response = client.get(f"/en/publications/cities-2026/parts/{part.pk}/image/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_it_hides_the_images_of_a_draft(client, editor):
    PublicationFactory(slug="draft", cover=jpeg_upload(), cover_alt="A photo")
    assert client.get("/en/publications/draft/cover/").status_code == 404
    client.force_login(editor)
    response = client.get("/en/publications/draft/cover/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
