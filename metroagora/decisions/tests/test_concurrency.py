"""Simultaneous requests: one support, one ballot, one use of a code (PostgreSQL).

Each test starts N threads, each with its own database connection, that wait at a
barrier and then call the same service at the same moment.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metroagora.accounts.tests.factories import UserFactory
from metroagora.core.testing import at_once, postgresql_only
from metroagora.decisions import services
from metroagora.decisions.models import (
    Ballot,
    BallotChoice,
    BallotReceipt,
    CensusEntry,
    InvitationCode,
    Proposal,
    Support,
)
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)
from metroagora.network.models import Membership, VerificationLogEntry
from metroagora.network.tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    postgresql_only,
]

THREADS = 8


def _codes(errors: list[BaseException]) -> list[str]:
    """The code of each refusal; anything else than a ValidationError fails the test."""
    codes: list[str] = []
    for error in errors:
        assert isinstance(error, ValidationError), repr(error)
        if hasattr(error, "error_dict"):
            codes.extend(e.code for errs in error.error_dict.values() for e in errs)
        else:
            codes.extend(e.code for e in error.error_list)
    return codes


def _resident(city):
    person = UserFactory()
    MembershipFactory(user=person, city=city, role="resident")
    return person


def test_it_counts_one_support_when_a_person_clicks_many_times(roles):
    process = ProcessFactory(city=roles.city, phase="supports", support_threshold=100)
    proposal = ProposalFactory(process=process)
    results, errors = at_once(
        [lambda: services.support_proposal(roles.resident, proposal)] * THREADS
    )
    assert len(results) == 1
    assert _codes(errors) == ["twice"] * (THREADS - 1)
    assert Support.objects.filter(proposal=proposal).count() == 1
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_it_counts_every_support_given_at_the_same_moment(roles):
    process = ProcessFactory(city=roles.city, phase="supports", support_threshold=THREADS)
    proposal = ProposalFactory(process=process)
    people = [_resident(roles.city) for _ in range(THREADS)]
    calls = [lambda person=person: services.support_proposal(person, proposal) for person in people]
    results, errors = at_once(calls)
    assert errors == []
    proposal.refresh_from_db()
    assert proposal.support_count == Support.objects.filter(proposal=proposal).count() == THREADS
    assert proposal.state == "evaluating"
    assert Proposal.objects.filter(state="evaluating").count() == 1


def test_it_keeps_one_receipt_and_one_ballot_when_a_person_votes_many_times(roles):
    budget = BudgetFactory(process=ProcessFactory(city=roles.city, phase="voting"))
    projects = [ProjectFactory(budget=budget, cost=Decimal("20000")) for _ in range(4)]
    choices = [[projects[n % 4].pk, projects[(n + 1) % 4].pk] for n in range(THREADS)]
    calls = [
        lambda chosen=chosen: services.cast_ballot(roles.resident, budget, chosen)
        for chosen in choices
    ]
    results, errors = at_once(calls)
    assert errors == []
    assert len({receipt.pk for receipt in results}) == 1
    assert BallotReceipt.objects.filter(budget=budget).count() == 1
    assert Ballot.objects.filter(budget=budget).count() == 1
    # The ballot holds exactly one of the choices sent, not a mix of several.
    kept = set(BallotChoice.objects.values_list("project", flat=True))
    assert sorted(kept) in [sorted(chosen) for chosen in choices]
    assert services.my_ballot(roles.resident, budget) == kept


def test_it_verifies_one_person_when_two_type_the_same_codeat_once(roles):
    batch = services.generate_invitation_codes(roles.coordinator, roles.city, count=1, label="Fair")
    code = batch.codes.get().code
    people = [UserFactory() for _ in range(THREADS)]
    calls = [
        lambda person=person: services.verify_with_code(person, roles.city, code)
        for person in people
    ]
    results, errors = at_once(calls)
    assert len(results) == 1
    assert _codes(errors) == ["used"] * (THREADS - 1)
    (winner,) = [m.user for m in results]
    assert InvitationCode.objects.get().used_by == winner
    assert list(VerificationLogEntry.objects.values_list("person", flat=True)) == [winner.pk]
    assert Membership.objects.filter(user__in=people, verified_at__isnull=False).count() == 1


def test_it_verifies_one_person_when_two_type_the_same_identifierat_once(roles):
    services.upload_census(roles.coordinator, roles.city, filename="c.csv", data=b"12345678Z\n")
    people = [UserFactory() for _ in range(THREADS)]
    calls = [
        lambda person=person: services.verify_with_census(person, roles.city, "12345678Z")
        for person in people
    ]
    results, errors = at_once(calls)
    assert len(results) == 1
    assert _codes(errors) == ["used"] * (THREADS - 1)
    assert CensusEntry.objects.get().used_by == results[0].user
    assert VerificationLogEntry.objects.count() == 1


def test_it_verifies_a_person_once_when_they_use_several_codesat_once(roles):
    batch = services.generate_invitation_codes(
        roles.coordinator, roles.city, count=THREADS, label="Fair"
    )
    codes = list(batch.codes.values_list("code", flat=True))
    person = UserFactory()
    calls = [
        lambda code=code: services.verify_with_code(person, roles.city, code) for code in codes
    ]
    results, errors = at_once(calls)
    assert len(results) == 1
    assert _codes(errors) == ["already_verified"] * (THREADS - 1)
    assert InvitationCode.objects.filter(used_at__isnull=False).count() == 1
    assert Membership.objects.filter(user=person, role="resident").count() == 1
    assert VerificationLogEntry.objects.filter(person=person).count() == 1
