"""Submitting and editing a proposal: who may, when, the language, tampered fields."""

import pytest
from django.urls import reverse

from metroagora.decisions.models import Proposal, Support
from metroagora.decisions.tests.conftest import sign_in
from metroagora.decisions.tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ProcessFactory,
    ProposalFactory,
    set_phases,
)

VALID = {
    "title": "Benches along the river",
    "body": "Older people cannot walk the riverside without a place to rest.",
    "language": "en",
    "location": "Riverside walk",
}


def _new(process, lang: str = "en") -> str:
    return f"/{lang}/decisions/{process.slug}/proposals/new/"


def _edit(proposal) -> str:
    return f"/en/decisions/proposals/{proposal.pk}/edit/"


@pytest.fixture
def process(roles):
    return ProcessFactory(city=roles.city, phase="proposals")


# --- Submitting ---------------------------------------------------------------------


def test_it_sends_anonymous_people_to_sign_in(client, process):
    response = client.get(_new(process))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ["participant", "unverified_resident", "other_coordinator"])
def test_it_refuses_people_who_are_not_verified_and_says_how(client, people, process, role):
    sign_in(client, people[role])
    response = client.get(_new(process))
    assert response.status_code == 403
    content = response.content.decode()
    assert "Only verified residents of" in content
    assert reverse("decisions:verify", kwargs={"city": process.city.slug}) in content
    response = client.post(_new(process), VALID)
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_it_refuses_outside_the_proposals_phase(client, people, roles):
    process = ProcessFactory(city=roles.city, phase="supports")
    sign_in(client, people["resident"])
    response = client.post(_new(process), VALID)
    assert response.status_code == 403
    assert "the proposals phase is not open" in response.content.decode()
    assert not Proposal.objects.exists()


def test_it_says_when_proposals_open(client, people, roles):
    process = ProcessFactory(city=roles.city, phase="information")
    sign_in(client, people["resident"])
    assert "Proposals open on" in client.get(_new(process)).content.decode()


def test_it_is_not_found_for_a_draft_process(client, people, roles):
    draft = ProcessFactory(city=roles.city, status="draft")
    sign_in(client, people["resident"])
    assert client.get(_new(draft)).status_code == 404


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_the_language_defaults_to_the_language_of_the_pages(client, people, process, lang):
    sign_in(client, people["resident"])
    content = client.get(_new(process, lang)).content.decode()
    assert f'<option value="{lang}" selected>' in content


def test_it_publishes_a_proposal_with_its_comments_debate(client, people, process):
    category = CategoryFactory(process=process)
    district = DistrictFactory(city=process.city)
    sign_in(client, people["resident"])
    response = client.post(
        _new(process),
        {
            **VALID,
            "category": category.pk,
            "district": district.pk,
            "latitude": "45.46",
            "longitude": "9.19",
            "estimated_cost": "12000",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.author == people["resident"]
    assert (proposal.category, proposal.district) == (category, district)
    assert proposal.debate is not None
    assert "Your proposal is published." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("field", ["category", "district"])
def test_it_rejects_a_category_or_district_of_somewhere_else(client, people, process, field):
    foreign = CategoryFactory() if field == "category" else DistrictFactory()
    sign_in(client, people["resident"])
    response = client.post(_new(process), {**VALID, field: foreign.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_district_process_takes_proposals_for_its_district_only(client, people, roles):
    north, south = DistrictFactory(city=roles.city), DistrictFactory(city=roles.city)
    process = ProcessFactory(city=roles.city, phase="proposals", district=north)
    sign_in(client, people["resident"])
    response = client.post(_new(process), {**VALID, "district": south.pk})
    assert response.status_code == 400
    assert not Proposal.objects.exists()
    response = client.post(_new(process), {**VALID, "district": north.pk})
    assert Proposal.objects.get().district == north


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "Hey"}, "at least 5 characters"),
        ({"body": "Too short"}, "at least 15 characters"),
        ({"language": "xx"}, "Select a valid choice"),
        ({"latitude": "45.4"}, "Give both the latitude and the longitude, or neither."),
        ({"latitude": "123", "longitude": "9"}, "less than or equal to 90"),
        ({"estimated_cost": "-5"}, "greater than or equal to 0"),
    ],
)
def test_it_explains_what_to_fix(client, people, process, changes, message):
    sign_in(client, people["resident"])
    response = client.post(_new(process), {**VALID, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_it_is_rate_limited(client, people, process, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "decisions.write": "1/h"}
    sign_in(client, people["resident"])
    client.post(_new(process), {**VALID, "title": "First proposal"})
    response = client.post(_new(process), {**VALID, "title": "Second proposal"})
    assert response.status_code == 429
    assert Proposal.objects.count() == 1


# --- Editing ------------------------------------------------------------------------


@pytest.fixture
def own(process, people):
    return ProposalFactory(process=process, author=people["resident"], title="Old title")


def test_the_author_edits_the_proposal(client, people, own):
    sign_in(client, people["resident"])
    form = client.get(_edit(own)).content.decode()
    assert 'value="Old title"' in form
    response = client.post(_edit(own), {**VALID, "title": "New title"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "New title"


@pytest.mark.parametrize("role", ["participant", "official", "coordinator"])
def test_nobody_else_edits_it(client, people, own, role):
    sign_in(client, people[role])
    assert client.get(_edit(own)).status_code == 403
    assert client.post(_edit(own), {**VALID, "title": "Hijacked"}).status_code == 403
    own.refresh_from_db()
    assert own.title == "Old title"


def test_it_refuses_to_edit_a_supported_proposal(client, people, own):
    Support.objects.create(proposal=own, user=people["participant"])
    own.support_count = 1
    own.save()
    sign_in(client, people["resident"])
    response = client.post(_edit(own), {**VALID, "title": "New title"})
    assert response.status_code == 403
    assert "People already support this proposal" in response.content.decode()
    own.refresh_from_db()
    assert own.title == "Old title"


def test_it_refuses_to_edit_after_the_proposals_phase(client, people, own):
    set_phases(own.process, "supports")
    sign_in(client, people["resident"])
    response = client.get(_edit(own))
    assert response.status_code == 403
    assert "This proposal can no longer be edited." in response.content.decode()
