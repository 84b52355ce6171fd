"""Participatory budgets: rules, projects, secret ballots, closing and results."""

import hashlib
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import services
from metroagora.decisions.models import (
    Ballot,
    BallotChoice,
    BallotReceipt,
    Budget,
    BudgetProject,
    Implementation,
    ImplementationUpdate,
)
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    DistrictFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
    set_phases,
)
from metroagora.network.tests.factories import MembershipFactory

TITLE = {"en": "Green schoolyards", "_original": "en"}


def _resident(city):
    person = UserFactory()
    MembershipFactory(user=person, city=city, role="resident")
    return person


@pytest.fixture
def budget(roles):
    """100,000 EUR in a process of Milan whose voting phase is open now."""
    return BudgetFactory(process=ProcessFactory(city=roles.city, phase="voting"))


def _projects(budget, *costs):
    return [ProjectFactory(budget=budget, cost=Decimal(cost)) for cost in costs]


def _vote(user, budget, projects):
    return services.cast_ballot(user, budget, [p.pk for p in projects])


def _end_voting(budget):
    set_phases(budget.process, "implementation")


def _messages(error):
    return error.messages


def _codes(error):
    return [e.code for e in error.error_list]


# --- Budgets ---------------------------------------------------------------------------


def test_it_creates_a_budget(roles):
    process = ProcessFactory(city=roles.city, phase="proposals")
    budget = services.create_budget(
        roles.coordinator,
        process,
        title=TITLE,
        amount=Decimal("250000.00"),
        min_projects=1,
        max_projects=3,
    )
    budget.refresh_from_db()
    assert (budget.process, budget.amount, budget.currency) == (
        process,
        Decimal("250000.00"),
        "EUR",
    )
    assert (budget.min_projects, budget.max_projects, budget.is_closed) == (1, 3, False)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-5")}, "amount"),
        ({"min_projects": 3, "max_projects": 2}, "max_projects"),
    ],
)
def test_it_refuses_impossible_budget_rules(roles, fields, field):
    process = ProcessFactory(city=roles.city)
    with pytest.raises(ValidationError) as error:
        services.create_budget(
            roles.coordinator, process, **{"title": TITLE, "amount": Decimal("1000"), **fields}
        )
    assert field in error.value.error_dict or error.value.messages
    assert not Budget.objects.exists()


def test_it_refuses_a_budget_district_of_another_city(roles):
    process = ProcessFactory(city=roles.city)
    with pytest.raises(ValidationError) as error:
        services.create_budget(
            roles.coordinator,
            process,
            title=TITLE,
            amount=Decimal("1000"),
            district=DistrictFactory(city=roles.other_city),
        )
    assert set(error.value.error_dict) == {"district"}


@pytest.mark.parametrize("role", ["official", "resident", "other_coordinator"])
def test_it_lets_only_city_managers_create_budgets(people, roles, role):
    process = ProcessFactory(city=roles.city)
    with pytest.raises(PermissionDenied):
        services.create_budget(people[role], process, title=TITLE, amount=Decimal("1000"))


def test_it_changes_the_rules_before_anyone_votes(roles, budget):
    services.update_budget(roles.coordinator, budget, amount=Decimal("120000"), max_projects=4)
    budget.refresh_from_db()
    assert (budget.amount, budget.max_projects) == (Decimal("120000"), 4)


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": Decimal("90000")},
        {"currency": "CHF"},
        {"min_projects": 1},
        {"max_projects": 1},
    ],
)
def test_it_refuses_rule_changes_once_ballots_exist(roles, budget, fields):
    (project,) = _projects(budget, "30000")
    _vote(roles.resident, budget, [project])
    with pytest.raises(ValidationError) as error:
        services.update_budget(roles.coordinator, budget, **fields)
    assert error.value.code == "ballots"
    budget.refresh_from_db()
    assert (budget.amount, budget.currency, budget.min_projects, budget.max_projects) == (
        Decimal("100000"),
        "EUR",
        0,
        None,
    )


