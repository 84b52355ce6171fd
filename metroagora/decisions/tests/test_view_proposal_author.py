"""What the author does after submitting: images (with descriptions) and withdrawing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from metroagora.decisions.models import ProposalImage
from metroagora.decisions.tests.conftest import sign_in
from metroagora.decisions.tests.factories import ProcessFactory, ProposalFactory

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _gif(name: str = "square.gif") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, GIF, content_type="image/gif")


def _images(proposal) -> str:
    return f"/en/decisions/proposals/{proposal.pk}/images/"


def _withdraw(proposal) -> str:
    return f"/en/decisions/proposals/{proposal.pk}/withdraw/"


@pytest.fixture
def own(roles, people):
    process = ProcessFactory(city=roles.city, phase="proposals")
    return ProposalFactory(process=process, author=people["resident"])


# --- Images ---------------------------------------------------------------------------


def test_the_author_adds_an_image_with_its_description(client, people, own):
    sign_in(client, people["resident"])
    response = client.post(
        _images(own), {"image-image": _gif(), "image-alt_text": "The square at noon"}
    )
    assert response.status_code == 302
    picture = ProposalImage.objects.get()
    assert picture.alt_text == "The square at noon"
    page = client.get(_images(own)).content.decode()
    assert 'alt="The square at noon"' in page


def test_an_image_needs_a_description(client, people, own):
    sign_in(client, people["resident"])
    response = client.post(_images(own), {"image-image": _gif(), "image-alt_text": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ProposalImage.objects.exists()


def test_it_refuses_a_file_that_is_not_an_image(client, people, own):
    sign_in(client, people["resident"])
    fake = SimpleUploadedFile("x.gif", b"not an image", content_type="image/gif")
    response = client.post(_images(own), {"image-image": fake, "image-alt_text": "Something"})
    assert response.status_code == 400
    assert not ProposalImage.objects.exists()


def test_it_stops_at_five_images(client, people, own):
    for n in range(5):
        ProposalImage.objects.create(proposal=own, image=_gif(f"{n}.gif"), alt_text=f"Image {n}")
    sign_in(client, people["resident"])
    assert "Add the image" not in client.get(_images(own)).content.decode()
    response = client.post(_images(own), {"image-image": _gif(), "image-alt_text": "One more"})
    assert response.status_code == 400
    assert "at most 5 images" in response.content.decode()
    assert ProposalImage.objects.count() == 5


def test_the_author_removes_an_image(client, people, own):
    picture = ProposalImage.objects.create(proposal=own, image=_gif(), alt_text="Old one")
    sign_in(client, people["resident"])
    response = client.post(_images(own), {"remove": picture.pk})
    assert response.status_code == 302
    assert not ProposalImage.objects.exists()


def test_it_cannot_remove_an_image_of_another_proposal(client, people, own):
    other = ProposalImage.objects.create(
        proposal=ProposalFactory(), image=_gif(), alt_text="Not yours"
    )
    sign_in(client, people["resident"])
    assert client.post(_images(own), {"remove": other.pk}).status_code == 404
    assert client.post(_images(own), {"remove": "x"}).status_code == 404
    assert ProposalImage.objects.count() == 1


@pytest.mark.parametrize("role", ["participant", "official", "coordinator"])
def test_nobody_else_adds_images(client, people, own, role):
    sign_in(client, people[role])
    assert client.get(_images(own)).status_code == 403
    response = client.post(_images(own), {"image-image": _gif(), "image-alt_text": "Mine now"})
    assert response.status_code == 403
    assert not ProposalImage.objects.exists()


# --- Withdrawing ----------------------------------------------------------------------


def test_the_author_confirms_and_withdraws(client, people, own):
    sign_in(client, people["resident"])
    page = client.get(_withdraw(own))
    assert page.status_code == 200
    assert "This cannot be undone." in page.content.decode()
    response = client.post(_withdraw(own))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.state == "withdrawn"
    assert "Your proposal is withdrawn." in client.get(response["Location"]).content.decode()


def test_an_answered_proposal_cannot_be_withdrawn(client, people, own):
    own.state, own.answer, own.answer_reason = "accepted", "accepted", "Yes."
    own.save()
    sign_in(client, people["resident"])
    response = client.post(_withdraw(own), follow=True)
    assert "A proposal the city has answered cannot be withdrawn." in response.content.decode()
    own.refresh_from_db()
    assert own.state == "accepted"


@pytest.mark.parametrize("role", ["participant", "official", "coordinator"])
def test_nobody_else_withdraws_it(client, people, own, role):
    sign_in(client, people[role])
    assert client.post(_withdraw(own)).status_code == 403
    own.refresh_from_db()
    assert own.state == "published"


def test_anonymous_people_are_sent_to_sign_in(client, own):
    assert client.post(_withdraw(own)).status_code == 302
    assert client.get(_images(own)).status_code == 302
