"""Local proposals are found, with their comments, while their process is published."""

import pytest

from metroagora.decisions import services
from metroagora.decisions.tests.factories import ProcessFactory, ProposalFactory
from metroagora.forum.tests.factories import ContributionFactory
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.search.tests.conftest import found

pytestmark = pytest.mark.django_db


def test_it_finds_a_proposal_in_its_authors_language():
    proposal = ProposalFactory(
        title="Ombrières végétales sur la place", body="Des arbres pour l'été.", language="fr"
    )
    assert found("ombrieres") == [("proposal", proposal.pk)]


def test_it_hides_proposals_of_a_draft_process_until_it_is_published(roles):  # noqa: F811
    process = ProcessFactory(city=roles.city, status="draft")
    proposal = ProposalFactory(process=process, title="Bicycle parking at the station")
    assert found("bicycle") == []
    services.publish_process(roles.coordinator, process)
    assert found("bicycle") == [("proposal", proposal.pk)]


def test_it_drops_a_withdrawn_proposal_and_its_comments(roles):  # noqa: F811
    process = ProcessFactory(city=roles.city, participation="registered")
    proposal = services.submit_proposal(
        roles.participant,
        process,
        title="A covered market hall",
        body="Rebuild the old market hall for farmers.",
        language="en",
    )
    comment = ContributionFactory(debate=proposal.debate, text="Farmers would love it.")
    assert ("proposal", proposal.pk) in found("market")
    assert set(found("farmers")) == {("proposal", proposal.pk), ("contribution", comment.pk)}
    services.withdraw_proposal(roles.participant, proposal)
    assert found("market") == []
    assert found("farmers") == []


def test_it_does_not_list_a_proposals_comment_debate_as_a_debate(roles):  # noqa: F811
    process = ProcessFactory(city=roles.city, participation="registered")
    services.submit_proposal(
        roles.participant,
        process,
        title="Benches in the park",
        body="More benches along the river path.",
        language="en",
    )
    assert [kind for kind, _pk in found("benches")] == ["proposal"]
