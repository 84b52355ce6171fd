"""A person's proposals, supports and ballot receipts: export and erase.

Ballots are secret: the export has the receipt only, and erasing leaves ballots and
receipts as they are (the count and the turnout stay right).
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import privacy
from metroagora.decisions.models import (
    Ballot,
    BallotChoice,
    BallotReceipt,
    CensusEntry,
    InvitationBatch,
    InvitationCode,
    Proposal,
    ProposalImage,
    Support,
)
from metroagora.decisions.services import ballot_key, submit_proposal
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)
from metroagora.forum.models import Debate
from metroagora.forum.tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def person():
    return UserFactory()


def _vote(budget, user, projects):
    BallotReceipt.objects.create(budget=budget, user=user)
    ballot = Ballot.objects.create(budget=budget, key=ballot_key(budget.pk, user.pk))
    BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, project=p) for p in projects])


def _image(proposal, name="tree.png"):
    return ProposalImage.objects.create(
        proposal=proposal,
        image=SimpleUploadedFile(name, PNG, content_type="image/png"),
        alt_text="A tree",
    )


def test_it_exports_proposals_supports_receipts_and_verifications(person, media):
    proposal = ProposalFactory(author=person, title="Benches")
    _image(proposal)
    theirs = ProposalFactory()
    Support.objects.create(proposal=theirs, user=person)
    budget = BudgetFactory()
    _vote(budget, person, [ProjectFactory(budget=budget)])
    batch = InvitationBatch.objects.create(city=budget.process.city, label="Fair")
    InvitationCode.objects.create(
        batch=batch, city=batch.city, code="AB12", used_by=person, used_at=timezone.now()
    )
    CensusEntry.objects.create(city=batch.city, digest="x" * 64, used_by=person)
    data = privacy.export_personal_data(person)
    json.dumps(data)
    (exported,) = data["proposals"]
    assert exported["title"] == "Benches" and exported["estimated_cost"] == "20000.00"
    assert exported["images"][0]["file"].endswith("tree.png")
    assert data["supports"][0]["proposal"] == theirs.pk
    (receipt,) = data["ballot_receipts"]
    assert set(receipt) == {"process", "budget", "voted"}  # never what was chosen
    assert {v["with"] for v in data["residence_verifications"]} == {"invitation code", "census"}
    (picture,) = privacy.personal_files(person)
    assert picture.path == exported["images"][0]["file"]
    assert picture.file.read() == PNG


def test_proposals_nobody_else_took_part_in_are_deleted_with_debate_and_images(
    person, media, django_capture_on_commit_callbacks
):
    process = ProcessFactory(participation="registered", phase="proposals")
    lonely = submit_proposal(
        person, process, title="A bench", body="Somewhere to sit, please.", language="en"
    )
    image = _image(lonely)
    path = image.image.path
    ContributionFactory(debate=lonely.debate, author=person)  # commenting on it alone
    Support.objects.create(proposal=lonely, user=person)  # supporting it alone
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_personal_data(person)
    assert not Proposal.objects.filter(pk=lonely.pk).exists()
    assert not Debate.objects.filter(pk=lonely.debate_id).exists()
    assert not ProposalImage.objects.exists()
    assert not (media / path).exists()


@pytest.mark.parametrize("why", ["supported", "commented", "answered", "in_budget"])
def test_proposals_others_took_part_in_stay_without_their_author(person, why):
    process = ProcessFactory(participation="registered", phase="proposals")
    proposal = submit_proposal(
        person, process, title="A bench", body="Somewhere to sit, please.", language="en"
    )
    other = UserFactory()
    if why == "supported":
        Support.objects.create(proposal=proposal, user=other)
    elif why == "commented":
        ContributionFactory(debate=proposal.debate, author=other)
    elif why == "answered":
        Proposal.objects.filter(pk=proposal.pk).update(answer="rejected", answered_by=other)
    else:
        ProjectFactory(budget=BudgetFactory(process=process), proposal=proposal)
    privacy.erase_personal_data(person)
    proposal.refresh_from_db()
    assert proposal.author is None and proposal.title == "A bench"


def test_supports_receipts_and_ballots_stay_as_they_are(person):
    theirs = ProposalFactory(support_count=1)
    Support.objects.create(proposal=theirs, user=person)
    budget = BudgetFactory()
    project = ProjectFactory(budget=budget)
    _vote(budget, person, [project])
    privacy.erase_personal_data(person)
    assert Support.objects.filter(proposal=theirs, user=person).exists()
    assert BallotReceipt.objects.filter(budget=budget, user=person).exists()
    assert BallotChoice.objects.filter(project=project).count() == 1


def test_used_codes_stay_used_and_records_lose_the_name(person):
    process = ProcessFactory(created_by=person)
    batch = InvitationBatch.objects.create(city=process.city, label="Fair", created_by=person)
    code = InvitationCode.objects.create(
        batch=batch, city=batch.city, code="AB12", used_by=person, used_at=timezone.now()
    )
    answered = ProposalFactory(process=process, answered_by=person, answer="accepted")
    privacy.erase_personal_data(person)
    code.refresh_from_db()
    batch.refresh_from_db()
    process.refresh_from_db()
    answered.refresh_from_db()
    assert code.used_by is None and code.used_at is not None
    assert batch.created_by is None and process.created_by is None
    assert answered.answered_by is None and answered.author is not None
