"""seed_demo_decisions after seed_demo: a finished budget in Lyon, supports open in Gdańsk."""

import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.decisions import selectors, services, tally
from metroagora.decisions.models import (
    Ballot,
    BallotChoice,
    BallotReceipt,
    CensusEntry,
    CensusUpload,
    Implementation,
    ImplementationStatus,
    InvitationBatch,
    InvitationCode,
    Milestone,
    Process,
    Proposal,
    ProposalState,
    Support,
)
from metroagora.forum.models import Contribution
from metroagora.network.models import Membership, VerificationLogEntry, VerificationMethod

LYON = "lyon-budget-participatif"
GDANSK = "gdansk-budzet-obywatelski"


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo_decisions", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module inside a transaction rolled back at the end;
    each test runs in a savepoint of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield _run()
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def _process(slug):
    return Process.objects.prefetch_related("phases").select_related("city").get(slug=slug)


def _snapshot() -> dict[str, object]:
    """What the demo is made of, without ids, random codes or dates."""
    shot: dict[str, object] = {}
    for process in Process.objects.order_by("slug"):
        budgets = []
        for budget in process.budgets.order_by("pk"):
            ballots = Counter(
                tuple(sorted(str(c.project.title) for c in ballot.choices.all()))
                for ballot in Ballot.objects.filter(budget=budget).prefetch_related(
                    "choices__project"
                )
            )
            budgets.append(
                (
                    str(budget.title),
                    budget.amount,
                    budget.ballot_count,
                    sorted(
                        (str(p.title), p.cost, p.vote_count, p.selected)
                        for p in budget.projects.all()
                    ),
                    sorted(ballots.items()),
                    budget.receipts.count(),
                )
            )
        shot[process.slug] = {
            "process": (process.title.to_json(), process.status, process.participation),
            "phases": sorted(process.phases.values_list("kind", flat=True)),
            "categories": sorted(str(c) for c in process.categories.all()),
            "proposals": sorted(
                process.proposals.values_list(
                    "title",
                    "language",
                    "state",
                    "support_count",
                    "answer",
                    "answer_reason",
                    "author__display_name",
                    "district__name",
                )
            ),
            "comments": sorted(
                Contribution.objects.filter(debate__proposal__process=process).values_list(
                    "text", "author__display_name", "depth"
                )
            ),
            "budgets": budgets,
            "implementations": sorted(
                (
                    str(record.title),
                    record.status,
                    record.progress,
                    sorted((m.title, m.done_on is None) for m in record.milestones.all()),
                    sorted(record.updates.values_list("text", "status", "progress")),
                )
                for record in process.implementations.all()
            ),
        }
    shot["residents"] = sorted(
        Membership.objects.filter(role="resident", city__slug__in=["lyon", "gdansk"])
        .values("city__slug", "verification_method")
        .annotate(n=Count("pk"), verified=Count("verified_at"))
        .values_list("city__slug", "verification_method", "n", "verified")
    )
    shot["log"] = sorted(
        VerificationLogEntry.objects.values("city__slug", "method")
        .annotate(n=Count("pk"))
        .values_list("city__slug", "method", "n")
    )
    shot["codes"] = sorted(
        InvitationBatch.objects.annotate(
            n=Count("codes"), used=Count("codes", filter=Q(codes__used_at__isnull=False))
        ).values_list("label", "n", "used")
    )
    shot["census"] = sorted(CensusUpload.objects.values_list("filename", "row_count", "added"))
    shot["census_entries"] = CensusEntry.objects.count()
    shot["users"] = User.objects.count()
    return shot


def test_it_needs_the_demo_network(db):
    # First in the module: the other tests share a seeded database.
    with pytest.raises(CommandError, match="seed_demo"):
        _run()
    assert not Process.objects.exists()


def test_it_prints_a_one_line_summary(demo):
    output = demo
    assert output.count("\n") == 1
    assert re.match(
        r"Demo processes loaded: 2 processes, 35 proposals, \d+ supports, \d+ verified "
        r"residents, 18 budget projects, \d+ ballots \(\d+ winning projects\), \d+ "
        r"implementation records, \d+ comments",
        output,
    ), output


