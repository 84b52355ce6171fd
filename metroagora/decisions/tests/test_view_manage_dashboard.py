"""The city staff dashboard of local decisions: what needs attention, and every staff page."""

import pytest

from metroagora.decisions import services
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ImplementationFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
    set_phases,
)
from metroagora.network.tests.factories import MembershipFactory

MANAGERS = {"coordinator", "admin"}


def _url(city) -> str:
    return f"/en/decisions/manage/{city.slug}/"


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_dashboard_to_the_city_coordinator_and_network_admins(
    client, people, roles, role
):
    sign_in(client, people[role])
    response = client.get(_url(roles.city))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (200 if role in MANAGERS else 403)


def test_it_is_a_404_for_an_unknown_city(client, roles):
    client.force_login(roles.admin)
    assert client.get("/en/decisions/manage/atlantis/").status_code == 404


def test_it_lists_drafts_and_published_processes_with_their_phase_and_counts(client, roles):
    draft = ProcessFactory(city=roles.city, status="draft", title={"en": "Draft plans"})
    running = ProcessFactory(city=roles.city, phase="supports", title={"en": "Greener streets"})
    ProposalFactory.create_batch(2, process=running, support_count=4)
    ProposalFactory(process=running, state="withdrawn")
    ProposalFactory(process=running, state="accepted")
    elsewhere = ProcessFactory(city=roles.other_city, title={"en": "Lyon's plans"})
    client.force_login(roles.coordinator)
    response = client.get(_url(roles.city))
    content = response.content.decode()
    assert "Draft plans" in content
    assert "Greener streets" in content
    assert str(elsewhere.title) not in content
    assert "Supports, until" in content
    assert f'href="/en/decisions/{draft.slug}/edit/"' in content
    assert f'href="/en/decisions/{running.slug}/budgets/new/"' in content
    rows = {row.process.pk: row.process for row in response.context["rows"]}
    assert set(rows) == {draft.pk, running.pk}
    counted = rows[running.pk]
    # The withdrawn proposal is not counted.
    assert (counted.proposal_count, counted.accepted_count, counted.support_total) == (3, 1, 8)


def test_it_lists_proposals_waiting_for_an_answer_those_in_evaluation_first(client, roles):
    process = ProcessFactory(city=roles.city, phase="supports")
    popular = ProposalFactory(
        process=process, title="Popular but still collecting", support_count=9
    )
    evaluating = ProposalFactory(process=process, title="Reached the threshold", state="evaluating")
    ProposalFactory(process=process, title="Already accepted", state="accepted", answer="accepted")
    ProposalFactory(process=process, title="Withdrawn one", state="withdrawn")
    client.force_login(roles.coordinator)
    content = client.get(_url(roles.city)).content.decode()
    assert content.index(evaluating.title) < content.index(popular.title)
    assert "Already accepted" not in content
    assert "Withdrawn one" not in content
    assert f'href="/en/decisions/proposals/{evaluating.pk}/answer/"' in content
    assert "2 proposals without a final answer" in content


def test_it_lists_budgets_whose_vote_is_over_and_not_closed(client, roles):
    process = ProcessFactory(city=roles.city, phase="implementation")
    due = BudgetFactory(process=process, title={"en": "Budget to close"})
    closed = BudgetFactory(process=process, title={"en": "Budget already closed"})
    services.close_budget(roles.coordinator, closed)
    BudgetFactory(
        process=ProcessFactory(city=roles.city, phase="voting"), title={"en": "Still voting"}
    )
    client.force_login(roles.coordinator)
    response = client.get(_url(roles.city))
    content = response.content.decode()
    to_close = [b.pk for b in response.context["to_close"]]
    assert to_close == [due.pk]
    assert f'href="/en/decisions/budgets/{due.pk}/close/"' in content


def test_it_shows_the_verification_figures(client, roles):
    MembershipFactory(city=roles.city, role="resident", verification_method="code")
    MembershipFactory(city=roles.city, role="resident", verified_at=None)
    services.generate_invitation_codes(roles.coordinator, roles.city, count=7, label="Fair")
    client.force_login(roles.coordinator)
    response = client.get(_url(roles.city))
    figures = response.context["figures"]
    # The fixture's resident (no method recorded) and the one verified with a code.
    assert figures.verified_total == 2
    assert ("Invitation code", 1) in figures.verified_by_method
    assert figures.pending == 2  # the fixture's unverified resident and this one
    assert figures.unused_codes == 7
    content = response.content.decode()
    assert 'href="/en/decisions/manage/milan/verification/"' in content
    assert 'href="/en/decisions/manage/milan/districts/"' in content
    assert 'href="/en/decisions/manage/milan/processes/new/"' in content


def test_it_links_each_promise_to_its_progress_report(client, roles):
    process = ProcessFactory(city=roles.city, phase="implementation")
    implementation = ImplementationFactory(
        project=ProjectFactory(budget=BudgetFactory(process=process))
    )
    client.force_login(roles.coordinator)
    content = client.get(_url(roles.city)).content.decode()
    assert f'href="/en/decisions/implementation/{implementation.pk}/update/"' in content


def _populate(city, n: int) -> None:
    for _i in range(n):
        process = ProcessFactory(city=city, phase="voting")
        ProposalFactory.create_batch(2, process=process, state="evaluating")
        budget = BudgetFactory(process=process)
        ProjectFactory.create_batch(2, budget=budget)
        ImplementationFactory(project=ProjectFactory(budget=budget))
        set_phases(process, "implementation")


def test_it_shows_the_dashboard_in_a_constant_number_of_queries(
    client, roles, django_assert_max_num_queries
):
    _populate(roles.city, 2)
    client.force_login(roles.coordinator)
    with django_assert_max_num_queries(20) as few:
        assert client.get(_url(roles.city)).status_code == 200
    _populate(roles.city, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url(roles.city)).status_code == 200


@pytest.mark.parametrize("role", ["participant", "official", "other_coordinator", "coordinator"])
def test_the_city_page_links_its_coordinators_to_the_dashboard(client, people, roles, role):
    sign_in(client, people[role])
    content = client.get(f"/en/cities/{roles.city.slug}/").content.decode()
    assert ('href="/en/decisions/manage/milan/"' in content) == (role == "coordinator")
