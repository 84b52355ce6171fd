"""Every named permission of local decisions, for every role.

Everything belongs to ``roles.city`` (Milan): "coordinator" and "official" work for
it, "other_coordinator" coordinates Lyon. Network admins are superusers, and Django's
ModelBackend gives active superusers every permission. Taking part (submitting,
supporting, voting) is not a permission: see ``participation_problem`` below.
"""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import services
from metroagora.decisions.tests.conftest import ROLES
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ImplementationFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)
from metroagora.network.tests.factories import MembershipFactory

EVERYONE = set(ROLES)
MANAGERS = {"coordinator", "admin"}
SPEAKERS = {"official", "coordinator", "admin"}  # speak for the city

# permission -> roles that have it on roles.city
ON_CITY = {
    "decisions.manage_processes": MANAGERS,
    "decisions.verify_residents": MANAGERS,
}
# permission, status of the process -> roles that have it on the process
ON_PROCESS = {
    ("decisions.manage_process", "draft"): MANAGERS,
    ("decisions.manage_process", "published"): MANAGERS,
    ("decisions.view_process", "draft"): MANAGERS,
    ("decisions.view_process", "published"): EVERYONE,
}
# On a proposal written by "resident" in a published process of the city.
ON_PROPOSAL = {
    "decisions.answer_proposal": SPEAKERS,
    "decisions.edit_proposal": {"resident", "admin"},
}
ON_BUDGET = {"decisions.manage_budget": MANAGERS}
ON_IMPLEMENTATION = {"decisions.update_implementation": SPEAKERS}
# Permissions that take an object answer no without one (except for superusers).
ALL_PERMS = sorted(
    {*ON_CITY, *(perm for perm, _status in ON_PROCESS), *ON_PROPOSAL, *ON_BUDGET}
    | set(ON_IMPLEMENTATION)
)


def _process(roles, status="published"):
    return ProcessFactory(city=roles.city, status=status)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(ON_CITY))
def test_it_grants_permissions_on_a_city_by_role(people, roles, role, perm):
    assert people[role].has_perm(perm, roles.city) is (role in ON_CITY[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("perm", "status"), sorted(ON_PROCESS))
def test_it_grants_permissions_on_a_process_by_role(people, roles, role, perm, status):
    process = _process(roles, status)
    assert people[role].has_perm(perm, process) is (role in ON_PROCESS[perm, status])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(ON_PROPOSAL))
