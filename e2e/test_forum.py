"""The Forum in the browser: posting in another language with htmx, official responses,
reports and moderation, blocked people, replies with and without JavaScript, agreeing,
and bad input.

Every scenario seeds its debate through ``services.open_debate`` and its contributions
through ``services.post_contribution`` (or the UI under test). People are signed in by
copying a Django session cookie into their own browser context, so several people can
act in one test; moderators are staff and get a TOTP authenticator (``with_two_factor``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from e2e.conftest import (
    ConsoleLog,
    assert_accessible,
    assert_no_csp_violations,
    wait_for_htmx_idle,
)

MOBILE = {"width": 390, "height": 844}
SLUG = "cities-and-the-green-deal"
QUESTION = "Should cities get their own seat in EU climate decisions?"


# --- Helpers -------------------------------------------------------------------------


class Browsers:
    """Opens one browser context per person; every page reports to the test's console."""

    def __init__(self, browser: Any, live_server: Any, console: ConsoleLog) -> None:
        self.browser = browser
        self.live_server = live_server
        self.console = console
        self.contexts: list[Any] = []

    def open(self, user: Any = None, **options: Any) -> Any:
        settings_ = {
            "base_url": self.live_server.url,
            "viewport": {"width": 1280, "height": 900},
            "locale": "en-GB",
            "timezone_id": "Europe/Brussels",
            **options,
        }
        context = self.browser.new_context(**settings_)
        self.contexts.append(context)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        if user is not None:
            sign_in(context, self.live_server, user)
        page = context.new_page()
        page.on("console", self.console.on_console)
        page.on("pageerror", self.console.on_pageerror)
        page.on("response", self.console.on_response)
        page.on("requestfailed", self.console.on_requestfailed)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


def sign_in(context: Any, live_server: Any, user: Any) -> None:
    """Put a Django session of ``user`` into the browser context (a staff user needs TOTP)."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )


def person(**fields: Any) -> Any:
    from metroagora.accounts.tests.factories import UserFactory

    return UserFactory(**fields)


def moderator() -> Any:
    from metroagora.accounts.tests.factories import with_two_factor

    return with_two_factor(person(display_name="Mona Moderator", is_moderator=True))


def open_debate(slug: str = SLUG) -> Any:
    from metroagora.accounts.tests.factories import with_two_factor
    from metroagora.forum import services

    admin = with_two_factor(person(display_name="Ada Admin", is_superuser=True))
    return services.open_debate(
        admin,
        slug=slug,
        question={"en": QUESTION, "_original": "en"},
        introduction={"en": "Cities emit most of Europe's CO2.", "_original": "en"},
    )


def contribute(author: Any, debate: Any, text: str, **fields: Any) -> Any:
    from metroagora.forum import services

    values = {"stance": "for", "language": "en", **fields}
    return services.post_contribution(author, debate, text=text, **values)


def path_of(page: Any) -> str:
    """The address without scheme, host and #fragment."""
    return re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]


def check(page: Any, console: ConsoleLog, what: str, lang: str = "en") -> None:
    assert page.locator("html").get_attribute("lang") == lang, f"{what}: wrong <html lang>"
    assert page.locator("h1").count() == 1, f"{what}: expected exactly one <h1>"
    assert page.locator("[id='post-form'] [id='post-form']").count() == 0, f"{what}: nested form"
    assert_accessible(page, f"{what} ({page.url})")
    assert_no_csp_violations(console, f"on {what} ({page.url})")


def main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def mark_page(page: Any) -> None:
    """A marker on ``window``: it survives htmx swaps, not a full page load."""
    page.evaluate("() => { window.__e2eMarker = 'same-document'; }")


def same_document(page: Any) -> bool:
    return bool(page.evaluate("() => window.__e2eMarker === 'same-document'"))


@contextmanager
def htmx_post(page: Any, url_part: str) -> Iterator[Any]:
    """Wait for the POST whose address contains ``url_part``, made by htmx: the page is
    left alone until htmx has settled (see ``wait_for_htmx_idle``) before the block and
    after the answer, so a click never reaches a form htmx has not bound yet."""
    wait_for_htmx_idle(page)
    with page.expect_response(
        lambda r: r.request.method == "POST" and url_part in r.url
    ) as response:
        yield response
    assert response.value.request.headers.get("hx-request") == "true", (
        f"the POST to {url_part} was sent without htmx: a form was used before htmx bound it"
    )
    wait_for_htmx_idle(page)


