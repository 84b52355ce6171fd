"""The next statement to vote on: never one already voted, drawn by Pol.is priority."""

import random
from collections import Counter

import pytest

from metroagora.opinions.models import StatementStatus
from metroagora.opinions.selectors import NEW_STATEMENT_PRIORITY, next_statement
from metroagora.opinions.tests.factories import (
    OpinionMapFactory,
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)


@pytest.fixture
def opinion_map(db):
    return OpinionMapFactory()


def _priorities(opinion_map, priorities):
    opinion_map.priorities = {str(s.pk): p for s, p in priorities.items()}
    opinion_map.save(update_fields=["priorities"])


def _draws(opinion_map, participant, n=500):
    rng = random.Random(20260427)
    return Counter(next_statement(opinion_map, participant, rng)[0] for _n in range(n))


def test_it_never_offers_a_statement_already_voted(opinion_map):
    statements = [StatementFactory(opinion_map=opinion_map) for _n in range(5)]
    participant = ParticipantFactory(opinion_map=opinion_map)
    for statement in statements[:4]:
        VoteFactory(participant=participant, statement=statement, value=0)
    # The voted ones have by far the highest priority: still never offered.
    _priorities(opinion_map, {**dict.fromkeys(statements[:4], 100.0), statements[4]: 0.01})
    assert _draws(opinion_map, participant, 200) == Counter({statements[4]: 200})
    assert next_statement(opinion_map, participant)[1:] == (4, 5)


def test_it_draws_high_priority_statements_more_often(opinion_map):
    high, low = StatementFactory(opinion_map=opinion_map), StatementFactory(opinion_map=opinion_map)
    _priorities(opinion_map, {high: 9.0, low: 1.0})
    draws = _draws(opinion_map, ParticipantFactory(opinion_map=opinion_map))
    assert draws[high] + draws[low] == 500
    assert draws[high] > 4 * draws[low]  # expected 9 to 1
    assert draws[low] > 0  # still a chance, so every statement gets votes


def test_it_gives_statements_new_since_the_analysis_the_top_priority(opinion_map):
    analysed, new = (
        StatementFactory(opinion_map=opinion_map),
        StatementFactory(opinion_map=opinion_map),
    )
    _priorities(opinion_map, {analysed: NEW_STATEMENT_PRIORITY / 10})
    draws = _draws(opinion_map, None)
    assert draws[new] > 4 * draws[analysed]


def test_it_still_offers_a_statement_of_priority_zero_when_nothing_else_is_left(opinion_map):
    statement = StatementFactory(opinion_map=opinion_map)
    _priorities(opinion_map, {statement: 0.0})
    assert next_statement(opinion_map, None)[0] == statement


def test_it_returns_none_once_everything_is_voted(opinion_map):
    statements = [StatementFactory(opinion_map=opinion_map) for _n in range(3)]
    participant = ParticipantFactory(opinion_map=opinion_map)
    for statement in statements:
        VoteFactory(participant=participant, statement=statement)
    assert next_statement(opinion_map, participant) == (None, 3, 3)


def test_it_offers_only_shown_statements_of_this_map(opinion_map):
    shown = StatementFactory(opinion_map=opinion_map)
    StatementFactory(opinion_map=opinion_map, status=StatementStatus.PENDING)
    StatementFactory(opinion_map=opinion_map, status=StatementStatus.REJECTED)
    StatementFactory()  # another map
    assert _draws(opinion_map, None, 100) == Counter({shown: 100})
    assert next_statement(opinion_map, None)[1:] == (0, 1)


def test_it_counts_only_votes_of_this_participant(opinion_map):
    statements = [StatementFactory(opinion_map=opinion_map) for _n in range(2)]
    me, other = (ParticipantFactory(opinion_map=opinion_map) for _n in range(2))
    VoteFactory(participant=other, statement=statements[0])
    VoteFactory(participant=other, statement=statements[1])
    VoteFactory(participant=me, statement=statements[0])
    assert next_statement(opinion_map, me) == (statements[1], 1, 2)


def test_it_returns_none_for_an_empty_map(opinion_map):
    assert next_statement(opinion_map, None) == (None, 0, 0)
