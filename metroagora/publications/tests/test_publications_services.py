"""Composing a publication through the services: texts, cover, parts, versions, publishing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metroagora.accounts.tests.factories import UserFactory
from metroagora.events.models import EventStatus
from metroagora.events.tests.factories import EventFactory
from metroagora.forum.models import DebateStatus
from metroagora.forum.tests.factories import DebateFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.opinions.tests.factories import OpinionMapFactory
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications import publications_services as services
from metroagora.publications.models import (
    PartKind,
    Publication,
    PublicationStatus,
    PublicationVersion,
    RenderStatus,
)
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    PublicationFactory,
    TextPartFactory,
    VersionFactory,
    en,
    en_fr,
    jpeg_upload,
    not_an_image,
    png_upload,
)

editor = factories_publications.editor  # a fixture
media_in_tmp = factories_publications.media_in_tmp  # a fixture
network_admin = factories_publications.network_admin  # a fixture

pytestmark = pytest.mark.usefixtures("media_in_tmp")


@pytest.fixture
def enqueued(monkeypatch):
    """The version ids handed to the background task (nothing is rendered)."""
    ids: list[int] = []
    monkeypatch.setattr(services, "_enqueue", ids.append)
    return ids


# --- The publication ----------------------------------------------------------------------


def test_it_creates_a_draft_with_an_address_from_the_title(editor):
    publication = services.create_publication(
        editor,
        title=en_fr("Cities shaping Europe", "Des villes qui façonnent l'Europe"),
        subtitle=en("What we learned"),
        cover=jpeg_upload(),
        cover_alt="  A square in Lyon at dusk  ",
    )
    assert publication.slug == "cities-shaping-europe"
    assert publication.status == PublicationStatus.DRAFT
    assert publication.created_by == editor
    assert publication.cover_alt == "A square in Lyon at dusk"
    assert services.publication_languages(publication) == ["en", "fr"]
    again = services.create_publication(editor, title=en("Cities shaping Europe"))
    assert again.slug == "cities-shaping-europe-2"


def test_it_lets_network_admins_create_publications(network_admin):
    assert services.create_publication(network_admin, title=en("Annual report")).pk


@pytest.mark.parametrize("role", ["participant", "moderator", "coordinator"])
def test_it_refuses_other_people(role, db):
    from metroagora.network.tests.factories import MembershipFactory

    user = UserFactory(is_moderator=role == "moderator")
    if role == "coordinator":
        MembershipFactory(user=user, role="coordinator")
    with pytest.raises(PermissionDenied):
        services.create_publication(user, title=en("Mine"))
    publication = PublicationFactory()
    with pytest.raises(PermissionDenied):
        services.add_part(user, publication, kind=PartKind.TEXT, text=en("Hello"))
    with pytest.raises(PermissionDenied):
        services.render_new_version(user, publication)
    assert not publication.parts.exists()


def test_it_needs_a_title(editor):
    with pytest.raises(ValidationError) as error:
        services.create_publication(editor, title={})
    assert "title" in error.value.message_dict


def test_it_needs_a_description_of_the_cover(editor):
    with pytest.raises(ValidationError) as error:
        services.create_publication(editor, title=en("Report"), cover=jpeg_upload(), cover_alt="")
    assert "Describe the cover image" in error.value.message_dict["cover_alt"][0]
    assert not Publication.objects.exists()


def test_it_refuses_a_cover_that_is_not_an_image(editor):
    with pytest.raises(ValidationError) as error:
        services.create_publication(
            editor, title=en("Report"), cover=not_an_image(), cover_alt="A photo"
        )
    assert "not a JPEG, PNG or WebP image" in error.value.message_dict["cover"][0]
    assert not Publication.objects.exists()


def test_it_updates_the_texts_and_removes_the_cover(editor):
    publication = services.create_publication(
        editor, title=en("Report"), cover=png_upload(), cover_alt="A drawing"
    )
    updated = services.update_publication(
        editor, publication, title=en_fr("Report", "Rapport"), remove_cover=True
    )
    assert str(updated.title) == "Report"
    assert updated.title.get("fr") == "Rapport"
    assert not updated.cover
    assert updated.cover_alt == ""
    assert updated.slug == publication.slug


def test_it_keeps_an_existing_cover_description_required(editor):
    publication = services.create_publication(
        editor, title=en("Report"), cover=jpeg_upload(), cover_alt="A photo"
    )
    with pytest.raises(ValidationError) as error:
        services.update_publication(editor, publication, cover_alt="")
    assert "cover_alt" in error.value.message_dict


# --- Parts --------------------------------------------------------------------------------


def test_it_adds_parts_of_every_kind_in_order(editor):
    publication = PublicationFactory()
    practice = PracticeFactory(published=True)
    debate = DebateFactory(status=DebateStatus.CLOSED, conclusions=en("We agreed."))
    opinion_map = OpinionMapFactory()
    event = EventFactory(status=EventStatus.HELD)
    city = CityFactory()
    parts = [
        services.add_part(
            editor,
            publication,
            kind=PartKind.TEXT,
            heading=en("Why"),
            text=en("Because."),
            image=jpeg_upload(),
            image_alt="People at a table",
        ),
        services.add_part(editor, publication, kind=PartKind.PRACTICE, practice=practice),
        services.add_part(editor, publication, kind=PartKind.DEBATE, debate=debate),
        services.add_part(editor, publication, kind=PartKind.OPINION_MAP, opinion_map=opinion_map),
        services.add_part(editor, publication, kind=PartKind.EVENT, event=event),
        services.add_part(editor, publication, kind=PartKind.FUNDING, city=city, practice=practice),
    ]
    assert [p.order for p in parts] == [0, 1, 2, 3, 4, 5]
    assert parts[1].practice == practice
    assert parts[5].city == city
    assert parts[5].practice is None  # only what the kind uses is kept
    assert parts[0].image_alt == "People at a table"


def test_it_refuses_a_practice_that_is_not_published(editor):
    publication = PublicationFactory()
    with pytest.raises(ValidationError) as error:
        services.add_part(
            editor, publication, kind=PartKind.PRACTICE, practice=PracticeFactory(in_review=True)
        )
    assert "not published" in error.value.message_dict["practice"][0]
    assert not publication.parts.exists()


def test_it_refuses_an_open_debate_and_a_draft_event(editor):
    publication = PublicationFactory()
    with pytest.raises(ValidationError) as error:
        services.add_part(editor, publication, kind=PartKind.DEBATE, debate=DebateFactory())
    assert "no conclusions yet" in error.value.message_dict["debate"][0]
    with pytest.raises(ValidationError) as error:
        services.add_part(
            editor, publication, kind=PartKind.EVENT, event=EventFactory(status=EventStatus.DRAFT)
        )
    assert "draft" in error.value.message_dict["event"][0]
    with pytest.raises(ValidationError) as error:
        services.add_part(editor, publication, kind=PartKind.OPINION_MAP)
    assert "opinion_map" in error.value.message_dict
    assert not publication.parts.exists()


def test_it_needs_a_text_and_a_description_of_each_image(editor):
    publication = PublicationFactory()
    with pytest.raises(ValidationError) as error:
        services.add_part(editor, publication, kind=PartKind.TEXT, heading=en("Empty"))
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_part(
            editor, publication, kind=PartKind.TEXT, text=en("Hello"), image=jpeg_upload()
        )
    assert "Describe the image" in error.value.message_dict["image_alt"][0]
    with pytest.raises(ValidationError) as error:
        services.add_part(
            editor,
            publication,
            kind=PartKind.TEXT,
            text=en("Hello"),
            image=not_an_image("chart.png"),
            image_alt="A chart",
        )
    assert "not a JPEG, PNG or WebP image" in error.value.message_dict["image"][0]
    with pytest.raises(ValidationError):
        services.add_part(editor, publication, kind="video", text=en("Hello"))
    assert not publication.parts.exists()


def test_it_refuses_texts_that_are_too_long(editor):
    publication = PublicationFactory()
    with pytest.raises(ValidationError) as error:
        services.add_part(editor, publication, kind=PartKind.TEXT, text=en("x" * 20_001))
    assert "text" in error.value.message_dict


def test_it_moves_parts_up_and_down_and_stays_at_the_ends(editor):
    publication = PublicationFactory()
    first, second, third = (TextPartFactory(publication=publication) for _ in range(3))

    def order():
        return list(publication.parts.order_by("order").values_list("pk", flat=True))

    services.move_part(editor, third, "up")
    assert order() == [first.pk, third.pk, second.pk]
    services.move_part(editor, first, "up")  # already first
    assert order() == [first.pk, third.pk, second.pk]
    services.move_part(editor, first, "down")
    assert order() == [third.pk, first.pk, second.pk]
    services.move_part(editor, second, "down")  # already last
    assert order() == [third.pk, first.pk, second.pk]
    with pytest.raises(ValidationError):
        services.move_part(editor, first, "sideways")


def test_it_removes_a_part_and_renumbers_the_others(editor):
    publication = PublicationFactory()
    first, second, third = (TextPartFactory(publication=publication) for _ in range(3))
    services.remove_part(editor, second)
    assert list(publication.parts.values_list("pk", "order")) == [(first.pk, 0), (third.pk, 1)]


def test_it_updates_a_part_in_one_language_and_keeps_the_others(editor):
    part = TextPartFactory(heading=en("Budgets"), text=en("Residents decide."))
    services.update_part(
        editor,
        part,
        heading=en_fr("Budgets", "Budgets participatifs"),
        image=jpeg_upload(),
        image_alt="A vote",
    )
    part.refresh_from_db()
    assert part.heading.get("fr") == "Budgets participatifs"
    assert str(part.text) == "Residents decide."
    assert part.image and part.image_alt == "A vote"
    with pytest.raises(ValidationError):
        services.update_part(editor, part, text={})


# --- Versions and publishing ------------------------------------------------------------------


def test_it_makes_one_version_per_language_and_enqueues_each(
    editor, enqueued, django_capture_on_commit_callbacks
):
    publication = PublicationFactory(translated=True)
    with django_capture_on_commit_callbacks(execute=True):
        versions = services.render_new_version(editor, publication)
    assert [(v.number, v.language, v.status) for v in versions] == [
        (1, "en", RenderStatus.QUEUED),
        (1, "fr", RenderStatus.QUEUED),
    ]
    assert enqueued == [v.pk for v in versions]


def test_it_numbers_the_next_version_and_keeps_the_old_ones(editor, enqueued):
    publication = PublicationFactory()
    VersionFactory(publication=publication, number=1)
    VersionFactory(publication=publication, number=2, status=RenderStatus.FAILED)
    versions = services.render_new_version(editor, publication)
    assert [v.number for v in versions] == [3]
    assert publication.versions.count() == 3


def test_it_waits_for_a_version_being_made(editor, enqueued):
    publication = PublicationFactory()
    VersionFactory(publication=publication, status=RenderStatus.RENDERING, pdf="")
    with pytest.raises(ValidationError) as error:
        services.render_new_version(editor, publication)
    assert "still being made" in error.value.messages[0]


def test_it_renders_some_languages_only_when_asked(editor, enqueued):
    publication = PublicationFactory(translated=True)
    versions = services.render_new_version(editor, publication, languages=["fr"])
    assert [v.language for v in versions] == ["fr"]
    with pytest.raises(ValidationError):
        services.render_new_version(editor, publication, languages=["de"])


def test_it_retries_a_failed_version_only(editor, enqueued):
    failed = VersionFactory(status=RenderStatus.FAILED, error="boom", pdf="")
    services.retry_version(editor, failed)
    failed.refresh_from_db()
    assert (failed.status, failed.error) == (RenderStatus.QUEUED, "")
    with pytest.raises(ValidationError):
        services.retry_version(editor, VersionFactory(publication=failed.publication, number=2))


def test_it_offers_one_version_per_language(editor):
    publication = PublicationFactory()
    first = VersionFactory(publication=publication, number=1, published=True)
    second = VersionFactory(publication=publication, number=2)
    french = VersionFactory(publication=publication, number=1, language="fr", published=True)
    services.publish_version(editor, second)
    assert set(PublicationVersion.objects.filter(is_published=True)) == {second, french}
    first.refresh_from_db()
    assert not first.is_published
    services.unpublish_version(editor, second)
    assert set(PublicationVersion.objects.filter(is_published=True)) == {french}


def test_it_offers_only_finished_versions(editor):
    queued = VersionFactory(status=RenderStatus.QUEUED, pdf="")
    with pytest.raises(ValidationError):
        services.publish_version(editor, queued)


def test_it_publishes_once_a_version_is_offered(editor):
    publication = PublicationFactory()
    VersionFactory(publication=publication)
    with pytest.raises(ValidationError) as error:
        services.publish_publication(editor, publication)
    assert "render a version" in error.value.messages[0]
    VersionFactory(publication=publication, number=2, published=True)
    published = services.publish_publication(editor, publication)
    assert published.status == PublicationStatus.PUBLISHED
    assert published.published_at is not None
    first_date = published.published_at
    services.unpublish_publication(editor, publication)
    again = services.publish_publication(editor, publication)
    assert again.published_at == first_date
    assert publication.versions.count() == 2
