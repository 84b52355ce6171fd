"""Local decisions in the browser: verifying with an invitation code, proposals and
supports (with and without JavaScript), official answers, a participatory budget vote
from the ballot to the published results, and the accountability page.

Every scenario seeds what the flow under test does not do itself (factories, or
``decisions.services`` for proposals, ballots and answers made by other people) and
moves a process from one phase to the next with ``set_phases``. People are signed in
by copying a Django session cookie into their own browser context; coordinators are
staff and get a TOTP authenticator (``with_two_factor``), city officials are not staff.
The live server runs in this process, so the emails are read from Django's locmem
outbox. Every page visited is checked with axe and for Content Security Policy errors.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import get_resolver
from django.utils import translation
from django.utils.translation import gettext

from e2e.conftest import ConsoleLog, assert_accessible, assert_no_csp_violations
from e2e.test_events import coordinator_of
from e2e.test_forum import Browsers, check, htmx_post, main_text, mark_page, path_of, same_document
from e2e.test_practices import city, en, messages, no_horizontal_overflow

PHONE = {"width": 375, "height": 740}
CODE_FIELD = "input[name='code-code']"


# --- Helpers -------------------------------------------------------------------------


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    # The first request imports every app's views (seconds on a busy machine): do it
    # here, outside the browser's navigation timeout.
    get_resolver().url_patterns  # noqa: B018 - the import is the point
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


def lyon() -> Any:
    return city("lyon", "Lyon", "FR")


def person(name: str, **fields: Any) -> Any:
    from metroagora.accounts.tests.factories import UserFactory

    return UserFactory(display_name=name, **fields)


def resident(place: Any, name: str, **fields: Any) -> Any:
    """A verified resident of ``place``."""
    from metroagora.network.tests.factories import MembershipFactory

    user = person(name, **fields)
    MembershipFactory(user=user, city=place, role="resident")
    return user


def official_of(place: Any, name: str = "Odile Official") -> Any:
    from metroagora.network.tests.factories import MembershipFactory

    user = person(name, email="official@lyon.example.org")
    MembershipFactory(user=user, city=place, role="official")
    return user


def process_in(place: Any, phase: str, **fields: Any) -> Any:
    from metroagora.decisions.tests.factories import ProcessFactory

    values = {
        "slug": "green-lyon",
        "title": en("A greener Lyon"),
        "support_threshold": 3,
        **fields,
    }
    return ProcessFactory(city=place, phase=phase, **values)


def move_to(process: Any, phase: str | None) -> None:
    """Open ``phase`` now (the phases before it are over); None: the process has ended."""
    from metroagora.decisions.tests.factories import set_phases

    set_phases(process, phase)


def proposal_by(author: Any, process: Any, title: str, **fields: Any) -> Any:
    from metroagora.decisions import services

    values = {
        "body": "Plant trees along the street to give shade in summer.",
        "language": "en",
        **fields,
    }
    return services.submit_proposal(author, process, title=title, **values)


def in_french(message: str) -> str:
    """The French of a UI message (the English until the lead's translations land)."""
    with translation.override("fr"):
        return gettext(message)


def click_and_wait(page: Any, locator: Any) -> Any:
    with page.expect_navigation() as navigation:
        locator.click()
    return navigation.value


def check_without_javascript(page: Any, auditor: Any, console: ConsoleLog, what: str) -> None:
    """``check`` for a page of a context without JavaScript.

    axe-core cannot run there, so a JavaScript-enabled ``auditor`` page loads the same
    address for axe: the server sends the same HTML, and htmx adds behaviour only.
    """
    lang = page.locator("html").get_attribute("lang")
    assert page.locator("h1").count() == 1, f"{what}: expected exactly one <h1>"
    assert_no_csp_violations(console, f"on {what} ({page.url})")
    auditor.goto(page.url)
    assert_accessible(auditor, f"{what} ({page.url}, with JavaScript)")
    assert auditor.locator("html").get_attribute("lang") == lang
    assert_no_csp_violations(console, f"on {what} ({page.url}, with JavaScript)")


def field_error(page: Any, field_id: str) -> str:
    errors = page.locator(f"main #{field_id}_error")
    return str(errors.inner_text()) if errors.count() else ""


def verified(user: Any, place: Any) -> Any:
    from metroagora.network.models import Membership

    return Membership.objects.filter(
        user=user, city=place, role="resident", verified_at__isnull=False
    ).first()


# --- 1. Invitation codes ---------------------------------------------------------------


def test_a_coordinator_hands_out_codes_and_residents_verify_with_them(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.decisions.models import InvitationBatch

    place = lyon()
    process = process_in(place, "proposals")
    coordinator = browsers.open(coordinator_of(place, "coordinator.lyon@example.org"))

    # The coordinator finds the verification page from the dashboard.
    coordinator.goto("/en/decisions/manage/lyon/")
    check(coordinator, console, "decisions dashboard")
    click_and_wait(coordinator, coordinator.locator("main a", has_text="Resident verification"))
    assert path_of(coordinator) == "/en/decisions/manage/lyon/verification/"
    check(coordinator, console, "resident verification (staff)")
    form = coordinator.locator("main form[action='/en/decisions/manage/lyon/verification/codes/']")
    form.get_by_label("How many codes").fill("3")
    form.get_by_label("Label").fill("Neighbourhood meeting, 12 March")
    click_and_wait(coordinator, form.get_by_role("button", name="Generate the codes"))
    batch = InvitationBatch.objects.get(city=place)
    assert path_of(coordinator) == f"/en/decisions/manage/codes/{batch.pk}/"
    assert "3 codes are ready: print them or download them." in messages(coordinator)
    check(coordinator, console, "printable invitation codes")
    codes = [c.strip() for c in coordinator.locator("main .code-cards .code").all_inner_texts()]
    assert sorted(codes) == sorted(batch.codes.values_list("code", flat=True))
    assert all(
        re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", c) for c in codes
    )

    # A new person, not verified, meets the process and follows its link to verify.
    newcomer = person("Nadia Newcomer")
    page = browsers.open(newcomer)
    page.goto(f"/en/decisions/{process.slug}/")
    check(page, console, "process page (not verified)")
    now = page.locator("section[aria-labelledby=h-now]")
    assert "Only verified residents of Lyon take part in this process." in now.inner_text()
    assert page.locator("main a", has_text="Submit a proposal").count() == 0
    verify_link = now.get_by_role("link", name="Verify that you live in Lyon")
    assert verify_link.get_attribute("href") == (
        f"/en/decisions/verify/lyon/?next=/en/decisions/{process.slug}/"
    )
    click_and_wait(page, verify_link)
    assert path_of(page) == f"/en/decisions/verify/lyon/?next=/en/decisions/{process.slug}/"
    check(page, console, "verify page")
    assert "You are not a verified resident of this city yet." in main_text(page)

    # Lower case, spaces instead of dashes: the code is still recognised.
    typed = codes[0].lower().replace("-", " ")
    page.locator(CODE_FIELD).fill(typed)
    click_and_wait(page, page.get_by_role("button", name="Verify with the code"))
    assert path_of(page) == f"/en/decisions/{process.slug}/"  # back where they were
    assert "You are now a verified resident of Lyon: you can take part." in messages(page)
    membership = verified(newcomer, place)
    assert membership is not None and membership.verification_method == "code"
    assert page.locator("main a", has_text="Submit a proposal").count() == 1
    check(page, console, "process page (verified)")

    page.goto("/en/decisions/verify/lyon/")
    status = page.locator("section[aria-labelledby=h-status]").inner_text()
    assert "You are a verified resident of Lyon since" in status
    assert "Verified with: Invitation code." in status
    assert page.locator(CODE_FIELD).count() == 0  # nothing more to do
    check(page, console, "verify page (verified)")

    # Someone else, reading in French, types the same code: it is used.
    other = person("Olivier Autre")
    french = browsers.open(other, locale="fr-FR")
    french.goto("/fr/decisions/verify/lyon/")
    check(french, console, "French verify page", lang="fr")
    french.locator(CODE_FIELD).fill(codes[0])
    response = click_and_wait(french, french.locator("main form button[type=submit]").first)
    assert response is not None and response.status == 400
    assert path_of(french) == "/fr/decisions/verify/lyon/"
    expected = in_french("This code has already been used. Ask the city for a new one.")
    assert field_error(french, "id_code-code") == expected
    assert french.locator(CODE_FIELD).get_attribute("aria-invalid") == "true"
    assert verified(other, place) is None
    check(french, console, "French verify page with an error", lang="fr")

    # Another code of the batch works, dashes and all.
    french.locator(CODE_FIELD).fill(codes[1])
    click_and_wait(french, french.locator("main form button[type=submit]").first)
    assert path_of(french) == "/fr/decisions/verify/lyon/"
    assert verified(other, place) is not None
    assert french.locator(CODE_FIELD).count() == 0
    check(french, console, "French verify page (verified)", lang="fr")

    # The coordinator sees the codes used and both verifications in the log.
    coordinator.goto("/en/decisions/manage/lyon/verification/")
    codes_section = coordinator.locator("section[aria-labelledby=codes]")
    row = codes_section.locator("tbody tr", has_text="Neighbourhood meeting, 12 March")
    cells = [c.strip() for c in row.locator("td.num").all_inner_texts()]
    assert cells == ["3", "2", "1"], cells  # codes, used, unused
    log = coordinator.locator("section[aria-labelledby=log] tbody")
    assert log.locator("tr").count() == 2
    for name in ("Nadia Newcomer", "Olivier Autre"):
        entry = log.locator("tr", has_text=name)
        assert "Invitation code" in entry.inner_text()
        assert "Themselves" in entry.inner_text()
    check(coordinator, console, "resident verification with a log")


# --- 2. Proposals and supports ---------------------------------------------------------


def verified_with_a_code(place: Any, name: str) -> Any:
    """A resident who verified with an invitation code (the flow of test 1)."""
    from metroagora.decisions import services

    user = person(name)
    batch = services.generate_invitation_codes(
        coordinator_of(place, f"coordinator.{place.slug}@example.org"),
        place,
        count=1,
        label="Market day",
    )
    services.verify_with_code(user, place, batch.codes.get().code)
    return user


def support_box(page: Any, proposal: Any) -> Any:
    return page.locator(f"#support-{proposal.pk}")


def support_count(page: Any, proposal: Any) -> str:
    return str(support_box(page, proposal).locator(".support-count").inner_text()).strip()


def test_residents_submit_and_support_proposals_with_and_without_javascript(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.decisions.models import Proposal, Support

    place = lyon()
    process = process_in(place, "proposals")
    author = verified_with_a_code(place, "Vera Verte")
    page = browsers.open(author)

    # A verified resident submits a proposal while the proposals phase is open.
    page.goto(f"/en/decisions/{process.slug}/")
    current = page.locator("ol.phase-timeline li[aria-current=step]")
    assert "Proposals" in current.inner_text()
    click_and_wait(page, page.locator("main a.button", has_text="Submit a proposal"))
    assert path_of(page) == f"/en/decisions/{process.slug}/proposals/new/"
    check(page, console, "proposal form")
    form = page.locator("main form.stacked-form")
    form.get_by_label("Title").fill("Drinking fountains on the Rhône banks")
    form.get_by_label("Description").fill(
        "Six fountains between the Wilson bridge and the Guillotière bridge, for runners "
        "and families in the summer heat."
    )
    form.get_by_label("Place").fill("Quai Victor Augagneur")
    form.get_by_label("Estimated cost in euros").fill("18000")
    click_and_wait(page, form.get_by_role("button", name="Publish the proposal"))
    mine = Proposal.objects.get(author=author)
    assert path_of(page) == f"/en/decisions/proposals/{mine.pk}/"
    assert "Your proposal is published." in messages(page)
    assert mine.title == "Drinking fountains on the Rhône banks"
    assert mine.language == "en" and mine.estimated_cost == Decimal("18000")
    assert mine.debate is not None  # its comments are a Forum debate
    assert page.locator("h1").inner_text() == mine.title
    assert "Quai Victor Augagneur" in main_text(page)
    check(page, console, "new proposal page")

    other = proposal_by(resident(place, "Bruno Brun"), process, "A covered bike park at Part-Dieu")

    # Supports phase: Vera supports Bruno's proposal from the list, with htmx.
    move_to(process, "supports")
    page.goto(f"/en/decisions/{process.slug}/proposals/")
    check(page, console, "proposal list (supports phase)")
    assert support_count(page, other) == "0 supports · 3 needed for evaluation"
    mark_page(page)
    button = page.locator(f"#support-button-{other.pk}")
    assert button.inner_text().startswith("Support")
    with htmx_post(page, f"/proposals/{other.pk}/support/"):
        button.click()
    page.wait_for_function(
        f"() => /withdraw/.test(document.querySelector('#support-button-{other.pk}')"
        "?.textContent || '')"
    )
    assert support_count(page, other) == "1 support · 3 needed for evaluation"
    box = support_box(page, other)
    assert box.locator("[role=status]").inner_text() == "Thank you: you support this proposal."
    assert box.locator("progress").get_attribute("value") == "1"
    assert same_document(page), "supporting reloaded the page instead of an htmx swap"
    assert Support.objects.filter(proposal=other, user=author).exists()
    check(page, console, "proposal list after an htmx support")

    # Another resident, without JavaScript: the same button posts a plain form.
    nora = resident(place, "Nora Sanscript")
    no_js = browsers.open(nora, java_script_enabled=False)
    no_js.goto(f"/en/decisions/proposals/{other.pk}/")
    assert support_count(no_js, other) == "1 support · 3 needed for evaluation"
    click_and_wait(no_js, no_js.locator(f"#support-button-{other.pk}"))
    assert path_of(no_js) == f"/en/decisions/proposals/{other.pk}/"
    assert "Thank you: you support this proposal." in messages(no_js)
    assert support_count(no_js, other) == "2 supports · 3 needed for evaluation"
    assert "withdraw" in no_js.locator(f"#support-button-{other.pk}").inner_text()
    other.refresh_from_db()
    assert other.support_count == 2 and other.state == "published"
    check_without_javascript(no_js, browsers.open(nora), console, "proposal page (no JavaScript)")

    # Someone signed in but not verified sees why they cannot support, and where to verify.
    participant = browsers.open(person("Paul Passant"))
    participant.goto(f"/en/decisions/proposals/{other.pk}/")
    supports = participant.locator("section[aria-labelledby=h-supports]")
    assert "2 supports" in supports.inner_text()
    assert supports.locator("button").count() == 0
    assert "Only verified residents of Lyon take part in this process." in supports.inner_text()
    verify = supports.get_by_role("link", name="Verify that you live in Lyon")
    assert verify.get_attribute("href") == (
        f"/en/decisions/verify/lyon/?next=/en/decisions/proposals/{other.pk}/"
    )
    check(participant, console, "proposal page (not verified)")
    participant.goto(f"/en/decisions/{process.slug}/proposals/")
    assert "Only verified residents of Lyon" in participant.locator("main .panel").inner_text()
    assert participant.locator(f"#support-button-{other.pk}").count() == 0
    check(participant, console, "proposal list (not verified)")
    # The link leads to the verify page, which brings them back here afterwards.
    click_and_wait(
        participant,
        participant.locator("main .panel").get_by_role("link", name="Verify that you live in Lyon"),
    )
    assert path_of(participant) == (
        f"/en/decisions/verify/lyon/?next=/en/decisions/{process.slug}/proposals/"
    )
    assert participant.locator("main input[name=next]").first.input_value() == (
        f"/en/decisions/{process.slug}/proposals/"
    )
    check(participant, console, "verify page (from the proposal list)")
    # A forged support is refused, with the same reason.
    token = next(c["value"] for c in participant.context.cookies() if c["name"] == "csrftoken")
    refused = participant.request.post(
        f"/en/decisions/proposals/{other.pk}/support/",
        form={"csrfmiddlewaretoken": token, "action": "support"},
        headers={"Referer": f"{browsers.live_server.url}/en/decisions/proposals/{other.pk}/"},
    )
    assert "Only verified residents of Lyon" in refused.text()
    other.refresh_from_db()
    assert other.support_count == 2

    # Vera withdraws her support, in place.
    page.goto(f"/en/decisions/proposals/{other.pk}/")
    mark_page(page)
    with htmx_post(page, f"/proposals/{other.pk}/support/"):
        page.locator(f"#support-button-{other.pk}").click()
    page.wait_for_function(
        f"() => !/withdraw/.test(document.querySelector('#support-button-{other.pk}')"
        "?.textContent || 'withdraw')"
    )
    assert support_count(page, other) == "1 support · 3 needed for evaluation"
    assert "Your support is withdrawn." in support_box(page, other).inner_text()
    assert same_document(page)
    assert not Support.objects.filter(proposal=other, user=author).exists()
    check(page, console, "proposal page after withdrawing a support")


# --- 3. An official answer ---------------------------------------------------------------


def test_an_official_accepts_a_proposal_and_everyone_reads_the_reason(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.decisions.models import Implementation

    place = lyon()
    process = process_in(place, "proposals")
    author = resident(place, "Vera Verte", email="vera@example.org")
    proposal = proposal_by(author, process, "Benches along the Saône quays")
    move_to(process, "evaluation")
    mail.outbox.clear()
    reason = (
        "The quays are being repaved next year: the benches go in with the works, "
        "at no extra cost for the design."
    )

    official = browsers.open(official_of(place))
    official.goto(f"/en/decisions/proposals/{proposal.pk}/")
    check(official, console, "proposal page (official)")
    assert "The city has not answered yet." in main_text(official)
    click_and_wait(official, official.locator("main a", has_text="Answer officially"))
    assert path_of(official) == f"/en/decisions/proposals/{proposal.pk}/answer/"
    check(official, console, "answer form")
    form = official.locator("main form.stacked-form")
    form.get_by_label("Accepted").check()
    form.get_by_label("Reason").fill(reason)
    click_and_wait(official, form.get_by_role("button", name="Publish the answer"))
    assert path_of(official) == f"/en/decisions/proposals/{proposal.pk}/"
    assert "The answer is published on the proposal and emailed to its author." in messages(
        official
    )
    proposal.refresh_from_db()
    assert (proposal.answer, proposal.state, proposal.answer_reason) == (
        "accepted",
        "accepted",
        reason,
    )
    answer = official.locator("section[aria-labelledby=h-answer]")
    assert "Odile Official" in answer.inner_text()
    assert official.locator("main a", has_text="Change the official answer").count() == 1
    check(official, console, "proposal page with its answer (official)")

    # The author is told by email, with the reason and a link.
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    email = mail.outbox[0]
    assert email.to == ["vera@example.org"]
    assert "Lyon answered your proposal" in email.subject
    assert "Benches along the Saône quays" in email.body
    assert "Accepted" in email.body and reason in email.body
    assert f"/en/decisions/proposals/{proposal.pk}/" in email.body

    # Anyone reads the answer and its reason, here in French; it is now a promise.
    record = Implementation.objects.get(proposal=proposal)
    visitor = browsers.open(locale="fr-FR")
    visitor.goto(f"/fr/decisions/proposals/{proposal.pk}/")
    answer = visitor.locator("section[aria-labelledby=h-answer]")
    assert answer.locator("strong").first.inner_text() == in_french("Accepted")
    assert reason in answer.inner_text()  # the official's words, as written
    badge = visitor.locator("main header .badge")
    assert "proposal-state-accepted" in (badge.get_attribute("class") or "")
    follow = answer.locator(f"a[href='/fr/decisions/implementation/{record.pk}/']")
    assert follow.count() == 1
    assert visitor.locator("main a", has_text="Answer officially").count() == 0
    check(visitor, console, "French proposal page with its answer", lang="fr")
    click_and_wait(visitor, follow)
    assert path_of(visitor) == f"/fr/decisions/implementation/{record.pk}/"
    check(visitor, console, "French implementation page", lang="fr")


# --- 4. A participatory budget -----------------------------------------------------------


PROJECTS = {
    "shade": ("Shade trees on Place Bellecour", "40000"),
    "bike": ("Bike lanes on Rue Garibaldi", "50000"),
    "playground": ("Playground in Parc Blandan", "30000"),
    "library": ("Reading room at the Part-Dieu library", "20000"),
}


def budget_with_projects(process: Any) -> tuple[Any, dict[str, Any]]:
    from metroagora.decisions.tests.factories import BudgetFactory, ProjectFactory

    budget = BudgetFactory(
        process=process,
        title=en("Neighbourhood budget 2025"),
        amount=Decimal("100000"),
        currency="EUR",
    )
    projects = {
        key: ProjectFactory(
            budget=budget,
            title=en(title),
            description=en(f"{title}, built next year."),
            cost=Decimal(cost),
        )
        for key, (title, cost) in PROJECTS.items()
    }
    return budget, projects


def ballot_total(page: Any) -> str:
    return " ".join(str(page.locator("#ballot-total").inner_text()).split())


def tick(page: Any, project: Any, on: bool = True, *, htmx: bool = True) -> None:
    """Tick or untick a project; with htmx, wait until the total shown has changed."""
    box = page.locator(f"#project-{project.pk}")
    if not htmx:
        box.set_checked(on)
        return
    before = ballot_total(page)
    with htmx_post(page, f"/budgets/{project.budget_id}/vote/"):
        box.set_checked(on)
    page.wait_for_function(
        "(before) => document.querySelector('#ballot-total').innerText"
        ".split(/\\s+/).join(' ').trim() !== before",
        arg=before,
    )


def ticked(page: Any, projects: dict[str, Any]) -> set[str]:
    return {key for key, p in projects.items() if page.locator(f"#project-{p.pk}").is_checked()}


def chosen(user: Any, budget: Any, projects: dict[str, Any]) -> set[str]:
    from metroagora.decisions import services

    ids = services.my_ballot(user, budget)
    return {key for key, p in projects.items() if p.pk in ids}


def table_rows(table: Any) -> list[list[str]]:
    rows = []
    for row in table.locator("tbody tr").all():
        cells = row.locator("th, td").all_inner_texts()
        rows.append([" ".join(c.split()) for c in cells])
    return rows


def test_a_budget_vote_from_the_ballot_to_the_published_results(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.decisions import services
    from metroagora.decisions.models import BallotReceipt

    place = lyon()
    process = process_in(place, "voting")
    budget, projects = budget_with_projects(process)
    url = f"/en/decisions/budgets/{budget.pk}/"

    # Alice, with JavaScript, sees the running total change as she ticks projects.
    alice = resident(place, "Alice Urne")
    page = browsers.open(alice)
    page.goto(f"/en/decisions/{process.slug}/")
    assert "Voting" in page.locator("ol.phase-timeline li[aria-current=step]").inner_text()
    check(page, console, "process page (voting phase)")
    click_and_wait(page, page.locator("main a", has_text="Vote: “Neighbourhood budget 2025”"))
    assert path_of(page) == url
    check(page, console, "budget ballot")
    assert ballot_total(page) == "Your choice: 0 of 100,000 EUR · 0 projects · 100,000 EUR left"
    mark_page(page)
    tick(page, projects["shade"])
    tick(page, projects["bike"])
    assert ballot_total(page) == "Your choice: 90,000 of 100,000 EUR · 2 projects · 10,000 EUR left"
    assert same_document(page), "the total reloaded the page instead of an htmx swap"
    check(page, console, "budget ballot with a running total")
    click_and_wait(page, page.get_by_role("button", name="Cast my ballot"))
    assert path_of(page) == url
    assert "Your ballot is saved. You can change it until the vote closes on" in messages(page)
    assert chosen(alice, budget, projects) == {"shade", "bike"}
    assert ticked(page, projects) == {"shade", "bike"}
    assert "You voted; you can change your ballot until" in main_text(page)
    check(page, console, "budget ballot after voting")

    # She changes her ballot.
    tick(page, projects["bike"], on=False)
    tick(page, projects["library"])
    assert ballot_total(page) == "Your choice: 60,000 of 100,000 EUR · 2 projects · 40,000 EUR left"
    click_and_wait(page, page.get_by_role("button", name="Change my ballot"))
    assert chosen(alice, budget, projects) == {"shade", "library"}
    assert BallotReceipt.objects.filter(budget=budget).count() == 1

    # Over the budget: the total warns, and the server refuses the ballot.
    tick(page, projects["bike"])
    tick(page, projects["playground"])
    assert ballot_total(page).startswith("Your choice: 140,000 of 100,000 EUR · 4 projects")
    assert "Over the budget by 40,000 EUR: remove a project." in ballot_total(page)
    response = click_and_wait(page, page.get_by_role("button", name="Change my ballot"))
    assert response is not None and response.status == 400
    errors = page.locator("#ballot-errors")
    assert "Your ballot is not saved:" in errors.inner_text()
    assert (
        "Your choice costs 140,000 EUR, over the budget of 100,000 EUR. "
        "Remove a project and try again." in errors.inner_text()
    )
    assert ticked(page, projects) == set(projects)  # her choice is kept to fix it
    assert chosen(alice, budget, projects) == {"shade", "library"}  # the saved one stays
    check(page, console, "budget ballot refused over the budget")

    # Bernard, without JavaScript, updates the total with a button.
    bernard = resident(place, "Bernard Papier")
    no_js = browsers.open(bernard, java_script_enabled=False)
    no_js.goto(url)
    for key in ("shade", "bike", "playground"):
        tick(no_js, projects[key], htmx=False)
    click_and_wait(no_js, no_js.get_by_role("button", name="Update the total"))
    assert ballot_total(no_js).startswith("Your choice: 120,000 of 100,000 EUR · 3 projects")
    assert "Over the budget by 20,000 EUR: remove a project." in ballot_total(no_js)
    assert ticked(no_js, projects) == {"shade", "bike", "playground"}
    assert not BallotReceipt.objects.filter(budget=budget, user=bernard).exists()
    response = click_and_wait(no_js, no_js.get_by_role("button", name="Cast my ballot"))
    assert response is not None and response.status == 400
    assert "Your choice costs 120,000 EUR" in no_js.locator("#ballot-errors").inner_text()
    tick(no_js, projects["playground"], on=False, htmx=False)
    click_and_wait(no_js, no_js.get_by_role("button", name="Update the total"))
    assert ballot_total(no_js) == (
        "Your choice: 90,000 of 100,000 EUR · 2 projects · 10,000 EUR left"
    )
    click_and_wait(no_js, no_js.get_by_role("button", name="Cast my ballot"))
    assert path_of(no_js) == url
    assert "Your ballot is saved." in messages(no_js)
    assert chosen(bernard, budget, projects) == {"shade", "bike"}
    check_without_javascript(no_js, browsers.open(bernard), console, "ballot (no JavaScript)")

    # Two more ballots, cast through the service.
    for name, keys in (
        ("Chloé Vote", ("shade", "playground")),
        ("Driss Vote", ("bike", "library")),
    ):
        services.cast_ballot(resident(place, name), budget, [projects[k].pk for k in keys])

    # The voting phase ends; the coordinator closes the vote.
    move_to(process, "implementation")
    coordinator = browsers.open(coordinator_of(place, "coordinator.lyon@example.org"))
    coordinator.goto("/en/decisions/manage/lyon/")
    to_close = coordinator.locator("main li", has_text="Neighbourhood budget 2025")
    assert "4 people voted" in to_close.first.inner_text()
    click_and_wait(
        coordinator, to_close.first.get_by_role("link", name=re.compile("Close the vote"))
    )
    assert path_of(coordinator) == f"/en/decisions/budgets/{budget.pk}/close/"
    check(coordinator, console, "close the vote")
    assert "4 people voted." in main_text(coordinator)
    click_and_wait(
        coordinator,
        coordinator.get_by_role("button", name="Close the vote and publish the results"),
    )
    assert path_of(coordinator) == url
    assert (
        "The vote is closed: 4 ballots counted, 3 projects selected. The results are public."
        in messages(coordinator)
    )

    # The results: shade 3 votes, library 2 (cheaper than bike on a tie), bike 2,
    # playground 1. Once shade and library are in, 40,000 EUR is left: the bike lanes
    # (50,000) no longer fit and are skipped, the playground (30,000) still does.
    results = browsers.open()
    results.goto(url)
    check(results, console, "budget results")
    stats = [
        " ".join(t.split()) for t in results.locator("#h-results ~ ul.stats li").all_inner_texts()
    ]
    assert stats == ["4 ballots", "3 projects selected", "90,000 EUR spent of 100,000 EUR"], stats
    votes = results.locator("table", has=results.locator("caption", has_text="Votes per project"))
    assert table_rows(votes) == [
        ["Shade trees on Place Bellecour", "3", "Yes", "40,000 EUR"],
        ["Reading room at the Part-Dieu library", "2", "Yes", "20,000 EUR"],
        ["Playground in Parc Blandan", "1", "Yes", "30,000 EUR"],
        ["Bike lanes on Rue Garibaldi", "2", "No", "50,000 EUR"],
    ]  # winners first
    spending = results.locator("table", has=results.locator("caption", has_text="Money spent"))
    assert table_rows(spending) == [
        ["Budget", "100,000 EUR"],
        ["Selected projects", "90,000 EUR"],
        ["Left over", "10,000 EUR"],
        ["Ballots", "4"],
    ]
    charts = results.locator("figure.decisions-figure svg[role=img]")
    assert charts.count() == 2
    for index in range(2):
        assert (charts.nth(index).locator("title").text_content() or "").strip()
    assert results.locator("#ballot-total").count() == 0  # no ballot any more

    # The anonymous ballots: one row per ballot, recounted here.
    link = results.get_by_role("link", name="Download the anonymous ballots (CSV) to recount")
    with results.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"budget-{budget.pk}-ballots.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    by_pk = {p.pk: key for key, p in projects.items()}
    header = rows[0]
    assert header[0] == "ballot"
    columns = [by_pk[int(name.removeprefix("project_"))] for name in header[1:]]
    ballots = rows[1:]
    assert [row[0] for row in ballots] == ["1", "2", "3", "4"]
    seen = sorted(
        tuple(sorted(key for key, mark in zip(columns, row[1:], strict=True) if mark == "1"))
        for row in ballots
    )
    assert seen == sorted(
        [("library", "shade"), ("bike", "shade"), ("playground", "shade"), ("bike", "library")]
    )


# --- 5. Accountability -------------------------------------------------------------------


def promises_of_lyon() -> tuple[Any, dict[str, Any]]:
    """An accepted proposal and a closed budget with two winning projects, through the
    services; returns the official and the implementation records by name."""
    from metroagora.decisions import services
    from metroagora.decisions.models import Implementation

    place = lyon()
    official = official_of(place)
    process = process_in(place, "proposals")
    benches = proposal_by(
        resident(place, "Vera Verte"),
        process,
        "Benches along the Saône quays",
        estimated_cost=Decimal("12000"),
    )
    services.answer_proposal(official, benches, answer="accepted", reason="Part of the works.")
    budget, projects = budget_with_projects(process)
    move_to(process, "voting")
    for name, keys in (("Chloé Vote", ("shade", "playground")), ("Driss Vote", ("shade",))):
        services.cast_ballot(resident(place, name), budget, [projects[k].pk for k in keys])
    move_to(process, "implementation")
    services.close_budget(coordinator_of(place), budget)
    records = {
        "benches": Implementation.objects.get(proposal=benches),
        "shade": Implementation.objects.get(project=projects["shade"]),
        "playground": Implementation.objects.get(project=projects["playground"]),
    }
    assert Implementation.objects.count() == 3  # bike lanes and library got no vote
    return official, records


def promise_card(page: Any, record: Any) -> Any:
    link = page.locator(f"a[href$='/decisions/implementation/{record.pk}/']")
    return page.locator("article.promise-card", has=link)


def report_progress(page: Any, console: ConsoleLog, status: str, progress: str, text: str) -> None:
    check(page, console, "report progress (official)")
    form = page.locator("main form[action$='/update/']")
    form.get_by_label("Status").select_option(label=status)
    form.get_by_label("Progress (%)").fill(progress)
    form.get_by_label("What happened").fill(text)
    assert form.get_by_label("Language you write in").input_value() == "en"
    click_and_wait(page, form.get_by_role("button", name="Publish the update"))
    assert "The update is published on the accountability page." in messages(page)


def test_the_accountability_page_shows_what_officials_report(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    official, records = promises_of_lyon()
    benches, shade, playground = records["benches"], records["shade"], records["playground"]

    page = browsers.open(official)
    page.goto("/en/decisions/accountability/lyon/")
    check(page, console, "accountability page (before any update)")
    stats = [
        " ".join(t.split()) for t in page.locator("#h-summary ~ ul.stats li").all_inner_texts()
    ]
    assert stats == [
        "3 promises",
        "0% average progress",
        "82,000 EUR promised",  # 12,000 + 40,000 + 30,000
        "0 milestones late",
    ], stats

    # The official reports progress on the accepted proposal, from its public page.
    click_and_wait(page, promise_card(page, benches).get_by_role("link").first)
    assert path_of(page) == f"/en/decisions/implementation/{benches.pk}/"
    check(page, console, "implementation page (official)")
    click_and_wait(page, page.get_by_role("link", name="Report progress"))
    assert path_of(page) == f"/en/decisions/implementation/{benches.pk}/update/"
    report_progress(
        page, console, "In progress", "40", "The benches are ordered; they go in in May."
    )
    assert path_of(page) == f"/en/decisions/implementation/{benches.pk}/"
    header = page.locator("main article header")
    assert header.locator(".badge").inner_text() == "In progress"
    assert header.locator("progress").get_attribute("value") == "40"
    assert "40% done" in header.inner_text()
    updates = page.locator("section[aria-labelledby=h-updates]")
    assert "The benches are ordered; they go in in May." in updates.inner_text()
    assert "Odile Official" in updates.inner_text()
    check(page, console, "implementation page after an update")

    # A winning project is completed (completed means 100%, whatever was typed).
    page.goto(f"/en/decisions/implementation/{shade.pk}/update/")
    report_progress(page, console, "Completed", "90", "Forty plane trees are planted.")
    assert "100% done" in page.locator("main article header").inner_text()
    # The other one gets a milestone.
    page.goto(f"/en/decisions/implementation/{playground.pk}/update/")
    milestones = page.locator("main form[action$='/milestones/']")
    milestones.get_by_label("Milestone").fill("Choose the play equipment with the school")
    milestones.get_by_label("Planned for").fill("2099-06-30")
    click_and_wait(page, milestones.get_by_role("button", name="Add the milestone"))
    assert "The milestone is added." in messages(page)
    check(page, console, "report progress with a milestone")

    # The accountability page, for anyone: figures and statuses match the reports.
    visitor = browsers.open()
    visitor.goto("/en/decisions/accountability/lyon/")
    check(visitor, console, "accountability page")
    stats = [
        " ".join(t.split()) for t in visitor.locator("#h-summary ~ ul.stats li").all_inner_texts()
    ]
    assert stats == [
        "3 promises",
        "47% average progress",  # (40 + 100 + 0) / 3
        "82,000 EUR promised",
        "0 milestones late",
    ], stats
    by_status = visitor.locator("table", has=visitor.locator("caption", has_text="by status"))
    assert table_rows(by_status) == [
        ["Planned", "1"],
        ["In progress", "1"],
        ["Completed", "1"],
        ["Cancelled", "0"],
    ]
    chart = visitor.locator("#h-summary ~ figure svg[role=img]")
    assert chart.count() == 1 and (chart.locator("title").text_content() or "").strip()
    expected = {
        shade.pk: ("Shade trees on Place Bellecour", "Completed", "100"),
        benches.pk: ("Benches along the Saône quays", "In progress", "40"),
        playground.pk: ("Playground in Parc Blandan", "Planned", "0"),
    }
    for pk, (title, status, progress) in expected.items():
        record = next(r for r in records.values() if r.pk == pk)
        card = promise_card(visitor, record)
        assert card.locator("h3").inner_text() == title
        assert card.locator(".badge").first.inner_text() == status
        assert card.locator("progress").get_attribute("value") == progress
        assert f"{progress}% done" in card.inner_text()
    assert "Choose the play equipment with the school" in (
        promise_card(visitor, playground).inner_text()
    )
    # Most advanced first.
    titles = [t.strip() for t in visitor.locator("article.promise-card h3").all_inner_texts()]
    assert titles == [expected[pk][0] for pk in (shade.pk, benches.pk, playground.pk)]

    # The same in French.
    visitor.goto("/fr/decisions/accountability/lyon/")
    check(visitor, console, "French accountability page", lang="fr")
    for pk, (_title, status, progress) in expected.items():
        record = next(r for r in records.values() if r.pk == pk)
        card = promise_card(visitor, record)
        assert card.locator(".badge").first.inner_text() == in_french(status)
        assert card.locator("progress").get_attribute("value") == progress
    visitor.goto(f"/fr/decisions/implementation/{benches.pk}/")
    assert "The benches are ordered; they go in in May." in main_text(visitor)
    check(visitor, console, "French implementation page with an update", lang="fr")


# --- 6. On a phone -----------------------------------------------------------------------


def test_a_resident_takes_part_on_a_phone(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.decisions import services

    place = lyon()
    process = process_in(place, "voting")
    budget, projects = budget_with_projects(process)
    voter = resident(place, "Marie Mobile")
    phone = browsers.open(voter, viewport=PHONE, is_mobile=True, has_touch=True)

    phone.goto(f"/en/decisions/{process.slug}/")
    check(phone, console, "process page on a phone")
    no_horizontal_overflow(phone, "process page on a phone")
    assert phone.locator("ol.phase-timeline li[aria-current=step]").is_visible()

    phone.goto(f"/en/decisions/budgets/{budget.pk}/")
    check(phone, console, "ballot on a phone")
    no_horizontal_overflow(phone, "ballot on a phone")
    tick(phone, projects["bike"])
    tick(phone, projects["library"])
    assert (
        ballot_total(phone) == "Your choice: 70,000 of 100,000 EUR · 2 projects · 30,000 EUR left"
    )
    assert phone.locator("#ballot-total").is_visible()
    no_horizontal_overflow(phone, "ballot with a total on a phone")
    click_and_wait(phone, phone.get_by_role("button", name="Cast my ballot"))
    assert chosen(voter, budget, projects) == {"bike", "library"}

    move_to(process, "implementation")
    services.close_budget(coordinator_of(place), budget)
    phone.goto(f"/en/decisions/budgets/{budget.pk}/")
    check(phone, console, "budget results on a phone")
    no_horizontal_overflow(phone, "budget results on a phone")
    phone.goto("/fr/decisions/accountability/lyon/")
    check(phone, console, "French accountability page on a phone", lang="fr")
    no_horizontal_overflow(phone, "French accountability page on a phone")
