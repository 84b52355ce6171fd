"""'We want to adopt this': a coordinator of another city opens a transfer."""

import pytest

from metroagora.network.tests.factories import CityFactory, MembershipFactory
from metroagora.practices.models import Transfer, TransferUpdate
from metroagora.practices.tests.conftest import ROLES, sign_in
from metroagora.practices.tests.factories import PracticeFactory, TransferFactory


@pytest.fixture
def practice(roles):
    return PracticeFactory(city=roles.city, published=True)


def _url(practice) -> str:
    return f"/en/practices/{practice.slug}/adopt/"


# --- Who may open it ------------------------------------------------------------------------


# Superusers hold every permission; with no city to coordinate they can choose none.
ALLOWED = {"other_coordinator", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_adopt_form_to_coordinators_of_another_city(client, people, practice, role):
    sign_in(client, people[role])
    response = client.get(_url(practice))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("stage", ["draft", "in_review", "changes_requested"])
def test_it_hides_an_unpublished_practice(client, roles, stage):
    practice = PracticeFactory(city=roles.city, **{stage: True})
    client.force_login(roles.other_coordinator)
    assert client.get(_url(practice)).status_code == 404
    assert client.post(_url(practice), {"city": roles.other_city.pk}).status_code == 404
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "editor", "participant", "moderator"])
def test_it_refuses_a_posted_transfer_to_others(client, people, roles, practice, role):
    sign_in(client, people[role])
    assert client.post(_url(practice), {"city": roles.other_city.pk}).status_code == 403
    assert not Transfer.objects.exists()


# --- Opening the transfer ------------------------------------------------------------------------


def test_it_preselects_the_only_city_the_coordinator_can_adopt_for(client, roles, practice):
    client.force_login(roles.other_coordinator)
    form = client.get(_url(practice)).context["form"]
    assert form.initial["city"] == roles.other_city.pk
    assert list(form.fields["city"].queryset) == [roles.other_city]


def test_it_opens_a_transfer_and_logs_its_first_step(client, roles, practice):
    client.force_login(roles.other_coordinator)
    response = client.post(
        _url(practice), {"city": roles.other_city.pk, "note": "Nous voulons l'essayer."}
    )
    transfer = Transfer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == transfer.get_absolute_url()
    assert (transfer.practice, transfer.city, transfer.status) == (
        practice,
        roles.other_city,
        "interested",
    )
    update = TransferUpdate.objects.get()
    assert (update.author, update.note) == (roles.other_coordinator, "Nous voulons l'essayer.")
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Lyon</a>: Interested" in page


# --- Tampered or repeated requests ---------------------------------------------------------------


def test_it_refuses_a_city_the_coordinator_does_not_coordinate(client, roles, practice):
    porto = CityFactory(slug="porto")
    client.force_login(roles.other_coordinator)
    response = client.post(_url(practice), {"city": porto.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["city"]
    assert not Transfer.objects.exists()


def test_it_refuses_the_practice_s_own_city(client, roles, practice):
    MembershipFactory(user=roles.other_coordinator, city=roles.city, role="coordinator")
    client.force_login(roles.other_coordinator)
    response = client.post(_url(practice), {"city": roles.city.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["city"]
    assert not Transfer.objects.exists()


def test_it_refuses_a_second_transfer_for_the_same_city_with_a_clear_message(
    client, roles, practice
):
    TransferFactory(practice=practice, city=roles.other_city)
    client.force_login(roles.other_coordinator)
    response = client.post(_url(practice), {"city": roles.other_city.pk, "note": "Encore"})
    assert response.status_code == 400
    assert "Lyon already follows a transfer of this practice." in response.content.decode()
    assert Transfer.objects.count() == 1
    assert "Encore" in response.content.decode()  # the note is kept


def test_it_refuses_a_note_over_3000_characters(client, roles, practice):
    client.force_login(roles.other_coordinator)
    response = client.post(_url(practice), {"city": roles.other_city.pk, "note": "x" * 3001})
    assert response.status_code == 400
    assert response.context["form"].errors["note"]
    assert not Transfer.objects.exists()
