"""Sending a newsletter is a job (core.jobs): one worker sends at a time, an error is
tried again later from where it stopped, and nobody ever gets the issue twice; once every
attempt failed, the page says so and a person resumes it."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from metroagora.core import jobs
from metroagora.publications import newsletter_services as services
from metroagora.publications.models import Delivery, IssueStatus, NewsletterIssue
from metroagora.publications.models.newsletter import SENDING_JOB
from metroagora.publications.newsletter_tasks import send_newsletter_issue
from metroagora.publications.tests.factories_newsletter import (  # noqa: F401 - fixtures
    IssueFactory,
    SubscriptionFactory,
    cities_fixture,
    people_fixture,
    roles,
)

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
ADDRESSES = ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]


class FailingFor(EmailBackend):
    """The outbox in memory, but the mail server refuses the addresses in ``refused``
    (each as many times as listed)."""

    refused: list[str] = []

    def send_messages(self, messages):
        if messages[0].to[0] in self.refused:
            self.refused.remove(messages[0].to[0])
            raise ConnectionError("the mail server went away")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.SITE_URL = "https://agora.example.org/"
    settings.EMAIL_BACKEND = f"{__name__}.FailingFor"
    FailingFor.refused = []
    yield
    FailingFor.refused = []


@pytest.fixture
def issue(people, settings):
    for address in ADDRESSES:
        SubscriptionFactory(email=address, language="en")
    settings.TASKS = DUMMY
    sending = services.send_issue(people["admin"], IssueFactory())
    send_newsletter_issue.get_backend().clear()
    return sending


def recipients() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def test_a_second_delivery_while_a_worker_sends_sends_nothing(issue):
    assert jobs.claim(SENDING_JOB, issue.pk) is not None  # a worker is sending it
    assert send_newsletter_issue.call(issue.pk) == 0
    assert mail.outbox == []


def test_a_failure_midway_is_retried_later_from_where_it_stopped(issue):
    FailingFor.refused = ["c@example.org"]
    assert send_newsletter_issue.call(issue.pk) == 0  # the run stopped on an error
    assert recipients() == ["a@example.org", "b@example.org"]
    issue.refresh_from_db()
    assert (issue.status, issue.attempts, issue.claimed_at) == (IssueStatus.SENDING, 1, None)
    assert issue.error == "ConnectionError: the mail server went away"
    assert issue.retry_note == "It failed; trying again (attempt 2 of 3)."
    (retry,) = send_newsletter_issue.get_backend().results
    assert retry.args == [issue.pk] and retry.task.run_after is not None
    assert retry.task.call(*retry.args) == 2
    assert recipients() == ADDRESSES  # each once
    issue.refresh_from_db()
    assert (issue.status, issue.sent_count) == (IssueStatus.SENT, 4)
    assert Delivery.objects.filter(issue=issue).count() == 4
    assert send_newsletter_issue.call(issue.pk) == 0  # a late copy of the task
    assert recipients() == ADDRESSES


def test_after_every_attempt_failed_the_page_says_so_and_resuming_sends_the_rest(
    client, people, issue, django_capture_on_commit_callbacks
):
    FailingFor.refused = ["b@example.org"] * 3
    outcomes = [send_newsletter_issue.call(issue.pk)]
    backend = send_newsletter_issue.get_backend()
    while backend.results:
        retry = backend.results.pop(0)
        outcomes.append(retry.task.call(*retry.args))
    assert len(outcomes) == 3
    assert recipients() == ["a@example.org"]
    issue.refresh_from_db()
    assert issue.sending_stopped and issue.attempts == 3
    assert send_newsletter_issue.call(issue.pk) == 0  # no worker takes it any more
    client.force_login(people["admin"])
    fragment = html.unescape(
        client.get(f"/en/newsletter/{issue.pk}/", headers={"HX-Request": "true"}).content.decode()
    )
    assert "The sending stopped after several attempts" in fragment
    assert "ConnectionError: the mail server went away" in fragment
    assert "hx-trigger" not in fragment.split(">")[0]  # no polling while it waits for a person
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/newsletter/{issue.pk}/send/", {"action": "resume"})
    assert response.status_code == 302
    assert len(backend.results) == 1  # the resumed task
    assert backend.results[0].task.call(issue.pk) == 3
    assert recipients() == ADDRESSES
    issue = NewsletterIssue.objects.get(pk=issue.pk)
    assert (issue.status, issue.error, issue.attempts) == (IssueStatus.SENT, "", 1)


def test_opening_the_page_of_an_issue_whose_worker_died_queues_it_again(client, people, issue):
    dead = timezone.now() - SENDING_JOB.stale_after - timedelta(minutes=1)
    NewsletterIssue.objects.filter(pk=issue.pk).update(claimed_at=dead, attempts=1)
    backend = send_newsletter_issue.get_backend()
    client.force_login(people["admin"])
    client.get(f"/en/newsletter/{issue.pk}/", headers={"HX-Request": "true"})
    assert [(r.task.name, r.args) for r in backend.results] == [
        ("send_newsletter_issue", [issue.pk])
    ]
    client.logout()
    NewsletterIssue.objects.filter(pk=issue.pk).update(claimed_at=dead)
    client.get(f"/en/newsletter/{issue.pk}/")  # a reader who cannot change it: no check
    assert len(backend.results) == 1
    assert send_newsletter_issue.call(issue.pk) == len(ADDRESSES)
    assert recipients() == ADDRESSES
