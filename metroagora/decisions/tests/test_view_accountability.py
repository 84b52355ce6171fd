"""What a city promised and where it stands: summary, chart and table, promises, filters."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from metroagora.decisions.models import Implementation
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ImplementationFactory,
    MilestoneFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)

CARD = 'class="card promise-card"'


def _url(city) -> str:
    return f"/en/decisions/accountability/{city.slug}/"


def _project(process, title: str, cost: str = "40000"):
    budget = BudgetFactory(process=process)
    return ProjectFactory(budget=budget, title={"en": title}, cost=Decimal(cost))


@pytest.fixture
def process(roles):
    return ProcessFactory(city=roles.city, phase="implementation", title={"en": "Budget 2025"})


@pytest.fixture
def promises(process):
    today = timezone.localdate()
    done = ImplementationFactory(
        project=_project(process, "New playground"), status="completed", progress=100
    )
    going = ImplementationFactory(
        project=_project(process, "Bike lanes", "60000"), status="in_progress", progress=40
    )
    MilestoneFactory(implementation=going, title="Design", due_on=today - timedelta(days=30))
    MilestoneFactory(
        implementation=going,
        title="Works start",
        due_on=today - timedelta(days=3),
    )
    MilestoneFactory(implementation=going, title="Opening", due_on=today + timedelta(days=60))
    going.milestones.filter(title="Design").update(done_on=today - timedelta(days=31))
    proposal = ProposalFactory(process=process, state="accepted", title="Fountain on the square")
    planned = Implementation.objects.create(
        city=process.city,
        process=process,
        proposal=proposal,
        title={"en": "Fountain on the square"},
        promised_cost=Decimal("10000"),
    )
    return {"done": done, "going": going, "planned": planned}


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_every_promise_to_every_role(client, people, roles, promises, role):
    sign_in(client, people[role])
    response = client.get(_url(roles.city))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count(CARD) == 3
    for title in ("New playground", "Bike lanes", "Fountain on the square"):
        assert title in content


def test_it_is_not_found_for_an_unknown_city(client, db):
    assert client.get("/en/decisions/accountability/atlantis/").status_code == 404


def test_it_sums_up_the_promises(client, roles, promises):
    content = client.get(_url(roles.city)).content.decode()
    assert "<strong>3</strong> promises" in content
    assert "<strong>47%</strong> average progress" in content  # (100 + 40 + 0) / 3
    assert "<strong>110,000 EUR</strong> promised" in content
    assert "<strong>1</strong> milestone late" in content


def test_it_draws_the_statuses_and_gives_them_as_a_table(client, roles, promises):
    content = client.get(_url(roles.city)).content.decode()
    assert 'role="img"' in content
    assert '<title id="status-chart-title">Promises by status</title>' in content
    svg = content[content.index("<svg") : content.index("</svg>")]
    assert "style=" not in svg
    table = content[content.index("<caption>Promises by status</caption>") :]
    table = table[: table.index("</table>")]
    for label, count in (("Planned", 1), ("In progress", 1), ("Completed", 1), ("Cancelled", 0)):
        assert f'<th scope="row">{label}</th><td class="num">{count}</td>' in table


def test_each_promise_shows_progress_next_milestone_and_origin(client, roles, promises):
    content = client.get(_url(roles.city)).content.decode()
    card = content[content.index("Bike lanes") :]
    card = card[: card.index("</article>")]
    assert '<progress max="100" value="40"' in card
    assert "40% done" in card
    assert "Works start" in card  # the first milestone not done, late
    assert "late" in card
    assert promises["going"].project.budget.get_absolute_url() in card
    assert promises["going"].process.get_absolute_url() in card
    fountain = content[content.index("Fountain on the square") :]
    assert (
        promises["planned"].proposal.get_absolute_url() in fountain[: fountain.index("</article>")]
    )


def test_it_filters_by_status(client, roles, promises):
    content = client.get(_url(roles.city) + "?status=completed").content.decode()
    assert content.count(CARD) == 1
    assert "New playground" in content
    assert "<strong>3</strong> promises" in content  # the summary covers every status


def test_it_filters_by_process(client, roles, promises):
    other = ProcessFactory(city=roles.city, phase="implementation")
    ImplementationFactory(project=_project(other, "Library hours"))
    content = client.get(_url(roles.city) + f"?process={other.slug}").content.decode()
    assert content.count(CARD) == 1
    assert "Library hours" in content
    assert "<strong>1</strong> promise" in content


def test_it_ignores_a_process_of_another_city(client, roles, promises):
    foreign = ProcessFactory(city=roles.other_city)
    response = client.get(_url(roles.city) + f"?process={foreign.slug}")
    assert response.status_code == 200
    assert response.content.decode().count(CARD) == 3


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [("anonymous", False), ("resident", False), ("coordinator", True), ("admin", True)],
)
def test_promises_of_a_draft_process_are_for_its_managers(client, people, roles, role, sees_draft):
    draft = ProcessFactory(city=roles.city, status="draft")
    ImplementationFactory(project=_project(draft, "Not yet public"))
    sign_in(client, people[role])
    assert ("Not yet public" in client.get(_url(roles.city)).content.decode()) is sees_draft


def test_it_says_when_nothing_was_promised_yet(client, roles):
    content = client.get(_url(roles.city)).content.decode()
    assert "No promise matches these filters yet." in content
    assert "<svg" not in content


def test_it_lists_promises_in_constant_queries(
    client, roles, process, django_assert_max_num_queries
):
    def make(n: int) -> None:
        for i in range(n):
            record = ImplementationFactory(project=_project(process, f"Project {i}"))
            MilestoneFactory.create_batch(2, implementation=record)

    make(2)
    client.get(_url(roles.city))
    with django_assert_max_num_queries(10) as few:
        client.get(_url(roles.city))
    make(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url(roles.city))
    assert response.content.decode().count(CARD) == 12
