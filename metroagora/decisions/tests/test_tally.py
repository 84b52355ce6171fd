"""Ballot checks, counting and the greedy choice of winners: pure Python, no database."""

from decimal import Decimal

import pytest

from metroagora.decisions.tally import BallotProblem, check_ballot, count_votes, winning_set

COSTS = {1: Decimal("40000"), 2: Decimal("35000"), 3: Decimal("25000"), 4: Decimal("10000.50")}


def _codes(problems):
    return [p.code for p in problems]


# --- check_ballot -------------------------------------------------------------------------


def test_it_accepts_a_ballot_within_the_budget():
    assert check_ballot([1, 2, 3], COSTS, amount=Decimal("100000")) == []


def test_it_accepts_a_ballot_that_spends_the_budget_exactly():
    assert check_ballot([1, 2, 3], COSTS, amount=Decimal("100000.00")) == []


def test_it_refuses_a_ballot_over_the_budget_by_one_cent():
    problems = check_ballot([1, 2, 3], COSTS, amount=Decimal("99999.99"))
    assert problems == [
        BallotProblem("over_budget", total=Decimal("100000"), limit=Decimal("99999.99"))
    ]


def test_it_adds_cents_without_rounding_errors():
    costs = {i: Decimal("0.10") for i in range(1, 11)}
    assert check_ballot(list(costs), costs, amount=Decimal("1.00")) == []
    assert _codes(check_ballot(list(costs), costs, amount=Decimal("0.99"))) == ["over_budget"]


def test_it_refuses_an_empty_ballot():
    assert _codes(check_ballot([], COSTS, amount=Decimal("100000"))) == ["empty"]


def test_it_refuses_an_unknown_project():
    problems = check_ballot([1, 99], COSTS, amount=Decimal("100000"))
    assert problems == [BallotProblem("unknown_project", count=1)]


def test_it_refuses_a_project_chosen_twice():
    assert _codes(check_ballot([3, 3], COSTS, amount=Decimal("100000"))) == ["unknown_project"]


def test_it_stops_at_an_unknown_project_before_adding_costs():
    # A tampered ballot is not also reported as over budget or too long.
    problems = check_ballot([1, 2, 3, 4, 99], COSTS, amount=Decimal("1"), max_projects=1)
    assert _codes(problems) == ["unknown_project"]


def test_it_refuses_too_few_projects():
    problems = check_ballot([3], COSTS, amount=Decimal("100000"), min_projects=2)
    assert problems == [BallotProblem("too_few", count=1, limit=Decimal(2))]


def test_it_refuses_too_many_projects():
    problems = check_ballot([3, 4], COSTS, amount=Decimal("100000"), max_projects=1)
    assert problems == [BallotProblem("too_many", count=2, limit=Decimal(1))]


def test_it_accepts_the_exact_minimum_and_maximum():
    assert check_ballot([3, 4], COSTS, amount=Decimal("100000"), min_projects=2) == []
    assert check_ballot([3, 4], COSTS, amount=Decimal("100000"), max_projects=2) == []


def test_it_reports_every_problem_at_once():
    problems = check_ballot([1, 2, 3], COSTS, amount=Decimal("50000"), max_projects=2)
    assert _codes(problems) == ["over_budget", "too_many"]


def test_it_accepts_ids_from_any_iterable():
    assert check_ballot(iter([3, 4]), COSTS, amount=Decimal("100000")) == []


# --- count_votes --------------------------------------------------------------------------


def test_it_counts_each_project_once_per_ballot():
    votes = count_votes([[1, 2], [2, 3], [2, 2], []])
    assert votes == {1: 1, 2: 3, 3: 1}


def test_it_counts_nothing_without_ballots():
    assert count_votes([]) == {}


# --- winning_set --------------------------------------------------------------------------


def _selected(results):
    return [r.project_id for r in results if r.selected]


def test_it_takes_the_most_voted_projects_while_they_fit():
    results = winning_set(COSTS, {1: 50, 2: 40, 3: 30, 4: 20}, Decimal("100000"))
    assert _selected(results) == [1, 2, 3]
    assert [(r.project_id, r.rank) for r in results] == [(1, 1), (2, 2), (3, 3), (4, 4)]


def test_it_skips_a_project_that_does_not_fit_and_keeps_going():
    costs = {1: Decimal("60000"), 2: Decimal("50000"), 3: Decimal("30000"), 4: Decimal("10000")}
    results = winning_set(costs, {1: 90, 2: 80, 3: 70, 4: 60}, Decimal("100000"))
    assert _selected(results) == [1, 3, 4]
    skipped = next(r for r in results if r.project_id == 2)
    assert (skipped.rank, skipped.selected, skipped.votes) == (2, False, 80)


def test_it_selects_a_project_that_fits_exactly():
    costs = {1: Decimal("70000.01"), 2: Decimal("29999.99")}
    assert _selected(winning_set(costs, {1: 2, 2: 1}, Decimal("100000"))) == [1, 2]


def test_it_does_not_select_a_project_one_cent_too_expensive():
    costs = {1: Decimal("70000.01"), 2: Decimal("30000.00")}
    assert _selected(winning_set(costs, {1: 2, 2: 1}, Decimal("100000"))) == [1]


def test_it_never_selects_a_project_without_votes():
    results = winning_set(COSTS, {3: 1}, Decimal("1000000"))
    assert _selected(results) == [3]
    assert {r.project_id: r.votes for r in results} == {1: 0, 2: 0, 3: 1, 4: 0}


def test_it_selects_nothing_when_nobody_voted():
    results = winning_set(COSTS, {}, Decimal("1000000"))
    assert _selected(results) == []
    assert len(results) == len(COSTS)


def test_it_breaks_ties_by_cost_then_by_age():
    costs = {5: Decimal("30000"), 6: Decimal("20000"), 7: Decimal("20000"), 8: Decimal("90000")}
    results = winning_set(costs, {5: 10, 6: 10, 7: 10, 8: 10}, Decimal("50000"))
    assert [r.project_id for r in results] == [6, 7, 5, 8]
    assert _selected(results) == [6, 7]


def test_it_does_not_depend_on_the_order_of_the_input():
    votes = {1: 5, 2: 5, 3: 5, 4: 5}
    reversed_costs = dict(reversed(list(COSTS.items())))
    assert winning_set(COSTS, votes, Decimal("60000")) == winning_set(
        reversed_costs, votes, Decimal("60000")
    )


def test_it_never_spends_more_than_the_budget():
    costs = {i: Decimal(f"{i * 1000}.33") for i in range(1, 30)}
    votes = {i: (i * 7) % 11 + 1 for i in costs}
    amount = Decimal("123456.78")
    results = winning_set(costs, votes, amount)
    spent = sum((r.cost for r in results if r.selected), Decimal(0))
    assert spent <= amount
    # Greedy: every skipped project with votes would not have fitted in what was left.
    remaining = amount
    for result in results:
        if result.selected:
            remaining -= result.cost
        else:
            assert result.votes == 0 or result.cost > remaining


@pytest.mark.parametrize("amount", [Decimal("0.01"), Decimal("9999.99")])
def test_it_selects_nothing_when_every_project_is_too_expensive(amount):
    assert _selected(winning_set(COSTS, {1: 1, 2: 1, 3: 1, 4: 1}, amount)) == []