def test_lyon_ran_a_whole_participatory_budget(demo):
    process = _process(LYON)
    assert process.city.slug == "lyon"
    assert process.is_published
    assert process.participation == "verified"
    assert process.title.original == "fr" and process.title.get("en")
    assert process.current_phase() is None
    phases = process.phase_list()
    assert len(phases) == 6
    assert all(phase.is_over() for phase in phases)
    assert process.city.districts.count() >= 6
    assert process.categories.count() == 6

    proposals = process.proposals.all()
    assert proposals.count() == 20
    assert set(proposals.values_list("language", flat=True)) == {"fr", "en"}
    states = Counter(proposals.values_list("state", flat=True))
    assert states[ProposalState.ACCEPTED] >= 10
    assert states[ProposalState.REJECTED] >= 6
    assert states[ProposalState.WITHDRAWN] == 1
    # Every proposal still standing has the city's answer, with its reason.
    for proposal in proposals.exclude(state=ProposalState.WITHDRAWN):
        assert proposal.answer in ("accepted", "rejected"), proposal.title
        assert proposal.answer_reason and proposal.answered_at and proposal.answered_by
        evaluation = process.phase("evaluation")
        assert evaluation.starts_at <= proposal.answered_at <= evaluation.ends_at
    _check_supports(process)


def _check_supports(process):
    """Counts, states and dates as the support service leaves them."""
    supports = process.phase("supports")
    counts = dict(
        Support.objects.filter(proposal__process=process)
        .values("proposal")
        .annotate(n=Count("pk"))
        .values_list("proposal", "n")
    )
    assert sum(counts.values()) > 10 * process.proposals.count()
    for proposal in process.proposals.all():
        assert proposal.support_count == counts.get(proposal.pk, 0), proposal.title
        reached = proposal.support_count >= process.support_threshold
        assert (proposal.threshold_reached_at is not None) == reached, proposal.title
        if proposal.state == ProposalState.EVALUATING:
            assert reached
        if reached:
            assert supports.starts_at <= proposal.threshold_reached_at <= supports.ends_at
    dates = Support.objects.filter(proposal__process=process).values_list("created_at", flat=True)
    assert all(supports.starts_at <= at <= min(supports.ends_at, timezone.now()) for at in dates)


def test_the_lyon_vote_is_closed_with_published_results(demo):
    budget = _process(LYON).budgets.get()
    assert budget.amount == Decimal("2000000") and budget.currency == "EUR"
    assert budget.is_closed
    assert budget.closed_at >= _process(LYON).phase("voting").ends_at
    projects = list(budget.projects.all())
    assert len(projects) == 12
    from_proposals = [p for p in projects if p.proposal_id]
    assert len(from_proposals) >= 6
    assert all(p.proposal.state == ProposalState.ACCEPTED for p in from_proposals)
    # A few hundred ballots: one receipt (who) and one keyed ballot (what) per voter.
    assert 250 <= budget.ballot_count <= 400
    assert (
        budget.receipts.count()
        == budget.ballot_count
        == Ballot.objects.filter(budget=budget).count()
    )
    voters = budget.receipts.values_list("user_id", flat=True)
    keys = {services.ballot_key(budget.pk, user_id) for user_id in voters}
    assert set(Ballot.objects.filter(budget=budget).values_list("key", flat=True)) == keys
    voting = _process(LYON).phase("voting")
    assert all(
        voting.starts_at <= at <= voting.ends_at
        for at in budget.receipts.values_list("voted_at", flat=True)
    )
    # Every ballot keeps the rules, and the published results are the recount's.
    costs = {p.pk: p.cost for p in projects}
    for ballot in Ballot.objects.filter(budget=budget).prefetch_related("choices"):
        chosen = [c.project_id for c in ballot.choices.all()]
        assert not tally.check_ballot(
            chosen,
            costs,
            amount=budget.amount,
            min_projects=budget.min_projects,
            max_projects=budget.max_projects,
        )
    recount = services.compute_results(budget)
    assert recount.ballots == budget.ballot_count
    published = {p.pk: (p.vote_count, p.selected) for p in projects}
    assert {r.project_id: (r.votes, r.selected) for r in recount.results} == published
    winners = [p for p in projects if p.selected]
    losers = [p for p in projects if not p.selected]
    assert 5 <= len(winners) <= 10 and losers
    assert sum(p.cost for p in winners) <= budget.amount
    # The greedy count skipped a project with more votes than a winner: it did not fit.
    assert max(p.vote_count for p in losers) > min(p.vote_count for p in winners)
    # Two people of the Forum demo voted through the service and find their ballot.
    ines = User.objects.get(email="ines.moreau@example.org")
    assert services.my_ballot(ines, budget)
    assert list(services.anonymous_ballots(budget))[1:] != []


