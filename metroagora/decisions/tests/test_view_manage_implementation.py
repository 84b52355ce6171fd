"""Officials report progress on what the city promised: updates, milestones, photos."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from metroagora.decisions.models import ImplementationPhoto, Milestone
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ImplementationFactory,
    MilestoneFactory,
    ProcessFactory,
    ProjectFactory,
)

REPORTERS = {"official", "coordinator", "admin"}


def png_file(name: str = "works.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (40, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def implementation(roles):
    process = ProcessFactory(city=roles.city, phase="implementation")
    project = ProjectFactory(budget=BudgetFactory(process=process), title={"en": "Bike racks"})
    return ImplementationFactory(project=project)


def _url(implementation) -> str:
    return f"/en/decisions/implementation/{implementation.pk}/update/"


def _photo(implementation) -> ImplementationPhoto:
    return ImplementationPhoto.objects.create(
        implementation=implementation, image=png_file(), alt_text="The first racks"
    )


# --- Who may report ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_progress_page_to_officials_coordinators_and_admins(
    client, people, implementation, role
):
    sign_in(client, people[role])
    response = client.get(_url(implementation))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (200 if role in REPORTERS else 403)


@pytest.mark.parametrize("role", ["participant", "resident", "moderator", "other_coordinator"])
def test_it_refuses_every_write_to_others(client, people, implementation, role):
    milestone = MilestoneFactory(implementation=implementation)
    photo = _photo(implementation)
    sign_in(client, people[role])
    base = f"/en/decisions/implementation/{implementation.pk}"
    update = {"status": "in_progress", "progress": "50", "text": "Works.", "language": "en"}
    assert client.post(_url(implementation), update).status_code == 403
    assert (
        client.post(
            f"{base}/milestones/", {"milestone-title": "X", "milestone-due_on": "2030-01-01"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/en/decisions/milestones/{milestone.pk}/", {"action": "remove"}).status_code
        == 403
    )
    assert (
        client.post(
            f"{base}/photos/", {"photo-image": png_file(), "photo-alt_text": "X"}
        ).status_code
        == 403
    )
    assert client.post(f"/en/decisions/photos/{photo.pk}/delete/").status_code == 403
    implementation.refresh_from_db()
    assert implementation.progress == 0
    assert list(implementation.milestones.all()) == [milestone]
    assert list(implementation.photos.all()) == [photo]


# --- Updates -------------------------------------------------------------------------------


def test_an_official_publishes_an_update(client, official, implementation):
    client.force_login(official)
    response = client.post(
        _url(implementation),
        {
            "status": "in_progress",
            "progress": "40",
            "text": "The first 20 racks are in place.",
            "language": "it",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/decisions/implementation/{implementation.pk}/"
    implementation.refresh_from_db()
    assert (implementation.status, implementation.progress) == ("in_progress", 40)
    update = implementation.updates.get()
    assert (update.author, update.language, update.text) == (
        official,
        "it",
        "The first 20 racks are in place.",
    )


def test_it_refuses_a_progress_over_100(client, roles, implementation):
    client.force_login(roles.coordinator)
    response = client.post(
        _url(implementation),
        {"status": "in_progress", "progress": "150", "text": "Done twice.", "language": "en"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_progress_error"' in content
    assert "Done twice." in content
    assert not implementation.updates.exists()


def test_it_asks_what_happened(client, roles, implementation):
    client.force_login(roles.coordinator)
    response = client.post(
        _url(implementation),
        {"status": "in_progress", "progress": "10", "text": "", "language": "en"},
    )
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()


# --- Milestones ----------------------------------------------------------------------------


def test_it_adds_a_milestone(client, roles, implementation):
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/implementation/{implementation.pk}/milestones/",
        {"milestone-title": "Order the racks", "milestone-due_on": "2030-03-01"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{_url(implementation)}#milestones"
    milestone = implementation.milestones.get()
    assert (milestone.title, milestone.due_on.isoformat()) == ("Order the racks", "2030-03-01")
    assert "Order the racks" in client.get(_url(implementation)).content.decode()


def test_it_asks_for_the_planned_date(client, roles, implementation):
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/implementation/{implementation.pk}/milestones/",
        {"milestone-title": "Order the racks", "milestone-due_on": "next spring"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_milestone-due_on_error"' in content
    assert 'value="Order the racks"' in content
    assert not implementation.milestones.exists()


def test_it_marks_a_milestone_done_today_undoes_it_and_removes_it(client, roles, implementation):
    milestone = MilestoneFactory(
        implementation=implementation, due_on=timezone.localdate() - timedelta(days=3)
    )
    client.force_login(roles.coordinator)
    page = client.get(_url(implementation)).content.decode()
    assert "Late" in page
    url = f"/en/decisions/milestones/{milestone.pk}/"
    assert f'action="{url}"' in page
    response = client.post(url, {"action": "done"})
    assert response.status_code == 302
    assert response["Location"] == f"{_url(implementation)}#milestones"
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    client.post(url, {"action": "undo"})
    milestone.refresh_from_db()
    assert milestone.done_on is None
    client.post(url, {"action": "remove"})
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_it_ignores_an_unknown_milestone_action(client, roles, implementation):
    milestone = MilestoneFactory(implementation=implementation)
    client.force_login(roles.coordinator)
    response = client.post(f"/en/decisions/milestones/{milestone.pk}/", {"action": "explode"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_changing_a_milestone_is_a_post(client, roles, implementation):
    milestone = MilestoneFactory(implementation=implementation)
    client.force_login(roles.coordinator)
    assert client.get(f"/en/decisions/milestones/{milestone.pk}/").status_code == 405


# --- Photos --------------------------------------------------------------------------------


def test_it_adds_a_photo_with_its_description(client, roles, implementation):
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/implementation/{implementation.pk}/photos/",
        {"photo-image": png_file(), "photo-alt_text": "New racks by the station"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{_url(implementation)}#photos"
    photo = implementation.photos.get()
    assert photo.alt_text == "New racks by the station"
    content = client.get(_url(implementation)).content.decode()
    assert f'src="{photo.image.url}" alt="New racks by the station"' in content


def test_it_refuses_a_file_that_is_not_an_image(client, roles, implementation):
    client.force_login(roles.coordinator)
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = client.post(
        f"/en/decisions/implementation/{implementation.pk}/photos/",
        {"photo-image": fake, "photo-alt_text": "Racks"},
    )
    assert response.status_code == 400
    assert 'id="id_photo-image_error"' in response.content.decode()
    assert not implementation.photos.exists()


def test_it_refuses_a_photo_without_a_description(client, roles, implementation):
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/implementation/{implementation.pk}/photos/",
        {"photo-image": png_file(), "photo-alt_text": "   "},
    )
    assert response.status_code == 400
    assert 'id="id_photo-alt_text_error"' in response.content.decode()
    assert not implementation.photos.exists()


def test_it_removes_a_photo(client, roles, implementation):
    photo = _photo(implementation)
    client.force_login(roles.coordinator)
    response = client.post(f"/en/decisions/photos/{photo.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == f"{_url(implementation)}#photos"
    assert not implementation.photos.exists()
