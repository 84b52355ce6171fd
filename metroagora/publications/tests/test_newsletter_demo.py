"""seed_demo_newsletter on top of seed_demo: subscribers, two sent issues (English with
a French translation, and French only) in the archive, and a draft; no email sent."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from metroagora.publications.models import Delivery, IssueStatus, NewsletterIssue, Subscription


def _run(*args):
    out = io.StringIO()
    call_command("seed_demo_newsletter", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return _run()


def test_it_prints_a_one_line_summary(demo):
    assert demo.count("\n") == 1
    assert demo.startswith("Demo newsletter loaded: 9 subscribers, 2 sent issues")


def test_it_sends_two_issues_and_keeps_a_draft_without_emailing_anyone(demo):
    assert not mail.outbox
    sent = list(NewsletterIssue.objects.filter(status=IssueStatus.SENT).select_related("city"))
    assert len(sent) == 2
    network = next(issue for issue in sent if issue.city is None)
    lyon = next(issue for issue in sent if issue.city is not None)
    assert network.subject.original == "en" and "fr" in network.subject.languages()
    assert lyon.city.slug == "lyon" and lyon.subject.languages() == ["fr"]
    assert network.sent_at and lyon.sent_at and network.sent_at < lyon.sent_at
    # Active network subscribers: en, pl, fr, de (not the pending one, not the one who left).
    assert network.sent_count == network.recipient_count == 4
    assert lyon.sent_count == 2
    languages = sorted(Delivery.objects.filter(issue=network).values_list("language", flat=True))
    assert languages == ["en", "en", "en", "fr"]
    assert NewsletterIssue.objects.filter(status=IssueStatus.DRAFT).count() == 1
    assert Subscription.objects.filter(confirmed_at__isnull=True).count() == 1


def test_it_shows_the_archive(demo, client):
    english = client.get("/en/newsletter/").content.decode()
    assert "Spring in the network" in english
    assert "/en/newsletter/city/lyon/" in english
    lyon = NewsletterIssue.objects.get(city__slug="lyon")
    page = client.get(f"/de/newsletter/{lyon.pk}/").content.decode()
    assert 'lang="fr"' in page and "Lyon participe" in page


def test_it_does_nothing_when_not_empty_and_recreates_otherwise(demo):
    assert _run("--if-empty").startswith("The database already has newsletters")
    _run()
    assert NewsletterIssue.objects.count() == 3
    assert Subscription.objects.count() == 9


def test_it_needs_the_network_first(db):
    with pytest.raises(CommandError, match="seed_demo"):
        _run()
