"""The vote page and the vote: one statement at a time, with and without JavaScript."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metroagora.opinions.models import Participant, StatementStatus, Vote
from metroagora.opinions.tests.factories import (
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)


def _page(opinion_map):
    return reverse("opinions:vote", args=[opinion_map.slug])


def _cast(opinion_map):
    return reverse("opinions:cast", args=[opinion_map.slug])


def _cookie(opinion_map):
    return f"opinions_{opinion_map.pk}"


def _vote(client, opinion_map, statement, value="1", **extra):
    return client.post(
        _cast(opinion_map),
        {"statement": statement.pk, "value": value, **extra.pop("data", {})},
        **extra,
    )


# --- The page, for each identity ----------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "role", "refusal"),
    [
        ("default", "anonymous", "Sign in to vote."),
        ("default", "participant", None),
        ("default", "other_resident", None),
        ("default", "moderator", None),
        ("anonymous_voting", "anonymous", None),
        ("anonymous_voting", "participant", None),
        ("verified_residents_only", "anonymous", "Only verified residents of Milan vote here."),
        ("verified_residents_only", "resident", None),
        ("verified_residents_only", "unverified_resident", "Ask the city to verify"),
        ("verified_residents_only", "other_resident", "Ask the city to verify"),
        ("verified_residents_only", "coordinator", "Ask the city to verify"),
        ("default", "admin", None),
        ("verified_residents_only", "admin", "Ask the city to verify"),
    ],
)
def test_it_offers_a_statement_only_to_people_who_may_vote(
    client, people, make_map, setting, role, refusal
):
    opinion_map = make_map(setting)
    if role != "anonymous":
        client.force_login(getattr(people, role))
    content = client.get(_page(opinion_map)).content.decode()
    if refusal:
        assert refusal in content
        assert 'name="value"' not in content
        assert 'id="submit-h"' not in content
    else:
        assert 'name="value" value="1"' in content
        assert 'name="value" value="-1"' in content
        assert 'name="value" value="0"' in content
        assert "You have voted on 0 of 3 statements." in content
        assert 'id="submit-h"' in content


@pytest.mark.parametrize("role", ["participant", "moderator", "admin"])
def test_it_tells_readers_of_a_closed_map_to_see_the_results(client, people, make_map, role):
    client.force_login(getattr(people, role))
    content = client.get(_page(make_map(status="closed"))).content.decode()
    assert "This opinion map is closed" in content
    assert 'name="value"' not in content
    assert 'id="submit-h"' not in content


def test_it_shows_the_statement_in_the_readers_language_with_the_original(client, people, make_map):
    opinion_map = make_map(statements=0)
    statement = StatementFactory(opinion_map=opinion_map, text="Fewer cars in the centre")
    statement.translations.create(language="fr", text="Moins de voitures au centre")
    client.force_login(people.participant)
    content = client.get(f"/fr/opinions/{opinion_map.slug}/").content.decode()
    assert 'lang="fr">Moins de voitures au centre</p>' in content
    assert '<span lang="en">Fewer cars in the centre</span>' in content


def test_it_links_moderators_to_the_moderation_page(client, people, make_map):
    opinion_map = make_map()
    moderate = reverse("opinions:moderate", args=[opinion_map.slug])
    client.force_login(people.participant)
    assert moderate not in client.get(_page(opinion_map)).content.decode()
    client.force_login(people.coordinator)
    assert moderate in client.get(_page(opinion_map)).content.decode()


# --- Voting --------------------------------------------------------------------------------


def test_it_records_a_vote_and_redirects_without_javascript(client, people, make_map):
    opinion_map = make_map()
    statement = opinion_map.statements.first()
    client.force_login(people.participant)
    response = _vote(client, opinion_map, statement, "-1")
    assert response.status_code == 302
    assert response["Location"] == _page(opinion_map)
    vote = Vote.objects.get()
    assert (vote.participant.user, vote.statement, vote.value) == (
        people.participant,
        statement,
        -1,
    )


def test_it_returns_the_next_card_to_htmx(client, people, make_map):
    opinion_map = make_map(statements=2)
    first, second = opinion_map.statements.all()
    client.force_login(people.participant)
    response = _vote(client, opinion_map, first, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert f'name="statement" value="{second.pk}"' in content
    assert "You have voted on 1 of 2 statements." in content
    response = _vote(client, opinion_map, second, "0", headers={"HX-Request": "true"})
    assert "You have voted on every statement" in response.content.decode()
    assert Vote.objects.count() == 2


def test_it_keeps_one_vote_when_a_request_is_replayed(client, people, make_map):
    opinion_map = make_map()
    statement = opinion_map.statements.first()
    client.force_login(people.participant)
    for _n in range(3):
        _vote(client, opinion_map, statement, "1")
    _vote(client, opinion_map, statement, "-1")
    assert list(Vote.objects.values_list("statement", "value")) == [(statement.pk, -1)]
    assert Participant.objects.count() == 1


@pytest.mark.parametrize("value", ["2", "abc", ""])
def test_it_refuses_an_invalid_value_with_a_message(client, people, make_map, value):
    opinion_map = make_map()
    client.force_login(people.participant)
    response = _vote(client, opinion_map, opinion_map.statements.first(), value)
    assert response.status_code == 302
    assert not Vote.objects.exists()
    content = client.get(response["Location"]).content.decode()
    assert "Choose agree, disagree or pass." in content


def test_it_refuses_a_statement_that_is_not_open_for_votes(client, people, make_map):
    opinion_map = make_map()
    pending = StatementFactory(opinion_map=opinion_map, status=StatementStatus.PENDING)
    elsewhere = make_map().statements.first()
    client.force_login(people.participant)
    for statement in (pending, elsewhere):
        response = _vote(client, opinion_map, statement)
        assert response.status_code == 302
        assert "not open for votes" in client.get(response["Location"]).content.decode()
    response = client.post(_cast(opinion_map), {"value": "1"})
    assert response.status_code == 302
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    ("setting", "role", "fields"),
    [
        ("default", "anonymous", {}),
        ("verified_residents_only", "anonymous", {"anonymous_voting": True}),
        ("verified_residents_only", "other_resident", {}),
        ("default", "participant", {"status": "closed"}),
        ("default", "admin", {"status": "closed"}),
    ],
)
def test_it_refuses_votes_of_people_who_may_not_vote(
    client, people, make_map, setting, role, fields
):
    opinion_map = make_map(setting, **fields)
    if role != "anonymous":
        client.force_login(getattr(people, role))
    response = _vote(client, opinion_map, opinion_map.statements.first())
    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_it_refuses_a_get(client, people, make_map):
    client.force_login(people.participant)
    assert client.get(_cast(make_map())).status_code == 405


# --- Anonymous identities ----------------------------------------------------------------


def test_it_gives_anonymous_voters_a_signed_cookie_and_recognises_them(client, make_map):
    opinion_map = make_map("anonymous_voting")
    first, second, third = opinion_map.statements.all()
    response = _vote(client, opinion_map, first)
    cookie = response.cookies[_cookie(opinion_map)]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    participant = Participant.objects.get()
    assert participant.user is None
    assert participant.token in cookie.value
    assert cookie.value != participant.token  # signed, not the bare token
    _vote(client, opinion_map, second, "-1")
    _vote(client, opinion_map, first, "0")  # a change, not a second vote
    assert Participant.objects.count() == 1
    assert dict(participant.votes.values_list("statement", "value")) == {first.pk: 0, second.pk: -1}
    content = client.get(_page(opinion_map)).content.decode()
    assert f'name="statement" value="{third.pk}"' in content
    assert "You have voted on 2 of 3 statements." in content


def _someone_else(client, opinion_map):
    """Another visitor votes agree on the first statement; returns their participant."""
    response = _vote(client, opinion_map, opinion_map.statements.first(), "1")
    client.cookies.clear()
    return Participant.objects.get(), response.cookies[_cookie(opinion_map)].value


@pytest.mark.parametrize("kind", ["bare token", "edited signature", "edited token"])
def test_it_never_lets_a_forged_cookie_reach_another_persons_votes(client, make_map, kind):
    opinion_map = make_map("anonymous_voting")
    victim, signed = _someone_else(client, opinion_map)
    if kind == "bare token":
        forged = victim.token
    elif kind == "edited signature":
        forged = signed[:-2] + ("BB" if signed.endswith("AA") else "AA")
    else:
        forged = signed.replace(victim.token, victim.token[::-1])
    client.cookies[_cookie(opinion_map)] = forged
    page = client.get(_page(opinion_map)).content.decode()
    assert "You have voted on 0 of 3 statements." in page
    response = _vote(client, opinion_map, opinion_map.statements.first(), "-1")
    assert response.status_code == 302
    assert Participant.objects.count() == 2
    assert victim.votes.get().value == 1  # untouched
    new = Participant.objects.exclude(pk=victim.pk).get()
    assert new.votes.get().value == -1
    assert response.cookies[_cookie(opinion_map)].value != forged


def test_it_signs_cookies_for_one_map_only(client, make_map):
    opinion_map, other_map = make_map("anonymous_voting"), make_map("anonymous_voting")
    victim, signed = _someone_else(client, opinion_map)
    client.cookies[_cookie(other_map)] = signed
    # The token is valid, the signature is for another cookie name: a new identity.
    _vote(client, other_map, other_map.statements.first())
    assert Participant.objects.filter(opinion_map=other_map).get().token != victim.token
    assert victim.votes.count() == 1


def test_it_ignores_an_anonymous_cookie_once_signed_in(client, people, make_map):
    opinion_map = make_map("anonymous_voting")
    anonymous, _signed = _someone_else(client, opinion_map)
    client.cookies[_cookie(opinion_map)] = _signed
    client.force_login(people.participant)
    _vote(client, opinion_map, opinion_map.statements.first(), "-1")
    assert anonymous.votes.get().value == 1
    assert Participant.objects.get(user=people.participant).votes.get().value == -1


# --- My votes ------------------------------------------------------------------------------


def test_it_lists_my_votes_and_lets_me_change_one(client, people, make_map):
    opinion_map = make_map()
    statement = opinion_map.statements.first()
    client.force_login(people.participant)
    _vote(client, opinion_map, statement, "1")
    content = client.get(_page(opinion_map)).content.decode()
    mine = content.split('id="my-votes"')[1]
    assert statement.text in mine
    assert "Agree" in mine.split("</td>")[0]
    assert 'name="from" value="my-votes"' in mine
    assert 'name="value" value="1"' not in mine  # the current vote is not offered again
    assert 'name="value" value="-1"' in mine
    response = _vote(client, opinion_map, statement, "-1", data={"from": "my-votes"})
    assert response.status_code == 302
    assert response["Location"] == _page(opinion_map) + "#my-votes"
    assert Vote.objects.get().value == -1
    assert "Your vote is changed." in client.get(response["Location"]).content.decode()


def test_it_changes_a_vote_from_my_votes_with_htmx_by_redirecting(client, people, make_map):
    opinion_map = make_map()
    statement = opinion_map.statements.first()
    client.force_login(people.participant)
    _vote(client, opinion_map, statement, "1")
    response = _vote(
        client,
        opinion_map,
        statement,
        "0",
        data={"from": "my-votes"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 302
    assert Vote.objects.get().value == 0


def test_it_leaves_hidden_statements_out_of_my_votes(client, people, make_map):
    opinion_map = make_map()
    participant = ParticipantFactory(opinion_map=opinion_map, user=people.participant)
    kept, rejected = opinion_map.statements.all()[:2]
    VoteFactory(participant=participant, statement=kept)
    VoteFactory(participant=participant, statement=rejected)
    rejected.status = StatementStatus.REJECTED
    rejected.save()
    client.force_login(people.participant)
    mine = client.get(_page(opinion_map)).content.decode().split('id="my-votes"')[1]
    assert kept.text in mine
    assert rejected.text not in mine


def test_it_offers_no_change_once_the_map_is_closed(client, people, make_map):
    opinion_map = make_map(status="closed")
    participant = ParticipantFactory(opinion_map=opinion_map, user=people.participant)
    VoteFactory(participant=participant, statement=opinion_map.statements.first())
    client.force_login(people.participant)
    mine = client.get(_page(opinion_map)).content.decode().split('id="my-votes"')[1]
    assert 'name="from" value="my-votes"' not in mine


# --- Queries ---------------------------------------------------------------------------------


def _voter_on(make_map, people, statements):
    opinion_map = make_map(statements=statements)
    participant = ParticipantFactory(opinion_map=opinion_map, user=people.participant)
    for statement in opinion_map.statements.all()[: statements // 2]:
        VoteFactory(participant=participant, statement=statement)
    return opinion_map


def _count(client, method, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code in (200, 302)
    return len(queries)


def test_it_keeps_the_vote_page_queries_few_and_constant(
    client, people, make_map, django_assert_max_num_queries
):
    small, large = _voter_on(make_map, people, 10), _voter_on(make_map, people, 200)
    client.force_login(people.participant)
    counts = [_count(client, "get", _page(m)) for m in (small, large)]
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(12):
        client.get(_page(large))


def test_it_keeps_the_vote_queries_few_and_constant(
    client, people, make_map, django_assert_max_num_queries
):
    small, large = _voter_on(make_map, people, 10), _voter_on(make_map, people, 200)
    client.force_login(people.participant)
    counts = []
    for opinion_map in (small, large):
        unvoted = opinion_map.statements.filter(votes__isnull=True)
        counts.append(
            _count(
                client,
                "post",
                _cast(opinion_map),
                data={"statement": unvoted[0].pk, "value": "1"},
                headers={"HX-Request": "true"},
            )
        )
        counts.append(
            _count(
                client, "post", _cast(opinion_map), data={"statement": unvoted[1].pk, "value": "1"}
            )
        )
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]
    statement = large.statements.filter(votes__isnull=True)[0]
    # session, user, staff check, map, block check, statement, participant, vote (update,
    # insert), booking; then the next card: visible, voted, the statement
    with django_assert_max_num_queries(15):
        _vote(client, large, statement, headers={"HX-Request": "true"})
