"""Opinion maps in the browser: a participant votes through a map, with htmx and the
keyboard, and reads the results page; the same without JavaScript; anonymous voting
kept by a cookie; and a phone.

Every scenario builds its map through ``services.open_map`` (by a moderator, twelve
seed statements), gives it forty synthetic voters in two opinion camps (bulk-created,
like an import) and analyses it once with ``tasks.run_analysis``, so the results page
has two groups before the person under test votes. People are signed in by copying a
Django session cookie into their browser context. Every page with JavaScript is
checked with axe and for Content Security Policy errors.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from e2e.conftest import ConsoleLog, assert_accessible, assert_no_csp_violations
from e2e.test_forum import Browsers

SLUG = "eu-decision-making"
QUESTION = "How should the European Union make its decisions?"
PHONE = {"width": 375, "height": 740}
# Twelve seed statements: the first five divide camp A (agree) from camp B (disagree),
# the next five the other way round, the last two nearly everyone agrees with.
STATEMENTS = [
    "The European Parliament should be able to propose laws.",
    "Decisions on foreign policy should no longer need unanimity.",
    "The EU should have its own taxes.",
    "Some MEPs should be elected on EU-wide transnational lists.",
    "The EU budget should be adopted by a majority vote.",
    "Every member state should keep its own commissioner.",
    "National parliaments should be able to block an EU law together.",
    "The EU should regulate fewer areas and leave more to the states.",
    "Every member state should keep a veto on defence.",
    "National governments should decide how cohesion money is spent.",
    "The vote of every minister in the Council should be published.",
    "EU institutions should explain important decisions in plain language.",
]
CONSENSUS = STATEMENTS[10:]
PROGRESS = re.compile(r"You have voted on (\d+) of (\d+) statements\.")


# --- Helpers -------------------------------------------------------------------------


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


def person(**fields: Any) -> Any:
    from metroagora.accounts.tests.factories import UserFactory

    return UserFactory(**fields)


def build_map(slug: str = SLUG, voters: int = 40, **fields: Any) -> Any:
    """A map opened by a moderator, voted on by ``voters`` anonymous people, analysed."""
    from metroagora.accounts.tests.factories import with_two_factor
    from metroagora.opinions import services, tasks
    from metroagora.opinions.models import Participant, Vote

    moderator = with_two_factor(person(display_name="Mona Moderator", is_moderator=True))
    opinion_map = services.open_map(
        moderator,
        slug=slug,
        title={"en": QUESTION, "_original": "en"},
        description={"en": "Vote on each statement: agree, disagree or pass.", "_original": "en"},
        language="en",
        seed_statements=STATEMENTS,
        **fields,
    )
    statements = list(opinion_map.statements.order_by("pk"))
    assert [s.text for s in statements] == STATEMENTS
    rng = random.Random(slug)
    participants = Participant.objects.bulk_create(
        [Participant(opinion_map=opinion_map, token=f"synthetic-{slug}-{n}") for n in range(voters)]
    )
    votes = []
    for n, participant in enumerate(participants):
        camp = 1 if n % 2 == 0 else -1  # camp A (1) agrees with the first five
        for index, statement in enumerate(statements):
            if rng.random() < 0.15:
                continue  # not everyone votes on everything
            if statement.text in CONSENSUS:
                value = 1 if rng.random() < 0.9 else 0
            else:
                leaning = camp if index < 5 else -camp
                value = leaning if rng.random() < 0.85 else rng.choice([0, -leaning])
            votes.append(
                Vote(
                    participant=participant,
                    statement=statement,
                    opinion_map=opinion_map,
                    value=value,
                )
            )
    Vote.objects.bulk_create(votes)
    result = tasks.run_analysis(opinion_map)
    assert len(result.groups) == 2, "the synthetic voters should form two groups"
    opinion_map.refresh_from_db()
    return opinion_map


def path_of(page: Any) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]


def check(page: Any, console: ConsoleLog, what: str) -> None:
    assert page.locator("html").get_attribute("lang") == "en", f"{what}: wrong <html lang>"
    assert page.locator("h1").count() == 1, f"{what}: expected exactly one <h1>"
    assert_accessible(page, f"{what} ({page.url})")
    assert_no_csp_violations(console, f"on {what} ({page.url})")


def progress(page: Any) -> tuple[int, int]:
    """(voted, total) from the card's progress text, which must match the <progress>."""
    text = page.locator("#vote-card .progress-text").inner_text()
    found = PROGRESS.search(text)
    assert found, text
    done, total = int(found[1]), int(found[2])
    bar = page.locator("#vote-card progress")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == (str(done), str(total))
    return done, total


