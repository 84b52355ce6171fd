"""The moderation page of a map: review, seed statements, recompute, close."""

import pytest
from django.urls import reverse

from metroagora.accounts.tests.factories import UserFactory
from metroagora.forum.models import ModerationAction, ModerationLogEntry
from metroagora.opinions.models import MapStatus, Statement, StatementStatus
from metroagora.opinions.tests.factories import StatementFactory


@pytest.fixture
def held(make_map, people):
    opinion_map = make_map()
    return StatementFactory(
        opinion_map=opinion_map,
        text="Ban leaf blowers",
        status=StatementStatus.PENDING,
        author=people.participant,
    )


def _url(opinion_map):
    return reverse("opinions:moderate", args=[opinion_map.slug])


def test_it_sends_anonymous_visitors_to_sign_in(client, held):
    response = client.get(_url(held.opinion_map))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["participant", "resident", "other_coordinator"])
def test_it_refuses_people_who_do_not_moderate_the_map(client, people, held, role):
    client.force_login(getattr(people, role))
    assert client.get(_url(held.opinion_map)).status_code == 403
    response = client.post(_url(held.opinion_map), {"action": "approve", "statement": held.pk})
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == StatementStatus.PENDING
    response = client.post(_url(held.opinion_map), {"action": "close"})
    assert response.status_code == 403
    assert held.opinion_map.is_open


def test_it_asks_staff_without_two_factor_to_set_it_up(client, held):
    client.force_login(UserFactory(is_moderator=True))
    response = client.get(_url(held.opinion_map))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", ["moderator", "coordinator", "admin"])
def test_it_lists_statements_waiting_for_review(client, people, held, role):
    StatementFactory(text="Already shown statement", opinion_map=held.opinion_map)
    StatementFactory(text="Waiting elsewhere", status=StatementStatus.PENDING)
    client.force_login(getattr(people, role))
    response = client.get(_url(held.opinion_map))
    content = response.content.decode()
    assert response.status_code == 200
    pending = content.split('id="pending-h"')[1].split("</section>")[0]
    assert '<p lang="en">Ban leaf blowers</p>' in pending
    assert people.participant.public_name in pending
    assert "Already shown statement" not in pending
    assert "Waiting elsewhere" not in pending


def test_it_approves_a_statement(client, people, held):
    client.force_login(people.coordinator)
    response = client.post(_url(held.opinion_map), {"action": "approve", "statement": held.pk})
    assert response.status_code == 302
    assert response["Location"] == _url(held.opinion_map)
    held.refresh_from_db()
    assert held.status == StatementStatus.VISIBLE
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.moderator) == (ModerationAction.APPROVE, people.coordinator)
    page = client.get(response["Location"]).content.decode()
    assert "The statement is shown." in page
    assert "Nothing waits for review." in page


def test_it_rejects_a_statement_with_a_reason(client, people, held):
    client.force_login(people.moderator)
    client.post(
        _url(held.opinion_map), {"action": "reject", "statement": held.pk, "reason": "Off topic"}
    )
    held.refresh_from_db()
    assert held.status == StatementStatus.REJECTED
    assert held.moderation_reason == "Off topic"
    assert ModerationLogEntry.objects.get().action == ModerationAction.HIDE


def test_it_asks_for_a_reason_before_rejecting(client, people, held):
    client.force_login(people.moderator)
    response = client.post(_url(held.opinion_map), {"action": "reject", "statement": held.pk})
    held.refresh_from_db()
    assert held.status == StatementStatus.PENDING
    assert not ModerationLogEntry.objects.exists()
    assert "Give a reason" in client.get(response["Location"]).content.decode()


def test_it_refuses_a_statement_of_another_map(client, people, held, make_map):
    other = make_map()
    client.force_login(people.moderator)
    response = client.post(_url(other), {"action": "approve", "statement": held.pk})
    assert response.status_code == 404
    held.refresh_from_db()
    assert held.status == StatementStatus.PENDING


def test_it_keeps_coordinators_to_statements_of_their_city(client, people, make_map):
    theirs = make_map(city=people.other_city)
    statement = StatementFactory(opinion_map=theirs, status=StatementStatus.PENDING)
    client.force_login(people.coordinator)
    response = client.post(_url(theirs), {"action": "approve", "statement": statement.pk})
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PENDING


def test_it_adds_a_seed_statement(client, people, held):
    client.force_login(people.coordinator)
    response = client.post(
        _url(held.opinion_map),
        {"action": "seed", "seed-text": "More benches in squares", "seed-language": "en"},
    )
    assert response.status_code == 302
    seed = Statement.objects.get(text="More benches in squares")
    assert seed.is_seed
    assert seed.status == StatementStatus.VISIBLE
    assert seed.author == people.coordinator


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 141, "at most 140 characters"),
        ("BAN  leaf blowers!", "already in the conversation"),
        ("", "This field is required."),
    ],
)
def test_it_refuses_a_bad_seed_statement_with_a_message(client, people, held, text, message):
    client.force_login(people.moderator)
    response = client.post(
        _url(held.opinion_map), {"action": "seed", "seed-text": text, "seed-language": "en"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert held.opinion_map.statements.count() == 4


def test_it_recomputes_on_demand(
    client, people, held, django_capture_on_commit_callbacks, enqueued
):
    client.force_login(people.moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(held.opinion_map), {"action": "recompute"})
    assert response.status_code == 302
    assert response["Location"] == reverse("opinions:results", args=[held.opinion_map.slug])
    assert len(enqueued) == 1
    held.opinion_map.refresh_from_db()
    assert held.opinion_map.analysed_at is not None
    assert "being recomputed" in client.get(response["Location"]).content.decode()


def test_it_closes_the_map(client, people, held, django_capture_on_commit_callbacks, enqueued):
    client.force_login(people.coordinator)
    assert 'value="close"' in client.get(_url(held.opinion_map)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(held.opinion_map), {"action": "close"})
    assert response.status_code == 302
    held.opinion_map.refresh_from_db()
    assert held.opinion_map.status == MapStatus.CLOSED
    assert len(enqueued) == 1
    assert 'value="close"' not in client.get(_url(held.opinion_map)).content.decode()


def test_it_asks_for_a_known_action(client, people, held):
    client.force_login(people.moderator)
    response = client.post(_url(held.opinion_map), {"action": "explode"})
    assert response.status_code == 302
    assert "Choose an action." in client.get(response["Location"]).content.decode()
    held.opinion_map.refresh_from_db()
    assert held.opinion_map.is_open
