"""manage.py seed_scale: data at scale, with the shapes and invariants the services keep."""

import io
import random
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.decisions import tally
from metroagora.decisions.models import (
    Ballot,
    BallotChoice,
    BallotReceipt,
    Budget,
    PhaseKind,
    Process,
    Proposal,
    Support,
)
from metroagora.decisions.services import ballot_key, close_budget, my_ballot
from metroagora.events.models import Event, Registration, RegistrationStatus
from metroagora.forum.models import Contribution, Debate
from metroagora.funding.models import Call
from metroagora.impact import scale
from metroagora.network.models import City
from metroagora.opinions.models import OpinionMap, Participant, Statement, Vote
from metroagora.practices.models import Practice
from metroagora.search.models import SearchDocument

pytestmark = pytest.mark.django_db

TINY = replace(
    scale.SIZES["small"],
    cities=1,
    users=300,
    events=6,
    registrations=300,
    debates=1,
    contributions=200,
    opinion_maps=1,
    statements_per_map=12,
    votes=600,
    processes=5,
    proposals=15,
    supports=120,
    ballots=90,
    practices=6,
    calls=4,
)


def counts() -> dict[str, int]:
    return {
        "cities": City.objects.count(),
        "users": User.objects.count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "debates": Debate.objects.filter(proposal__isnull=True, practice__isnull=True).count(),
        "contributions": Contribution.objects.count(),
        "opinion_maps": OpinionMap.objects.count(),
        "votes": Vote.objects.count(),
        "processes": Process.objects.count(),
        "proposals": Proposal.objects.count(),
        "supports": Support.objects.count(),
        "ballots": Ballot.objects.count(),
        "practices": Practice.objects.count(),
        "calls": Call.objects.count(),
    }


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def seed(*args):
    out = io.StringIO()
    call_command("seed_scale", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_adds_the_small_size_keeping_every_invariant(demo, client):
    before, documents = counts(), SearchDocument.objects.count()

    output = seed("--size", "small")

    size = scale.SIZES["small"]
    added = {name: n - before[name] for name, n in counts().items()}
    assert added == {name: getattr(size, name) for name in added}
    assert "10,000 contributions" in output
    assert f"Small data added to {connection.vendor}" in output
    # Statements have one wording per map; the maps were analysed.
    assert Statement.objects.count() == size.opinion_maps * size.statements_per_map
    assert not OpinionMap.objects.filter(analysed_at__isnull=True).exists()
    # Nothing reached the search index (its signals were paused; --index rebuilds it).
    assert SearchDocument.objects.count() == documents

    # Seats: never more confirmed people than the capacity; a waiting list only when full.
    events = Event.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )
    assert not events.filter(capacity__isnull=False, confirmed__gt=F("capacity")).exists()
    assert not events.filter(waiting__gt=0).exclude(confirmed=F("capacity")).exists()
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).exists()
    # One support per person and proposal; the counters are the rows.
    assert Support.objects.values("proposal", "user").distinct().count() == Support.objects.count()
    assert not (
        Proposal.objects.annotate(n=Count("supports")).exclude(support_count=F("n")).exists()
    )
    assert not (
        Contribution.objects.annotate(n=Count("reactions")).exclude(agree_count=F("n")).exists()
    )
    assert not (
        Contribution.objects.annotate(n=Count("replies")).exclude(reply_count=F("n")).exists()
    )
    assert Vote.objects.values("participant", "statement").distinct().count() == size.votes
    assert not Participant.objects.annotate(n=Count("votes")).filter(n=0).exists()

    # Secret ballots as cast_ballot stores them: one receipt and one keyed ballot per voter.
    assert BallotReceipt.objects.count() == Ballot.objects.count() == size.ballots
    receipt = BallotReceipt.objects.select_related("budget", "user").order_by("pk").first()
    assert Ballot.objects.filter(key=ballot_key(receipt.budget_id, receipt.user_id)).exists()
    assert my_ballot(receipt.user, receipt.budget)
    for budget in Budget.objects.prefetch_related("projects"):
        costs = {p.pk: p.cost for p in budget.projects.all()}
        chosen: dict[str, list[int]] = {}
        for key, project in BallotChoice.objects.filter(ballot__budget=budget).values_list(
            "ballot__key", "project"
        ):
            chosen.setdefault(key, []).append(project)
        for projects in chosen.values():
            rules = {"min_projects": budget.min_projects, "max_projects": budget.max_projects}
            assert tally.check_ballot(projects, costs, amount=budget.amount, **rules) == []

    # A budget whose vote ended yesterday closes through the decisions service.
    now = timezone.now()
    due = Budget.objects.get(
        closed_at__isnull=True,
        process__phases__kind=PhaseKind.VOTING,
        process__phases__ends_at__lt=now,
    )
    results = close_budget(None, due)
    due.refresh_from_db()
    assert due.is_closed and due.ballot_count == results.ballots == due.ballots.count() > 0
    votes = due.projects.aggregate(n=Sum("vote_count"))["n"]
    assert votes == BallotChoice.objects.filter(ballot__budget=due).count()
    assert 0 < results.spent <= due.amount
    assert Budget.objects.filter(closed_at__lt=now - timedelta(days=30)).exists()

    # The pages of what was generated show.
    event = Event.objects.exclude(status="draft").order_by("-pk").first()
    debate = Debate.objects.filter(proposal__isnull=True, practice__isnull=True).last()
    opinion_map = OpinionMap.objects.order_by("-pk").first()
    process = due.process
    proposal = Proposal.objects.filter(process=process).order_by("-support_count").first()
    practice = Practice.objects.filter(status="published").order_by("-pk").first()
    for url in (
        event.get_absolute_url(),
        debate.get_absolute_url(),
        f"/fr{debate.get_absolute_url()[3:]}",
        process.get_absolute_url(),
        proposal.get_absolute_url(),
        due.get_absolute_url(),
        opinion_map.get_absolute_url(),
        f"/en/opinions/{opinion_map.slug}/results/",
        practice.get_absolute_url(),
        City.objects.order_by("-pk").first().get_absolute_url(),
    ):
        assert client.get(url).status_code == 200, url

    with pytest.raises(CommandError, match="already loaded"):
        seed("--size", "small")


