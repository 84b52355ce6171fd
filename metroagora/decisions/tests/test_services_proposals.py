"""Proposals: submitting, editing, withdrawing, images, supports and official answers."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import services
from metroagora.decisions.models import (
    Implementation,
    Proposal,
    ProposalImage,
    Support,
)
from metroagora.decisions.tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ProcessFactory,
    ProposalFactory,
    set_phases,
)
from metroagora.network.tests.factories import MembershipFactory
from metroagora.practices.tests.factories import png_file

FIELDS = {
    "title": "  A bench in every square  ",
    "body": "Old people cannot walk far without a place to rest; benches help them go out.",
    "language": "it",
}


def _resident(city):
    person = UserFactory()
    MembershipFactory(user=person, city=city, role="resident")
    return person


def _submit(user, process, **fields):
    return services.submit_proposal(user, process, **{**FIELDS, **fields})


@pytest.fixture
def process(roles):
    return ProcessFactory(city=roles.city, phase="proposals", support_threshold=3)


@pytest.fixture
def supports(roles):
    """A process in its supports phase, and a proposal in it."""
    process = ProcessFactory(city=roles.city, phase="supports", support_threshold=3)
    return ProposalFactory(process=process)


# --- Submitting -------------------------------------------------------------------------


def test_it_submits_a_proposal_with_its_comments(people, roles, process):
    proposal = _submit(people["resident"], process, estimated_cost=Decimal("1500.50"))
    proposal.refresh_from_db()
    assert (proposal.author, proposal.process, proposal.state) == (
        people["resident"],
        process,
        "published",
    )
    assert (proposal.title, proposal.language, proposal.support_count) == (
        "A bench in every square",
        "it",
        0,
    )
    assert proposal.estimated_cost == Decimal("1500.50")
    assert proposal.debate.city == roles.city
    assert proposal.debate.question.get("it")
    assert proposal.debate.created_by == people["resident"]


@pytest.mark.parametrize("phase", ["information", "supports", "voting"])
def test_it_takes_proposals_only_in_the_proposals_phase(people, roles, phase):
    process = ProcessFactory(city=roles.city, phase=phase)
    with pytest.raises(ValidationError) as error:
        _submit(people["resident"], process)
    assert error.value.code == "phase"
    assert not Proposal.objects.exists()


def test_it_takes_no_proposals_once_the_process_is_over(people, process):
    set_phases(process, None)
    with pytest.raises(ValidationError):
        _submit(people["resident"], process)


@pytest.mark.parametrize("role", ["anonymous", "participant", "unverified_resident", "official"])
def test_it_takes_proposals_only_from_verified_residents(people, process, role):
    with pytest.raises(PermissionDenied):
        _submit(people[role], process)
    assert not Proposal.objects.exists()


def test_it_explains_why_someone_cannot_submit(people, process):
    with pytest.raises(PermissionDenied) as error:
        _submit(people["participant"], process)
    assert "Only verified residents of Milan" in str(error.value)


def test_it_takes_proposals_from_anyone_signed_in_when_the_process_is_open(people, roles):
    process = ProcessFactory(city=roles.city, participation="registered")
    assert _submit(people["participant"], process).author == people["participant"]


def test_it_takes_no_proposals_in_a_draft(people, roles):
    process = ProcessFactory(city=roles.city, status="draft", participation="registered")
    with pytest.raises(PermissionDenied):
        _submit(people["coordinator"], process)


def test_it_refuses_a_resident_of_another_city(roles, process):
    with pytest.raises(PermissionDenied):
        _submit(_resident(roles.other_city), process)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "Tree"}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"body": "Too short"}, "body"),
        ({"body": "x" * 6001}, "body"),
        ({"language": "tlh"}, "language"),
        ({"language": ""}, "language"),
        ({"estimated_cost": Decimal("-1")}, "estimated_cost"),
        ({"latitude": 45.4}, "latitude"),
        ({"longitude": 9.2}, "latitude"),
    ],
)
def test_it_refuses_bad_fields_by_name(people, process, fields, field):
    with pytest.raises(ValidationError) as error:
        _submit(people["resident"], process, **fields)
    assert field in error.value.error_dict
    assert not Proposal.objects.exists()


def test_it_refuses_impossible_coordinates(people, process):
    with pytest.raises(ValidationError) as error:
        _submit(people["resident"], process, latitude=95.0, longitude=200.0)
    assert {"latitude", "longitude"} <= set(error.value.error_dict)


def test_it_keeps_a_pair_of_coordinates(people, process):
    proposal = _submit(people["resident"], process, latitude=45.46, longitude=9.19)
    proposal.refresh_from_db()
    assert (proposal.latitude, proposal.longitude) == (45.46, 9.19)


def test_it_refuses_unknown_fields(people, process):
    with pytest.raises(ValueError, match="state"):
        _submit(people["resident"], process, state="accepted")


def test_it_refuses_a_category_of_another_process(people, process):
    other = CategoryFactory(process=ProcessFactory(city=process.city))
    with pytest.raises(ValidationError) as error:
        _submit(people["resident"], process, category=other)
    assert set(error.value.error_dict) == {"category"}


def test_it_accepts_a_category_of_the_process(people, process):
    category = CategoryFactory(process=process)
    assert _submit(people["resident"], process, category=category).category == category


def test_it_refuses_a_district_of_another_city(people, roles, process):
    with pytest.raises(ValidationError) as error:
        _submit(people["resident"], process, district=DistrictFactory(city=roles.other_city))
    assert set(error.value.error_dict) == {"district"}


def test_it_refuses_another_district_when_the_process_is_limited_to_one(people, roles):
    navigli = DistrictFactory(city=roles.city)
    process = ProcessFactory(city=roles.city, district=navigli)
    with pytest.raises(ValidationError) as error:
        _submit(people["resident"], process, district=DistrictFactory(city=roles.city))
    assert set(error.value.error_dict) == {"district"}
    assert _submit(people["resident"], process).district == navigli


# --- Editing and withdrawing --------------------------------------------------------------


def test_it_lets_the_author_edit_while_proposals_are_taken(people, process):
    proposal = _submit(people["resident"], process)
    services.edit_proposal(people["resident"], proposal, title="Benches in every square")
    proposal.refresh_from_db()
    assert proposal.title == "Benches in every square"
    assert proposal.body == FIELDS["body"].strip()


@pytest.mark.parametrize("role", ["participant", "coordinator", "official", "anonymous"])
def test_it_lets_nobody_else_edit(people, process, role):
    proposal = _submit(people["resident"], process)
    with pytest.raises(PermissionDenied):
        services.edit_proposal(people[role], proposal, title="Something else entirely")


def test_it_validates_an_edit_like_a_submission(people, process):
    proposal = _submit(people["resident"], process)
    other = CategoryFactory(process=ProcessFactory(city=process.city))
    with pytest.raises(ValidationError) as error:
        services.edit_proposal(people["resident"], proposal, category=other, title="No")
    assert set(error.value.error_dict) == {"category", "title"}
    proposal.refresh_from_db()
    assert proposal.category is None


def test_it_refuses_edits_once_someone_supports_the_proposal(people, process):
    proposal = _submit(people["resident"], process)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=1)
    with pytest.raises(ValidationError) as error:
        services.edit_proposal(people["resident"], proposal, title="Benches everywhere")
    assert error.value.code == "supported"


def test_it_refuses_edits_after_the_proposals_phase(people, process):
    proposal = _submit(people["resident"], process)
    set_phases(process, "supports")
    with pytest.raises(ValidationError) as error:
        services.edit_proposal(people["resident"], proposal, title="Benches everywhere")
    assert error.value.code == "locked"


def test_it_refuses_edits_to_a_withdrawn_proposal(people, process):
    proposal = _submit(people["resident"], process)
    services.withdraw_proposal(people["resident"], proposal)
    with pytest.raises(ValidationError):
        services.edit_proposal(people["resident"], proposal, title="Benches everywhere")


def test_it_lets_the_author_withdraw(people, supports):
    services.withdraw_proposal(supports.author, supports)
    supports.refresh_from_db()
    assert supports.is_withdrawn


def test_it_lets_nobody_else_withdraw(people, supports):
    with pytest.raises(PermissionDenied):
        services.withdraw_proposal(people["coordinator"], supports)


def test_it_refuses_to_withdraw_an_answered_proposal(people, supports):
    services.answer_proposal(people["official"], supports, answer="evaluating", reason="We check.")
    with pytest.raises(ValidationError) as error:
        services.withdraw_proposal(supports.author, supports)
    assert error.value.code == "answered"


def test_it_refuses_to_withdraw_twice(people, supports):
    services.withdraw_proposal(supports.author, supports)
    with pytest.raises(ValidationError) as error:
        services.withdraw_proposal(supports.author, supports)
    assert error.value.code == "withdrawn"


# --- Images --------------------------------------------------------------------------------


def _image(user, proposal, alt_text="A square with no bench, seen from the church."):
    return services.add_proposal_image(user, proposal, image=png_file(), alt_text=alt_text)


def test_it_adds_an_image_with_its_description(people, settings, supports):
    picture = _image(supports.author, supports)
    picture.refresh_from_db()
    assert picture.alt_text == "A square with no bench, seen from the church."
    assert picture.image.name.startswith("decisions/proposals/")
    path = settings.MEDIA_ROOT / picture.image.name
    assert path.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_it_refuses_an_image_without_a_description(supports, alt_text):
    with pytest.raises(ValidationError) as error:
        _image(supports.author, supports, alt_text=alt_text)
    assert set(error.value.error_dict) == {"alt_text"}
    assert not ProposalImage.objects.exists()


def test_it_refuses_a_sixth_image(supports):
    for _ in range(services.MAX_IMAGES_PER_PROPOSAL):
        _image(supports.author, supports)
    with pytest.raises(ValidationError) as error:
        _image(supports.author, supports)
    assert error.value.code == "too_many"
    assert supports.images.count() == 5


@pytest.mark.parametrize(
    ("name", "content"),
    [("notes.txt", b"hello"), ("trap.png", b"<html><script>alert(1)</script></html>")],
)
def test_it_refuses_a_file_that_is_not_an_image(supports, name, content):
    with pytest.raises(ValidationError) as error:
        services.add_proposal_image(
            supports.author,
            supports,
            image=SimpleUploadedFile(name, content, content_type="image/png"),
            alt_text="Notes",
        )
    assert set(error.value.error_dict) == {"image"}
    assert not ProposalImage.objects.exists()


def test_it_takes_images_only_from_the_author(people, supports):
    with pytest.raises(PermissionDenied):
        _image(people["coordinator"], supports)


def test_it_takes_no_images_for_a_withdrawn_proposal(supports):
    services.withdraw_proposal(supports.author, supports)
    with pytest.raises(ValidationError):
        _image(supports.author, supports)


def test_it_removes_an_image_and_its_file(people, settings, supports):
    picture = _image(supports.author, supports)
    path = settings.MEDIA_ROOT / picture.image.name
    with pytest.raises(PermissionDenied):
        services.remove_proposal_image(people["coordinator"], picture)
    services.remove_proposal_image(supports.author, picture)
    assert not ProposalImage.objects.exists()
    assert not path.exists()


# --- Supports ------------------------------------------------------------------------------


def test_it_counts_a_support(people, supports):
    proposal = services.support_proposal(people["resident"], supports)
    assert proposal.support_count == 1
    assert Support.objects.get().user == people["resident"]
    supports.refresh_from_db()
    assert (supports.support_count, supports.state) == (1, "published")


def test_it_counts_one_support_per_person(people, supports):
    services.support_proposal(people["resident"], supports)
    with pytest.raises(ValidationError) as error:
        services.support_proposal(people["resident"], supports)
    assert error.value.code == "twice"
    supports.refresh_from_db()
    assert supports.support_count == 1
    assert Support.objects.count() == 1


@pytest.mark.parametrize("phase", ["proposals", "evaluation", "voting"])
def test_it_takes_supports_only_in_the_supports_phase(people, supports, phase):
    set_phases(supports.process, phase)
    with pytest.raises(ValidationError) as error:
        services.support_proposal(people["resident"], supports)
    assert error.value.code == "phase"
    assert not Support.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "participant", "unverified_resident"])
def test_it_takes_supports_only_from_people_who_may_take_part(people, supports, role):
    with pytest.raises(PermissionDenied):
        services.support_proposal(people[role], supports)
    assert not Support.objects.exists()


def test_it_sends_a_proposal_to_evaluation_at_the_threshold(roles, supports):
    before = timezone.now()
    first, second, third = (_resident(roles.city) for _ in range(3))
    services.support_proposal(first, supports)
    services.support_proposal(second, supports)
    supports.refresh_from_db()
    assert (supports.state, supports.threshold_reached_at) == ("published", None)
    proposal = services.support_proposal(third, supports)
    assert (proposal.support_count, proposal.state) == (3, "evaluating")
    assert proposal.threshold_reached_at is not None
    assert proposal.threshold_reached_at >= before
    reached = proposal.threshold_reached_at
    # More supports are still welcome; the date the threshold was reached stays.
    proposal = services.support_proposal(_resident(roles.city), supports)
    assert (proposal.support_count, proposal.state) == (4, "evaluating")
    assert proposal.threshold_reached_at == reached


def test_it_has_no_threshold_at_zero(roles, supports):
    supports.process.support_threshold = 0
    supports.process.save()
    proposal = services.support_proposal(_resident(roles.city), supports)
    assert proposal.state == "published"


@pytest.mark.parametrize("state", ["withdrawn", "accepted", "rejected"])
def test_it_takes_no_supports_once_a_proposal_is_settled(people, supports, state):
    Proposal.objects.filter(pk=supports.pk).update(state=state)
    with pytest.raises(ValidationError) as error:
        services.support_proposal(people["resident"], supports)
    assert error.value.code == "state"


def test_it_withdraws_a_support(people, supports):
    services.support_proposal(people["resident"], supports)
    proposal = services.withdraw_support(people["resident"], supports)
    assert proposal.support_count == 0
    assert not Support.objects.exists()


def test_it_refuses_to_withdraw_a_support_never_given(people, roles, supports):
    services.support_proposal(people["resident"], supports)
    with pytest.raises(ValidationError) as error:
        services.withdraw_support(_resident(roles.city), supports)
    assert error.value.code == "not_supported"
    supports.refresh_from_db()
    assert supports.support_count == 1


def test_it_withdraws_supports_only_in_the_supports_phase(people, supports):
    services.support_proposal(people["resident"], supports)
    set_phases(supports.process, "evaluation")
    with pytest.raises(ValidationError):
        services.withdraw_support(people["resident"], supports)
    assert Support.objects.count() == 1


def test_it_refuses_anonymous_withdrawals(people, supports):
    with pytest.raises(PermissionDenied):
        services.withdraw_support(people["anonymous"], supports)


# --- Answers -------------------------------------------------------------------------------


def _answer(actor, proposal, answer="accepted", reason="It fits the plan for 2027."):
    return services.answer_proposal(actor, proposal, answer=answer, reason=reason)


def test_it_accepts_a_proposal_with_a_public_reason(people, roles, supports):
    proposal = _answer(people["official"], supports, reason="  It fits the plan for 2027. ")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answer, proposal.answer_reason) == (
        "accepted",
        "accepted",
        "It fits the plan for 2027.",
    )
    assert proposal.answered_by == people["official"]
    assert proposal.answered_at is not None
    implementation = Implementation.objects.get(proposal=proposal)
    assert (implementation.city, implementation.process, implementation.status) == (
        roles.city,
        supports.process,
        "planned",
    )
    assert implementation.title.get("en") == supports.title
    assert implementation.promised_cost == Decimal("20000")


@pytest.mark.parametrize(
    ("answer", "state"), [("rejected", "rejected"), ("evaluating", "evaluating")]
)
def test_it_answers_without_promising_anything(people, supports, answer, state):
    proposal = _answer(people["coordinator"], supports, answer=answer)
    assert proposal.state == state
    assert not Implementation.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_it_requires_a_reason(people, supports, reason):
    with pytest.raises(ValidationError) as error:
        _answer(people["official"], supports, reason=reason)
    assert set(error.value.error_dict) == {"reason"}
    supports.refresh_from_db()
    assert supports.answer == ""


def test_it_refuses_a_reason_too_long(people, supports):
    with pytest.raises(ValidationError) as error:
        _answer(people["official"], supports, reason="x" * 6001)
    assert set(error.value.error_dict) == {"reason"}


def test_it_refuses_an_unknown_answer(people, supports):
    with pytest.raises(ValidationError) as error:
        _answer(people["official"], supports, answer="maybe")
    assert set(error.value.error_dict) == {"answer"}


@pytest.mark.parametrize("role", ["resident", "participant", "other_coordinator", "moderator"])
def test_it_takes_answers_only_from_the_city(people, supports, role):
    with pytest.raises(PermissionDenied):
        _answer(people[role], supports)
    assert not Implementation.objects.exists()


def test_it_does_not_answer_a_withdrawn_proposal(people, supports):
    services.withdraw_proposal(supports.author, supports)
    with pytest.raises(ValidationError) as error:
        _answer(people["official"], supports)
    assert error.value.code == "withdrawn"


def test_it_cancels_the_promise_when_an_accepted_proposal_is_rejected(people, supports):
    _answer(people["official"], supports)
    _answer(people["official"], supports, answer="rejected", reason="The square is sold.")
    implementation = Implementation.objects.get()
    assert implementation.status == "cancelled"
    supports.refresh_from_db()
    assert (supports.state, supports.answer_reason) == ("rejected", "The square is sold.")


def test_it_restores_the_same_promise_when_accepted_again(people, supports):
    _answer(people["official"], supports)
    first = Implementation.objects.get()
    _answer(people["official"], supports, answer="rejected")
    _answer(people["official"], supports)
    assert list(Implementation.objects.values_list("pk", "status")) == [(first.pk, "planned")]


def test_it_answers_on_behalf_of_a_network_admin(people, supports):
    assert _answer(people["admin"], supports).answered_by == people["admin"]


def test_it_answers_a_proposal_whose_author_left(people, supports, mailoutbox):
    supports.author.delete()
    supports.refresh_from_db()
    assert _answer(people["official"], supports).state == "accepted"
    assert mailoutbox == []