def test_lyon_follows_up_every_promise(demo):
    process = _process(LYON)
    budget = process.budgets.get()
    records = list(selectors.implementations(process.city))
    assert all(record.process_id == process.pk for record in records)
    by_project = {r.project_id: r for r in records if r.project_id}
    for project in budget.projects.filter(selected=True):
        assert project.pk in by_project, project.title
    # One promise per accepted proposal: a winning project from a proposal keeps the
    # proposal's record; one that lost the vote is cancelled, with the reason.
    accepted = process.proposals.filter(state=ProposalState.ACCEPTED)
    assert Implementation.objects.filter(proposal__in=accepted).count() == accepted.count()
    assert len(records) == len({r.proposal_id or f"p{r.project_id}" for r in records})
    for project in budget.projects.filter(selected=True, proposal__isnull=False):
        assert by_project[project.pk].proposal_id == project.proposal_id
    for project in budget.projects.filter(selected=False, proposal__isnull=False):
        record = Implementation.objects.get(proposal=project.proposal_id)
        assert record.project_id is None
        assert record.status == ImplementationStatus.CANCELLED
        assert "pas été retenu" in record.updates.get().text
    statuses = Counter(r.status for r in records)
    assert statuses[ImplementationStatus.COMPLETED] >= 2
    assert statuses[ImplementationStatus.IN_PROGRESS] >= 3
    assert statuses[ImplementationStatus.PLANNED] >= 1
    for record in records:
        if record.status == ImplementationStatus.COMPLETED:
            assert record.progress == 100
            assert all(m.done_on for m in record.milestones.all())
    today = timezone.localdate()
    overdue = Milestone.objects.filter(
        implementation__process=process, done_on__isnull=True, due_on__lt=today
    )
    assert overdue.count() == 1
    assert Milestone.objects.filter(implementation__process=process, done_on__isnull=False).count()
    assert not Milestone.objects.filter(done_on__gt=today).exists()
    summary = selectors.accountability_summary(records)
    assert summary.overdue_milestones == 1
    assert 0 < summary.average_progress < 100
    updates = [u for r in records for u in r.updates.all()]
    assert len(updates) >= 10
    assert {u.language for u in updates} == {"fr"}
    assert all(u.created_at <= timezone.now() for u in updates)
    assert all(u.author.email == "coordinator@metroagora.eu" for u in updates)


def test_gdansk_collects_supports_now(demo):
    process = _process(GDANSK)
    assert process.city.slug == "gdansk"
    assert process.is_published and process.participation == "verified"
    assert process.title.original == "pl"
    assert process.current_phase().kind == "supports"
    assert process.phase("proposals").is_over()
    assert not process.phase("voting").is_over() and not process.is_in_phase("voting")
    proposals = process.proposals.all()
    assert proposals.count() == 15
    assert proposals.filter(language="en").count() == 2
    threshold = process.support_threshold
    evaluating = proposals.filter(state=ProposalState.EVALUATING)
    assert 3 <= evaluating.count() <= 6
    assert all(p.support_count >= threshold for p in evaluating)
    assert proposals.filter(state=ProposalState.PUBLISHED, support_count=threshold - 1).exists()
    answered = proposals.exclude(answer="")
    assert answered.count() == 1 and answered.get().answer_reason
    _check_supports(process)
    budget = process.budgets.get()
    assert budget.currency == "PLN" and not budget.is_closed
    assert budget.projects.count() == 6
    assert not budget.receipts.exists()
    resident = User.objects.get(email="resident@metroagora.eu")
    assert services.voting_problem(resident, budget).startswith("Voting opens on")


