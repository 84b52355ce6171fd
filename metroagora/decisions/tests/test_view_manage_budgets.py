"""Staff pages for participatory budgets: the budget, its projects, and closing the vote."""

from decimal import Decimal

import pytest

from metroagora.decisions import services
from metroagora.decisions.models import Budget, BudgetProject, Implementation
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    DistrictFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
    set_phases,
)

MANAGERS = {"coordinator", "admin"}


@pytest.fixture
def process(roles):
    return ProcessFactory(city=roles.city, phase="evaluation")


@pytest.fixture
def budget(process):
    return BudgetFactory(process=process, title={"en": "Neighbourhood budget", "_original": "en"})


def _assert_access(response, role: str) -> None:
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (200 if role in MANAGERS else 403)


def _budget_data(**overrides) -> dict:
    data = {
        "title": "Budget participatif 2026",
        "description": "Un million pour les quartiers.",
        "amount": "1000000",
        "currency": "eur",
        "min_projects": "1",
        "max_projects": "3",
    }
    data.update(overrides)
    return data


def _vote(roles, budget, project) -> None:
    set_phases(budget.process, "voting")
    services.cast_ballot(roles.resident, budget, [project.pk])


# --- Who may open the pages -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_every_budget_page_to_managers_of_the_city(client, people, budget, role):
    project = ProjectFactory(budget=budget)
    sign_in(client, people[role])
    for url in (
        f"/en/decisions/{budget.process.slug}/budgets/new/",
        f"/en/decisions/budgets/{budget.pk}/edit/",
        f"/en/decisions/budgets/{budget.pk}/close/",
        f"/en/decisions/budgets/{budget.pk}/projects/new/",
        f"/en/decisions/projects/{project.pk}/edit/",
        f"/en/decisions/projects/{project.pk}/delete/",
    ):
        _assert_access(client.get(url), role)


@pytest.mark.parametrize("role", ["participant", "resident", "official", "other_coordinator"])
def test_it_refuses_every_write_to_others(client, people, budget, role):
    project = ProjectFactory(budget=budget)
    sign_in(client, people[role])
    assert (
        client.post(f"/en/decisions/{budget.process.slug}/budgets/new/", _budget_data()).status_code
        == 403
    )
    assert (
        client.post(f"/en/decisions/budgets/{budget.pk}/edit/", _budget_data()).status_code == 403
    )
    assert client.post(f"/en/decisions/budgets/{budget.pk}/close/").status_code == 403
    assert client.post(f"/en/decisions/projects/{project.pk}/delete/").status_code == 403
    assert Budget.objects.count() == 1
    assert BudgetProject.objects.filter(pk=project.pk).exists()


# --- The budget -----------------------------------------------------------------------------


def test_it_creates_a_budget_in_the_language_being_written(client, roles, process):
    district = DistrictFactory(city=roles.city)
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/{process.slug}/budgets/new/?lang=fr",
        _budget_data(lang="fr", district=str(district.pk)),
    )
    budget = Budget.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/decisions/budgets/{budget.pk}/edit/"
    assert budget.title.to_json() == {"fr": "Budget participatif 2026", "_original": "fr"}
    assert (budget.amount, budget.currency, budget.district) == (Decimal(1000000), "EUR", district)
    assert (budget.min_projects, budget.max_projects) == (1, 3)


def test_it_refuses_fewer_most_projects_than_fewest(client, roles, process):
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/{process.slug}/budgets/new/",
        _budget_data(min_projects="4", max_projects="2"),
    )
    assert response.status_code == 400
    assert 'id="id_max_projects_error"' in response.content.decode()
    assert not Budget.objects.exists()


def test_it_refuses_a_currency_that_is_not_three_letters(client, roles, process):
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/{process.slug}/budgets/new/", _budget_data(currency="euro")
    )
    assert response.status_code == 400
    assert 'id="id_currency_error"' in response.content.decode()


