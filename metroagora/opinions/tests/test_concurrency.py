"""One participant per person and map, one vote per statement, under simultaneous
requests (PostgreSQL)."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.core.testing import at_once, postgresql_only
from metroagora.opinions import services
from metroagora.opinions.models import Participant, Vote
from metroagora.opinions.tests.factories import (
    OpinionMapFactory,
    ParticipantFactory,
    StatementFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only]

THREADS = 8


def test_it_keeps_one_vote_when_a_person_votes_many_times_at_once():
    statement = StatementFactory()
    participant = ParticipantFactory(opinion_map=statement.opinion_map)
    values = [1, -1, 0, 1, -1, 0, 1, -1]
    _results, errors = at_once(
        [
            lambda value=value: services.cast_vote(participant.user, participant, statement, value)
            for value in values
        ]
    )
    assert errors == []
    votes = list(Vote.objects.filter(statement=statement).values_list("value", flat=True))
    assert len(votes) == 1
    assert votes[0] in values


def test_it_counts_every_person_voting_on_a_statement_at_once():
    statement = StatementFactory()
    participants = [ParticipantFactory(opinion_map=statement.opinion_map) for _ in range(THREADS)]
    _results, errors = at_once(
        [lambda p=p: services.cast_vote(p.user, p, statement, 1) for p in participants]
    )
    assert errors == []
    assert Vote.objects.filter(statement=statement, value=1).count() == THREADS


def test_it_makes_one_participant_when_a_person_joins_many_times_at_once():
    opinion_map = OpinionMapFactory()
    person = UserFactory()
    results, errors = at_once([lambda: services.join(opinion_map, person)] * THREADS)
    assert errors == []
    assert Participant.objects.filter(opinion_map=opinion_map, user=person).count() == 1
    assert len({p.pk for p in results}) == 1
