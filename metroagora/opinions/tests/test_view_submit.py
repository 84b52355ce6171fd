"""Submitting a statement from the vote page: held for review, bad input kept with a message."""

import pytest
from django.urls import reverse

from metroagora.opinions.models import Statement, StatementStatus
from metroagora.opinions.tests.factories import StatementFactory


def _submit(client, opinion_map, text, language="en"):
    return client.post(
        reverse("opinions:submit", args=[opinion_map.slug]), {"text": text, "language": language}
    )


def test_it_holds_a_participants_statement_and_says_so(client, people, make_map):
    opinion_map = make_map()
    client.force_login(people.participant)
    response = _submit(client, opinion_map, "Night buses every half hour")
    assert response.status_code == 302
    assert response["Location"] == opinion_map.get_absolute_url()
    statement = Statement.objects.get(text="Night buses every half hour")
    assert statement.status == StatementStatus.PENDING
    assert statement.author == people.participant
    page = client.get(response["Location"]).content.decode()
    assert "shown once a moderator has read it" in page
    assert 'name="value"' in page
    assert f'name="statement" value="{statement.pk}"' not in page


def test_it_shows_a_moderators_statement_at_once(client, people, make_map):
    opinion_map = make_map()
    client.force_login(people.coordinator)
    response = _submit(client, opinion_map, "Night buses every half hour")
    assert Statement.objects.get(text="Night buses every half hour").status == "visible"
    assert "Your statement is added." in client.get(response["Location"]).content.decode()


def test_it_takes_anonymous_statements_where_anonymous_voting_is_on(client, make_map):
    opinion_map = make_map("anonymous_voting")
    assert _submit(client, opinion_map, "Safer crossings near schools").status_code == 302
    statement = Statement.objects.get(text="Safer crossings near schools")
    assert statement.author is None
    assert statement.status == StatementStatus.PENDING


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 141, "Ensure this value has at most 140 characters (it has 141)."),
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("?!?! ...", "Write words, not only punctuation."),
        ("CARS should leave the óld town!", "already in the conversation"),
    ],
)
def test_it_refuses_bad_statements_with_a_message_and_keeps_the_text(
    client, people, make_map, text, message
):
    opinion_map = make_map()
    StatementFactory(opinion_map=opinion_map, text="Cars should leave the old town")
    client.force_login(people.participant)
    response = _submit(client, opinion_map, text)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    if text.strip():
        assert text[:100] in content
    assert opinion_map.statements.count() == 4


def test_it_refuses_an_unknown_language_with_a_message(client, people, make_map):
    opinion_map = make_map()
    client.force_login(people.participant)
    response = _submit(client, opinion_map, "A fine idea", language="xx")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    ("setting", "role", "fields"),
    [
        ("default", "anonymous", {}),
        ("verified_residents_only", "other_resident", {}),
        ("default", "participant", {"participants_submit": False}),
        ("default", "participant", {"status": "closed"}),
        ("default", "admin", {"status": "closed"}),
        ("verified_residents_only", "admin", {}),
    ],
)
def test_it_refuses_statements_from_people_who_may_not_submit(
    client, people, make_map, setting, role, fields
):
    opinion_map = make_map(setting, **fields)
    if role != "anonymous":
        client.force_login(getattr(people, role))
    assert _submit(client, opinion_map, "A fine idea").status_code == 403
    assert not Statement.objects.filter(text="A fine idea").exists()


def test_it_hides_the_form_where_participants_do_not_submit(client, people, make_map):
    client.force_login(people.participant)
    page = client.get(make_map(participants_submit=False).get_absolute_url()).content.decode()
    assert 'name="value"' in page
    assert 'id="submit-h"' not in page
