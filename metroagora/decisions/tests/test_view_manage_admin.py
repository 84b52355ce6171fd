"""The admin of local decisions: useful pages, and no page that could break ballot secrecy."""

import pytest
from django.contrib import admin

from metroagora.decisions import services
from metroagora.decisions.models import (
    Ballot,
    BallotChoice,
    BallotReceipt,
    CensusEntry,
    InvitationCode,
    Support,
)
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ImplementationFactory,
    MilestoneFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)

SECRET_OR_PERSONAL = [Ballot, BallotChoice, BallotReceipt, CensusEntry, InvitationCode, Support]


@pytest.mark.parametrize("model", SECRET_OR_PERSONAL)
def test_it_registers_no_model_that_ties_a_person_to_a_ballot_or_a_hash(model):
    assert not admin.site.is_registered(model)


def test_every_decisions_admin_page_opens(client, roles):
    process = ProcessFactory(city=roles.city, phase="voting")
    ProposalFactory(process=process)
    budget = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget)
    services.cast_ballot(roles.resident, budget, [project.pk])
    MilestoneFactory(implementation=ImplementationFactory(project=ProjectFactory(budget=budget)))
    batch = services.generate_invitation_codes(roles.coordinator, roles.city, count=2, label="Fair")
    services.upload_census(roles.coordinator, roles.city, filename="c.csv", data=b"A1\nB2\n")
    client.force_login(roles.admin)
    for name in (
        "district",
        "process",
        "proposal",
        "invitationbatch",
        "censusupload",
        "budget",
        "implementation",
    ):
        assert client.get(f"/en/admin/decisions/{name}/").status_code == 200, name
    assert client.get(f"/en/admin/decisions/budget/{budget.pk}/change/").status_code == 200
    assert client.get(f"/en/admin/decisions/process/{process.pk}/change/").status_code == 200
    batches = client.get("/en/admin/decisions/invitationbatch/").content.decode()
    assert "Fair" in batches
    # Batches and census uploads are records: nobody edits them by hand.
    assert client.get("/en/admin/decisions/invitationbatch/add/").status_code == 403
    assert client.get(f"/en/admin/decisions/invitationbatch/{batch.pk}/delete/").status_code == 403
