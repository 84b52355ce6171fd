"""The matcher's index follows every change of the calls, and reads again only the terms
of the calls written since it was built."""

import pytest

from metroagora.events.models import Topic
from metroagora.funding import matching, selectors
from metroagora.funding.models import Call
from metroagora.funding.tests.factories import CallFactory, programme

pytestmark = pytest.mark.django_db

HEAT = matching.Needs(text="Shade and trees against urban heat in schoolyards")


@pytest.fixture(autouse=True)
def fresh_index():
    selectors.forget_call_index()
    yield
    selectors.forget_call_index()


def profiles() -> dict[int, matching.CallProfile]:
    return {p.id: p for p in selectors.call_index().calls}


def test_it_reads_again_only_the_terms_of_the_calls_written_since():
    kept, changed = CallFactory(), CallFactory()
    before = profiles()
    changed.title = "Cycling lanes and safer streets for commuters"
    changed.match_terms = matching.call_terms(changed.title, [], "")
    changed.save()
    after = profiles()
    assert after[kept.pk].terms is before[kept.pk].terms
    assert after[changed.pk].terms is not before[changed.pk].terms
    assert "cycl" in after[changed.pk].terms
    assert [r.call.pk for r in selectors.ranked_calls(HEAT)] == [kept.pk]


def test_a_new_call_is_ranked_and_a_deleted_one_is_gone():
    first = CallFactory()
    assert [r.call.pk for r in selectors.ranked_calls(HEAT)] == [first.pk]
    second = CallFactory()
    assert {r.call.pk for r in selectors.ranked_calls(HEAT)} == {first.pk, second.pk}
    Call.objects.filter(pk=first.pk).delete()
    assert [r.call.pk for r in selectors.ranked_calls(HEAT)] == [second.pk]


def test_the_same_question_is_ranked_once_until_the_calls_change(monkeypatch):
    first = CallFactory()
    rankings = []
    rank = matching.rank

    def counted(*args, **kwargs):
        rankings.append(1)
        return rank(*args, **kwargs)

    monkeypatch.setattr(matching, "rank", counted)
    for _ in range(3):
        assert [r.call.pk for r in selectors.ranked_calls(HEAT)] == [first.pk]
    assert len(rankings) == 1
    second = CallFactory()
    assert {r.call.pk for r in selectors.ranked_calls(HEAT)} == {first.pk, second.pk}
    assert len(rankings) == 2


def test_a_topic_given_to_a_call_reaches_the_index():
    call = CallFactory()
    assert profiles()[call.pk].topics == frozenset()
    topic, _ = Topic.objects.get_or_create(slug="climate", defaults={"name": "Climate"})
    call.topics.add(topic)
    assert profiles()[call.pk].topics == frozenset({"climate"})
    topic.funding_calls.remove(call)
    assert profiles()[call.pk].topics == frozenset()


def test_a_programme_change_reaches_the_index():
    call = CallFactory()
    life = programme("LIFE")
    assert profiles()[call.pk].city_fit == life.city_fit
    life.city_fit = 0 if life.city_fit else 3
    life.save()
    assert profiles()[call.pk].city_fit == life.city_fit


def test_a_closed_call_is_no_candidate():
    call = CallFactory(closed=True)
    assert call.pk not in profiles()
    CallFactory()
    assert call.pk not in profiles()
