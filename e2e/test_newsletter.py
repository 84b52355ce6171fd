"""The newsletter in the browser: a city coordinator writes her city's newsletter, previews
it, sends it and watches the progress reach "sent" (htmx polling, and the refresh link
without JavaScript); the archive then shows it to everyone; a visitor subscribes.

The site's task backend is a dummy (a worker that has not picked the job up yet): the
test runs the sending task itself, first with a mail server that fails half-way, then
again, so the page shows a real intermediate progress. Every page visited is checked for
one <h1>, the right <html lang>, with axe and for Content Security Policy errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from e2e.conftest import ConsoleLog, assert_no_csp_violations
from e2e.test_events import coordinator_of
from e2e.test_forum import Browsers, check, path_of
from e2e.test_practices import click_and_wait

DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
SUBJECT = "Lyon votes on its participatory budget"


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


class FailingFor(EmailBackend):
    """A mail server that goes away when it reaches one address."""

    def __init__(self, address: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.address = address

    def send_messages(self, messages: Any) -> int:
        if messages[0].to[0] == self.address:
            raise ConnectionError("the mail server went away")
        return int(super().send_messages(messages))


@pytest.fixture
def lyon(transactional_db: None) -> Any:
    from metroagora.events.tests.factories import EventFactory
    from metroagora.network.tests.factories import CityFactory
    from metroagora.publications.tests.factories_newsletter import SubscriptionFactory

    city = CityFactory(slug="lyon", name={"fr": "Lyon", "_original": "fr"}, country="FR")
    EventFactory(
        slug="budget-assembly",
        city=city,
        title={"en": "Budget assembly", "fr": "Assemblée du budget", "_original": "fr"},
    )
    for n, lang in enumerate(("fr", "en", "de")):
        SubscriptionFactory(email=f"reader{n}@example.org", city=city, language=lang)
    return city


def test_coordinator_sends_her_citys_newsletter_and_watches_it_go(
    browsers: Browsers, lyon: Any, console: ConsoleLog, settings: Any
) -> None:
    from metroagora.publications import newsletter_services as services
    from metroagora.publications.models import IssueStatus, NewsletterIssue
    from metroagora.publications.newsletter_tasks import send_newsletter_issue

    settings.TASKS = DEFERRING
    coordinator = coordinator_of(lyon, "coordinator.lyon@example.org")
    page = browsers.open(coordinator)

    # The archive offers coordinators to write a newsletter.
    page.goto("/en/newsletter/")
    check(page, console, "newsletter archive (coordinator)")
    click_and_wait(page, page.locator("main a[href='/en/newsletter/new/']"))
    check(page, console, "new newsletter form")

    form = page.locator("main form.stacked-form")
    assert form.get_by_label("Newsletter of").input_value() == "lyon"  # her only city
    form.get_by_label("Subject").fill(SUBJECT)
    form.get_by_label("Editorial").fill("87 projects are **on the ballot** until the 30th.")
    form.get_by_label("EU calls closing soon").uncheck()
    click_and_wait(page, form.get_by_role("button", name="Save the draft"))
    issue = NewsletterIssue.objects.get()
    assert path_of(page) == f"/en/newsletter/{issue.pk}/"
    assert "The draft is saved." in page.locator("main .messages").inner_text()
    assert page.locator("main .prose strong").inner_text() == "on the ballot"
    check(page, console, "draft newsletter page")

    # The preview: the HTML email and its text version, then "Send".
    click_and_wait(page, page.get_by_role("link", name="Preview and send"))
    check(page, console, "newsletter preview")
    preview = page.locator(".newsletter-preview")
    assert preview.locator("h3").first.inner_text() == SUBJECT
    assert "Budget assembly" in preview.inner_text()  # the next events block
    assert "EU calls closing soon" not in preview.inner_text()
    assert SUBJECT in page.locator("pre.newsletter-text").inner_text()
    assert "It goes to 3 subscribers now" in page.locator("main").inner_text()
    click_and_wait(page, page.get_by_role("button", name="Send the newsletter"))
    assert path_of(page) == f"/en/newsletter/{issue.pk}/"
    progress = page.locator("#newsletter-progress")
    assert "Sending: 0 of 3 emails sent." in progress.inner_text()
    assert progress.get_attribute("hx-trigger") == "every 2s"
    check(page, console, "newsletter being sent")

    # Without JavaScript, the same page has a link to refresh the progress.
    no_js = browsers.open(coordinator, java_script_enabled=False)
    no_js.goto(f"/en/newsletter/{issue.pk}/")
    assert "Sending: 0 of 3 emails sent." in no_js.locator("#newsletter-progress").inner_text()

    # The worker starts; the mail server fails at the second address: one email went.
    order = list(
        services.active_subscriptions(lyon.pk).order_by("pk").values_list("email", flat=True)
    )
    with pytest.raises(ConnectionError):
        services.deliver_issue(issue.pk, connection=FailingFor(order[1]))
    page.locator("#newsletter-progress", has_text="Sending: 1 of 3 emails sent.").wait_for(
        timeout=10_000
    )
    check(page, console, "newsletter half sent")

    # The task runs again: the other two get it, the first one not twice.
    send_newsletter_issue.call(issue.pk)
    page.locator("#newsletter-progress .newsletter-sent").wait_for(timeout=10_000)
    assert "3 emails sent on" in page.locator("#newsletter-progress").inner_text()
    assert page.locator("#newsletter-progress[hx-trigger]").count() == 0  # polling stopped
    check(page, console, "newsletter sent")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(order)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["reader1@example.org"].extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    issue.refresh_from_db()
    assert (issue.status, issue.sent_count, issue.recipient_count) == (IssueStatus.SENT, 3, 3)

    click_and_wait(no_js, no_js.get_by_role("link", name="Refresh the progress"))
    assert "3 emails sent on" in no_js.locator("#newsletter-progress").inner_text()
    assert_no_csp_violations(console, "on the newsletter page without JavaScript")

    # The archive shows it to everyone, as a web page.
    visitor = browsers.open()
    visitor.goto("/en/newsletter/")
    check(visitor, console, "network newsletter archive")
    click_and_wait(visitor, visitor.get_by_role("link", name="Lyon", exact=True))
    assert path_of(visitor) == "/en/newsletter/city/lyon/"
    check(visitor, console, "Lyon's newsletter archive")
    click_and_wait(visitor, visitor.get_by_role("link", name=SUBJECT))
    assert path_of(visitor) == f"/en/newsletter/{issue.pk}/"
    assert visitor.locator("h1").inner_text() == SUBJECT
    assert visitor.locator("#newsletter-progress").count() == 0  # staff only
    assert visitor.get_by_role("link", name="Budget assembly").count() == 1
    check(visitor, console, "sent newsletter, web page")

    # A visitor subscribes to Lyon's newsletter from there.
    click_and_wait(visitor, visitor.get_by_role("link", name="Subscribe to this newsletter"))
    check(visitor, console, "subscribe form")
    form = visitor.locator("main form.stacked-form")
    assert form.get_by_label("Newsletter of").input_value() == "lyon"
    form.get_by_label("Your email address").fill("new.reader@example.org")
    form.get_by_label("Language of the newsletter").select_option("fr")
    click_and_wait(visitor, form.get_by_role("button", name="Subscribe"))
    assert path_of(visitor) == "/en/newsletter/subscribe/sent/"
    check(visitor, console, "check your inbox")