def test_it_lets_the_title_change_once_ballots_exist(roles, budget):
    (project,) = _projects(budget, "30000")
    _vote(roles.resident, budget, [project])
    # Giving the same amount again is not a change of rules.
    services.update_budget(
        roles.coordinator, budget, title={"en": "Schoolyards"}, amount=Decimal("100000.00")
    )
    budget.refresh_from_db()
    assert str(budget.title) == "Schoolyards"


def test_it_refuses_any_change_once_the_vote_is_closed(roles, budget):
    _end_voting(budget)
    services.close_budget(roles.coordinator, budget)
    with pytest.raises(ValidationError):
        services.update_budget(roles.coordinator, budget, title={"en": "Later"})


def test_it_refuses_budget_changes_from_officials(people, budget):
    with pytest.raises(PermissionDenied):
        services.update_budget(people["official"], budget, amount=Decimal("1"))


# --- Projects ---------------------------------------------------------------------------


def _accepted(budget, **fields):
    return ProposalFactory(process=budget.process, state="accepted", **fields)


def test_it_adds_a_project(roles, budget):
    project = services.add_project(roles.coordinator, budget, title=TITLE, cost=Decimal("45000.50"))
    assert (project.budget, project.cost, project.vote_count, project.selected) == (
        budget,
        Decimal("45000.50"),
        0,
        False,
    )


def test_it_adds_a_project_from_an_accepted_proposal(roles, budget):
    proposal = _accepted(budget, title="Shade for the schoolyard", language="it")
    project = services.add_project(roles.coordinator, budget, proposal=proposal)
    project.refresh_from_db()
    assert project.proposal == proposal
    assert project.title.get("it") == "Shade for the schoolyard"
    assert project.cost == Decimal("20000")


def test_it_keeps_the_cost_and_title_given_for_a_proposal(roles, budget):
    proposal = _accepted(budget)
    project = services.add_project(
        roles.coordinator, budget, proposal=proposal, title=TITLE, cost=Decimal("9000")
    )
    assert (str(project.title), project.cost) == ("Green schoolyards", Decimal("9000"))


@pytest.mark.parametrize("state", ["published", "evaluating", "rejected", "withdrawn"])
def test_it_refuses_a_proposal_that_was_not_accepted(roles, budget, state):
    proposal = ProposalFactory(process=budget.process, state=state)
    with pytest.raises(ValidationError) as error:
        services.add_project(roles.coordinator, budget, proposal=proposal)
    assert set(error.value.error_dict) == {"proposal"}
    assert not BudgetProject.objects.exists()


def test_it_refuses_an_accepted_proposal_of_another_process(roles, budget):
    proposal = ProposalFactory(process=ProcessFactory(city=roles.city), state="accepted")
    with pytest.raises(ValidationError) as error:
        services.add_project(roles.coordinator, budget, proposal=proposal)
    assert set(error.value.error_dict) == {"proposal"}


def test_it_puts_a_proposal_on_the_ballot_once(roles, budget):
    proposal = _accepted(budget)
    services.add_project(roles.coordinator, budget, proposal=proposal)
    with pytest.raises(ValidationError) as error:
        services.add_project(roles.coordinator, budget, proposal=proposal)
    assert set(error.value.error_dict) == {"proposal"}


def test_it_refuses_a_project_over_the_whole_budget(roles, budget):
    with pytest.raises(ValidationError) as error:
        services.add_project(roles.coordinator, budget, title=TITLE, cost=Decimal("100000.01"))
    assert error.value.error_dict["cost"][0].code == "over_budget"
    assert services.add_project(roles.coordinator, budget, title=TITLE, cost=Decimal("100000"))


def test_it_refuses_a_project_without_a_cost(roles, budget):
    proposal = _accepted(budget, estimated_cost=None)
    with pytest.raises(ValidationError) as error:
        services.add_project(roles.coordinator, budget, proposal=proposal)
    assert "cost" in error.value.error_dict


