"""A person's votes and statements in opinion maps: export and erase."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.opinions import privacy
from metroagora.opinions.models import Participant, Statement, StatementStatus, Vote
from metroagora.opinions.tests.factories import (
    OpinionMapFactory,
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def test_it_exports_the_persons_votes_and_statements():
    person = UserFactory()
    opinion_map = OpinionMapFactory(created_by=person)
    voter = ParticipantFactory(opinion_map=opinion_map, user=person)
    statement = StatementFactory(opinion_map=opinion_map, text="More trees")
    VoteFactory(participant=voter, statement=statement, value=-1)
    VoteFactory(statement=statement, participant=ParticipantFactory(opinion_map=opinion_map))
    StatementFactory(opinion_map=opinion_map, author=person, text="Fewer cars")
    data = privacy.export_personal_data(person)
    (joined,) = data["maps"]
    assert joined["votes"] == [
        {
            "statement": statement.pk,
            "text": "More trees",
            "vote": -1,
            "when": joined["votes"][0]["when"],
        }
    ]
    assert data["statements"][0]["text"] == "Fewer cars"
    assert data["maps_opened"] == [opinion_map.slug]


def test_votes_stay_counted_without_the_person_and_pending_statements_go():
    person = UserFactory()
    opinion_map = OpinionMapFactory(created_by=person)
    voter = ParticipantFactory(opinion_map=opinion_map, user=person)
    shown = StatementFactory(opinion_map=opinion_map, author=person)
    pending = StatementFactory(
        opinion_map=opinion_map, author=person, status=StatementStatus.PENDING
    )
    VoteFactory(participant=voter, statement=shown)
    VoteFactory(statement=shown, participant=ParticipantFactory(opinion_map=opinion_map))
    privacy.erase_personal_data(person)
    voter.refresh_from_db()
    assert (voter.user, voter.token) == (None, None)
    assert Vote.objects.filter(statement=shown).count() == 2
    shown.refresh_from_db()
    assert shown.author is None
    assert not Statement.objects.filter(pk=pending.pk).exists()
    opinion_map.refresh_from_db()
    assert opinion_map.created_by is None
    assert Participant.objects.filter(user__isnull=False).count() == 1  # the other voter's