def test_it_edits_a_budget(client, roles, budget):
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/budgets/{budget.pk}/edit/",
        _budget_data(title="Neighbourhood budget 2026", amount="250000", max_projects=""),
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert str(budget.title) == "Neighbourhood budget 2026"
    assert budget.amount == Decimal(250000)
    assert budget.max_projects is None


def test_it_refuses_to_change_the_rules_once_people_have_voted(client, roles, budget):
    _vote(roles, budget, ProjectFactory(budget=budget))
    client.force_login(roles.coordinator)
    page = client.get(f"/en/decisions/budgets/{budget.pk}/edit/").content.decode()
    assert "1 person has voted" in page
    response = client.post(
        f"/en/decisions/budgets/{budget.pk}/edit/", _budget_data(amount="5000000")
    )
    assert response.status_code == 400
    assert "People have voted: the amount and the ballot rules can no longer change." in (
        response.content.decode()
    )
    budget.refresh_from_db()
    assert budget.amount == Decimal(100000)


def test_it_still_corrects_the_texts_once_people_have_voted(client, roles, budget):
    _vote(roles, budget, ProjectFactory(budget=budget))
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/budgets/{budget.pk}/edit/",
        _budget_data(
            title="Neighbourhood budget (corrected)",
            amount="100000",
            currency="EUR",
            min_projects="0",
            max_projects="",
        ),
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert str(budget.title) == "Neighbourhood budget (corrected)"


def test_the_budget_page_lists_its_projects_with_their_links(client, roles, budget):
    project = ProjectFactory(budget=budget, title={"en": "Bike racks"}, cost=Decimal(12000))
    client.force_login(roles.coordinator)
    content = client.get(f"/en/decisions/budgets/{budget.pk}/edit/").content.decode()
    assert "Bike racks" in content
    assert f'href="/en/decisions/projects/{project.pk}/edit/"' in content
    assert f'href="/en/decisions/projects/{project.pk}/delete/"' in content
    assert f'href="/en/decisions/budgets/{budget.pk}/projects/new/"' in content


# --- Projects -------------------------------------------------------------------------------