def no_horizontal_scroll(page: Any, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"{what}: horizontal scroll ({width}px wide at 390px)"


def contribution_item(page: Any, pk: int) -> Any:
    return page.locator(f"#threads li#c{pk}")


# --- 1. Posting in Italian, read in French ---------------------------------------------


def test_citizen_posts_in_italian_with_htmx_and_a_french_reader_sees_the_language(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.forum.models import Contribution

    debate = open_debate()
    citizen = person(display_name="Giulia Rossi")
    page = browsers.open(citizen, locale="it-IT")

    page.goto(f"/it/forum/{SLUG}/")
    assert path_of(page) == f"/it/forum/{SLUG}/"
    check(page, console, "Italian debate page", lang="it")
    assert "Giulia Rossi" not in main_text(page)
    mark_page(page)

    text = "Le città devono avere voce nelle decisioni europee sul clima."
    form = page.locator("#post-form form")
    form.locator("textarea[name=text]").fill(text)
    form.locator("input[name=stance][value=for]").check()
    language = form.locator("select[name=language]")
    assert language.input_value() == "it"  # the page's language is the default
    language.select_option("en")
    italian = language.locator("option[value=it]").inner_text()
    assert re.fullmatch(r"italiano|italian", italian.strip(), re.I), italian
    language.select_option(label=italian)
    assert language.input_value() == "it"
    with htmx_post(page, f"/it/forum/{SLUG}/post/") as response:
        form.locator("button[type=submit]").click()
    assert response.value.status == 200

    contribution = Contribution.objects.get(debate=debate)
    assert contribution.author == citizen
    assert contribution.language == "it"
    assert contribution.stance == "for"
    assert contribution.text == text
    item = contribution_item(page, contribution.pk)
    item.wait_for()
    assert same_document(page), "posting reloaded the page instead of an htmx swap"
    assert item.locator(".contribution-text").inner_text().strip() == text
    assert item.locator(".contribution-text").get_attribute("lang") == "it"
    assert "Giulia Rossi" in item.locator(".author").inner_text()
    # The form is fresh again: empty text, neutral stance, the page's language.
    form = page.locator("#post-form form")
    assert page.locator("[id='post-form']").count() == 1
    assert form.locator("textarea[name=text]").input_value() == ""
    assert form.locator("input[name=stance][value=neutral]").is_checked()
    assert form.locator("select[name=language]").input_value() == "it"
    assert not page.locator("#contributions li.empty").is_visible(), "still 'no contribution yet'"
    check(page, console, "Italian debate page after posting", lang="it")

    # An anonymous French reader, on a phone, sees it marked as Italian.
    reader = browsers.open(
        locale="fr-FR",
        viewport=MOBILE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    reader.goto(f"/fr/forum/{SLUG}/")
    check(reader, console, "French debate page on a phone", lang="fr")
    no_horizontal_scroll(reader, "French debate page")
    item = contribution_item(reader, contribution.pk)
    written_in = item.locator(".written-in").first.inner_text().strip()
    # French once the catalogue translates "Written in %(language)s"; without that entry
    # the English sentence shows (around the French language name).
    assert re.fullmatch(r"(Écrit en italien|Written in Itali(an|en))", written_in, re.I), (
        f"the French reader is told {written_in!r}"
    )
    body = item.locator(".contribution-text")
    assert body.get_attribute("lang") == "it"
    assert body.inner_text().strip() == text
    assert reader.locator("#post-form").count() == 0  # anonymous: no form, a sign-in link
    assert reader.locator("main a[href^='/fr/accounts/login/']").count() >= 1


# --- 2. Official responses ------------------------------------------------------------


def test_verified_policymaker_posts_an_official_response_through_the_form(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.forum.models import Contribution

    debate = open_debate()
    contribute(person(display_name="Jan Citizen"), debate, "Let our mayors speak in Brussels.")
    policymaker = person(display_name="Elena Policy", is_verified_policymaker=True)
    page = browsers.open(policymaker)

    page.goto(f"/en/forum/{SLUG}/")
    check(page, console, "debate page (policymaker)")
    assert page.locator("section.official").count() == 0  # no official response yet
    form = page.locator("#post-form form")
    official = form.get_by_label("Post as an official response (verified policymakers)")
    form.locator("textarea[name=text]").fill("The Committee of the Regions will table this.")
    form.locator("input[name=stance][value=neutral]").check()
    official.check()
    with htmx_post(page, "/post/"):
        form.locator("button[type=submit]").click()
    response = Contribution.objects.get(debate=debate, is_official=True)
    assert response.author == policymaker
    contribution_item(page, response.pk).wait_for()

    for lang in ("en", "fr"):
        page.goto(f"/{lang}/forum/{SLUG}/")
        section = page.locator("section.official")
        assert section.count() == 1, f"no official responses section in {lang}"
        if lang == "en":
            assert section.locator("h2").inner_text() == "Official responses"
        item = section.locator(f"li#official-{response.pk}")
        assert "The Committee of the Regions will table this." in item.inner_text()
        assert item.locator(".badge-official").count() == 1
        assert item.locator(".badge-verified").count() == 1
        assert "Elena Policy" in item.locator(".author").inner_text()
        # Only the official response is in the section, not the citizen's contribution.
        assert section.locator("li.contribution").count() == 1
        check(page, console, f"debate page with an official response ({lang})", lang=lang)
    badge = page.locator(f"section.official li#official-{response.pk} .badge-official")
    assert badge.inner_text().strip()

    # The official checkbox is only for verified policymakers.
    citizen = browsers.open(person())
    citizen.goto(f"/en/forum/{SLUG}/")
    assert citizen.locator("#post-form input[name=official]").count() == 0


# --- 3. Report, then hide ------------------------------------------------------------


def test_a_report_leads_to_a_hidden_contribution_with_its_reason(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.forum.models import Report, Visibility

    debate = open_debate()
    text = "Buy cheap watches at spam.example!"
    spam = contribute(person(display_name="Spam Bot"), debate, text)
    reporter = browsers.open(person(display_name="Rita Reporter"))

    reporter.goto(f"/en/forum/{SLUG}/")
    item = contribution_item(reporter, spam.pk)
    report_link = item.locator(f"a[href='/en/forum/c/{spam.pk}/report/']")
    assert report_link.inner_text().startswith("Report"), report_link.inner_text()
    with reporter.expect_navigation():
        report_link.click()
    assert path_of(reporter) == f"/en/forum/c/{spam.pk}/report/"
    check(reporter, console, "report page")
    reporter.locator("main form input[name=reason]").fill("Advertising, not a contribution")
    with reporter.expect_navigation():
        reporter.get_by_role("button", name="Send the report").click()
    assert path_of(reporter) == f"/en/forum/{SLUG}/"
    assert "The moderators will look at it." in reporter.locator(".messages").inner_text()
    assert Report.objects.filter(contribution=spam, resolved_at__isnull=True).count() == 1

    mod = browsers.open(moderator())
    mod.goto("/en/forum/moderation/")
    assert path_of(mod) == "/en/forum/moderation/"
    check(mod, console, "moderation page")
    case = mod.locator(f"article.moderation-item[aria-labelledby=m{spam.pk}]")
    assert "Advertising, not a contribution" in case.inner_text()
    assert text in case.locator("blockquote").inner_text()
    case.get_by_label("Reason, shown in place of the text").fill("Advertising")
    with mod.expect_navigation():
        case.get_by_role("button", name="Hide").click()
    assert path_of(mod) == "/en/forum/moderation/"
    assert "The contribution is hidden." in mod.locator(".messages").inner_text()
    assert "No open report." in main_text(mod)
    spam.refresh_from_db()
    assert spam.visibility == Visibility.HIDDEN
    assert spam.moderation_reason == "Advertising"

    mod.goto("/fr/forum/moderation/")
    check(mod, console, "French moderation page", lang="fr")

    reporter.goto(f"/en/forum/{SLUG}/")
    item = contribution_item(reporter, spam.pk)
    assert item.locator(".moderated").inner_text().strip() == "Hidden by a moderator: Advertising"
    assert text not in main_text(reporter)
    assert item.locator(".contribution-text").count() == 0
    assert item.locator(".contribution-actions").count() == 0
    check(reporter, console, "debate page with a hidden contribution")

    reporter.goto(f"/fr/forum/{SLUG}/")
    item = contribution_item(reporter, spam.pk)
    assert "Advertising" in item.locator(".moderated").inner_text()
    assert text not in main_text(reporter)
    check(reporter, console, "French debate page with a hidden contribution", lang="fr")


# --- 4. Blocking ---------------------------------------------------------------------


def test_a_blocked_person_cannot_post(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.forum import services
    from metroagora.forum.models import Contribution, UserBlock

    debate = open_debate()
    troll = person(display_name="Tom Troll")
    insult = contribute(troll, debate, "You are all idiots.", stance="against")
    services.report_contribution(person(), insult, reason="Insults")

    mod = browsers.open(moderator())
    mod.goto("/en/forum/moderation/")
    case = mod.locator(f"article.moderation-item[aria-labelledby=m{insult.pk}]")
    assert "Insults" in case.inner_text()
    case.get_by_label("Reason, shown in place of the text").fill("Repeated insults")
    with mod.expect_navigation():
        case.get_by_role("button", name="Block the author from posting").click()
    assert path_of(mod) == "/en/forum/moderation/"
    assert "The person is blocked from posting." in mod.locator(".messages").inner_text()
    block = UserBlock.objects.get(user=troll)
    assert block.reason == "Repeated insults"
    blocked_list = mod.locator("main ul li", has_text="Tom Troll")
    assert "Repeated insults" in blocked_list.inner_text()
    check(mod, console, "moderation page after blocking")

    page = browsers.open(troll)
    for lang in ("en", "fr"):
        page.goto(f"/{lang}/forum/{SLUG}/")
        assert page.locator("#post-form").count() == 0, f"a blocked person sees the form ({lang})"
        check(page, console, f"debate page of a blocked person ({lang})", lang=lang)
    page.goto(f"/en/forum/{SLUG}/")
    assert "You cannot post in the Forum." in main_text(page)
    assert page.locator("details.reply-box").count() == 0

    before = Contribution.objects.filter(author=troll).count()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    refused = page.request.post(
        f"/en/forum/{SLUG}/post/",
        form={
            "csrfmiddlewaretoken": token,
            "text": "I am back.",
            "stance": "against",
            "language": "en",
        },
        headers={"Referer": f"{browsers.live_server.url}/en/forum/{SLUG}/"},
    )
    assert refused.status in (400, 403), refused.status
    assert "You cannot post in the Forum." in refused.text()
    refused_reply = page.request.post(
        f"/en/forum/c/{insult.pk}/reply/",
        form={
            "csrfmiddlewaretoken": token,
            f"r{insult.pk}-text": "Still here.",
            f"r{insult.pk}-stance": "against",
            f"r{insult.pk}-language": "en",
        },
        headers={"Referer": f"{browsers.live_server.url}/en/forum/{SLUG}/"},
    )
    assert refused_reply.status in (400, 403), refused_reply.status
    assert Contribution.objects.filter(author=troll).count() == before


# --- 5. Replies and agreeing -----------------------------------------------------------


def test_reply_with_and_without_javascript_and_agree_toggles(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.forum.models import Contribution, Reaction

    debate = open_debate()
    first = contribute(person(display_name="Anna First"), debate, "Cities need a formal seat.")
    citizen = person(display_name="Bruno Reply")

    page = browsers.open(citizen)
    page.goto(f"/en/forum/{SLUG}/")
    check(page, console, "debate page with a contribution")
    mark_page(page)
    item = contribution_item(page, first.pk)
    box = item.locator("details.reply-box").first
    textarea = box.locator(f"textarea[name=r{first.pk}-text]")
    assert not textarea.is_visible()
    box.locator("summary").click()
    textarea.fill("Agreed, through the Committee of the Regions.")
    box.get_by_label("Against").check()
    with htmx_post(page, f"/c/{first.pk}/reply/"):
        box.get_by_role("button", name="Reply").click()
    reply = Contribution.objects.get(parent=first, author=citizen)
    assert reply.stance == "against"
    assert reply.language == "en"
    replies = page.locator(f"#replies-{first.pk}")
    replies.locator(f"li#c{reply.pk}").wait_for()
    assert "Agreed, through the Committee of the Regions." in replies.inner_text()
    assert same_document(page), "replying reloaded the page instead of an htmx swap"
    check(page, console, "debate page after an htmx reply")

    # Agreeing toggles in place.
    agree = item.locator(":scope > article .agree-form button")
    assert agree.get_attribute("aria-pressed") == "false"
    assert agree.inner_text() == "I agree with this (0)"
    with htmx_post(page, f"/c/{first.pk}/agree/"):
        agree.click()
    page.wait_for_function(
        f"() => document.querySelector('#c{first.pk} .agree-form button')"
        ".getAttribute('aria-pressed') === 'true'"
    )
    assert agree.inner_text() == "You agree (1)"
    assert Reaction.objects.filter(contribution=first, user=citizen).exists()
    with htmx_post(page, f"/c/{first.pk}/agree/"):
        agree.click()
    page.wait_for_function(
        f"() => document.querySelector('#c{first.pk} .agree-form button')"
        ".getAttribute('aria-pressed') === 'false'"
    )
    assert agree.inner_text() == "I agree with this (0)"
    assert not Reaction.objects.filter(contribution=first, user=citizen).exists()
    assert same_document(page)
    check(page, console, "debate page after agreeing")

    # Without JavaScript: the <details> box still opens, and the form posts normally.
    no_js = browsers.open(person(display_name="Clara NoScript"), java_script_enabled=False)
    no_js.goto(f"/fr/forum/{SLUG}/")
    assert no_js.locator("html").get_attribute("lang") == "fr"
    item = contribution_item(no_js, first.pk)
    box = item.locator("details.reply-box").first
    box.locator("summary").click()
    box.locator(f"textarea[name=r{first.pk}-text]").fill("Sans JavaScript, ça marche aussi.")
    with no_js.expect_navigation():
        box.locator("button[type=submit]").click()
    plain = Contribution.objects.get(parent=first, text="Sans JavaScript, ça marche aussi.")
    assert plain.language == "fr"  # the reader's language
    assert path_of(no_js) == f"/fr/forum/{SLUG}/"
    assert no_js.url.endswith(f"#c{plain.pk}")
    assert no_js.locator("h1").count() == 1
    shown = no_js.locator(f"#replies-{first.pk} li#c{plain.pk}")
    assert "Sans JavaScript, ça marche aussi." in shown.inner_text()
    assert_no_csp_violations(console, "on the page reloaded without JavaScript")
    # axe needs JavaScript: check the same French page, now with both replies, with it.
    page.goto(f"/fr/forum/{SLUG}/")
    assert page.locator(f"#replies-{first.pk} > li.contribution").count() == 2
    check(page, console, "French debate page with replies", lang="fr")


def test_a_long_thread_loads_its_replies_page_by_page_with_and_without_javascript(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.forum.selectors import REPLIES_PER_THREAD, THREAD_PAGE_SIZE
    from metroagora.forum.tests.factories import ContributionFactory

    debate = open_debate()
    root = contribute(person(display_name="Anna First"), debate, "Cities need a formal seat.")
    replier = person(display_name="Bruno Reply")
    total = THREAD_PAGE_SIZE + 15
    for n in range(total):
        ContributionFactory(parent=root, author=replier, text=f"Reply number {n}.")

    page = browsers.open()
    page.goto(f"/en/forum/{SLUG}/")
    mark_page(page)
    replies = page.locator(f"#threads li#c{root.pk} li.contribution")
    assert replies.count() == REPLIES_PER_THREAD
    wait_for_htmx_idle(page)
    page.get_by_role("link", name=f"Show {total - REPLIES_PER_THREAD} more replies").click()
    page.get_by_role("link", name="Show 15 more replies").wait_for()
    assert replies.count() == THREAD_PAGE_SIZE
    wait_for_htmx_idle(page)
    page.get_by_role("link", name="Show 15 more replies").click()
    last = page.get_by_role("list", name="Replies, page 2 of 2")
    last.wait_for()
    assert replies.count() == total
    assert page.get_by_text(f"Reply number {total - 1}.").is_visible()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == (
        "Replies, page 2 of 2"
    ), "the keyboard focus should move to the replies just loaded"
    assert page.locator(f"#more-replies-{root.pk}").count() == 0
    assert same_document(page)
    check(page, console, "debate page with a long thread loaded")

    # Without JavaScript the same link opens the thread's own page, which pages on.
    no_js = browsers.open(java_script_enabled=False)
    no_js.goto(f"/en/forum/{SLUG}/")
    with no_js.expect_navigation():
        no_js.get_by_role("link", name=f"Show {total - REPLIES_PER_THREAD} more replies").click()
    assert path_of(no_js) == f"/en/forum/c/{root.pk}/"
    assert no_js.locator(f"#replies-{root.pk} > li.contribution").count() == THREAD_PAGE_SIZE
    with no_js.expect_navigation():
        no_js.get_by_role("link", name="Next").click()
    assert no_js.locator(f"#replies-{root.pk} > li.contribution").count() == 15
    assert "Page 2 of 2" in no_js.locator("nav.pagination").inner_text()
    page.goto(f"/en/forum/c/{root.pk}/?page=2")
    check(page, console, "a thread's second page")


# --- 6. Bad input --------------------------------------------------------------------


def test_bad_input_shows_errors_and_keeps_the_page_usable(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.forum.models import MAX_LENGTH, Contribution

    debate = open_debate()
    page = browsers.open(person(display_name="Dora Draft"))
    page.goto(f"/en/forum/{SLUG}/")
    mark_page(page)

    form = page.locator("#post-form form")
    with htmx_post(page, "/post/"):
        form.locator("button[type=submit]").click()
    errors = page.locator("#post-form .errorlist")
    errors.first.wait_for()
    assert "Write something before posting." in errors.inner_text()
    assert same_document(page)
    assert page.locator("[id='post-form']").count() == 1
    assert page.locator("#threads").count() == 1
    assert Contribution.objects.filter(debate=debate).count() == 0
    check(page, console, "debate page with an empty-text error")

    # Too long: a browser keeps to maxlength when typing, so put the text in directly,
    # as a paste from an older browser or a script would.
    too_long = ("Cities matter. " * 400)[: MAX_LENGTH + 1]
    textarea = page.locator("#post-form textarea[name=text]")
    textarea.evaluate("(el, value) => { el.value = value; }", too_long)
    with htmx_post(page, "/post/"):
        page.locator("#post-form button[type=submit]").click()
    page.wait_for_function(
        "() => /5000/.test(document.querySelector('#post-form .errorlist')?.textContent || '')"
    )
    message = page.locator("#post-form .errorlist").inner_text()
    assert "5000" in message, message
    textarea = page.locator("#post-form textarea[name=text]")
    assert textarea.input_value() == too_long, "the typed text was lost"
    assert textarea.get_attribute("aria-invalid") == "true"
    assert same_document(page)
    assert Contribution.objects.filter(debate=debate).count() == 0
    check(page, console, "debate page with a too-long error")

    # The page still works: a good text goes through.
    textarea.fill("A shorter point: give cities a voice.")
    with htmx_post(page, "/post/"):
        page.locator("#post-form button[type=submit]").click()
    posted = Contribution.objects.get(debate=debate)
    contribution_item(page, posted.pk).wait_for()
    assert page.locator("#post-form .errorlist").count() == 0
    assert page.locator("#post-form textarea[name=text]").input_value() == ""
    assert same_document(page)

    # A plain form submit (no htmx): the whole French page comes back with the error.
    page.goto(f"/fr/forum/{SLUG}/")
    with page.expect_navigation():
        page.evaluate("() => document.querySelector('#post-form form').submit()")
    assert path_of(page) == f"/fr/forum/{SLUG}/post/"
    assert page.locator("#post-form .errorlist").count() == 1
    assert page.locator(f"#threads li#c{posted.pk}").count() == 1
    assert Contribution.objects.filter(debate=debate).count() == 1
    check(page, console, "French debate page returned with an error", lang="fr")


# --- The conclusions of a closed debate, and the calls that could fund them -------------


def test_a_closed_debate_shows_its_conclusions_and_calls_that_could_fund_them(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.forum import services
    from metroagora.funding.tests.factories import CallFactory

    debate = open_debate()
    heat = CallFactory()  # nature-based solutions against urban heat
    services.close_debate(
        person(is_superuser=True),
        debate,
        conclusions={
            "en": "Cities should plant trees and shade schoolyards against urban heat.",
            "_original": "en",
        },
    )
    page = browsers.open()
    page.goto(f"/en/forum/{SLUG}/")
    section = page.get_by_role("region", name="Which calls could fund this?")
    section.get_by_role("link", name=heat.title).click()
    page.wait_for_url(f"**{heat.get_absolute_url()}")
    page.go_back()
    check(page, console, "closed debate with its conclusions and matching calls")
