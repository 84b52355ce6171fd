"""Local decisions: published processes, proposals with filters and sorts, budgets."""

from decimal import Decimal

from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    CategoryFactory,
    DistrictFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)
from metroagora.network.tests.factories import CityFactory


def test_it_lists_published_processes_with_their_phases(client, db, django_assert_max_num_queries):
    lyon = CityFactory(slug="lyon")
    for n in range(12):
        ProcessFactory(slug=f"p{n}", city=lyon if n % 2 else CityFactory())
    ProcessFactory(slug="draft", status="draft")
    with django_assert_max_num_queries(3):
        data = client.get("/api/v1/processes?limit=50").json()
    assert data["count"] == 12
    first = data["results"][0]
    assert first["current_phase"] == "proposals" and len(first["phases"]) == 6
    assert client.get("/api/v1/processes?city=lyon").json()["count"] == 6
    assert client.get("/api/v1/processes/draft").status_code == 404


def test_it_gives_a_process_with_its_figures(client, db):
    process = ProcessFactory(slug="parks")
    CategoryFactory(process=process)
    ProposalFactory(process=process, support_count=3)
    ProposalFactory(process=process, state="withdrawn")
    BudgetFactory(process=process)
    data = client.get("/api/v1/processes/parks").json()
    assert data["figures"] == {"proposals": 1, "supports": 0, "accepted": 0}
    assert len(data["categories"]) == 1 and len(data["budgets"]) == 1


def test_it_lists_proposals_with_filters_and_sorts_in_constant_queries(
    client, db, django_assert_max_num_queries
):
    process = ProcessFactory(slug="parks")
    trees = CategoryFactory(process=process)
    north = DistrictFactory(city=process.city, slug="north")
    author = UserFactory(display_name="Ana", email="ana.hidden@example.org")
    for n in range(30):
        ProposalFactory(process=process, author=author, support_count=n, category=trees)
    ProposalFactory(process=process, title="Bench by the lake", district=north, support_count=99)
    ProposalFactory(process=process, state="withdrawn", title="Gone")
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/processes/parks/proposals?limit=50")
    data = response.json()
    assert data["count"] == 31
    assert data["results"][0]["title"] == "Bench by the lake"  # most supported first
    assert data["results"][1]["author"] == {"name": "Ana", "verified_policymaker": False}
    assert b"ana.hidden" not in response.content
    newest = client.get("/api/v1/processes/parks/proposals?sort=newest").json()["results"][0]
    assert newest["title"] == "Bench by the lake"
    base = "/api/v1/processes/parks/proposals"
    assert client.get(f"{base}?district=north").json()["count"] == 1
    assert client.get(f"{base}?category={trees.pk}").json()["count"] == 30
    assert client.get(f"{base}?q=lake").json()["count"] == 1
    assert [p["title"] for p in client.get(f"{base}?state=withdrawn").json()["results"]] == ["Gone"]


def test_it_gives_a_proposal_of_a_published_process_only(client, db):
    proposal = ProposalFactory(estimated_cost=Decimal("1234.50"))
    hidden = ProposalFactory(process=ProcessFactory(status="draft"))
    data = client.get(f"/api/v1/proposals/{proposal.pk}").json()
    assert data["process"] == proposal.process.slug
    assert Decimal(str(data["estimated_cost"])) == Decimal("1234.50")
    assert client.get(f"/api/v1/proposals/{hidden.pk}").status_code == 404


def test_a_budget_shows_votes_only_once_closed(client, db):
    budget = BudgetFactory()
    winner = ProjectFactory(budget=budget, cost=Decimal("60000"), vote_count=7, selected=True)
    ProjectFactory(budget=budget, cost=Decimal("50000"), vote_count=3)
    data = client.get(f"/api/v1/budgets/{budget.pk}").json()
    assert data["closed"] is False and data["ballots"] is None and data["spent"] is None
    assert {p["votes"] for p in data["projects"]} == {None}
    budget.closed_at = timezone.now()
    budget.ballot_count = 10
    budget.save()
    data = client.get(f"/api/v1/budgets/{budget.pk}").json()
    assert data["ballots"] == 10
    assert data["projects"][0]["id"] == winner.pk and data["projects"][0]["selected"] is True
    assert Decimal(str(data["spent"])) == Decimal("60000")
    listed = client.get(f"/api/v1/processes/{budget.process.slug}/budgets").json()
    assert [b["id"] for b in listed["results"]] == [budget.pk]
    draft = BudgetFactory(process=ProcessFactory(status="draft"))
    assert client.get(f"/api/v1/budgets/{draft.pk}").status_code == 404