def test_it_refuses_a_project_district_of_another_city(roles, budget):
    with pytest.raises(ValidationError) as error:
        services.add_project(
            roles.coordinator,
            budget,
            title=TITLE,
            cost=Decimal("1"),
            district=DistrictFactory(city=roles.other_city),
        )
    assert set(error.value.error_dict) == {"district"}


def test_it_freezes_the_ballot_once_people_vote(roles, budget):
    first, second = _projects(budget, "30000", "20000")
    _vote(roles.resident, budget, [first])
    with pytest.raises(ValidationError) as error:
        services.add_project(roles.coordinator, budget, title=TITLE, cost=Decimal("1"))
    assert error.value.code == "ballots"
    with pytest.raises(ValidationError):
        services.update_project(roles.coordinator, second, cost=Decimal("1"))
    with pytest.raises(ValidationError):
        services.remove_project(roles.coordinator, second)
    assert budget.projects.count() == 2
    # Words can still be corrected.
    services.update_project(roles.coordinator, second, title={"en": "Fixed typo"})
    second.refresh_from_db()
    assert (str(second.title), second.cost) == ("Fixed typo", Decimal("20000"))


def test_it_updates_and_removes_projects_before_the_vote(roles, budget):
    (project,) = _projects(budget, "30000")
    services.update_project(roles.coordinator, project, cost=Decimal("35000"))
    project.refresh_from_db()
    assert project.cost == Decimal("35000")
    with pytest.raises(ValidationError):
        services.update_project(roles.coordinator, project, cost=Decimal("150000"))
    services.remove_project(roles.coordinator, project)
    assert not BudgetProject.objects.exists()


@pytest.mark.parametrize("role", ["official", "resident", "other_coordinator"])
def test_it_lets_only_city_managers_change_projects(people, budget, role):
    (project,) = _projects(budget, "30000")
    with pytest.raises(PermissionDenied):
        services.add_project(people[role], budget, title=TITLE, cost=Decimal("1"))
    with pytest.raises(PermissionDenied):
        services.update_project(people[role], project, cost=Decimal("1"))
    with pytest.raises(PermissionDenied):
        services.remove_project(people[role], project)


# --- Casting a ballot --------------------------------------------------------------------


def test_it_records_a_ballot_within_the_budget(roles, budget):
    a, b, c = _projects(budget, "40000", "35000", "25000")
    receipt = _vote(roles.resident, budget, [a, b, c])
    assert (receipt.budget, receipt.user) == (budget, roles.resident)
    assert services.my_ballot(roles.resident, budget) == {a.pk, b.pk, c.pk}
    assert Ballot.objects.count() == 1
    assert BallotChoice.objects.count() == 3


def test_it_refuses_a_ballot_over_the_budget(roles, budget):
    projects = _projects(budget, "40000", "35000", "25000.01")
    with pytest.raises(ValidationError) as error:
        _vote(roles.resident, budget, projects)
    assert _codes(error.value) == ["over_budget"]
    assert _messages(error.value) == [
        "Your choice costs 100,000.01 EUR, over the budget of 100,000 EUR. "
        "Remove a project and try again."
    ]
    assert not BallotReceipt.objects.exists()
    assert not Ballot.objects.exists()


def test_it_enforces_the_fewest_and_most_projects(roles, budget):
    Budget.objects.filter(pk=budget.pk).update(min_projects=2, max_projects=3)
    a, b, c, d = _projects(budget, "10000", "10000", "10000", "10000")
    with pytest.raises(ValidationError) as error:
        _vote(roles.resident, budget, [a])
    assert _codes(error.value) == ["too_few"]
    assert _messages(error.value) == ["Choose at least 2 projects."]
    with pytest.raises(ValidationError) as error:
        _vote(roles.resident, budget, [a, b, c, d])
    assert _codes(error.value) == ["too_many"]
    assert _messages(error.value) == ["Choose at most 3 projects."]
    assert not Ballot.objects.exists()
    _vote(roles.resident, budget, [a, b, c])
    assert services.my_ballot(roles.resident, budget) == {a.pk, b.pk, c.pk}