def statement_text(page: Any) -> str:
    return str(page.locator("#vote-card .statement-text").inner_text()).strip()


def choice_for(text: str, camp: str) -> str:
    """The button a person of camp "A" or "B" presses on a statement."""
    if text in CONSENSUS:
        return "Agree"
    first_half = STATEMENTS.index(text) < 5
    return "Agree" if first_half == (camp == "A") else "Disagree"


def mark_page(page: Any) -> None:
    """A marker on ``window``: it survives htmx swaps, not a full page load."""
    page.evaluate("() => { window.__e2eMarker = 'same-document'; }")


def same_document(page: Any) -> bool:
    return bool(page.evaluate("() => window.__e2eMarker === 'same-document'"))


@contextmanager
def htmx_vote(page: Any) -> Iterator[Any]:
    """The answer to the vote posted in the block, which must have gone through htmx.

    Any POST of a vote is caught, so a vote posted without htmx (a full page load)
    fails here at once, instead of leaving the test waiting for an htmx answer.
    """
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(f"/{SLUG}/vote/"),
        timeout=30_000,  # headroom for a busy 2-core CI machine
    ) as response:
        yield response
    assert response.value.request.headers.get("hx-request") == "true", (
        "the vote was posted without htmx: the card was clicked before htmx bound its form"
    )


def wait_for_progress(page: Any, done: int) -> None:
    """Wait until the card of the next statement is shown *and* live.

    htmx swaps the new card in at once, but binds its form (``hx-post``) and applies
    ``autofocus`` only when it settles, a timer later (20 ms, longer on a busy machine).
    A click or a key press on the card before that posts the form without htmx: the
    browser loads the page again, and the test, waiting for an htmx answer, waits in
    vain. So wait until htmx has settled the card too (no ``htmx-settling`` on the
    card, no ``htmx-added`` inside it).
    """
    page.wait_for_function(
        "done => { const card = document.querySelector('#vote-card');"
        " const p = card && card.querySelector('.progress-text');"
        " return !!p && p.textContent.includes('voted on ' + done + ' of')"
        " && !card.matches('.htmx-swapping, .htmx-settling')"
        " && !card.querySelector('.htmx-added'); }",
        arg=done,
    )


