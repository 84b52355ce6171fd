"""Supporting a proposal: htmx and plain forms, the phase, who may, bad requests."""

import pytest
from django.urls import reverse

from metroagora.decisions.models import Support
from metroagora.decisions.tests.conftest import sign_in
from metroagora.decisions.tests.factories import ProcessFactory, ProposalFactory, set_phases

HTMX = {"HX-Request": "true"}


def _url(proposal) -> str:
    return f"/en/decisions/proposals/{proposal.pk}/support/"


@pytest.fixture
def proposal(roles):
    return ProposalFactory(process=ProcessFactory(city=roles.city, phase="supports"))


def test_it_supports_with_htmx_and_swaps_the_box(client, people, proposal):
    sign_in(client, people["resident"])
    response = client.post(_url(proposal), {"action": "support"}, headers=HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert f'id="support-{proposal.pk}"' in content
    assert "<strong>1</strong> support" in content
    assert 'value="withdraw"' in content
    assert "Thank you: you support this proposal." in content
    assert Support.objects.filter(proposal=proposal, user=people["resident"]).exists()


def test_it_withdraws_a_support_with_htmx(client, people, proposal):
    sign_in(client, people["resident"])
    client.post(_url(proposal), {"action": "support"}, headers=HTMX)
    response = client.post(_url(proposal), {"action": "withdraw"}, headers=HTMX)
    content = response.content.decode()
    assert "<strong>0</strong> supports" in content
    assert 'value="support"' in content
    assert not Support.objects.exists()
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_without_javascript_it_redirects_back_with_a_message(client, people, proposal):
    sign_in(client, people["resident"])
    back = f"/en/decisions/{proposal.process.slug}/proposals/?sort=newest"
    response = client.post(_url(proposal), {"action": "support", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    assert "Thank you: you support this proposal." in client.get(back).content.decode()


def test_it_never_redirects_to_another_site(client, people, proposal):
    sign_in(client, people["resident"])
    response = client.post(_url(proposal), {"action": "support", "next": "https://evil.example/"})
    assert response["Location"] == proposal.get_absolute_url()


def test_it_counts_one_support_per_person(client, people, proposal):
    sign_in(client, people["resident"])
    client.post(_url(proposal), {"action": "support"})
    response = client.post(_url(proposal), {"action": "support"}, headers=HTMX)
    assert "You already support this proposal." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_reaching_the_threshold_sends_the_proposal_to_evaluation(client, people, proposal):
    proposal.process.support_threshold = 1
    proposal.process.save()
    sign_in(client, people["resident"])
    client.post(_url(proposal), {"action": "support"})
    proposal.refresh_from_db()
    assert proposal.state == "evaluating"


@pytest.mark.parametrize("phase", ["proposals", "evaluation", "voting"])
def test_it_refuses_outside_the_supports_phase(client, people, proposal, phase):
    set_phases(proposal.process, phase)
    sign_in(client, people["resident"])
    response = client.post(_url(proposal), {"action": "support"}, headers=HTMX)
    assert "Supports are collected only during the supports phase." in response.content.decode()
    response = client.post(_url(proposal), {"action": "support"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Supports are collected only during the supports phase." in page
    assert not Support.objects.exists()


@pytest.mark.parametrize("role", ["participant", "unverified_resident"])
def test_it_refuses_people_who_are_not_verified(client, people, proposal, role):
    sign_in(client, people[role])
    response = client.post(_url(proposal), {"action": "support"}, headers=HTMX)
    assert response.status_code == 200
    assert "Only verified residents of" in response.content.decode()
    assert not Support.objects.exists()


def test_it_refuses_a_withdrawn_proposal(client, people, proposal):
    proposal.state = "withdrawn"
    proposal.save()
    sign_in(client, people["resident"])
    response = client.post(_url(proposal), {"action": "support"}, headers=HTMX)
    assert "This proposal no longer takes supports." in response.content.decode()
    assert not Support.objects.exists()


def test_it_asks_for_an_action(client, people, proposal):
    sign_in(client, people["resident"])
    response = client.post(_url(proposal), {"action": "boost"}, headers=HTMX)
    assert (
        "Choose to support the proposal or to withdraw your support." in response.content.decode()
    )
    assert not Support.objects.exists()


def test_it_takes_posts_only(client, people, proposal):
    sign_in(client, people["resident"])
    assert client.get(_url(proposal)).status_code == 405


def test_anonymous_people_are_sent_to_sign_in(client, proposal):
    response = client.post(_url(proposal), {"action": "support"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Support.objects.exists()


def test_it_is_rate_limited(client, people, roles, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "decisions.support": "2/h"}
    process = ProcessFactory(city=roles.city, phase="supports")
    first, second, third = ProposalFactory.create_batch(3, process=process)
    sign_in(client, people["resident"])
    client.post(_url(first), {"action": "support"})
    client.post(_url(second), {"action": "support"})
    assert client.post(_url(third), {"action": "support"}).status_code == 429
    assert Support.objects.count() == 2


def test_it_is_not_found_in_a_draft_process(client, people, roles):
    hidden = ProposalFactory(
        process=ProcessFactory(city=roles.city, phase="supports", status="draft")
    )
    sign_in(client, people["resident"])
    assert client.post(_url(hidden), {"action": "support"}).status_code == 404
