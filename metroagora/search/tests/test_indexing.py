"""The index follows every change of what it holds, in the same transaction."""

import pytest
from django.core.management import call_command

from metroagora.accounts.tests.factories import UserFactory
from metroagora.events.models import EventStatus
from metroagora.events.tests.factories import EventFactory, TopicFactory
from metroagora.forum import services as forum
from metroagora.forum.models import ContributionTranslation, Visibility
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.practices.models import PracticeStatus
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.search import indexing
from metroagora.search.backends import get_backend
from metroagora.search.models import SearchDocument
from metroagora.search.tests.conftest import found

pytestmark = pytest.mark.django_db


def fr(text):
    return {"fr": text, "_original": "fr"}


def test_it_indexes_a_practice_when_published_and_drops_it_when_withdrawn():
    practice = PracticeFactory(title=fr("Jardins partagés sur les toits"))
    assert found("jardins") == []
    practice.status = PracticeStatus.PUBLISHED
    practice.save()
    assert found("jardins") == [("practice", practice.pk)]
    practice.title = fr("Potagers partagés sur les toits")
    practice.save()
    assert found("jardins") == []
    assert found("potagers") == [("practice", practice.pk)]
    practice.status = PracticeStatus.CHANGES_REQUESTED
    practice.save()
    assert found("potagers") == []
    practice.status = PracticeStatus.PUBLISHED
    practice.save()
    practice.delete()
    assert found("potagers") == []
    assert not SearchDocument.objects.exists()


def test_it_follows_topics_added_and_removed():
    practice = PracticeFactory(published=True, title=fr("Velotaxi solidaire"))
    climate = TopicFactory(slug="climate")
    practice.topics.add(climate)
    assert found("velotaxi", topic="climate") == [("practice", practice.pk)]
    practice.topics.remove(climate)
    assert found("velotaxi", topic="climate") == []
    climate.practices.add(practice)  # from the other side
    assert found("velotaxi", topic="climate") == [("practice", practice.pk)]
    climate.practices.clear()
    assert found("velotaxi", topic="climate") == []


def test_it_indexes_a_debate_and_shares_its_changes_with_its_contributions():
    debate = DebateFactory(question={"en": "Should buses be free?", "_original": "en"})
    contribution = ContributionFactory(debate=debate, text="Velotaxi would be better.")
    assert found("buses") == [("debate", debate.pk)]
    climate = TopicFactory(slug="climate")
    debate.topics.add(climate)
    assert set(found("velotaxi buses", topic="climate")) == set()  # contributions' titles
    assert found("velotaxi", topic="climate") == [("contribution", contribution.pk)]
    debate.question = {"en": "Should trams be free?", "_original": "en"}
    debate.save()
    assert found("buses") == []
    assert found("trams") == [("debate", debate.pk)]
    doc = SearchDocument.objects.get(kind="contribution", object_id=contribution.pk)
    assert doc.title["en"] == "Should trams be free?"
    debate.delete()
    assert found("trams") == [] and found("velotaxi") == []
    assert not SearchDocument.objects.exists()


def test_it_follows_a_contribution_through_its_life():
    author = UserFactory()
    moderator = UserFactory(is_moderator=True)
    debate = DebateFactory()
    contribution = forum.post_contribution(
        author, debate, text="Velotaxi for every district.", stance="for", language="en"
    )
    assert found("velotaxi") == [("contribution", contribution.pk)]
    forum.edit_contribution(
        author, contribution, text="Rickshaws for every district.", stance="for"
    )
    assert found("velotaxi") == []
    assert found("rickshaw") == [("contribution", contribution.pk)]
    forum.hide_contribution(moderator, contribution, reason="Off topic")
    assert found("rickshaw") == []
    forum.restore_contribution(moderator, contribution)
    assert found("rickshaw") == [("contribution", contribution.pk)]
    forum.delete_contribution(author, contribution)
    assert found("rickshaw") == []