def no_horizontal_scroll(page: Any, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: horizontal scroll ({width}px wide at 375px)"


def check_results(page: Any, opinion_map: Any, *, me: bool = True) -> None:
    """The SVG map, the "You" marker and the groups table with representative statements."""
    svg = page.locator("main svg.opinion-svg")
    assert svg.count() == 1
    assert svg.get_attribute("role") == "img"
    labelled_by = (svg.get_attribute("aria-labelledby") or "").split()
    assert labelled_by, "the map has no accessible name"
    assert (svg.locator("title").text_content() or "").strip() == "Map of opinions"
    assert "2 groups of opinion." in (svg.locator("desc").text_content() or "")
    assert svg.locator("circle.dot").count() >= 40
    assert svg.locator("polygon.hull").count() == 2
    marker = svg.locator("circle.me")
    caption = page.locator("main figure.opinion-map figcaption").inner_text()
    if me:
        assert marker.count() == 1, "no 'You' marker on the map"
        assert svg.locator("text.me-label").text_content() == "You"
        assert re.fullmatch(
            r"Your votes place you (closest to group [AB]|between the groups)\.", caption
        ), caption
    else:
        assert marker.count() == 0
        assert caption == "Vote to see where you stand."

    table = page.locator("main table", has=page.locator("caption", has_text="Groups of opinion"))
    rows = table.locator("tbody tr")
    groups = opinion_map.analysis["groups"]
    assert rows.count() == len(groups) == 2
    for index, letter in enumerate("AB"):
        row = rows.nth(index)
        assert f"Group {letter}" in row.locator("th").inner_text()
        shown = [item.strip() for item in row.locator("li span").all_inner_texts()]
        assert shown, f"group {letter} lists no representative statement"
        assert set(shown) <= set(STATEMENTS), shown
        assert re.search(r"\d+% (agree|disagree)", row.locator("li").first.inner_text())
    common = page.locator("main section[aria-labelledby=consensus-h]").inner_text()
    assert any(text in common for text in CONSENSUS), common
    every = page.locator("main table", has=page.locator("caption", has_text="Votes on each"))
    assert every.locator("tbody tr").count() == len(STATEMENTS)


# --- 1. Voting with htmx and the keyboard, then the results ---------------------------


def test_a_participant_votes_through_the_map_and_reads_the_results(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.opinions.models import Participant

    opinion_map = build_map()
    citizen = person(display_name="Vera Voter")
    page = browsers.open(citizen)

    page.goto(f"/en/opinions/{SLUG}/")
    check(page, console, "vote page")
    assert page.locator("h1").inner_text() == QUESTION
    assert progress(page) == (0, 12)
    mark_page(page)

    seen: list[str] = []
    expected: dict[str, int] = {}
    for done in range(12):
        text = statement_text(page)
        assert text in STATEMENTS, text
        assert text not in seen, f"{text!r} shown twice"
        seen.append(text)
        assert progress(page) == (done, 12)
        label = choice_for(text, "A")
        button = page.locator("#vote-card .vote-buttons").get_by_role(
            "button", name=label, exact=True
        )
        with htmx_vote(page) as response:
            if done == 3:  # with the keyboard: focus the button, press Enter
                button.focus()
                page.keyboard.press("Enter")
            elif done == 6:  # ... or Tab from Agree to Pass and press Space
                page.locator("#vote-card .vote-agree").focus()
                page.keyboard.press("Tab")  # to Disagree
                page.keyboard.press("Tab")  # to Pass / unsure
                focused = page.evaluate("() => document.activeElement.textContent.trim()")
                assert focused == "Pass / unsure", focused
                page.keyboard.press("Space")
                label = "Pass / unsure"
            else:
                button.click()
        assert response.value.status == 200
        expected[text] = {"Agree": 1, "Disagree": -1, "Pass / unsure": 0}[label]
        if done < 11:
            wait_for_progress(page, done + 1)
            assert progress(page) == (done + 1, 12)
            assert statement_text(page) != text, "the card still shows the same statement"
        if done == 0:
            check(page, console, "vote page after an htmx vote")
    page.locator("#vote-card [role=status]").wait_for()
    assert "You have voted on every statement." in page.locator("#vote-card").inner_text()
    assert same_document(page), "voting reloaded the page instead of an htmx swap"
    assert sorted(seen) == sorted(STATEMENTS)
    participant = Participant.objects.get(opinion_map=opinion_map, user=citizen)
    votes = dict(participant.votes.values_list("statement__text", "value"))
    assert votes == expected
    assert list(votes.values()).count(0) == 1  # the pass, given with the keyboard
    check(page, console, "vote page after the last vote")

    with page.expect_navigation():
        page.get_by_role("link", name="See where you stand on the map").click()
    assert path_of(page) == f"/en/opinions/{SLUG}/results/"
    check(page, console, "results page")
    opinion_map.refresh_from_db()
    check_results(page, opinion_map)
    # Camp A agreed with the first statements: the person is placed with their camp.
    caption = page.locator("main figcaption").inner_text()
    letter = caption.removeprefix("Your votes place you closest to group ").rstrip(".")
    row = page.locator("main table tbody tr", has_text=f"Group {letter} (yours)")
    assert row.count() == 1, caption


# --- 2. Without JavaScript ----------------------------------------------------------------


def test_voting_works_without_javascript(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.opinions.models import Participant

    opinion_map = build_map()
    citizen = person(display_name="Nils NoScript")
    page = browsers.open(citizen, java_script_enabled=False)

    page.goto(f"/en/opinions/{SLUG}/")
    seen: list[str] = []
    for done in range(12):
        assert progress(page) == (done, 12)
        text = statement_text(page)
        assert text in STATEMENTS and text not in seen, text
        seen.append(text)
        button = page.locator("#vote-card .vote-buttons").get_by_role(
            "button", name=choice_for(text, "B"), exact=True
        )
        with page.expect_navigation():
            button.click()
        assert path_of(page) == f"/en/opinions/{SLUG}/"  # each vote reloads the page
        assert page.locator("h1").count() == 1
    assert "You have voted on every statement." in page.locator("#vote-card").inner_text()
    participant = Participant.objects.get(opinion_map=opinion_map, user=citizen)
    assert participant.votes.count() == 12
    assert participant.votes.get(statement__text=STATEMENTS[0]).value == -1

    # "Your votes" lists them, and a vote can be changed from there.
    assert page.get_by_role("region", name="Your votes").count() == 1
    table = page.locator("#my-votes table")
    assert table.locator("tbody tr").count() == 12
    row = table.locator("tbody tr", has_text=STATEMENTS[0])
    with page.expect_navigation():
        # (The hidden part of the name is positioned, so browsers put a space before it.)
        row.get_by_role(
            "button", name=re.compile(rf"^Agree ?: {re.escape(STATEMENTS[0])}$")
        ).click()
    assert "Your vote is changed." in page.locator(".messages").inner_text()
    assert participant.votes.get(statement__text=STATEMENTS[0]).value == 1
    assert participant.votes.count() == 12

    page.goto(f"/en/opinions/{SLUG}/results/")
    assert page.locator("h1").count() == 1
    opinion_map.refresh_from_db()
    check_results(page, opinion_map)
    assert_no_csp_violations(console, "on the pages without JavaScript")


# --- 3. Anonymous voting -------------------------------------------------------------------


def test_anonymous_voting_keeps_its_identity_in_a_cookie(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.opinions.models import Participant

    opinion_map = build_map(anonymous_voting=True)
    page = browsers.open()
    page.goto(f"/en/opinions/{SLUG}/")
    check(page, console, "vote page (anonymous)")
    assert progress(page) == (0, 12)
    for done in range(3):
        text = statement_text(page)
        with htmx_vote(page):
            page.locator("#vote-card").get_by_role(
                "button", name=choice_for(text, "A"), exact=True
            ).click()
        wait_for_progress(page, done + 1)

    cookie = next(c for c in page.context.cookies() if c["name"] == f"opinions_{opinion_map.pk}")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert cookie["expires"] > 0  # kept after the browser closes
    anonymous = Participant.objects.exclude(token__startswith="synthetic-").get(
        opinion_map=opinion_map
    )
    assert anonymous.user is None
    assert cookie["value"].startswith(f"{anonymous.token}:")  # signed, not a bare token
    assert anonymous.votes.count() == 3

    page.reload()
    assert progress(page) == (3, 12), "the anonymous identity was lost on reload"
    assert page.locator("#my-votes table tbody tr").count() == 3
    check(page, console, "vote page (anonymous, after a reload)")
    page.goto(f"/en/opinions/{SLUG}/results/")
    check(page, console, "results page (anonymous)")
    opinion_map.refresh_from_db()
    check_results(page, opinion_map)

    # Another browser is another person; a map without anonymous voting asks to sign in.
    stranger = browsers.open()
    stranger.goto(f"/en/opinions/{SLUG}/")
    assert progress(stranger) == (0, 12)
    stranger.goto(f"/en/opinions/{SLUG}/results/")
    check_results(stranger, opinion_map, me=False)
    closed = build_map(slug="signed-in-only", voters=20)
    stranger.goto(f"/en/opinions/{closed.slug}/")
    card = stranger.locator("#vote-card")
    assert "Sign in to vote." in card.inner_text()
    assert card.locator("form").count() == 0
    assert card.get_by_role("link", name="Sign in").get_attribute("href") == (
        f"/en/accounts/login/?next=/en/opinions/{closed.slug}/"
    )
    check(stranger, console, "vote page of a map for signed-in people")
    voters = Participant.objects.filter(opinion_map=opinion_map, votes__isnull=False).distinct()
    assert voters.count() == 41  # the synthetic voters and the anonymous visitor


# --- 4. On a phone --------------------------------------------------------------------------


def test_voting_and_results_on_a_phone(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    opinion_map = build_map()
    page = browsers.open(
        person(display_name="Paula Phone"),
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page.goto(f"/en/opinions/{SLUG}/")
    check(page, console, "vote page on a phone")
    no_horizontal_scroll(page, "vote page")
    for button in page.locator("#vote-card .vote-buttons button").all():
        box = button.bounding_box()
        assert box and box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    for done in range(2):
        text = statement_text(page)
        with htmx_vote(page):
            page.locator("#vote-card").get_by_role(
                "button", name=choice_for(text, "B"), exact=True
            ).tap()
        wait_for_progress(page, done + 1)
        no_horizontal_scroll(page, f"vote page after {done + 1} votes")

    page.goto(f"/en/opinions/{SLUG}/results/")
    check(page, console, "results page on a phone")
    no_horizontal_scroll(page, "results page")
    svg = page.locator("main svg.opinion-svg").bounding_box()
    assert svg and svg["width"] <= PHONE["width"] and svg["width"] >= 250
    opinion_map.refresh_from_db()
    check_results(page, opinion_map)