def test_it_grants_permissions_on_a_proposal_by_role(people, roles, role, perm):
    proposal = ProposalFactory(process=_process(roles), author=people["resident"])
    assert people[role].has_perm(perm, proposal) is (role in ON_PROPOSAL[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(ON_BUDGET))
def test_it_grants_permissions_on_a_budget_by_role(people, roles, role, perm):
    budget = BudgetFactory(process=_process(roles))
    assert people[role].has_perm(perm, budget) is (role in ON_BUDGET[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", sorted(ON_IMPLEMENTATION))
def test_it_grants_permissions_on_an_implementation_by_role(people, roles, role, perm):
    project = ProjectFactory(budget=BudgetFactory(process=_process(roles)))
    implementation = ImplementationFactory(project=project)
    assert people[role].has_perm(perm, implementation) is (role in ON_IMPLEMENTATION[perm])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", ALL_PERMS)
def test_it_grants_nothing_without_an_object_but_to_superusers(people, role, perm):
    assert people[role].has_perm(perm) is (role == "admin")


def test_it_gives_the_coordinator_of_lyon_the_processes_of_lyon_only(roles):
    lyon = ProcessFactory(city=roles.other_city, status="draft")
    milan = _process(roles, "draft")
    user = roles.other_coordinator
    assert user.has_perm("decisions.manage_process", lyon)
    assert user.has_perm("decisions.view_process", lyon)
    assert user.has_perm("decisions.manage_processes", roles.other_city)
    assert user.has_perm("decisions.verify_residents", roles.other_city)
    assert not user.has_perm("decisions.manage_process", milan)
    assert not user.has_perm("decisions.view_process", milan)


def test_it_keeps_an_official_of_another_city_from_answering(roles):
    official = UserFactory()
    MembershipFactory(user=official, city=roles.other_city, role="official")
    proposal = ProposalFactory(process=_process(roles))
    assert not official.has_perm("decisions.answer_proposal", proposal)
    lyon_proposal = ProposalFactory(process=ProcessFactory(city=roles.other_city))
    assert official.has_perm("decisions.answer_proposal", lyon_proposal)


def test_it_does_not_let_officials_manage_processes_or_budgets(people, roles):
    budget = BudgetFactory(process=_process(roles))
    assert not people["official"].has_perm("decisions.manage_process", budget.process)
    assert not people["official"].has_perm("decisions.manage_budget", budget)
    assert not people["official"].has_perm("decisions.verify_residents", roles.city)


def test_it_lets_only_the_author_edit_a_proposal(people, roles):
    proposal = ProposalFactory(process=_process(roles), author=people["participant"])
    assert people["participant"].has_perm("decisions.edit_proposal", proposal)
    assert not people["resident"].has_perm("decisions.edit_proposal", proposal)
    assert not people["coordinator"].has_perm("decisions.edit_proposal", proposal)


def test_it_lets_nobody_edit_a_proposal_whose_author_left(people, roles):
    proposal = ProposalFactory(process=_process(roles), author=None)
    assert not people["participant"].has_perm("decisions.edit_proposal", proposal)
    assert not people["anonymous"].has_perm("decisions.edit_proposal", proposal)


@pytest.mark.parametrize("role", ["official", "coordinator", "resident", "admin"])
def test_it_denies_inactive_people_everything_but_reading_published_processes(people, roles, role):
    user = people[role]
    published = _process(roles)
    draft = _process(roles, "draft")
    proposal = ProposalFactory(process=published, author=user)
    budget = BudgetFactory(process=published)
    implementation = ImplementationFactory(project=ProjectFactory(budget=budget))
    user.is_active = False
    user.save()
    assert not user.has_perm("decisions.manage_processes", roles.city)
    assert not user.has_perm("decisions.verify_residents", roles.city)
    assert not user.has_perm("decisions.manage_process", draft)
    assert not user.has_perm("decisions.view_process", draft)
    assert not user.has_perm("decisions.answer_proposal", proposal)
    assert not user.has_perm("decisions.edit_proposal", proposal)
    assert not user.has_perm("decisions.manage_budget", budget)
    assert not user.has_perm("decisions.update_implementation", implementation)
    assert user.has_perm("decisions.view_process", published)


def test_it_finds_the_city_of_a_budget_project(roles):
    from metroagora.decisions.rules import city_id_of

    project = ProjectFactory(budget=BudgetFactory(process=_process(roles)))
    assert city_id_of(project) == roles.city.pk
    assert city_id_of(project.budget) == roles.city.pk
    assert city_id_of(None) is None


# --- Taking part ----------------------------------------------------------------------

# Who may take part in a published process of roles.city, by participation setting.
TAKES_PART = {
    "registered": EVERYONE - {"anonymous"},
    # Only people verified as residents of the city: not staff, not Lyon's coordinator.
    "verified": {"resident"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("participation", sorted(TAKES_PART))
def test_it_says_who_may_take_part_by_role(people, roles, role, participation):
    process = ProcessFactory(city=roles.city, participation=participation)
    problem = services.participation_problem(people[role], process)
    assert (problem is None) is (role in TAKES_PART[participation])


def test_it_asks_anonymous_people_to_sign_in(people, roles):
    process = ProcessFactory(city=roles.city, participation="registered")
    assert services.participation_problem(people["anonymous"], process) == "Sign in to take part."


@pytest.mark.parametrize("role", ["unverified_resident", "participant", "coordinator"])
def test_it_tells_who_is_not_verified_how_to_take_part(people, roles, role):
    process = ProcessFactory(city=roles.city, participation="verified")
    problem = str(services.participation_problem(people[role], process))
    assert "Only verified residents of Milan" in problem
    assert "Verify" in problem


def test_it_does_not_count_a_resident_of_another_city(roles):
    lyon_resident = UserFactory()
    MembershipFactory(user=lyon_resident, city=roles.other_city, role="resident")
    process = ProcessFactory(city=roles.city, participation="verified")
    assert services.participation_problem(lyon_resident, process) is not None


@pytest.mark.parametrize("role", ["resident", "coordinator", "admin"])
def test_it_lets_nobody_take_part_in_a_draft(people, roles, role):
    process = ProcessFactory(city=roles.city, participation="registered", status="draft")
    assert services.participation_problem(people[role], process) == (
        "This process is not open yet."
    )