def test_it_finds_a_contribution_by_its_translations():
    contribution = ContributionFactory(text="Velotaxi in jeder Straße.", language="de")
    translation = ContributionTranslation.objects.create(
        contribution=contribution, language="fr", text="Vélotaxi dans chaque rue.", is_machine=True
    )
    assert found("rues") == [("contribution", contribution.pk)]
    assert found("strasse") == [("contribution", contribution.pk)]
    translation.delete()
    assert found("rues") == []


def test_it_holds_a_practices_questions_not_its_debate():
    practice = PracticeFactory(title=fr("Velotaxi solidaire"))
    debate = DebateFactory(question={"en": "Questions: velotaxi", "_original": "en"})
    question = ContributionFactory(debate=debate, text="How many bikes did you buy?")
    assert ("debate", debate.pk) in found("velotaxi")
    practice.qa_debate = debate
    practice.save()  # a draft: its questions are not public yet
    assert found("velotaxi") == []
    assert found("bikes") == []
    practice.status = PracticeStatus.PUBLISHED
    practice.save()
    assert found("velotaxi") == [("practice", practice.pk)]
    assert found("bikes") == [("contribution", question.pk)]
    doc = SearchDocument.objects.get(kind="contribution", object_id=question.pk)
    assert doc.title["fr"] == "Velotaxi solidaire" and doc.city_id == practice.city_id
    practice.delete()  # the debate is a debate of its own again
    assert set(found("velotaxi")) == {("debate", debate.pk)}


def test_it_indexes_public_events_only():
    event = EventFactory(status=EventStatus.DRAFT, title={"en": "Velotaxi day", "_original": "en"})
    assert found("velotaxi") == []
    for status in (EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.HELD):
        event.status = status
        event.save()
        assert found("velotaxi") == [("event", event.pk)], status
    event.status = EventStatus.DRAFT
    event.save()
    assert found("velotaxi") == []
    event.status = EventStatus.PUBLISHED
    event.save()
    event.delete()
    assert found("velotaxi") == []


def test_public_reindex_and_remove_work_after_queryset_updates():
    contribution = ContributionFactory(text="Velotaxi everywhere.")
    type(contribution).objects.filter(pk=contribution.pk).update(visibility=Visibility.HIDDEN)
    assert found("velotaxi") == [("contribution", contribution.pk)]  # update() is silent
    indexing.reindex(contribution)
    assert found("velotaxi") == []
    type(contribution).objects.filter(pk=contribution.pk).update(visibility=Visibility.VISIBLE)
    indexing.reindex(contribution)
    assert found("velotaxi") == [("contribution", contribution.pk)]
    indexing.remove(contribution)
    assert found("velotaxi") == []


def test_saving_costs_a_few_queries(django_assert_max_num_queries):
    contribution = ContributionFactory(text="Velotaxi everywhere.")
    with django_assert_max_num_queries(7):
        indexing.reindex(contribution)
    event = EventFactory()
    with django_assert_max_num_queries(6):
        indexing.reindex(event)


def test_it_rebuilds_the_index_from_scratch():
    practice = PracticeFactory(published=True, title=fr("Velotaxi solidaire"))
    PracticeFactory(title=fr("Velotaxi brouillon"))
    event = EventFactory(title={"en": "Velotaxi day", "_original": "en"})
    contribution = ContributionFactory(text="Velotaxi everywhere.")
    debate = contribution.debate
    get_backend().clear()
    assert found("velotaxi") == []
    out = _call("rebuild_search_index", "--no-progress")
    assert set(found("velotaxi")) == {
        ("practice", practice.pk),
        ("event", event.pk),
        ("contribution", contribution.pk),
    }
    assert found("question") == [("debate", debate.pk)]
    assert "practice: 1 indexed" in out and "Search index rebuilt: 4 documents" in out
    _call("rebuild_search_index", "--no-progress")  # again: the same index
    assert SearchDocument.objects.count() == 4


def _call(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()