def test_it_adds_another_set_with_force(demo):
    scale.seed_scale(TINY)
    first = counts()
    with pytest.raises(scale.AlreadyLoaded):
        scale.seed_scale(TINY)

    scale.seed_scale(TINY, force=True)

    added = {name: n - first[name] for name, n in counts().items()}
    assert added == {name: getattr(TINY, name) for name in added}
    assert User.objects.filter(email__endswith="@s2.scale.example.org").count() == TINY.users
    assert scale.previous_runs() == 2


def test_it_rebuilds_the_search_index_when_asked(demo):
    reports = scale.seed_scale(TINY, index=True)

    assert reports[-1].name == "search index"
    event = Event.objects.exclude(status="draft").order_by("-pk").first()
    contribution = Contribution.objects.filter(visibility="visible").order_by("-pk").first()
    assert SearchDocument.objects.filter(kind="event", object_id=event.pk).exists()
    assert SearchDocument.objects.filter(kind="contribution", object_id=contribution.pk).exists()


def test_it_reports_each_dataset_with_its_progress(demo):
    seen: dict[str, int] = {}
    totals: dict[str, int] = {}

    class Bar:
        def __init__(self, name, total):
            self.name = name
            totals[name] = total

        def __enter__(self):
            return lambda n: seen.__setitem__(self.name, seen.get(self.name, 0) + n)

        def __exit__(self, *exc):
            return False

    reports = scale.seed_scale(TINY, bar=Bar)

    assert [r.name for r in reports] == [d.name for d in scale.DATASETS]
    assert seen["users"] == totals["users"] == TINY.users
    assert seen["forum"] == TINY.contributions
    assert reports[1].counts["users"] == TINY.users
    assert all(r.seconds >= 0 for r in reports)


def test_it_needs_the_demo_network():
    with pytest.raises(CommandError, match="seed_demo"):
        seed("--size", "small")
    assert not User.objects.exists()


def test_it_splits_totals_exactly_within_the_cap():
    rng = random.Random(3)

    parts = scale.shares(rng, 40, 10_000, cap=400)

    assert sum(parts) == 10_000 and max(parts) <= 400 and len(parts) == 40
    assert scale.shares(rng, 3, 0) == [0, 0, 0]
    with pytest.raises(ValueError, match="do not fit"):
        scale.shares(rng, 2, 10, cap=4)
