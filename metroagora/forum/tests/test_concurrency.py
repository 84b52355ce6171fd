"""Agreement and contribution counts stay true under simultaneous clicks (PostgreSQL)."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.core.testing import at_once, postgresql_only
from metroagora.forum import services
from metroagora.forum.models import Contribution, Debate, Reaction
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only]

THREADS = 8


def test_it_counts_one_agreement_per_person_however_fast_they_click():
    contribution = ContributionFactory()
    person = UserFactory()
    _results, errors = at_once([lambda: services.toggle_agreement(person, contribution)] * THREADS)
    assert errors == []
    rows = Reaction.objects.filter(contribution=contribution).count()
    assert rows in (0, 1)
    contribution = Contribution.objects.get(pk=contribution.pk)
    assert contribution.agree_count == rows


def test_it_counts_every_person_agreeing_at_once():
    contribution = ContributionFactory()
    people = [UserFactory() for _ in range(THREADS)]
    _results, errors = at_once(
        [lambda p=p: services.toggle_agreement(p, contribution) for p in people]
    )
    assert errors == []
    assert Reaction.objects.filter(contribution=contribution).count() == THREADS
    assert Contribution.objects.get(pk=contribution.pk).agree_count == THREADS


def test_the_debate_counts_every_contribution_posted_at_once():
    debate = DebateFactory()
    people = [UserFactory() for _ in range(THREADS)]
    _results, errors = at_once(
        [
            lambda p=p: services.post_contribution(
                p, debate, text="Cities should have a say.", stance="for", language="en"
            )
            for p in people
        ]
    )
    assert errors == []
    assert Debate.objects.get(pk=debate.pk).contribution_count == THREADS


def test_moderators_hiding_the_same_contribution_at_once_take_it_away_once():
    contribution = ContributionFactory()
    ContributionFactory(debate=contribution.debate)
    moderators = [UserFactory(is_moderator=True) for _ in range(THREADS)]
    _results, errors = at_once(
        [
            lambda m=m: services.hide_contribution(
                m, Contribution.objects.get(pk=contribution.pk), reason="Insult"
            )
            for m in moderators
        ]
    )
    assert errors == []
    assert Debate.objects.get(pk=contribution.debate_id).contribution_count == 1