def test_it_refuses_an_empty_ballot(roles, budget):
    _projects(budget, "10000")
    with pytest.raises(ValidationError) as error:
        services.cast_ballot(roles.resident, budget, [])
    assert _codes(error.value) == ["empty"]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda projects, other: [projects[0].pk, 999999],
        lambda projects, other: [projects[0].pk, other.pk],
        lambda projects, other: [projects[0].pk, projects[0].pk],
        lambda projects, other: [str(projects[0].pk), "1 OR 1=1"],
        lambda projects, other: [None],
    ],
    ids=["unknown", "other-budget", "duplicate", "not-a-number", "none"],
)
def test_it_refuses_a_tampered_ballot(roles, budget, tamper):
    projects = _projects(budget, "10000", "10000")
    other = ProjectFactory(budget=BudgetFactory(process=budget.process))
    with pytest.raises(ValidationError) as error:
        services.cast_ballot(roles.resident, budget, tamper(projects, other))
    assert "not on this budget" in _messages(error.value)[0]
    assert not Ballot.objects.exists()
    assert not BallotReceipt.objects.exists()


def test_it_accepts_project_ids_sent_as_text(roles, budget):
    a, b = _projects(budget, "10000", "10000")
    services.cast_ballot(roles.resident, budget, [str(a.pk), f" {b.pk} "])
    assert services.my_ballot(roles.resident, budget) == {a.pk, b.pk}


@pytest.mark.parametrize(
    ("phase", "message"),
    [("evaluation", "Voting opens on"), ("implementation", "The vote is closed.")],
)
def test_it_takes_ballots_only_in_the_voting_phase(roles, budget, phase, message):
    (project,) = _projects(budget, "10000")
    set_phases(budget.process, phase)
    with pytest.raises(ValidationError) as error:
        _vote(roles.resident, budget, [project])
    assert error.value.code == "cannot_vote"
    assert _messages(error.value)[0].startswith(message)
    assert not Ballot.objects.exists()


def test_it_takes_no_ballot_in_a_process_without_a_voting_phase(roles, budget):
    (project,) = _projects(budget, "10000")
    budget.process.phases.filter(kind="voting").delete()
    with pytest.raises(ValidationError):
        _vote(roles.resident, budget, [project])


def test_it_takes_no_ballot_once_the_budget_is_closed(roles, budget):
    (project,) = _projects(budget, "10000")
    Budget.objects.filter(pk=budget.pk).update(closed_at="2020-01-01T00:00Z")
    with pytest.raises(ValidationError) as error:
        _vote(roles.resident, budget, [project])
    assert _messages(error.value) == ["The vote is closed."]


@pytest.mark.parametrize("role", ["anonymous", "participant", "unverified_resident", "coordinator"])
def test_it_takes_ballots_only_from_people_who_may_take_part(people, budget, role):
    (project,) = _projects(budget, "10000")
    with pytest.raises(ValidationError) as error:
        _vote(people[role], budget, [project])
    assert error.value.code == "cannot_vote"
    assert not Ballot.objects.exists()


def test_it_replaces_a_ballot_when_the_voter_changes_their_mind(roles, budget):
    a, b, c = _projects(budget, "40000", "35000", "25000")
    first = _vote(roles.resident, budget, [a, b])
    ballot = Ballot.objects.get()
    second = _vote(roles.resident, budget, [c])
    assert second.pk == first.pk
    assert BallotReceipt.objects.count() == 1
    assert list(Ballot.objects.values_list("pk", flat=True)) == [ballot.pk]
    assert list(BallotChoice.objects.values_list("project", flat=True)) == [c.pk]
    assert services.my_ballot(roles.resident, budget) == {c.pk}


def test_it_keeps_a_refused_change_from_touching_the_ballot(roles, budget):
    a, b, c = _projects(budget, "40000", "35000", "30000")
    _vote(roles.resident, budget, [a, b])
    with pytest.raises(ValidationError):
        _vote(roles.resident, budget, [a, b, c])
    assert services.my_ballot(roles.resident, budget) == {a.pk, b.pk}


