"""``manage.py close_budgets``: the daily job that closes votes whose phase is over."""

import io
from decimal import Decimal

from django.core.management import call_command

from metroagora.decisions import services
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ProcessFactory,
    ProjectFactory,
    set_phases,
)


def _run() -> str:
    out = io.StringIO()
    call_command("close_budgets", stdout=out)
    return out.getvalue()


def test_it_closes_the_budgets_whose_voting_phase_is_over_and_says_which(roles):
    process = ProcessFactory(city=roles.city, phase="voting", slug="streets")
    due = BudgetFactory(process=process, title={"en": "Streets budget"})
    winner = ProjectFactory(budget=due, cost=Decimal(10000))
    services.cast_ballot(roles.resident, due, [winner.pk])
    still_voting = BudgetFactory(process=ProcessFactory(city=roles.city, phase="voting"))
    no_voting = BudgetFactory(process=ProcessFactory(city=roles.city, phase="implementation"))
    no_voting.process.phases.filter(kind="voting").delete()
    set_phases(process, "implementation")

    output = _run()

    due.refresh_from_db()
    assert due.is_closed
    assert due.ballot_count == 1
    winner.refresh_from_db()
    assert winner.selected and winner.vote_count == 1
    for budget in (still_voting, no_voting):
        budget.refresh_from_db()
        assert not budget.is_closed
    assert f"Closed budget {due.pk} “Streets budget” (milan, streets)" in output
    assert "1 ballot(s), 1 project(s) selected." in output
    assert output.strip().endswith("1 budget(s) closed.")


def test_it_leaves_closed_budgets_alone(roles):
    process = ProcessFactory(city=roles.city, phase="implementation")
    budget = BudgetFactory(process=process)
    first = _run()
    budget.refresh_from_db()
    closed_at = budget.closed_at
    assert closed_at is not None
    assert "1 budget(s) closed." in first

    second = _run()

    budget.refresh_from_db()
    assert budget.closed_at == closed_at
    assert second.strip() == "0 budget(s) closed."
