"""The results page: the stored analysis as an SVG map and as tables, never recomputed."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metroagora.opinions import services
from metroagora.opinions.models import StatementStatus
from metroagora.opinions.tasks import run_analysis
from metroagora.opinions.tests.factories import (
    ParticipantFactory,
    StatementTranslationFactory,
    VoteFactory,
    vote_in_two_camps,
)

DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _url(opinion_map):
    return reverse("opinions:results", args=[opinion_map.slug])


@pytest.fixture
def camps(make_map):
    camps = vote_in_two_camps(make_map(statements=0))
    run_analysis(camps.opinion_map)
    camps.opinion_map.refresh_from_db()
    return camps


def _section(content, heading_id):
    return content.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_it_says_so_before_any_analysis(client, make_map):
    opinion_map = make_map()
    content = client.get(_url(opinion_map)).content.decode()
    assert "Not enough votes yet to draw the map." in content
    assert "Not analysed yet." in content
    assert "<svg" not in content


def test_it_draws_two_groups_for_two_camps(client, camps):
    content = client.get(_url(camps.opinion_map)).content.decode()
    svg = content.split("<svg")[1].split("</svg>")[0]
    assert len(re.findall(r'<polygon class="hull g[01]"', svg)) == 2
    assert len(re.findall(r'<circle class="dot g[01]"', svg)) == 20
    assert svg.count('class="dot g0"') == svg.count('class="dot g1"') == 10
    assert ">A</text>" in svg
    assert ">B</text>" in svg
    assert "20 participants, 100 votes." in content


def test_it_labels_the_svg_for_screen_readers(client, camps):
    content = client.get(_url(camps.opinion_map)).content.decode()
    opening = content.split("<svg")[1].split(">")[0]
    assert 'role="img"' in opening
    assert 'aria-labelledby="map-title map-desc"' in opening
    assert '<title id="map-title">Map of opinions</title>' in content
    desc = content.split('<desc id="map-desc">')[1].split("</desc>")[0]
    assert "2 groups of opinion." in desc
    assert "The table below gives the same information." in desc


def test_it_gives_the_same_groups_in_a_table(client, camps):
    content = client.get(_url(camps.opinion_map)).content.decode()
    table = content.split("<caption>Groups of opinion</caption>")[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert len(rows) == 2
    by_letter = {re.search(r"Group ([AB])", row).group(1): row for row in rows}
    cars, buses, parking, shops, parks = (s.text for s in camps.statements)
    group_of = camps.opinion_map.analysis["groups"]
    # Which letter is camp A: the group whose representative agreement is on cars.
    for letter, row in by_letter.items():
        assert "<td>10</td><td>50%</td>" in row
        group = next(g for g in group_of if "ABCDEFGHIJ"[g["id"]] == letter)
        agrees = {r["statement"] for r in group["representative"] if r["direction"] == "agree"}
        camp_a = camps.statements[0].pk in agrees
        for text in (cars, buses) if camp_a else (parking, shops):
            assert f'<span lang="en">{text}</span>: 100% agree' in row
        for text in (parking, shops) if camp_a else (cars, buses):
            assert f'<span lang="en">{text}</span>: 100% disagree' in row
        assert parks not in row


def test_it_lists_common_ground_and_what_divides(client, camps):
    content = client.get(_url(camps.opinion_map)).content.decode()
    common = _section(content, "consensus-h")
    assert "Statements most people agree with" in common
    assert f'<span lang="en">{camps.statements[4].text}</span> — 100% agree' in common
    divides = _section(content, "divisive-h")
    for statement in camps.statements[:4]:
        assert statement.text in divides
    assert camps.statements[4].text not in divides
    every = _section(content, "all-h")
    assert f">{camps.statements[4].text}</th><td>20</td><td>0</td><td>0</td>" in every


def test_it_highlights_the_readers_own_position_when_they_voted(client, camps):
    client.force_login(camps.camp_a[0].user)
    content = client.get(_url(camps.opinion_map)).content.decode()
    assert '<circle class="me"' in content
    assert ">You</text>" in content
    letter = re.search(r"Your votes place you closest to group ([AB])\.", content).group(1)
    table = content.split("<caption>Groups of opinion</caption>")[1].split("</table>")[0]
    mine = next(row for row in table.split("</tr>") if f"Group {letter}" in row)
    assert "(yours)" in mine
    assert table.count("(yours)") == 1
    # The other camp is placed in the other group.
    client.force_login(camps.camp_b[0].user)
    content = client.get(_url(camps.opinion_map)).content.decode()
    assert f"closest to group {letter}." not in content
    assert "Your votes place you closest to group" in content


def test_it_places_a_voter_who_came_after_the_analysis(client, people, camps):
    participant = ParticipantFactory(opinion_map=camps.opinion_map, user=people.participant)
    for statement, value in zip(camps.statements, (1, 1, -1, -1, 1), strict=True):
        VoteFactory(participant=participant, statement=statement, value=value)
    client.force_login(people.participant)
    content = client.get(_url(camps.opinion_map)).content.decode()
    assert ">You</text>" in content
    assert "Your votes place you closest to group" in content


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator"])
def test_it_shows_no_own_position_to_readers_who_did_not_vote(client, people, camps, who):
    if who != "anonymous":
        client.force_login(getattr(people, who))
        services.join(camps.opinion_map, getattr(people, who))  # joined, no vote
    content = client.get(_url(camps.opinion_map)).content.decode()
    assert '<circle class="me"' not in content
    assert ">You</text>" not in content
    assert "Vote to see where you stand." in content
    assert "(yours)" not in content


def test_it_highlights_an_anonymous_voter_from_their_cookie(client, people, make_map):
    camps = vote_in_two_camps(make_map("anonymous_voting", statements=0))
    opinion_map = camps.opinion_map
    for statement, value in zip(camps.statements, (1, 1, -1, -1, 1), strict=True):
        client.post(
            reverse("opinions:cast", args=[opinion_map.slug]),
            {"statement": statement.pk, "value": value},
        )
    run_analysis(opinion_map)
    assert ">You</text>" in client.get(_url(opinion_map)).content.decode()
    client.cookies.clear()
    assert ">You</text>" not in client.get(_url(opinion_map)).content.decode()


def test_it_shows_translations_on_the_page_in_that_language(client, camps):
    parks = camps.statements[4]
    StatementTranslationFactory(
        statement=parks, language="fr", text="Nos parcs ont besoin d'arbres"
    )
    french = client.get(f"/fr/opinions/{camps.opinion_map.slug}/results/").content.decode()
    assert '<span lang="fr">Nos parcs ont besoin d&#x27;arbres</span>' in french
    assert f'lang="en">{camps.statements[0].text}' in french  # untranslated: the original
    # (The French request left French active: name the English page outright.)
    english = client.get(f"/en/opinions/{camps.opinion_map.slug}/results/").content.decode()
    assert "Nos parcs" not in english
    assert f'<span lang="en">{parks.text}</span>' in english


def test_it_leaves_out_a_statement_rejected_after_the_analysis(client, camps):
    rejected = camps.statements[0]
    rejected.status = StatementStatus.REJECTED
    rejected.save()
    content = client.get(_url(camps.opinion_map)).content.decode()
    assert rejected.text not in content
    assert camps.statements[1].text in content


def test_it_never_recomputes_when_the_page_is_read(
    client, people, camps, django_capture_on_commit_callbacks, enqueued
):
    opinion_map = camps.opinion_map
    analysed_at = opinion_map.analysed_at
    late = ParticipantFactory(opinion_map=opinion_map)
    VoteFactory(participant=late, statement=camps.statements[0], value=-1)
    opinion_map.recompute_due_at = timezone.now() - timedelta(minutes=1)
    opinion_map.save(update_fields=["recompute_due_at"])
    client.force_login(people.participant)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        content = client.get(_url(opinion_map)).content.decode()
    assert callbacks == []
    assert enqueued == []
    assert not [q for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert "20 participants, 100 votes." in content  # the stored analysis, as it was
    opinion_map.refresh_from_db()
    assert opinion_map.analysed_at == analysed_at


def test_it_serves_the_status_line_alone_to_htmx(client, settings, camps):
    settings.TASKS = DEFERRING  # the run is on its way, not done during the vote
    opinion_map = camps.opinion_map
    opinion_map.recompute_due_at = timezone.now()
    opinion_map.save(update_fields=["recompute_due_at"])
    url = _url(opinion_map) + "?partial=status"
    response = client.get(url, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<p id="analysis-status"')
    assert "<html" not in content
    assert "from 100 votes." in content
    assert f'hx-get="{url}"' in content
    assert 'hx-trigger="every 5s"' in content
    assert "A new analysis is on its way" in content
    assert "<html" in client.get(url).content.decode()  # without htmx: the whole page


def test_it_does_not_poll_when_the_backend_ran_the_analysis_during_the_vote(client, camps):
    opinion_map = camps.opinion_map
    opinion_map.recompute_due_at = timezone.now() + timedelta(seconds=5)
    opinion_map.save(update_fields=["recompute_due_at"])
    content = client.get(_url(opinion_map)).content.decode()
    assert "hx-get" not in content.split('id="analysis-status"')[1].split("</p>")[0]
    assert "A new analysis is on its way" not in content


def test_it_stops_polling_and_offers_the_new_results_once_analysed(client, camps):
    response = client.get(
        _url(camps.opinion_map) + "?partial=status", headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert "hx-get" not in content
    assert "Show the new results" in content
    assert "hx-get" not in client.get(_url(camps.opinion_map)).content.decode()


@pytest.mark.parametrize(("role", "shown"), [("participant", False), ("coordinator", True)])
def test_it_offers_moderators_the_recompute_and_the_downloads(client, people, camps, role, shown):
    client.force_login(getattr(people, role))
    content = client.get(_url(camps.opinion_map)).content.decode()
    assert ('value="recompute"' in content) is shown
    assert (reverse("opinions:report", args=[camps.opinion_map.slug]) in content) is shown
    assert (reverse("opinions:export", args=[camps.opinion_map.slug]) in content) is shown
