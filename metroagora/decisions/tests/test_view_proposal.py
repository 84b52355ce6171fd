"""A proposal's page: content, images, map link, answer, comments, who sees which action."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from metroagora.decisions import services
from metroagora.decisions.models import ProposalImage, Support
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import (
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
    set_phases,
)
from metroagora.forum.tests.factories import ContributionFactory

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _url(proposal) -> str:
    return f"/en/decisions/proposals/{proposal.pk}/"


@pytest.fixture
def process(roles):
    return ProcessFactory(city=roles.city, phase="supports", support_threshold=10)


@pytest.fixture
def proposal(process, people):
    """A proposal submitted through the service, so it has its comments debate."""
    set_phases(process, "proposals")
    created = services.submit_proposal(
        people["resident"],
        process,
        title="A fountain on the square",
        body="Hot summers: a drinking fountain on the main square for everyone.",
        language="en",
        location="Piazza Duomo",
        latitude=45.4642,
        longitude=9.19,
    )
    set_phases(process, "supports")
    return created


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_the_proposal_to_every_role(client, people, proposal, role):
    sign_in(client, people[role])
    response = client.get(_url(proposal))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 lang="en">A fountain on the square</h1>' in content
    assert "Piazza Duomo" in content


def test_it_is_not_found_in_a_draft_process(client, roles):
    hidden = ProposalFactory(process=ProcessFactory(city=roles.city, status="draft"))
    assert client.get(_url(hidden)).status_code == 404
    assert client.get("/en/decisions/proposals/999999/").status_code == 404


def test_it_links_to_openstreetmap_without_embedding_a_map(client, proposal):
    content = client.get(_url(proposal)).content.decode()
    assert "https://www.openstreetmap.org/?mlat=45.46420&amp;mlon=9.19000" in content
    assert "<iframe" not in content
    assert "tile" not in content


def test_it_has_no_map_link_without_coordinates(client, process):
    content = client.get(_url(ProposalFactory(process=process))).content.decode()
    assert "openstreetmap" not in content


def test_it_shows_images_with_their_description(client, proposal):
    ProposalImage.objects.create(
        proposal=proposal,
        image=SimpleUploadedFile("f.gif", GIF, content_type="image/gif"),
        alt_text="The empty square at noon",
    )
    content = client.get(_url(proposal)).content.decode()
    assert 'alt="The empty square at noon"' in content


def test_it_shows_the_support_count_and_progress(client, people, proposal):
    Support.objects.create(proposal=proposal, user=people["participant"])
    proposal.support_count = 1
    proposal.save()
    content = client.get(_url(proposal)).content.decode()
    assert "<strong>1</strong> support" in content
    assert 'max="10" value="1"' in content


@pytest.mark.parametrize(
    ("role", "can_support"),
    [
        ("anonymous", False),
        ("participant", False),
        ("unverified_resident", False),
        ("resident", True),
    ],
)
def test_it_offers_the_support_button_to_those_who_may(client, people, proposal, role, can_support):
    sign_in(client, people[role])
    content = client.get(_url(proposal)).content.decode()
    action = reverse("decisions:proposal_support", kwargs={"pk": proposal.pk})
    assert (f'hx-post="{action}"' in content) is can_support
    if role in ("participant", "unverified_resident"):
        assert reverse("decisions:verify", kwargs={"city": proposal.process.city.slug}) in content


def test_it_says_supports_wait_for_their_phase(client, people, proposal):
    set_phases(proposal.process, "evaluation")
    sign_in(client, people["resident"])
    content = client.get(_url(proposal)).content.decode()
    assert "Supports are collected only during the supports phase." in content
    assert 'name="action"' not in content


def test_it_shows_the_official_answer_with_its_reason(client, people, proposal):
    services.answer_proposal(
        people["official"], proposal, answer="rejected", reason="The square is protected heritage."
    )
    content = client.get(_url(proposal)).content.decode()
    assert "The square is protected heritage." in content
    assert "Rejected" in content
    assert people["official"].public_name in content


def test_it_says_when_the_city_has_not_answered(client, proposal):
    assert "The city has not answered yet." in client.get(_url(proposal)).content.decode()


def test_it_links_an_accepted_proposal_to_its_implementation(client, people, proposal):
    services.answer_proposal(people["official"], proposal, answer="accepted", reason="Good idea.")
    content = client.get(_url(proposal)).content.decode()
    implementation = proposal.implementation
    assert implementation.get_absolute_url() in content
    assert "Follow its implementation" in content


def test_it_shows_the_budget_projects_made_from_it(client, process):
    proposal = ProposalFactory(process=process, state="accepted")
    project = ProjectFactory(proposal=proposal, title={"en": "Fountain project"})
    content = client.get(_url(proposal)).content.decode()
    assert project.budget.get_absolute_url() in content
    assert "Fountain project" in content


def test_it_shows_the_latest_comments_and_links_to_the_debate(client, people, proposal):
    for n in range(4):
        ContributionFactory(debate=proposal.debate, text=f"Comment number {n}", language="en")
    ContributionFactory(debate=proposal.debate, text="Hidden one", visibility="hidden")
    content = client.get(_url(proposal)).content.decode()
    assert "Comment number 3" in content
    assert "Comment number 1" in content
    assert "Comment number 0" not in content  # only the last three
    assert "Hidden one" not in content
    assert proposal.debate.get_absolute_url() in content
    assert "Read all 4 comments and add yours" in content


def test_it_invites_the_first_comment(client, proposal):
    content = client.get(_url(proposal)).content.decode()
    assert "No comment yet." in content
    assert proposal.debate.get_absolute_url() in content


@pytest.mark.parametrize(
    ("role", "answers"),
    [
        ("anonymous", False),
        ("participant", False),
        ("resident", False),
        ("policymaker", False),
        ("moderator", False),
        ("other_coordinator", False),
        ("official", True),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_it_links_officials_to_the_answer_page(client, people, proposal, role, answers):
    sign_in(client, people[role])
    content = client.get(_url(proposal)).content.decode()
    assert (reverse("decisions:proposal_answer", kwargs={"pk": proposal.pk}) in content) is answers


@pytest.mark.parametrize("role", ["anonymous", "participant", "official", "coordinator"])
def test_only_the_author_sees_edit_and_withdraw(client, people, proposal, role):
    sign_in(client, people[role])
    content = client.get(_url(proposal)).content.decode()
    assert reverse("decisions:proposal_edit", kwargs={"pk": proposal.pk}) not in content
    assert reverse("decisions:proposal_withdraw", kwargs={"pk": proposal.pk}) not in content


def test_the_author_can_withdraw_and_sees_why_editing_is_over(client, people, proposal):
    sign_in(client, people["resident"])  # the author; the proposals phase is over
    content = client.get(_url(proposal)).content.decode()
    assert reverse("decisions:proposal_withdraw", kwargs={"pk": proposal.pk}) in content
    assert reverse("decisions:proposal_edit", kwargs={"pk": proposal.pk}) not in content
    assert "This proposal can no longer be edited." in content


def test_the_author_can_edit_during_the_proposals_phase(client, people, proposal):
    set_phases(proposal.process, "proposals")
    sign_in(client, people["resident"])
    content = client.get(_url(proposal)).content.decode()
    assert reverse("decisions:proposal_edit", kwargs={"pk": proposal.pk}) in content
    assert reverse("decisions:proposal_images", kwargs={"pk": proposal.pk}) in content


def test_a_withdrawn_proposal_says_so(client, process):
    proposal = ProposalFactory(process=process, state="withdrawn", answered_at=timezone.now())
    content = client.get(_url(proposal)).content.decode()
    assert "Withdrawn by its author" in content
    assert 'name="action"' not in content


def test_it_builds_the_page_in_a_few_queries(
    client, people, proposal, django_assert_max_num_queries
):
    ContributionFactory.create_batch(3, debate=proposal.debate)
    sign_in(client, people["resident"])
    client.get(_url(proposal))
    with django_assert_max_num_queries(16):
        client.get(_url(proposal))
