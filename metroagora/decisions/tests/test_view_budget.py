"""A budget's page: the ballot while voting, the results once closed, and the ballots CSV."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import services
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
    set_phases,
)
from metroagora.network.tests.factories import MembershipFactory


def _url(budget) -> str:
    return f"/en/decisions/budgets/{budget.pk}/"


def _csv_url(budget) -> str:
    return f"/en/decisions/budgets/{budget.pk}/ballots.csv"


@pytest.fixture
def budget(roles):
    budget = BudgetFactory(
        process=ProcessFactory(city=roles.city, phase="voting"),
        title={"en": "Neighbourhood budget"},
        amount=Decimal("100000"),
        min_projects=1,
        max_projects=2,
    )
    origin = ProposalFactory(process=budget.process, state="accepted", title="Shade for the school")
    ProjectFactory(budget=budget, title={"en": "Trees"}, cost=Decimal("60000"), proposal=origin)
    ProjectFactory(budget=budget, title={"en": "Benches"}, cost=Decimal("30000"))
    ProjectFactory(budget=budget, title={"en": "Fountain"}, cost=Decimal("50000"))
    return budget


def _projects(budget) -> dict[str, int]:
    return {str(p.title): p.pk for p in budget.projects.all()}


def _voter(city):
    person = UserFactory()
    MembershipFactory(user=person, city=city, role="resident")
    return person


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_the_projects_to_every_role(client, people, budget, role):
    sign_in(client, people[role])
    response = client.get(_url(budget))
    assert response.status_code == 200
    content = response.content.decode()
    for title in ("Trees", "Benches", "Fountain"):
        assert title in content
    assert "60,000 EUR" in content
    assert "Shade for the school" in content  # the project's origin


def test_it_is_not_found_in_a_draft_process(client, roles):
    hidden = BudgetFactory(process=ProcessFactory(city=roles.city, status="draft"))
    assert client.get(_url(hidden)).status_code == 404


def test_it_states_the_rules(client, budget):
    content = client.get(_url(budget)).content.decode()
    assert "Choose projects whose total cost fits in 100,000 EUR." in content
    assert "Choose between 1 and 2 projects." in content


def test_a_voter_gets_a_ballot_of_checkboxes_and_a_running_total(client, people, budget):
    sign_in(client, people["resident"])
    content = client.get(_url(budget)).content.decode()
    assert content.count('type="checkbox" name="projects"') == 3
    assert f'action="{reverse("decisions:budget_vote", kwargs={"pk": budget.pk})}"' in content
    assert 'hx-vals=\'{"preview": "1"}\'' in content
    assert "Your choice: 0 of 100,000 EUR" in content
    assert 'name="preview"' in content  # works without JavaScript too


def test_it_checks_the_projects_of_the_current_ballot(client, people, budget):
    projects = _projects(budget)
    services.cast_ballot(people["resident"], budget, [projects["Trees"], projects["Benches"]])
    sign_in(client, people["resident"])
    content = client.get(_url(budget)).content.decode()
    assert content.count(" checked") == 2
    assert f'value="{projects["Trees"]}" id="project-{projects["Trees"]}" checked' in content
    assert "Your choice: 90,000 of 100,000 EUR" in content
    assert "You voted; you can change your ballot until" in content
    assert "Change my ballot" in content


def test_another_person_sees_nothing_of_that_ballot(client, people, budget):
    services.cast_ballot(people["resident"], budget, [_projects(budget)["Trees"]])
    voter = _voter(budget.process.city)
    sign_in(client, voter)
    content = client.get(_url(budget)).content.decode()
    assert " checked" not in content
    assert "You voted" not in content


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("anonymous", "Sign in to take part."),
        ("participant", "Only verified residents of"),
        ("unverified_resident", "Only verified residents of"),
    ],
)
def test_it_says_why_someone_cannot_vote(client, people, budget, role, message):
    sign_in(client, people[role])
    content = client.get(_url(budget)).content.decode()
    assert message in content
    assert 'name="projects"' not in content


def test_it_says_when_voting_opens(client, people, budget):
    set_phases(budget.process, "evaluation")
    sign_in(client, people["resident"])
    content = client.get(_url(budget)).content.decode()
    assert "Voting opens on" in content
    assert 'name="projects"' not in content


# --- Results ------------------------------------------------------------------------


@pytest.fixture
def closed(budget, people):
    projects = _projects(budget)
    city = budget.process.city
    for choice in (["Trees", "Benches"], ["Trees"], ["Fountain", "Benches"], ["Trees"]):
        services.cast_ballot(_voter(city), budget, [projects[name] for name in choice])
    set_phases(budget.process, "implementation")
    services.close_budget(people["admin"], budget)
    budget.refresh_from_db()
    return budget


def test_it_publishes_the_results_as_a_chart_and_a_table(client, closed):
    content = client.get(_url(closed)).content.decode()
    assert 'role="img"' in content
    assert '<title id="results-chart-title">Votes per project</title>' in content
    assert '<desc id="results-chart-desc">' in content
    table = content[content.index("<caption>Votes per project, winners first</caption>") :]
    table = table[: table.index("</table>")]
    rows = [row.split("</th>")[0].rsplit(">", 1)[1] for row in table.split('<th scope="row"')[1:]]
    assert rows == ["Trees", "Benches", "Fountain"]
    assert '<td class="num">3</td><td>Yes</td>' in table
    assert '<td class="num">2</td><td>Yes</td>' in table
    assert '<td class="num">1</td><td>No</td>' in table
    assert "<strong>4</strong> ballots" in content
    assert "<strong>90,000 EUR</strong> spent of 100,000 EUR" in content
    assert "10,000 EUR" in content  # left over
    assert _csv_url(closed) in content
    assert 'name="projects"' not in content


def test_the_chart_has_no_inline_style(client, closed):
    content = client.get(_url(closed)).content.decode()
    svg = content[content.index("<svg") : content.rindex("</svg>")]
    assert "style=" not in svg
    assert "fill=" in svg


def test_it_streams_the_anonymous_ballots_once_closed(client, closed):
    response = client.get(_csv_url(closed))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "ballot"
    assert len(rows) == 5
    assert sorted(sum(int(cell) for cell in row[1:]) for row in rows[1:]) == [1, 1, 2, 2]


def test_there_is_no_csv_before_the_vote_closes(client, budget):
    assert client.get(_csv_url(budget)).status_code == 404


def test_there_is_no_csv_for_a_draft_process(client, people, closed):
    closed.process.status = "draft"
    closed.process.save()
    assert client.get(_csv_url(closed)).status_code == 404


def test_it_builds_the_page_in_a_few_queries(client, people, budget, django_assert_max_num_queries):
    ProjectFactory.create_batch(10, budget=budget)
    sign_in(client, people["resident"])
    client.get(_url(budget))
    with django_assert_max_num_queries(14):
        client.get(_url(budget))
