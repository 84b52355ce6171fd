"""City officials answer a proposal: accepted, rejected or under evaluation, with a reason."""

import pytest

from metroagora.decisions.models import Implementation
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import ProcessFactory, ProposalFactory

ANSWERERS = {"official", "coordinator", "admin"}


@pytest.fixture
def proposal(roles):
    process = ProcessFactory(city=roles.city, phase="evaluation", support_threshold=10)
    return ProposalFactory(
        process=process, title="Shade trees on Via Padova", support_count=12, state="evaluating"
    )


def _url(proposal) -> str:
    return f"/en/decisions/proposals/{proposal.pk}/answer/"


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_answer_form_to_officials_coordinators_and_admins(
    client, people, proposal, role
):
    sign_in(client, people[role])
    response = client.get(_url(proposal))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (200 if role in ANSWERERS else 403)


@pytest.mark.parametrize("role", ["participant", "resident", "policymaker", "other_coordinator"])
def test_it_refuses_answers_from_others(client, people, proposal, role):
    sign_in(client, people[role])
    response = client.post(_url(proposal), {"answer": "accepted", "reason": "Why not."})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.answer == ""


def test_it_shows_the_proposal_and_its_supports(client, official, proposal):
    client.force_login(official)
    content = client.get(_url(proposal)).content.decode()
    assert "Shade trees on Via Padova" in content
    assert "12 of the 10 needed for evaluation" in content
    assert 'name="answer"' in content


def test_an_official_accepts_a_proposal_with_a_public_reason(client, official, proposal):
    client.force_login(official)
    response = client.post(
        _url(proposal), {"answer": "accepted", "reason": "The parks department will plant them."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/decisions/proposals/{proposal.pk}/"
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answer, proposal.answered_by) == (
        "accepted",
        "accepted",
        official,
    )
    assert proposal.answer_reason == "The parks department will plant them."
    assert Implementation.objects.filter(proposal=proposal).exists()


def test_it_asks_for_the_reason(client, roles, proposal):
    client.force_login(roles.coordinator)
    response = client.post(_url(proposal), {"answer": "rejected", "reason": "  "})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.answer == ""


def test_it_refuses_an_unknown_answer(client, roles, proposal):
    client.force_login(roles.coordinator)
    response = client.post(_url(proposal), {"answer": "maybe", "reason": "Hmm."})
    assert response.status_code == 400
    assert 'id="id_answer_errors"' in response.content.decode()


def test_it_shows_the_current_answer_to_change_it(client, roles, proposal):
    client.force_login(roles.coordinator)
    client.post(_url(proposal), {"answer": "evaluating", "reason": "Costs are being checked."})
    content = client.get(_url(proposal)).content.decode()
    assert "Current answer" in content
    assert "Costs are being checked." in content
    assert 'value="evaluating" required id="id_answer_2" checked' in content


def test_it_cannot_answer_a_withdrawn_proposal(client, roles, proposal):
    proposal.state = "withdrawn"
    proposal.save()
    client.force_login(roles.coordinator)
    page = client.get(_url(proposal)).content.decode()
    assert "withdrew this proposal" in page
    assert 'name="reason"' not in page
    response = client.post(_url(proposal), {"answer": "accepted", "reason": "Yes."})
    assert response.status_code == 400
    assert "Its author withdrew this proposal." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.answer == ""


def test_it_is_a_404_for_an_unknown_proposal(client, roles):
    client.force_login(roles.admin)
    assert client.get("/en/decisions/proposals/999999/answer/").status_code == 404
