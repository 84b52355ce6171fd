"""Votes: agree / disagree / pass, one row per person and statement, changeable."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metroagora.opinions import services
from metroagora.opinions.models import Participant, StatementStatus, Vote
from metroagora.opinions.tests.factories import ParticipantFactory, StatementFactory


@pytest.fixture
def ballot(people, make_map):
    """A participant of a default map and its first statement."""
    opinion_map = make_map()
    participant = services.join(opinion_map, people.participant)
    return people.participant, participant, opinion_map.statements.first()


@pytest.mark.parametrize(("value", "stored"), [("1", 1), ("-1", -1), ("0", 0), (1, 1), (-1, -1)])
def test_it_records_agree_disagree_and_pass(ballot, value, stored):
    user, participant, statement = ballot
    vote = services.cast_vote(user, participant, statement, value)
    assert Vote.objects.get(pk=vote.pk).value == stored
    assert vote.opinion_map == statement.opinion_map


@pytest.mark.parametrize("value", ["2", "-2", "abc", "", None, "1; DROP TABLE", [1]])
def test_it_refuses_values_other_than_agree_disagree_and_pass(ballot, value):
    user, participant, statement = ballot
    with pytest.raises(ValidationError) as error:
        services.cast_vote(user, participant, statement, value)
    assert "value" in error.value.message_dict
    assert not Vote.objects.exists()


def test_it_refuses_a_statement_of_another_map(ballot, make_map):
    user, participant, _statement = ballot
    elsewhere = make_map().statements.first()
    with pytest.raises(ValidationError) as error:
        services.cast_vote(user, participant, elsewhere, "1")
    assert "statement" in error.value.message_dict
    assert not Vote.objects.exists()


@pytest.mark.parametrize("status", [StatementStatus.PENDING, StatementStatus.REJECTED])
def test_it_refuses_statements_that_are_not_shown(ballot, status):
    user, participant, statement = ballot
    hidden = StatementFactory(opinion_map=statement.opinion_map, status=status)
    with pytest.raises(ValidationError):
        services.cast_vote(user, participant, hidden, "1")
    assert not Vote.objects.exists()


@pytest.mark.parametrize("role", ["participant", "moderator", "admin"])
def test_it_refuses_votes_in_a_closed_map(people, make_map, role):
    opinion_map = make_map(status="closed")
    user = getattr(people, role)
    participant = ParticipantFactory(opinion_map=opinion_map, user=user)
    with pytest.raises(PermissionDenied):
        services.cast_vote(user, participant, opinion_map.statements.first(), "1")
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    "role", ["participant", "other_resident", "unverified_resident", "moderator", "admin"]
)
def test_it_keeps_a_residents_only_map_to_verified_residents(people, make_map, role):
    opinion_map = make_map("verified_residents_only")
    user = getattr(people, role)
    participant = ParticipantFactory(opinion_map=opinion_map, user=user)
    with pytest.raises(PermissionDenied):
        services.cast_vote(user, participant, opinion_map.statements.first(), "1")
    resident = ParticipantFactory(opinion_map=opinion_map, user=people.resident)
    services.cast_vote(people.resident, resident, opinion_map.statements.first(), "1")
    assert list(Vote.objects.values_list("participant", flat=True)) == [resident.pk]


def test_it_keeps_one_row_with_the_latest_value_when_a_vote_is_replayed(ballot):
    user, participant, statement = ballot
    for value in ("1", "1", "1", "-1", "-1", "0"):
        services.cast_vote(user, participant, statement, value)
    assert list(Vote.objects.values_list("participant", "statement", "value")) == [
        (participant.pk, statement.pk, 0)
    ]


def test_it_changes_a_vote_in_place(ballot):
    user, participant, statement = ballot
    services.cast_vote(user, participant, statement, "1")
    first = Vote.objects.get()
    services.cast_vote(user, participant, statement, "-1")
    changed = Vote.objects.get()
    assert changed.pk == first.pk
    assert changed.value == -1
    assert changed.created_at == first.created_at
    assert changed.updated_at > first.updated_at


def test_it_keeps_votes_of_people_apart(ballot, people):
    user, participant, statement = ballot
    other = services.join(statement.opinion_map, people.resident)
    services.cast_vote(user, participant, statement, "1")
    services.cast_vote(people.resident, other, statement, "-1")
    assert dict(Vote.objects.values_list("participant", "value")) == {
        participant.pk: 1,
        other.pk: -1,
    }


def test_it_turns_a_simultaneous_second_vote_into_a_change(ballot):
    """Another request inserted the same person's vote first: ours changes that row."""
    user, participant, statement = ballot
    Vote.objects.create(
        participant=participant, statement=statement, opinion_map=statement.opinion_map, value=1
    )
    services.cast_vote(user, participant, statement, "-1")
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


# --- Participants --------------------------------------------------------------------------


def test_it_makes_one_participant_per_person_and_map(people, make_map):
    opinion_map = make_map()
    first = services.join(opinion_map, people.participant)
    again = services.join(opinion_map, people.participant)
    elsewhere = services.join(make_map(), people.participant)
    assert first == again
    assert elsewhere != first
    assert first.token is None
    assert services.participant_for(opinion_map, user=people.participant) == first
    assert services.participant_for(opinion_map, user=people.resident) is None


def test_it_gives_anonymous_visitors_a_new_secret_identity_each_time(people, make_map):
    opinion_map = make_map("anonymous_voting")
    first = services.join(opinion_map, people.anonymous)
    second = services.join(opinion_map, people.anonymous)
    assert first != second
    assert first.user is None
    assert len(first.token) >= 40
    assert first.token != second.token
    assert services.participant_for(opinion_map, token=first.token) == first


@pytest.mark.parametrize("setting", ["default", "verified_residents_only"])
def test_it_refuses_anonymous_identities_where_anonymous_voting_is_off(people, make_map, setting):
    with pytest.raises(PermissionDenied):
        services.join(make_map(setting), people.anonymous)
    assert not Participant.objects.exists()


def test_it_finds_a_token_only_in_its_own_map_and_never_for_an_account(people, make_map):
    opinion_map = make_map("anonymous_voting")
    anonymous = services.join(opinion_map, people.anonymous)
    person = ParticipantFactory(opinion_map=opinion_map, user=people.participant, token="known")
    assert services.participant_for(make_map("anonymous_voting"), token=anonymous.token) is None
    assert services.participant_for(opinion_map, token="known") is None
    assert services.participant_for(opinion_map, token="") is None
    assert services.participant_for(opinion_map) is None
    assert person.pk
