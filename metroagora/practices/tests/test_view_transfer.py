"""A transfer's page, where both cities follow it, and the overview of all transfers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.network.tests.factories import CityFactory, MembershipFactory
from metroagora.practices import selectors, services
from metroagora.practices.models import TransferStatus
from metroagora.practices.tests.conftest import ROLES, sign_in
from metroagora.practices.tests.factories import (
    PracticeFactory,
    TransferFactory,
    TransferUpdateFactory,
)

PARTIES = {"coordinator", "other_coordinator", "editor", "admin"}


@pytest.fixture
def transfer(roles):
    """Lyon (other_coordinator) adopting Milan's practice (coordinator)."""
    practice = PracticeFactory(city=roles.city, published=True)
    return services.start_transfer(
        roles.other_coordinator, practice, city=roles.other_city, note="Premier contact"
    )


def _url(transfer) -> str:
    return f"/en/practices/transfers/{transfer.pk}/"


def _reload(transfer):
    transfer.refresh_from_db()
    return transfer


# --- Who sees it, who updates it ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_the_transfer_to_everyone_and_the_form_to_both_cities(
    client, people, transfer, role
):
    sign_in(client, people[role])
    response = client.get(_url(transfer))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Transfer to Lyon" in content
    assert "Premier contact" in content
    assert ('name="status"' in content) is (role in PARTIES)


@pytest.mark.parametrize("role", ROLES)
def test_it_hides_the_transfer_of_a_withdrawn_practice_from_outsiders(
    client, people, roles, transfer, editor, role
):
    services.unpublish_practice(editor, transfer.practice, reason="Erreur")
    sign_in(client, people[role])
    assert client.get(_url(transfer)).status_code == (200 if role in PARTIES else 404)


def test_it_answers_404_for_an_unknown_transfer(client, db):
    assert client.get("/en/practices/transfers/999999/").status_code == 404


@pytest.mark.parametrize("role", sorted(PARTIES))
def test_it_lets_both_cities_and_the_editors_update_it(client, people, transfer, role):
    sign_in(client, people[role])
    response = client.post(_url(transfer), {"status": "in_contact", "note": "Visite prévue."})
    assert response.status_code == 302
    assert response["Location"] == _url(transfer)
    assert _reload(transfer).status == TransferStatus.IN_CONTACT
    update = transfer.updates.order_by("-pk").first()
    assert (update.author, update.status, update.note) == (
        people[role],
        "in_contact",
        "Visite prévue.",
    )
    content = client.get(_url(transfer)).content.decode()
    assert content.index("Premier contact") < content.index("Visite prévue.")


@pytest.mark.parametrize("role", ["anonymous", "participant", "resident", "moderator"])
def test_it_ignores_an_update_posted_by_someone_outside_the_transfer(
    client, people, transfer, role
):
    sign_in(client, people[role])
    response = client.post(_url(transfer), {"status": "adopted", "note": "Fait"})
    # The page answers as to a reader (no form); it must not take the update.
    assert response.status_code in (200, 403)
    assert 'name="status"' not in response.content.decode()
    assert _reload(transfer).status == TransferStatus.INTERESTED
    assert transfer.updates.count() == 1


def test_it_refuses_a_third_city(client, transfer):
    third = with_two_factor(UserFactory())
    MembershipFactory(user=third, city=CityFactory(slug="porto"), role="coordinator")
    client.force_login(third)
    client.post(_url(transfer), {"status": "stopped"})
    assert _reload(transfer).status == TransferStatus.INTERESTED


# --- Refused updates keep what was typed ----------------------------------------------------------


def test_it_refuses_an_update_that_changes_nothing(client, roles, transfer):
    client.force_login(roles.coordinator)
    response = client.post(_url(transfer), {"status": "interested", "note": "  "})
    assert response.status_code == 400
    assert "Change the status or write a note." in response.content.decode()
    assert transfer.updates.count() == 1


@pytest.mark.parametrize("status", ["finished", "", "ADOPTED"])
def test_it_refuses_an_unknown_status(client, roles, transfer, status):
    client.force_login(roles.other_coordinator)
    response = client.post(_url(transfer), {"status": status, "note": "Une note"})
    assert response.status_code == 400
    assert response.context["form"].errors["status"]
    assert "Une note" in response.content.decode()
    assert _reload(transfer).status == TransferStatus.INTERESTED


def test_it_refuses_a_note_over_3000_characters(client, roles, transfer):
    client.force_login(roles.other_coordinator)
    response = client.post(_url(transfer), {"status": "in_contact", "note": "x" * 3001})
    assert response.status_code == 400
    assert response.context["form"].errors["note"]
    assert transfer.updates.count() == 1


# --- Overview ------------------------------------------------------------------------------------


def test_it_lists_transfers_of_published_practices_with_counts_by_status(client, db):
    shown = TransferFactory(city=CityFactory(name={"en": "Porto"}), status="adopted")
    TransferFactory(city=CityFactory(name={"en": "Gdańsk"}), status="adapting")
    hidden = PracticeFactory(changes_requested=True)
    TransferFactory(practice=hidden, city=CityFactory(name={"en": "Hidden city"}))
    content = client.get("/en/practices/transfers/").content.decode()
    assert f'href="{shown.get_absolute_url()}">Porto</a>' in content
    assert "Gdańsk" in content
    assert "Hidden city" not in content
    assert "<li>Adopted: 1</li>" in content
    assert "<li>Adapting: 1</li>" in content
    assert "<li>Interested: 0</li>" in content


def test_it_lists_transfers_in_constant_queries(client, db, django_assert_max_num_queries):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/en/practices/transfers/").status_code == 200
        return len(context.captured_queries)

    TransferFactory()
    few = count()
    TransferFactory.create_batch(10)
    with django_assert_max_num_queries(few):
        client.get("/en/practices/transfers/")


def test_it_shows_a_long_timeline_in_constant_queries(client, transfer, roles):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(_url(transfer)).status_code == 200
        return len(context.captured_queries)

    client.force_login(roles.coordinator)
    few = count()
    TransferUpdateFactory.create_batch(10, transfer=transfer, author=UserFactory())
    assert count() == few


def test_it_lists_transfers_a_page_at_a_time_and_counts_them_all(client, db):
    TransferFactory.create_batch(selectors.TRANSFERS_PAGE_SIZE + 2, status="adopted")
    first = client.get("/en/practices/transfers/").content.decode()
    assert first.count('<th scope="row">') == selectors.TRANSFERS_PAGE_SIZE
    assert f"<li>Adopted: {selectors.TRANSFERS_PAGE_SIZE + 2}</li>" in first
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = client.get("/en/practices/transfers/?page=2").content.decode()
    assert second.count('<th scope="row">') == 2 and 'href="?page=1"' in second
    assert client.get("/en/practices/transfers/?page=x").status_code == 200  # the first page
