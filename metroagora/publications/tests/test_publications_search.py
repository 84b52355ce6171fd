"""Published publications are found by search (title, subtitle, introduction); drafts are not."""

import pytest

from metroagora.publications import publications_services as services
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    PublicationFactory,
    VersionFactory,
    en,
    en_fr,
)
from metroagora.search.documents import publication_document
from metroagora.search.tests.conftest import found

editor = factories_publications.editor  # a fixture
media_in_tmp = factories_publications.media_in_tmp  # a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


def test_it_indexes_a_publication_once_published_and_drops_it_when_withdrawn(editor):
    publication = PublicationFactory(
        title=en_fr("Heatwave plans of the network", "Plans canicule du réseau"),
        subtitle=en("Shaded schoolyards and cool rooms"),
        introduction=en("How metropolitan cities prepare for summer."),
    )
    assert found("heatwave") == []
    VersionFactory(publication=publication, published=True)
    services.publish_publication(editor, publication)
    assert found("heatwave") == [("publication", publication.pk)]
    assert found("schoolyards") == [("publication", publication.pk)]
    assert found("canicule") == [("publication", publication.pk)]
    services.unpublish_publication(editor, publication)
    assert found("heatwave") == []


def test_it_builds_the_document_of_a_published_publication_only(editor):
    draft = PublicationFactory()
    assert publication_document(draft) is None
    published = PublicationFactory(published=True, introduction=en("An **introduction**."))
    doc = publication_document(published)
    assert doc is not None
    assert doc.kind == "publication"
    assert doc.url == f"/publications/{published.slug}/"
    assert "introduction" in doc.body["en"]
    assert doc.date == published.published_at


def test_it_forgets_a_deleted_publication(editor):
    publication = PublicationFactory(published=True, title=en("Mobility atlas"))
    assert found("atlas") == [("publication", publication.pk)]
    publication.delete()
    assert found("atlas") == []