def test_the_demo_accounts_show_both_paths(demo):
    gdansk = _process(GDANSK)
    resident = User.objects.get(email="resident@metroagora.eu")
    participant = User.objects.get(email="participant@metroagora.eu")
    # resident@ typed a code of the batch handed out at the neighbourhood centre.
    membership = Membership.objects.get(user=resident, city=gdansk.city, role="resident")
    assert membership.is_verified
    assert membership.verification_method == VerificationMethod.CODE
    code = InvitationCode.objects.get(used_by=resident)
    assert code.city == gdansk.city and code.used_at
    assert VerificationLogEntry.objects.get(person=resident, city=gdansk.city).method == "code"
    assert services.participation_problem(resident, gdansk) is None
    assert Support.objects.filter(user=resident, proposal__process=gdansk).count() == 1
    # participant@ is verified nowhere: the "verify first" path.
    assert not Membership.objects.filter(user=participant, role="resident").exists()
    problem = services.participation_problem(participant, gdansk) or ""
    assert "Verify that you live there" in problem
    # The demo resident can take a proposal over the threshold.
    short = gdansk.proposals.get(support_count=gdansk.support_threshold - 1)
    supported = services.support_proposal(resident, short)
    assert supported.state == ProposalState.EVALUATING


def test_residents_are_verified_each_way_with_an_audit_log(demo):
    for slug in ("lyon", "gdansk"):
        verified = Membership.objects.filter(
            city__slug=slug, role="resident", verified_at__isnull=False
        )
        assert verified.count() >= 100
        log = VerificationLogEntry.objects.filter(city__slug=slug)
        assert log.count() == verified.count()
        assert set(log.values_list("person", flat=True)) == set(
            verified.values_list("user", flat=True)
        )
    methods = set(
        Membership.objects.filter(city__slug__in=["lyon", "gdansk"], role="resident")
        .exclude(verification_method="")
        .values_list("verification_method", flat=True)
    )
    assert methods == {"code", "census", "manual"}
    manual = VerificationLogEntry.objects.get(method="manual")
    assert manual.verified_by.email == "coordinator@metroagora.eu"
    pending = Membership.objects.get(city__slug="gdansk", role="resident", verified_at=None)
    assert pending.user.email == "oleksandr.kovalenko@example.org"
    assert list(selectors.pending_residents(pending.city)) == [pending]
    # Census lists hold keyed hashes only; one identifier of Oliwa's list was used.
    oliwa = CensusUpload.objects.get(filename="spis-mieszkancow-oliwa.csv")
    assert oliwa.row_count == 12
    entries = CensusEntry.objects.filter(city=oliwa.city)
    assert entries.count() == 12 and entries.filter(used_by__isnull=False).count() == 1
    assert all(re.fullmatch(r"[0-9a-f]{64}", d) for d in entries.values_list("digest", flat=True))
    assert entries.filter(digest=services.census_digest(oliwa.city_id, "64020911237")).exists()
    # A batch of codes printed for the district councils, none used yet.
    printed = InvitationBatch.objects.get(label="Wydruk dla rad dzielnic")
    assert printed.codes.count() == 40 and not printed.codes.filter(used_at__isnull=False)
    # Generated residents cannot sign in.
    generated = User.objects.filter(email__startswith="demo-lyon-")
    assert generated.count() >= 300
    assert not any(user.has_usable_password() for user in generated[:20])


def test_proposals_have_comments_in_the_forum(demo):
    for slug in (LYON, GDANSK):
        process = _process(slug)
        comments = Contribution.objects.filter(debate__proposal__process=process)
        assert comments.count() >= 4
        assert comments.filter(depth=1).exists()
        for comment in comments.select_related("debate__proposal"):
            proposal = comment.debate.proposal
            assert proposal.created_at <= comment.created_at <= timezone.now()
        assert not Proposal.objects.filter(process=process, debate__isnull=True).exists()


def test_it_recreates_the_same_demo_when_run_again(demo):
    before = _snapshot()
    assert _run().startswith("Demo processes loaded")
    assert Process.objects.count() == 2
    assert _snapshot() == before
    assert not BallotChoice.objects.filter(ballot__isnull=True).exists()
    assert BallotReceipt.objects.count() == Ballot.objects.count()


def test_it_does_nothing_with_if_empty_when_processes_exist(demo):
    before = _snapshot()
    assert "already has participatory processes" in _run("--if-empty")
    assert _snapshot() == before
