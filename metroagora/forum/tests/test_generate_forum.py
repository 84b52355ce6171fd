"""bench/generate_forum.py, run small: a consistent big debate."""

from datetime import timedelta

import pytest
from django.db.models import Count, F
from django.utils import timezone

from bench.generate_forum import generate_big_debate
from metroagora.accounts.tests.factories import UserFactory
from metroagora.forum import services
from metroagora.forum.models import Contribution, Debate, Reaction, Visibility


@pytest.fixture
def result(db):
    return generate_big_debate(slug="bench-small", total=200, top_level=40)


def test_it_creates_the_planned_numbers_per_level(result):
    debate = Debate.objects.get(slug="bench-small")
    contributions = debate.contributions.all()
    assert contributions.count() == 200 == result["contributions"]
    by_depth = dict(contributions.values("depth").annotate(n=Count("pk")).values_list("depth", "n"))
    assert by_depth == {0: 40, 1: result["depth1"], 2: result["depth2"]}
    assert by_depth[1] > by_depth[2] > 0


def test_it_keeps_roots_parents_depths_and_counts_consistent(result):
    contributions = {c.pk: c for c in Contribution.objects.filter(debate__slug="bench-small")}
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
    now = timezone.now()
    for c in contributions.values():
        if c.depth == 0:
            assert (c.parent_id, c.root_id) == (None, c.pk)
        else:
            parent = contributions.get(c.parent_id)
            assert parent.depth == c.depth - 1
            assert c.root_id == parent.root_id
            assert c.created_at > parent.created_at
        assert c.reply_count == replies.get(c.pk, 0)
        assert c.agree_count == agreements.get(c.pk, 0)
        assert c.created_at <= now
        assert c.created_at > now - timedelta(days=61)
        if c.visibility == Visibility.DELETED:
            assert c.text == ""
        else:
            assert c.text
        assert (c.visibility == Visibility.HIDDEN) == bool(c.moderation_reason)
    assert sum(agreements.values()) == result["reactions"] > 0
    assert not Reaction.objects.filter(user=F("contribution__author")).exists()


def test_it_varies_languages_stances_and_dates(result):
    contributions = Contribution.objects.filter(debate__slug="bench-small")
    assert len(set(contributions.values_list("language", flat=True))) >= 5
    assert set(contributions.values_list("stance", flat=True)) == {"for", "against", "neutral"}
    assert len(set(contributions.values_list("created_at", flat=True))) == 200
    official = contributions.filter(is_official=True)
    assert official.exists()
    assert all(c.author.is_verified_policymaker and c.depth == 0 for c in official)


def test_it_replaces_an_earlier_run_and_stays_deterministic(result):
    texts = list(
        Contribution.objects.filter(debate__slug="bench-small")
        .order_by("created_at")
        .values_list("text", flat=True)
    )
    again = generate_big_debate(slug="bench-small", total=200, top_level=40)
    assert again["reactions"] == result["reactions"]
    assert Debate.objects.filter(slug="bench-small").count() == 1
    assert Contribution.objects.count() == 200
    assert Reaction.objects.count() == result["reactions"]
    assert (
        list(
            Contribution.objects.filter(debate__slug="bench-small")
            .order_by("created_at")
            .values_list("text", flat=True)
        )
        == texts
    )


def test_it_leaves_timestamps_automatic_afterwards(result):
    debate = Debate.objects.get(slug="bench-small")
    before = timezone.now()
    contribution = services.post_contribution(
        UserFactory(), debate, text="After the benchmark", stance="for", language="en"
    )
    contribution.refresh_from_db()
    assert contribution.created_at >= before
    assert contribution.updated_at >= before


def test_it_refuses_impossible_shapes(db):
    with pytest.raises(ValueError):
        generate_big_debate(slug="bench-bad", total=10, top_level=0)
    with pytest.raises(ValueError):
        generate_big_debate(slug="bench-bad", total=10, top_level=11)