def test_it_shows_each_voter_their_own_ballot_only(roles, budget):
    a, b = _projects(budget, "40000", "35000")
    other = _resident(roles.city)
    _vote(roles.resident, budget, [a])
    _vote(other, budget, [b])
    assert services.my_ballot(roles.resident, budget) == {a.pk}
    assert services.my_ballot(other, budget) == {b.pk}
    assert services.my_ballot(_resident(roles.city), budget) == set()
    assert services.my_ballot(roles.anonymous, budget) == set()
    second_budget = BudgetFactory(process=budget.process)
    assert services.my_ballot(roles.resident, second_budget) == set()


def test_it_lets_everyone_vote_in_a_process_open_to_all(roles):
    process = ProcessFactory(city=roles.city, phase="voting", participation="registered")
    budget = BudgetFactory(process=process)
    (project,) = _projects(budget, "10000")
    _vote(roles.participant, budget, [project])
    assert services.my_ballot(roles.participant, budget) == {project.pk}


def test_it_tells_why_someone_cannot_vote(roles, budget):
    assert services.voting_problem(roles.resident, budget) is None
    assert "Only verified residents" in str(services.voting_problem(roles.participant, budget))
    set_phases(budget.process, "supports")
    assert services.voting_problem(roles.resident, budget).startswith("Voting opens on ")


# --- Ballot secrecy -------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Ballot, BallotChoice])
def test_it_keeps_no_voter_and_no_time_on_a_ballot(model):
    for field in model._meta.concrete_fields:
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField), (
            field.name
        )
        # Sequential ids would give the voting order away.
        assert not isinstance(field, models.AutoField | models.BigAutoField), field.name
        if field.is_relation:
            assert field.related_model not in (User, BallotReceipt), field.name
        assert not any(word in field.name for word in ("user", "voter", "time", "_at")), field.name


def test_it_keeps_no_ballot_on_a_receipt():
    for field in BallotReceipt._meta.concrete_fields:
        if field.is_relation:
            assert field.related_model not in (Ballot, BallotChoice), field.name


def test_it_derives_the_ballot_key_from_a_secret(roles, budget, settings):
    (project,) = _projects(budget, "10000")
    _vote(roles.resident, budget, [project])
    key = Ballot.objects.get().key
    assert key == services.ballot_key(budget.pk, roles.resident.pk)
    # Not a plain hash of what the database knows.
    for guess in (f"{budget.pk}:{roles.resident.pk}", f"{roles.resident.pk}", roles.resident.email):
        assert key != hashlib.sha256(guess.encode()).hexdigest()
    settings.BALLOT_SECRET = "another secret"
    assert services.ballot_key(budget.pk, roles.resident.pk) != key
    # With another secret, nobody (not even the voter) finds the ballot.
    assert services.my_ballot(roles.resident, budget) == set()


def test_it_gives_each_voter_and_budget_a_different_key(roles, budget):
    keys = {
        services.ballot_key(budget.pk, roles.resident.pk),
        services.ballot_key(budget.pk, roles.participant.pk),
        services.ballot_key(budget.pk + 1, roles.resident.pk),
    }
    assert len(keys) == 3


# --- Closing and results -------------------------------------------------------------------


def _voters(roles, n):
    return [_resident(roles.city) for _ in range(n)]


def _results(budget):
    return {p.pk: (p.vote_count, p.selected) for p in BudgetProject.objects.filter(budget=budget)}


def test_it_closes_only_after_the_voting_phase(roles, budget):
    with pytest.raises(ValidationError) as error:
        services.close_budget(roles.coordinator, budget)
    assert error.value.code == "still_open"
    budget.process.phases.filter(kind="voting").delete()
    with pytest.raises(ValidationError):
        services.close_budget(roles.coordinator, budget)
    budget.refresh_from_db()
    assert not budget.is_closed


