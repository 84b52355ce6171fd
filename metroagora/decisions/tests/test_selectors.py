"""Querysets and figures for decision pages: filters, sorts, visibility, summaries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import selectors
from metroagora.decisions.models import BudgetProject, Proposal, Support
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    CategoryFactory,
    DistrictFactory,
    ImplementationFactory,
    MilestoneFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)


@pytest.fixture
def process(roles):
    return ProcessFactory(city=roles.city, phase="supports")


def _proposal(process, *, days_ago=0, **fields):
    proposal = ProposalFactory(process=process, **fields)
    created = timezone.now() - timedelta(days=days_ago)
    Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
    return proposal


def _titles(queryset):
    return [p.title for p in queryset]


# --- Proposal lists ----------------------------------------------------------------------


def test_it_lists_a_process_proposals_without_withdrawn_ones(process):
    shown = _proposal(process, title="Shown")
    _proposal(process, title="Withdrawn", state="withdrawn")
    _proposal(ProcessFactory(city=process.city), title="Elsewhere")
    assert list(selectors.filter_proposals(process, {})) == [shown]


@pytest.mark.parametrize("state", ["published", "evaluating", "accepted", "rejected", "withdrawn"])
def test_it_filters_proposals_by_state(process, state):
    for each in ("published", "evaluating", "accepted", "rejected", "withdrawn"):
        _proposal(process, title=each, state=each)
    assert _titles(selectors.filter_proposals(process, {"state": state})) == [state]


def test_it_filters_proposals_by_category_and_district(process):
    parks, transport = CategoryFactory(process=process), CategoryFactory(process=process)
    north, south = DistrictFactory(city=process.city), DistrictFactory(city=process.city)
    _proposal(process, title="Parks north", category=parks, district=north)
    _proposal(process, title="Parks south", category=parks, district=south)
    _proposal(process, title="Transport north", category=transport, district=north)
    assert sorted(_titles(selectors.filter_proposals(process, {"category": parks.pk}))) == [
        "Parks north",
        "Parks south",
    ]
    assert sorted(_titles(selectors.filter_proposals(process, {"district": north}))) == [
        "Parks north",
        "Transport north",
    ]
    both = selectors.filter_proposals(process, {"category": parks, "district": north.pk})
    assert _titles(both) == ["Parks north"]


def test_it_searches_proposal_titles_and_descriptions(process):
    _proposal(process, title="Benches on Piazza Leonardo", body="Somewhere to sit down at last.")
    _proposal(process, title="More light", body="Lamps near the benches of the park please.")
    _proposal(process, title="Bike lanes", body="A safe way to cycle to school every day.")
    found = selectors.filter_proposals(process, {"q": "  BENCHES "})
    assert sorted(_titles(found)) == ["Benches on Piazza Leonardo", "More light"]
    assert len(selectors.filter_proposals(process, {"q": "   "})) == 3


def test_it_sorts_proposals_by_supports_then_newest_first(process):
    old = _proposal(process, title="Old", days_ago=9, support_count=5)
    new = _proposal(process, title="New", days_ago=1, support_count=5)
    top = _proposal(process, title="Top", days_ago=5, support_count=12)
    rows = selectors.filter_proposals(process, {})
    assert list(selectors.proposal_page(rows, "supports", 1)) == [top, new, old]
    assert list(selectors.proposal_page(rows, "newest", 1)) == [new, top, old]
    assert list(selectors.proposal_page(rows, "oldest", 1)) == [old, top, new]
    # Unknown sorts fall back to supports.
    assert list(selectors.proposal_page(rows, "'; DROP TABLE", 1)) == [top, new, old]


def test_it_pages_proposals(process):
    for n in range(selectors.PAGE_SIZE + 3):
        _proposal(process, title=f"Proposal {n}", support_count=n)
    rows = selectors.filter_proposals(process, {})
    first = selectors.proposal_page(rows, "supports", 1)
    assert len(first.object_list) == selectors.PAGE_SIZE
    assert first.paginator.count == selectors.PAGE_SIZE + 3
    last = selectors.proposal_page(rows, "supports", "9")
    assert _titles(last) == ["Proposal 2", "Proposal 1", "Proposal 0"]
    assert selectors.proposal_page(rows, "supports", "nonsense").number == 1


def test_it_lists_a_page_of_proposals_in_few_queries(process, django_assert_max_num_queries):
    category = CategoryFactory(process=process)
    district = DistrictFactory(city=process.city)
    for _ in range(15):
        _proposal(process, category=category, district=district)
    rows = selectors.filter_proposals(process, {"state": "published"})
    with django_assert_max_num_queries(2):
        page = selectors.proposal_page(rows, "supports", 1)
        for proposal in page:
            assert proposal.category == category
            assert proposal.district == district
            assert proposal.author.public_name


def test_it_finds_the_proposals_a_person_supports_in_one_query(
    process, roles, django_assert_num_queries
):
    supported, other = _proposal(process), _proposal(process)
    Support.objects.create(proposal=supported, user=roles.resident)
    Support.objects.create(proposal=other, user=roles.participant)
    with django_assert_num_queries(1):
        assert selectors.supported_ids(roles.resident, [supported, other]) == {supported.pk}
    with django_assert_num_queries(0):
        assert selectors.supported_ids(roles.anonymous, [supported, other]) == set()
        assert selectors.supported_ids(roles.resident, []) == set()


def test_it_loads_a_proposal_page_in_few_queries(process, django_assert_max_num_queries):
    proposal = _proposal(process)
    with django_assert_max_num_queries(3):
        loaded = selectors.proposal_for_page(proposal.pk)
        assert loaded.process.city.name
        assert loaded.process.is_in_phase("supports")
        assert list(loaded.images.all()) == []
    assert selectors.proposal_for_page(123456) is None


def test_it_sums_a_process_figures(process):
    first = _proposal(process, state="accepted")
    _proposal(process, state="published")
    _proposal(process, state="withdrawn")
    for user in (UserFactory(), UserFactory()):
        Support.objects.create(proposal=first, user=user)
    figures = selectors.process_figures(process)
    assert (figures.proposals, figures.supports, figures.accepted) == (2, 2, 1)


# --- Processes ------------------------------------------------------------------------------


def test_it_shows_drafts_only_to_those_who_manage_them(people, roles):
    published = ProcessFactory(city=roles.city)
    draft = ProcessFactory(city=roles.city, status="draft")
    lyon_draft = ProcessFactory(city=roles.other_city, status="draft")
    assert set(selectors.processes()) == {published}
    assert set(selectors.processes(people["anonymous"])) == {published}
    assert set(selectors.processes(people["official"])) == {published}
    assert set(selectors.processes(people["coordinator"])) == {published, draft}
    assert set(selectors.processes(people["other_coordinator"])) == {published, lyon_draft}
    assert set(selectors.processes(people["admin"])) == {published, draft, lyon_draft}


def test_it_lists_processes_with_their_phases_in_few_queries(roles, django_assert_max_num_queries):
    for _ in range(5):
        ProcessFactory(city=roles.city)
    with django_assert_max_num_queries(2):
        for process in selectors.processes():
            assert process.current_phase().kind == "proposals"
            assert process.city.slug == "milan"


def test_it_lists_residents_waiting_for_verification(roles):
    assert [m.user for m in selectors.pending_residents(roles.city)] == [roles.unverified_resident]
    assert list(selectors.pending_residents(roles.other_city)) == []


# --- Budgets ---------------------------------------------------------------------------------


def test_it_orders_results_winners_first_then_by_votes():
    def project(pk, votes, cost, selected):
        return BudgetProject(pk=pk, vote_count=votes, cost=Decimal(cost), selected=selected)

    projects = [
        project(1, 10, "500", False),
        project(2, 8, "100", True),
        project(3, 12, "300", True),
        project(4, 10, "200", False),
        project(5, 0, "50", False),
    ]
    assert [p.pk for p in selectors.results_order(projects)] == [3, 2, 4, 1, 5]


def test_it_adds_the_cost_of_the_chosen_projects(roles):
    budget = BudgetFactory(process=ProcessFactory(city=roles.city, phase="voting"))
    a: BudgetProject = ProjectFactory(budget=budget, cost=Decimal("10000.25"))
    b: BudgetProject = ProjectFactory(budget=budget, cost=Decimal("5000.50"))
    ProjectFactory(budget=budget, cost=Decimal("1"))
    assert selectors.ballot_total([a, b], {a.pk, b.pk, 999}) == Decimal("15000.75")
    assert selectors.ballot_total([a, b], set()) == Decimal(0)


def test_it_loads_a_budget_page_in_few_queries(roles, django_assert_max_num_queries):
    budget = BudgetFactory(process=ProcessFactory(city=roles.city, phase="voting"))
    for _ in range(6):
        ProjectFactory(budget=budget, proposal=ProposalFactory(process=budget.process))
    with django_assert_max_num_queries(3):
        loaded = selectors.budget_for_page(budget.pk)
        assert loaded.process.is_in_phase("voting")
        assert [p.proposal.title for p in loaded.projects.all()]


# --- Accountability ----------------------------------------------------------------------


def _implementation(process, *, status="planned", progress=0, cost="1000", milestones=()):
    budget = BudgetFactory(process=process)
    record = ImplementationFactory(
        project=ProjectFactory(budget=budget, cost=Decimal(cost)),
        status=status,
        progress=progress,
    )
    for due, done in milestones:
        MilestoneFactory(implementation=record, due_on=due, done_on=done)
    return record


def test_it_sums_up_what_the_city_promised(roles):
    process = ProcessFactory(city=roles.city, phase="implementation")
    today = timezone.localdate()
    past, future = today - timedelta(days=10), today + timedelta(days=10)
    _implementation(process, status="planned", progress=0, cost="1000.50")
    _implementation(
        process,
        status="in_progress",
        progress=50,
        cost="2000",
        milestones=[(past, None), (past, past), (future, None), (today, None)],
    )
    _implementation(process, status="completed", progress=100, cost="3000")
    _implementation(
        process, status="cancelled", progress=30, cost="9999", milestones=[(past, None)]
    )
    _implementation(ProcessFactory(city=roles.other_city), status="completed", progress=100)
    records = list(selectors.implementations(roles.city))
    summary = selectors.accountability_summary(records)
    assert summary.total == 4
    assert summary.by_status == [
        ("planned", "Planned", 1),
        ("in_progress", "In progress", 1),
        ("completed", "Completed", 1),
        ("cancelled", "Cancelled", 1),
    ]
    assert summary.average_progress == 50  # (0 + 50 + 100) / 3; cancelled left out
    assert summary.promised == Decimal("6000.50")
    assert summary.overdue_milestones == 1


def test_it_sums_up_nothing(roles):
    summary = selectors.accountability_summary([])
    assert (summary.total, summary.average_progress, summary.promised) == (0, 0, Decimal(0))
    assert [count for _s, _l, count in summary.by_status] == [0, 0, 0, 0]


def test_it_rounds_the_average_progress(roles):
    process = ProcessFactory(city=roles.city, phase="implementation")
    for progress in (10, 20, 25):
        _implementation(process, status="in_progress", progress=progress)
    summary = selectors.accountability_summary(list(selectors.implementations(roles.city)))
    assert summary.average_progress == 18  # 55 / 3 = 18.33


def test_it_lists_implementations_in_few_queries(roles, django_assert_max_num_queries):
    process = ProcessFactory(city=roles.city, phase="implementation")
    today = timezone.localdate()
    for n in range(6):
        _implementation(process, progress=n * 10, milestones=[(today, None)])
    with django_assert_max_num_queries(2):
        records = list(selectors.implementations(roles.city))
        selectors.accountability_summary(records)
        for record in records:
            assert record.project.budget.pk
            assert record.process.slug
    assert [r.progress for r in records] == [50, 40, 30, 20, 10, 0]


def test_it_loads_an_implementation_page_in_few_queries(roles, django_assert_max_num_queries):
    process = ProcessFactory(city=roles.city, phase="implementation")
    record = _implementation(process, milestones=[(timezone.localdate(), None)])
    with django_assert_max_num_queries(4):
        loaded = selectors.implementation_for_page(record.pk)
        assert loaded.city.slug == "milan"
        assert len(loaded.milestones.all()) == 1
        assert list(loaded.photos.all()) == []
        assert [u.author for u in loaded.updates.all()] == []
    assert selectors.implementation_for_page(123456) is None
