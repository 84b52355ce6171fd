"""Sending an issue in the background: each subscriber in their language where the issue
is written in it, with the RFC 8058 headers, never twice (even when the task runs
again or stopped half-way), with its progress on the issue's page (htmx or a refresh)."""

import html
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.locmem import EmailBackend

from metroagora.events.tests.factories import EventFactory
from metroagora.publications import newsletter_services as services
from metroagora.publications.models import Delivery, IssueStatus, NewsletterIssue
from metroagora.publications.newsletter_tasks import send_newsletter_issue
from metroagora.publications.tests.factories_newsletter import (  # noqa: F401 - fixtures
    IssueFactory,
    SubscriptionFactory,
    cities_fixture,
    people_fixture,
    roles,
)

SITE = "https://agora.example.org"
DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE + "/"


@pytest.fixture
def readers(db):
    """Network subscribers reading English, French, German (not written: English) and
    Polish (idem); plus people who must not get it."""
    made = {
        lang: SubscriptionFactory(email=f"{lang}@example.org", language=lang)
        for lang in ("en", "fr", "de", "pl")
    }
    SubscriptionFactory(email="pending@example.org", pending=True)
    SubscriptionFactory(email="left@example.org", left=True)
    return made


def send(people, issue, django_capture_on_commit_callbacks, who="admin"):
    with django_capture_on_commit_callbacks(execute=True):
        return services.send_issue(people[who], issue)


def by_address():
    return {message.to[0]: message for message in mail.outbox}


def test_it_sends_each_subscriber_the_issue_in_their_language(
    people, readers, django_capture_on_commit_callbacks
):
    issue = IssueFactory()
    send(people, issue, django_capture_on_commit_callbacks)
    sent = by_address()
    assert set(sent) == {"en@example.org", "fr@example.org", "de@example.org", "pl@example.org"}
    assert sent["en@example.org"].subject == "News of the network"
    assert sent["fr@example.org"].subject == "Nouvelles du réseau"
    assert sent["de@example.org"].subject == "News of the network"  # the original
    assert "le **printemps** est là" in sent["fr@example.org"].body
    french_html = sent["fr@example.org"].alternatives[0][0]
    assert '<html lang="fr">' in french_html
    assert "<strong>printemps</strong>" in french_html
    assert "<style" not in french_html and "style=" not in french_html
    assert f'href="{SITE}/fr/newsletter/{issue.pk}/"' in french_html  # absolute links
    assert '<html lang="en">' in sent["pl@example.org"].alternatives[0][0]
    languages = dict(Delivery.objects.values_list("subscription__email", "language"))
    assert languages == {
        "en@example.org": "en",
        "fr@example.org": "fr",
        "de@example.org": "en",
        "pl@example.org": "en",
    }
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.sent_at is not None
    assert (issue.sent_count, issue.recipient_count) == (4, 4)


def test_it_gives_every_email_its_own_one_click_unsubscribe(
    people, readers, django_capture_on_commit_callbacks
):
    send(people, IssueFactory(), django_capture_on_commit_callbacks)
    for lang, subscription in readers.items():
        message = by_address()[subscription.email]
        shown = "fr" if lang == "fr" else "en"
        url = f"{SITE}/{shown}/newsletter/unsubscribe/{subscription.token}/"
        assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert url in message.body
        assert f'href="{url}"' in message.alternatives[0][0]
        others = [s.token for s in readers.values() if s != subscription]
        assert not any(token in message.body for token in others)
    assert "unsubscribe" in mail.outbox[0].message().as_string().lower()