@pytest.mark.parametrize("role", ["official", "resident", "other_coordinator"])
def test_it_lets_only_city_managers_close_a_vote(people, budget, role):
    _end_voting(budget)
    with pytest.raises(PermissionDenied):
        services.close_budget(people[role], budget)


def test_it_chooses_winners_greedily_and_keeps_going(roles, budget):
    # 100,000: A (60k, 5 votes) wins; B (50k, 4) no longer fits; D (10k, 3) and
    # C (30k, 3, dearer than D) still do; E has no vote.
    a, b, c, d, e = _projects(budget, "60000", "50000", "30000", "10000", "5000")
    ballots = [[a, c], [a, d], [a, c, d], [a], [a], [b, c], [b, d], [b], [b]]
    for voter, chosen in zip(_voters(roles, len(ballots)), ballots, strict=True):
        _vote(voter, budget, chosen)
    _end_voting(budget)
    outcome = services.close_budget(roles.coordinator, budget)
    assert outcome.ballots == 9
    assert outcome.spent == Decimal("100000")
    assert [(r.project_id, r.rank, r.selected) for r in outcome.results] == [
        (a.pk, 1, True),
        (b.pk, 2, False),
        (d.pk, 3, True),
        (c.pk, 4, True),
        (e.pk, 5, False),
    ]
    assert _results(budget) == {
        a.pk: (5, True),
        b.pk: (4, False),
        c.pk: (3, True),
        d.pk: (3, True),
        e.pk: (0, False),
    }
    budget.refresh_from_db()
    assert (budget.is_closed, budget.ballot_count) == (True, 9)


def test_it_breaks_ties_by_cost_then_by_age(roles, budget):
    older, cheaper, newer = _projects(budget, "50000", "40000", "50000")
    ballots = [[older, cheaper], [cheaper, newer], [older, newer]]
    for voter, chosen in zip(_voters(roles, 3), ballots, strict=True):
        _vote(voter, budget, chosen)
    _end_voting(budget)
    outcome = services.close_budget(roles.coordinator, budget)
    assert [r.project_id for r in outcome.results] == [cheaper.pk, older.pk, newer.pk]
    assert _results(budget) == {
        cheaper.pk: (2, True),
        older.pk: (2, True),
        newer.pk: (2, False),
    }


def test_it_promises_the_winners(roles, budget):
    winner, loser = _projects(budget, "70000", "60000")
    _vote(roles.resident, budget, [winner])
    _vote(_resident(roles.city), budget, [winner])
    _vote(_resident(roles.city), budget, [loser])
    _end_voting(budget)
    services.close_budget(roles.coordinator, budget)
    implementation = Implementation.objects.get()
    assert (implementation.project, implementation.proposal) == (winner, None)
    assert (implementation.city, implementation.process) == (roles.city, budget.process)
    assert (implementation.promised_cost, implementation.currency) == (Decimal("70000"), "EUR")
    assert implementation.title == winner.title
    assert implementation.status == "planned"


def test_it_gives_the_same_results_when_closed_twice(roles, budget):
    a, b, c = _projects(budget, "60000", "40000", "30000")
    for voter, chosen in zip(_voters(roles, 3), [[a, c], [a, b], [b, c]], strict=True):
        _vote(voter, budget, chosen)
    _end_voting(budget)
    first = services.close_budget(roles.coordinator, budget)
    budget.refresh_from_db()
    closed_at = budget.closed_at
    before = _results(budget)
    implementations = list(Implementation.objects.values_list("pk", "project"))
    second = services.close_budget(roles.admin, budget)
    budget.refresh_from_db()
    assert second.results == first.results
    assert _results(budget) == before
    assert budget.closed_at == closed_at
    assert list(Implementation.objects.values_list("pk", "project")) == implementations
    assert len(implementations) == 2