def test_it_adds_a_project_from_an_accepted_proposal(client, roles, budget):
    proposal = ProposalFactory(
        process=budget.process,
        title="Benches on Piazza Leonardo",
        estimated_cost=Decimal(8000),
        state="accepted",
    )
    ProposalFactory(process=budget.process, title="Rejected idea", state="rejected")
    client.force_login(roles.coordinator)
    page = client.get(f"/en/decisions/budgets/{budget.pk}/projects/new/").content.decode()
    assert "Benches on Piazza Leonardo (8,000)" in page
    assert "Rejected idea" not in page
    response = client.post(
        f"/en/decisions/budgets/{budget.pk}/projects/new/",
        {"proposal": str(proposal.pk), "title": "", "cost": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/decisions/budgets/{budget.pk}/edit/#projects"
    project = budget.projects.get()
    assert (str(project.title), project.cost, project.proposal) == (
        "Benches on Piazza Leonardo",
        Decimal(8000),
        proposal,
    )


def test_it_adds_a_project_written_by_the_city(client, roles, budget):
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/budgets/{budget.pk}/projects/new/?lang=it",
        {"lang": "it", "title": "Rastrelliere", "description": "Per le bici.", "cost": "4000"},
    )
    assert response.status_code == 302
    project = budget.projects.get()
    assert project.title.to_json() == {"it": "Rastrelliere", "_original": "it"}
    assert project.cost == Decimal(4000)
    assert project.proposal is None


def test_it_asks_for_a_title_and_a_cost_without_a_proposal(client, roles, budget):
    client.force_login(roles.coordinator)
    response = client.post(f"/en/decisions/budgets/{budget.pk}/projects/new/", {"title": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_title_error"' in content
    assert 'id="id_cost_error"' in content
    assert not budget.projects.exists()


def test_it_refuses_a_project_costing_more_than_the_budget(client, roles, budget):
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/budgets/{budget.pk}/projects/new/", {"title": "Metro", "cost": "500000"}
    )
    assert response.status_code == 400
    assert "costs more than the whole budget" in response.content.decode()
    assert not budget.projects.exists()


def test_it_refuses_new_projects_once_voting_has_started(client, roles, budget):
    _vote(roles, budget, ProjectFactory(budget=budget))
    client.force_login(roles.coordinator)
    page = client.get(f"/en/decisions/budgets/{budget.pk}/projects/new/").content.decode()
    assert "People have started voting" in page
    assert 'name="cost"' not in page
    response = client.post(
        f"/en/decisions/budgets/{budget.pk}/projects/new/", {"title": "Late idea", "cost": "10"}
    )
    assert response.status_code == 400
    assert "the projects on the ballot can no longer change" in response.content.decode()
    assert budget.projects.count() == 1


def test_it_edits_a_project(client, roles, budget):
    project = ProjectFactory(budget=budget, cost=Decimal(30000))
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/projects/{project.pk}/edit/",
        {"title": "Bike racks everywhere", "description": "", "cost": "35000"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (str(project.title), project.cost) == ("Bike racks everywhere", Decimal(35000))


def test_it_refuses_a_new_cost_once_voting_has_started(client, roles, budget):
    project = ProjectFactory(budget=budget, cost=Decimal(30000))
    _vote(roles, budget, project)
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/projects/{project.pk}/edit/", {"title": "Racks", "cost": "1"}
    )
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.cost == Decimal(30000)


def test_it_removes_a_project_after_confirmation(client, roles, budget):
    project = ProjectFactory(budget=budget)
    client.force_login(roles.coordinator)
    page = client.get(f"/en/decisions/projects/{project.pk}/delete/").content.decode()
    assert f'action="/en/decisions/projects/{project.pk}/delete/"' in page
    response = client.post(f"/en/decisions/projects/{project.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/decisions/budgets/{budget.pk}/edit/#projects"
    assert not budget.projects.exists()


def test_it_keeps_a_project_people_have_voted_on(client, roles, budget):
    project = ProjectFactory(budget=budget)
    _vote(roles, budget, project)
    client.force_login(roles.coordinator)
    response = client.post(f"/en/decisions/projects/{project.pk}/delete/", follow=True)
    assert "the projects on the ballot can no longer change" in response.content.decode()
    assert budget.projects.filter(pk=project.pk).exists()


# --- Closing the vote -------------------------------------------------------------------------


def test_it_says_why_the_vote_cannot_close_yet(client, roles, budget):
    set_phases(budget.process, "voting")
    client.force_login(roles.coordinator)
    response = client.post(f"/en/decisions/budgets/{budget.pk}/close/")
    assert response.status_code == 400
    assert "The vote can be closed once the voting phase is over." in response.content.decode()
    budget.refresh_from_db()
    assert not budget.is_closed


def test_it_closes_the_vote_and_goes_to_the_results(client, roles, budget):
    winner = ProjectFactory(budget=budget, cost=Decimal(60000))
    ProjectFactory(budget=budget, cost=Decimal(60000))
    _vote(roles, budget, winner)
    set_phases(budget.process, "implementation")
    client.force_login(roles.coordinator)
    page = client.get(f"/en/decisions/budgets/{budget.pk}/close/").content.decode()
    assert f'action="/en/decisions/budgets/{budget.pk}/close/"' in page
    response = client.post(f"/en/decisions/budgets/{budget.pk}/close/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/decisions/budgets/{budget.pk}/"
    budget.refresh_from_db()
    assert budget.is_closed
    assert budget.ballot_count == 1
    winner.refresh_from_db()
    assert winner.selected
    assert Implementation.objects.filter(project=winner).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "The vote is closed: 1 ballot counted, 1 projects selected. The results are public."
    ]