def test_it_never_sends_an_issue_twice_when_the_task_runs_again(
    people, readers, django_capture_on_commit_callbacks
):
    issue = IssueFactory()
    send(people, issue, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4
    assert send_newsletter_issue.call(issue.pk) == 0
    NewsletterIssue.objects.filter(pk=issue.pk).update(status=IssueStatus.SENDING)
    assert services.deliver_issue(issue.pk) == 0  # even when it looks unfinished
    assert len(mail.outbox) == 4
    assert Delivery.objects.filter(issue=issue).count() == 4


def test_it_skips_the_subscribers_already_served_by_an_earlier_run(people, readers, settings):
    settings.TASKS = DEFERRING
    issue = services.send_issue(people["admin"], IssueFactory())
    Delivery.objects.create(issue=issue, subscription=readers["fr"], language="fr")
    assert services.deliver_issue(issue.pk) == 3
    assert "fr@example.org" not in by_address()
    issue.refresh_from_db()
    assert (issue.status, issue.sent_count, issue.recipient_count) == (IssueStatus.SENT, 4, 4)


class Recording(EmailBackend):
    """Notes the issue's progress as each email leaves; fails on the address it is told."""

    def __init__(self, issue_pk, fail_for="", **kwargs):
        super().__init__(**kwargs)
        self.issue_pk, self.fail_for, self.progress = issue_pk, fail_for, []

    def send_messages(self, messages):
        issue = NewsletterIssue.objects.get(pk=self.issue_pk)
        self.progress.append((issue.sent_count, issue.recipient_count))
        if messages[0].to[0] == self.fail_for:
            raise ConnectionError("the mail server went away")
        return super().send_messages(messages)


def test_it_counts_the_progress_as_it_sends(people, readers, settings):
    settings.TASKS = DEFERRING
    issue = services.send_issue(people["admin"], IssueFactory())
    assert (issue.status, issue.sent_count, issue.recipient_count) == ("sending", 0, 4)
    backend = Recording(issue.pk)
    services.deliver_issue(issue.pk, connection=backend)
    assert backend.progress == [(0, 4), (1, 4), (2, 4), (3, 4)]


def test_it_resumes_after_a_failure_without_sending_twice(people, readers, settings):
    settings.TASKS = DEFERRING
    issue = services.send_issue(people["admin"], IssueFactory())
    with pytest.raises(ConnectionError):
        services.deliver_issue(issue.pk, connection=Recording(issue.pk, fail_for="de@example.org"))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENDING
    served = set(Delivery.objects.values_list("subscription__email", flat=True))
    assert "de@example.org" not in served and len(served) == issue.sent_count
    first = [message.to[0] for message in mail.outbox]
    services.deliver_issue(issue.pk)
    again = [message.to[0] for message in mail.outbox][len(first) :]
    assert sorted(first + again) == sorted(s.email for s in readers.values())
    issue.refresh_from_db()
    assert (issue.status, issue.sent_count) == (IssueStatus.SENT, 4)


def test_it_sends_a_citys_issue_to_the_citys_subscribers_only(
    people, cities, readers, django_capture_on_commit_callbacks
):
    milan = SubscriptionFactory(email="milan@example.org", city=cities.city, language="it")
    SubscriptionFactory(email="lyon@example.org", city=cities.other_city)
    issue = IssueFactory(city=cities.city)
    send(people, issue, django_capture_on_commit_callbacks, who="coordinator")
    assert [m.to for m in mail.outbox] == [[milan.email]]
    assert mail.outbox[0].subject == "News of the network"  # no Italian: the original


def test_it_freezes_the_blocks_when_sending(people, cities, settings):
    settings.TASKS = DEFERRING
    EventFactory(city=cities.city, title={"en": "Assembly", "_original": "en"})
    issue = services.send_issue(people["coordinator"], IssueFactory(city=cities.city))
    EventFactory(city=cities.city, title={"en": "Added later", "_original": "en"})
    (block,) = issue.blocks
    assert [item["title"]["en"] for item in block["items"]] == ["Assembly"]


@pytest.mark.parametrize("who", ["participant", "editor", "other_coordinator"])
def test_it_lets_only_the_scopes_writers_send(people, cities, who):
    issue = IssueFactory(city=cities.city)
    with pytest.raises(PermissionDenied):
        services.send_issue(people[who], issue)
    with pytest.raises(PermissionDenied):
        services.send_issue(people["coordinator"], IssueFactory())  # the network's


def test_it_sends_an_issue_once(people, settings):
    settings.TASKS = DEFERRING
    issue = services.send_issue(people["admin"], IssueFactory())
    with pytest.raises(ValidationError) as error:
        services.send_issue(people["admin"], issue)
    assert "already sent" in str(error.value)
    with pytest.raises(ValidationError):
        services.update_issue(
            people["admin"], issue, subject=issue.subject, text=issue.text, blocks=[]
        )


# --- The issue's page while it is sent ----------------------------------------------------


def test_it_shows_the_progress_until_it_is_sent(client, people, cities, settings):
    settings.TASKS = DEFERRING
    SubscriptionFactory(city=cities.city)
    SubscriptionFactory(city=cities.city)
    issue = IssueFactory(city=cities.city)
    client.force_login(people["coordinator"])
    response = client.post(f"/en/newsletter/{issue.pk}/send/")
    assert response.status_code == 302 and response["Location"] == f"/en/newsletter/{issue.pk}/"
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "The newsletter is being sent." in page
    assert "Sending: 0 of 2 emails sent." in page
    assert f'hx-get="/en/newsletter/{issue.pk}/" hx-trigger="every 2s"' in page
    assert f'<a href="/en/newsletter/{issue.pk}/">Refresh the progress</a>' in page  # no JS
    poll = client.get(f"/en/newsletter/{issue.pk}/", headers={"HX-Request": "true"})
    fragment = poll.content.decode()
    assert fragment.startswith('<div id="newsletter-progress"') and "<html" not in fragment
    assert 'hx-trigger="every 2s"' in fragment
    services.deliver_issue(issue.pk)
    done = client.get(f"/en/newsletter/{issue.pk}/", headers={"HX-Request": "true"})
    fragment = done.content.decode()
    assert "Sent" in fragment and "2 emails sent on" in fragment
    assert "hx-trigger" not in fragment  # the polling stops


def test_it_resumes_sending_from_the_page(
    client, people, readers, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DEFERRING
    issue = services.send_issue(people["admin"], IssueFactory())  # no worker ran it
    settings.TASKS = IMMEDIATE
    client.force_login(people["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/newsletter/{issue.pk}/send/", {"action": "resume"})
    assert response.status_code == 302
    assert len(mail.outbox) == 4
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    again = client.post(f"/en/newsletter/{issue.pk}/send/", {"action": "resume"})
    assert again.status_code == 302
    assert "This newsletter is not being sent." in client.get(again["Location"]).content.decode()
    assert len(mail.outbox) == 4


def test_it_refuses_to_send_someone_elses_issue(client, people, cities):
    issue = IssueFactory(city=cities.city)
    client.force_login(people["other_coordinator"])
    assert client.post(f"/en/newsletter/{issue.pk}/send/").status_code == 403
    assert NewsletterIssue.objects.get().status == IssueStatus.DRAFT


def test_it_counts_subscribers_in_a_bounded_number_of_queries(
    people, readers, settings, django_assert_max_num_queries
):
    for n in range(30):
        SubscriptionFactory(email=f"more{n}@example.org", language="fr" if n % 2 else "it")
    settings.TASKS = DEFERRING
    issue = services.send_issue(people["admin"], IssueFactory())
    # Per email: the delivery (with its savepoint) and the progress; the rest is fixed.
    with django_assert_max_num_queries(34 * 4 + 20):
        services.deliver_issue(issue.pk)
    assert len(mail.outbox) == 34
    # Not written in Italian: Italian readers get the English issue, links included.
    assert not any(re.search(r"/it/newsletter/", m.body) for m in mail.outbox)