def test_it_keeps_a_promise_that_already_has_updates(roles, budget):
    (project,) = _projects(budget, "60000")
    _vote(roles.resident, budget, [project])
    _end_voting(budget)
    services.close_budget(roles.coordinator, budget)
    implementation = Implementation.objects.get()
    ImplementationUpdate.objects.create(
        implementation=implementation,
        text="Works began.",
        language="en",
        status="planned",
        progress=5,
    )
    BallotChoice.objects.all().delete()  # as if the recount found no vote for it
    services.close_budget(roles.coordinator, budget)
    assert Implementation.objects.get().pk == implementation.pk


def test_it_closes_a_vote_nobody_took_part_in(roles, budget):
    _projects(budget, "10000")
    _end_voting(budget)
    outcome = services.close_budget(roles.coordinator, budget)
    assert (outcome.ballots, outcome.spent) == (0, Decimal(0))
    assert not Implementation.objects.exists()


def test_it_closes_due_budgets_only(roles, budget):
    (project,) = _projects(budget, "10000")
    _vote(roles.resident, budget, [project])
    _end_voting(budget)
    open_budget = BudgetFactory(process=ProcessFactory(city=roles.city, phase="voting"))
    no_vote = BudgetFactory(process=ProcessFactory(city=roles.city, phase="proposals"))
    no_vote.process.phases.filter(kind="voting").delete()
    assert services.close_due_budgets() == 1
    budget.refresh_from_db()
    open_budget.refresh_from_db()
    no_vote.refresh_from_db()
    assert budget.is_closed
    assert not open_budget.is_closed
    assert not no_vote.is_closed
    assert Implementation.objects.get().project == project
    # Closed budgets are not closed again.
    assert services.close_due_budgets() == 0


def test_it_closes_due_budgets_as_of_a_given_time(roles, budget):
    voting = budget.process.phase("voting")
    assert services.close_due_budgets(now=voting.ends_at) == 1
    budget.refresh_from_db()
    assert budget.closed_at == voting.ends_at


# --- Anonymous ballots ---------------------------------------------------------------------


def test_it_publishes_the_ballots_anonymously_in_no_voting_order(roles, budget):
    projects = _projects(budget, "10000", "10000", "10000", "10000")
    voters = _voters(roles, 12)
    cast = []
    for n, voter in enumerate(voters, start=1):
        chosen = [p for bit, p in enumerate(projects) if n & (1 << bit)]
        _vote(voter, budget, chosen)
        cast.append(tuple("1" if p in chosen else "0" for p in projects))
    _end_voting(budget)
    services.close_budget(roles.coordinator, budget)
    budget.refresh_from_db()
    header, *rows = list(services.anonymous_ballots(budget))
    assert header == ["ballot", *[f"project_{p.pk}" for p in projects]]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 13)]
    published = [tuple(row[1:]) for row in rows]
    assert Counter(published) == Counter(cast)
    # Ordered by ballot key, which says nothing about when people voted.
    by_key = sorted(
        zip(voters, cast, strict=True), key=lambda vc: services.ballot_key(budget.pk, vc[0].pk)
    )
    assert published == [choice for _voter, choice in by_key]
    assert published != cast
    # Nothing identifies a voter.
    text = repr(rows)
    for voter in voters:
        assert voter.email not in text
        assert services.ballot_key(budget.pk, voter.pk) not in text


def test_it_publishes_ballots_only_once_the_vote_is_closed(roles, budget):
    _projects(budget, "10000")
    with pytest.raises(ValidationError):
        list(services.anonymous_ballots(budget))


def test_it_counts_the_published_ballots_like_the_results(roles, budget):
    a, b, c = _projects(budget, "50000", "30000", "30000")
    for voter, chosen in zip(_voters(roles, 4), [[a], [a, b], [b, c], [a, c]], strict=True):
        _vote(voter, budget, chosen)
    _end_voting(budget)
    services.close_budget(roles.coordinator, budget)
    budget.refresh_from_db()
    header, *rows = list(services.anonymous_ballots(budget))
    recount = [sum(int(row[i]) for row in rows) for i in range(1, len(header))]
    assert recount == [
        p.vote_count for p in BudgetProject.objects.filter(budget=budget).order_by("pk")
    ]
