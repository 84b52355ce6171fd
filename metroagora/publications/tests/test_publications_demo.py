"""The demo publication: built from the other demos, its English PDF rendered and published."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from metroagora.accounts.tests.factories import UserFactory
from metroagora.events.models import EventStatus
from metroagora.events.tests.factories import EventFactory
from metroagora.forum.models import Debate, DebateStatus
from metroagora.opinions.tests.factories import OpinionMapFactory
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications.models import Publication, PublicationStatus, RenderStatus
from metroagora.publications.publications_demo import SLUG, seed_demo_publications
from metroagora.publications.tests import factories_publications

media_in_tmp = factories_publications.media_in_tmp  # a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


@pytest.fixture
def demo_world():
    UserFactory(email="editor@metroagora.eu", is_editor=True)
    UserFactory(email="admin@metroagora.eu", is_superuser=True, is_staff=True)
    UserFactory(email="moderator@metroagora.eu", is_moderator=True)
    for email in ("participant@", "resident@", "policymaker@"):
        UserFactory(email=f"{email}metroagora.eu")
    PracticeFactory(published=True, translated=True)
    OpinionMapFactory()
    EventFactory(status=EventStatus.HELD)


def test_it_builds_and_publishes_the_demo_publication(demo_world, capsys):
    call_command("seed_demo_publications", "--if-empty")
    assert "Demo publication loaded" in capsys.readouterr().out
    publication = Publication.objects.get(slug=SLUG)
    assert publication.status == PublicationStatus.PUBLISHED
    assert str(publication.title).startswith("Cities shaping Europe")
    assert publication.cover and publication.cover_alt
    kinds = list(publication.parts.values_list("kind", flat=True))
    assert kinds == ["text", "practice", "debate", "opinion_map", "event", "funding", "text"]
    (version,) = publication.versions.all()
    assert (version.language, version.status, version.is_published) == (
        "en",
        RenderStatus.DONE,
        True,
    )
    assert version.page_count and version.page_count >= 8
    debate = Debate.objects.get(slug="network-lessons-2026")
    assert debate.status == DebateStatus.CLOSED and debate.conclusions
    assert debate.contributions.count() == 3
    call_command("seed_demo_publications", "--if-empty")
    assert "already has publications" in capsys.readouterr().out
    again = seed_demo_publications()  # replaces it
    assert again.pages == version.page_count
    assert Publication.objects.count() == 1


def test_it_says_which_demo_to_load_first(db):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_demo_publications")
