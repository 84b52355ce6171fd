"""seed_demo_forum on top of seed_demo and seed_demo_events: two lively, consistent debates."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.utils import timezone

from metroagora.forum.models import (
    MAX_DEPTH,
    Contribution,
    ContributionTranslation,
    Debate,
    ModerationAction,
    ModerationLogEntry,
    Notification,
    NotificationKind,
    Reaction,
    Report,
    Visibility,
)


def _run(*args):
    out = io.StringIO()
    call_command("seed_demo_forum", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo_events", stdout=io.StringIO())
    return _run()


def test_it_prints_a_one_line_summary(demo):
    assert demo.count("\n") == 1
    assert demo.startswith("Demo debates loaded: 2 debates, ")


def test_it_creates_two_open_debates_with_their_context(demo):
    debates = {d.slug: d for d in Debate.objects.all()}
    assert set(debates) == {"cities-eu-cohesion-policy", "milan-climate-assemblies"}
    cohesion, climate = debates["cities-eu-cohesion-policy"], debates["milan-climate-assemblies"]
    assert cohesion.city is None
    assert climate.city.slug == "milan"
    assert set(cohesion.topics.values_list("slug", flat=True)) >= {"future-of-europe"}
    assert set(climate.topics.values_list("slug", flat=True)) >= {"climate"}
    assert climate.events.filter(slug="milan-metropolitan-climate-assembly").exists()
    for debate in debates.values():
        assert debate.is_open
        assert debate.question.get("en").endswith("?")
        for field in ("question", "introduction", "european_dimension", "local_lens"):
            value = getattr(debate, field)
            assert value.get("en"), field
            assert len(value.to_json()) >= 3, field  # English, another language, _original
        assert debate.created_at < timezone.now()


def test_it_writes_in_many_languages_with_mixed_stances(demo):
    for debate in Debate.objects.all():
        contributions = debate.contributions.all()
        assert 40 <= contributions.count() <= 60
        languages = set(contributions.values_list("language", flat=True))
        assert languages >= {"it", "fr", "pl", "es", "de", "en"}
        stances = dict(
            contributions.values("stance").annotate(n=Count("pk")).values_list("stance", "n")
        )
        assert set(stances) == {"for", "against", "neutral"}
        assert min(stances.values()) >= 5
        assert contributions.filter(depth=0).count() >= 10
        assert contributions.filter(depth=MAX_DEPTH - 1).exists()  # threads 3 levels deep


def test_it_keeps_the_thread_structure_consistent(demo):
    contributions = {c.pk: c for c in Contribution.objects.all()}
    replies = dict(
        Contribution.objects.filter(parent__isnull=False)
        .values("parent")
        .annotate(n=Count("pk"))
        .values_list("parent", "n")
    )
    agreements = dict(
        Reaction.objects.values("contribution")
        .annotate(n=Count("pk"))
        .values_list("contribution", "n")
    )
    for c in contributions.values():
        if c.parent_id is None:
            assert (c.depth, c.root_id) == (0, c.pk)
        else:
            parent = contributions[c.parent_id]
            assert c.depth == parent.depth + 1
            assert c.root_id == parent.root_id
            assert c.debate_id == parent.debate_id
            assert c.created_at > parent.created_at
        assert c.depth < MAX_DEPTH
        assert c.reply_count == replies.get(c.pk, 0)
        assert c.agree_count == agreements.get(c.pk, 0)
        assert c.created_at < timezone.now()
    assert sum(agreements.values()) >= 100
    assert not Reaction.objects.filter(user=F("contribution__author")).exists()  # nor oneself


def test_it_has_one_official_response_per_debate(demo):
    for debate in Debate.objects.all():
        official = debate.contributions.get(is_official=True)
        assert official.author.email == "policymaker@metroagora.eu"
        assert official.author.is_verified_policymaker
        assert official.depth == 0
        assert official.replies.exists()
        assert official.agree_count >= 8


def test_it_hides_one_contribution_per_debate_with_a_reason(demo):
    for debate in Debate.objects.all():
        hidden = debate.contributions.get(visibility=Visibility.HIDDEN)
        assert hidden.moderation_reason
        assert hidden.agree_count == 0
        entry = ModerationLogEntry.objects.get(contribution=hidden)
        assert entry.action == ModerationAction.HIDE
        assert entry.moderator.email == "moderator@metroagora.eu"
        assert entry.reason == hidden.moderation_reason
        assert hidden.reports.count() == 2
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    visible = Contribution.objects.filter(visibility=Visibility.VISIBLE)
    assert visible.count() == Contribution.objects.count() - 2


def test_it_dates_the_news_of_replies_and_sends_no_mail_about_the_past(demo, mailoutbox):
    notifications = Notification.objects.filter(kind=NotificationKind.REPLY)
    assert notifications.exists()
    for notification in notifications.select_related("contribution"):
        assert notification.created_at == notification.contribution.created_at
        assert notification.emailed_at is not None
    assert call_command("send_forum_digests", "daily", stdout=io.StringIO()) is None
    assert mailoutbox == []


def test_it_has_human_translations_into_english(demo):
    translations = ContributionTranslation.objects.all()
    assert translations.count() >= 4
    assert not translations.filter(is_machine=True).exists()
    assert set(translations.values_list("language", flat=True)) == {"en"}
    assert not translations.filter(contribution__language="en").exists()
    for debate in Debate.objects.all():
        assert translations.filter(contribution__debate=debate).count() >= 2


def test_it_creates_participants_with_verified_emails(demo):
    authors = {c.author for c in Contribution.objects.select_related("author")}
    assert len(authors) >= 15
    new = [a for a in authors if a.email.endswith("@example.org")]
    assert len(new) >= 15
    for author in authors:
        assert EmailAddress.objects.filter(user=author, email=author.email, verified=True)
    assert not any(a.has_usable_password() for a in new)


def test_it_shows_the_demo_debates(demo, client):
    for debate in Debate.objects.all():
        response = client.get(debate.get_absolute_url())
        assert response.status_code == 200
        assert debate.question.get("en") in response.content.decode()


def test_it_does_nothing_with_if_empty_when_debates_exist(demo):
    count = Contribution.objects.count()
    assert "already has debates" in _run("--if-empty")
    assert Contribution.objects.count() == count


def test_it_recreates_the_same_debates_when_run_again(demo):
    before = sorted(Contribution.objects.values_list("text", "agree_count", "reply_count"))
    assert _run().startswith("Demo debates loaded")
    assert Debate.objects.count() == 2
    after = sorted(Contribution.objects.values_list("text", "agree_count", "reply_count"))
    assert after == before


def test_it_needs_the_demo_network(db):
    with pytest.raises(CommandError):
        _run()
