"""Statements: the 140-character limit, duplicates, review by moderators."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metroagora.forum.models import ModerationAction, ModerationLogEntry
from metroagora.forum.tests.factories import DebateFactory
from metroagora.opinions import services
from metroagora.opinions.models import Statement, StatementStatus
from metroagora.opinions.tests.factories import OpinionMapFactory, StatementFactory


def _text_error(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.message_dict["text"])


def test_it_accepts_140_characters_and_refuses_141(people, make_map):
    opinion_map = make_map(statements=0)
    statement = services.submit_statement(people.participant, opinion_map, "a" * 140, language="en")
    assert len(statement.text) == 140
    with pytest.raises(ValidationError) as error:
        services.submit_statement(people.participant, opinion_map, "b" * 141, language="en")
    assert "140" in _text_error(error)
    assert "141" in _text_error(error)
    assert opinion_map.statements.count() == 1


def test_it_counts_characters_after_collapsing_spaces(people, make_map):
    opinion_map = make_map(statements=0)
    text = "word  " * 30  # 180 characters typed, 149 once the spaces are collapsed
    with pytest.raises(ValidationError):
        services.submit_statement(people.participant, opinion_map, text, language="en")
    statement = services.submit_statement(
        people.participant, opinion_map, "  Trees   along\n every street  ", language="en"
    )
    assert statement.text == "Trees along every street"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_it_refuses_an_empty_statement(people, make_map, text):
    opinion_map = make_map(statements=0)
    with pytest.raises(ValidationError) as error:
        services.submit_statement(people.participant, opinion_map, text, language="en")
    assert "Write a statement" in _text_error(error)
    assert not opinion_map.statements.exists()


@pytest.mark.parametrize("text", ["?!", "...", "— « » !!", "😀 👍"])
def test_it_refuses_punctuation_only(people, make_map, text):
    opinion_map = make_map(statements=0)
    with pytest.raises(ValidationError) as error:
        services.submit_statement(people.participant, opinion_map, text, language="en")
    assert "punctuation" in _text_error(error)
    assert not opinion_map.statements.exists()


def test_it_refuses_an_unknown_language(people, make_map):
    opinion_map = make_map(statements=0)
    with pytest.raises(ValidationError) as error:
        services.submit_statement(people.participant, opinion_map, "Fine words", language="xx")
    assert "language" in error.value.message_dict


@pytest.mark.parametrize(
    "duplicate",
    [
        "Cars should leave the old town",
        "CARS SHOULD LEAVE THE OLD TOWN",
        "Cars should leave the óld tówn!",
        "  cars, should leave... the old town?  ",
        "Cars should\nleave the old town.",
    ],
)
def test_it_refuses_a_duplicate_whatever_case_accents_and_punctuation(people, make_map, duplicate):
    opinion_map = make_map(statements=0)
    StatementFactory(opinion_map=opinion_map, text="Cars should leave the old town")
    with pytest.raises(ValidationError) as error:
        services.submit_statement(people.participant, opinion_map, duplicate, language="en")
    assert "already in the conversation" in _text_error(error)
    assert opinion_map.statements.count() == 1


@pytest.mark.parametrize("status", [StatementStatus.PENDING, StatementStatus.REJECTED])
def test_it_refuses_a_duplicate_of_a_held_or_rejected_statement(people, make_map, status):
    opinion_map = make_map(statements=0)
    StatementFactory(opinion_map=opinion_map, text="Close the ring road", status=status)
    with pytest.raises(ValidationError):
        services.submit_statement(
            people.participant, opinion_map, "close the ring road!", language="en"
        )


def test_it_accepts_the_same_wording_in_another_map(people, make_map):
    StatementFactory(opinion_map=make_map(statements=0), text="Close the ring road")
    other = make_map(statements=0)
    assert services.submit_statement(
        people.participant, other, "Close the ring road", language="en"
    )


def test_it_turns_a_duplicate_that_slipped_through_into_a_message(people, make_map, monkeypatch):
    """Two people send the same words at once: the database refuses the second."""
    opinion_map = make_map(statements=0)
    StatementFactory(opinion_map=opinion_map, text="Close the ring road")
    monkeypatch.setattr(services.Statement.objects, "filter", lambda **kw: Statement.objects.none())
    with pytest.raises(ValidationError) as error:
        services.add_statement(opinion_map, "close the ring road", language="en", author=None)
    assert "already in the conversation" in _text_error(error)


@pytest.mark.parametrize("role", ["participant", "resident", "other_coordinator"])
def test_it_holds_participants_statements_for_review(people, make_map, role):
    opinion_map = make_map(statements=0)
    author = getattr(people, role)
    statement = services.submit_statement(author, opinion_map, "More night buses", language="en")
    assert statement.status == StatementStatus.PENDING
    assert statement.author == author
    assert not statement.is_seed


@pytest.mark.parametrize("role", ["moderator", "coordinator", "admin"])
def test_it_shows_statements_of_the_maps_moderators_at_once(people, make_map, role):
    opinion_map = make_map(statements=0)
    statement = services.submit_statement(
        getattr(people, role), opinion_map, "More buses", language="en"
    )
    assert statement.status == StatementStatus.VISIBLE


def test_it_holds_anonymous_statements_without_an_author(people, make_map):
    opinion_map = make_map("anonymous_voting", statements=0)
    statement = services.submit_statement(
        people.anonymous, opinion_map, "Safer crossings", language="en"
    )
    assert statement.status == StatementStatus.PENDING
    assert statement.author is None


def test_it_refuses_statements_where_they_are_not_accepted(people, make_map):
    with pytest.raises(PermissionDenied):
        services.submit_statement(people.anonymous, make_map(), "Safer crossings", language="en")
    with pytest.raises(PermissionDenied):
        services.submit_statement(
            people.participant,
            make_map(participants_submit=False),
            "Safer crossings",
            language="en",
        )
    with pytest.raises(PermissionDenied):
        services.submit_statement(
            people.other_resident,
            make_map("verified_residents_only"),
            "Safer crossings",
            language="en",
        )
    assert not Statement.objects.filter(text="Safer crossings").exists()


@pytest.mark.parametrize("role", ["participant", "moderator", "admin"])
def test_it_refuses_statements_in_a_closed_map(people, make_map, role):
    opinion_map = make_map(status="closed")
    with pytest.raises(PermissionDenied):
        services.submit_statement(getattr(people, role), opinion_map, "Too late", language="en")
    assert not opinion_map.statements.filter(text="Too late").exists()


# --- Review ----------------------------------------------------------------------------------


@pytest.fixture
def held(people):
    debate = DebateFactory(city=people.city)
    opinion_map = OpinionMapFactory(city=people.city, debate=debate)
    return services.submit_statement(
        people.participant, opinion_map, "Ban leaf blowers", language="en"
    )


@pytest.mark.parametrize("role", ["moderator", "coordinator", "admin"])
def test_it_lets_moderators_approve_with_a_log_entry(people, held, role):
    moderator = getattr(people, role)
    services.approve_statement(moderator, held)
    held.refresh_from_db()
    assert held.status == StatementStatus.VISIBLE
    entry = ModerationLogEntry.objects.get()
    assert entry.action == ModerationAction.APPROVE
    assert entry.moderator == moderator
    assert entry.target_user == people.participant
    assert entry.debate == held.opinion_map.debate
    assert "Ban leaf blowers" in entry.reason
    assert held.opinion_map.slug in entry.reason


def test_it_rejects_with_the_reason_kept_and_logged(
    people, held, django_capture_on_commit_callbacks, enqueued
):
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_statement(people.moderator, held, reason="  Off topic  ")
    held.refresh_from_db()
    assert held.status == StatementStatus.REJECTED
    assert held.moderation_reason == "Off topic"
    entry = ModerationLogEntry.objects.get()
    assert entry.action == ModerationAction.HIDE
    assert entry.reason.endswith("— Off topic")
    assert "Ban leaf blowers" in entry.reason
    assert len(enqueued) == 1  # the map is recomputed without it


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_it_needs_a_reason_to_reject(people, held, reason):
    with pytest.raises(ValidationError) as error:
        services.reject_statement(people.moderator, held, reason=reason)
    assert "reason" in error.value.message_dict
    held.refresh_from_db()
    assert held.status == StatementStatus.PENDING
    assert not ModerationLogEntry.objects.exists()


def test_it_clears_the_reason_when_a_rejected_statement_is_approved(people, held):
    services.reject_statement(people.moderator, held, reason="Off topic")
    services.approve_statement(people.moderator, held)
    held.refresh_from_db()
    assert held.status == StatementStatus.VISIBLE
    assert held.moderation_reason == ""
    assert ModerationLogEntry.objects.count() == 2


@pytest.mark.parametrize("role", ["participant", "resident", "other_coordinator"])
def test_it_refuses_review_by_others(people, held, role):
    actor = getattr(people, role)
    with pytest.raises(PermissionDenied):
        services.approve_statement(actor, held)
    with pytest.raises(PermissionDenied):
        services.reject_statement(actor, held, reason="Spam")
    held.refresh_from_db()
    assert held.status == StatementStatus.PENDING
    assert not ModerationLogEntry.objects.exists()
