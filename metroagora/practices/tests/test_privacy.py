"""A person's data in best practices: export, and erase (the practice stays, the name goes)."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.practices import privacy
from metroagora.practices.models import ReviewComment
from metroagora.practices.tests.factories import (
    PracticeFactory,
    TransferFactory,
    TransferUpdateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(email="claire@ville.example.fr")


def test_it_exports_what_the_person_wrote_and_where_they_are_the_contact(person):
    written = PracticeFactory(created_by=person)
    contact = PracticeFactory(contact_name="Claire", contact_email="Claire@Ville.example.fr")
    PracticeFactory()  # someone else's
    ReviewComment.objects.create(practice=written, author=person, verdict="comment", text="Ok")
    update = TransferUpdateFactory(transfer=TransferFactory(started_by=person), author=person)
    data = privacy.export_personal_data(person)
    assert [p["practice"] for p in data["practices_written"]] == [written.slug]
    assert [p["practice"] for p in data["contact_person_of"]] == [contact.slug]
    assert data["review_comments"][0]["text"] == "Ok"
    assert data["transfers_started"][0]["practice"] == update.transfer.practice.slug
    assert data["transfer_notes"][0]["note"] == update.note


def test_erasing_keeps_the_practices_without_the_persons_name(person):
    written = PracticeFactory(created_by=person)
    contact = PracticeFactory(contact_name="Claire", contact_email="claire@ville.example.fr")
    someone = PracticeFactory()
    comment = ReviewComment.objects.create(practice=written, author=person, verdict="comment")
    update = TransferUpdateFactory(transfer=TransferFactory(started_by=person), author=person)
    privacy.erase_personal_data(person)
    written.refresh_from_db()
    contact.refresh_from_db()
    someone_before = (someone.contact_name, someone.contact_email)
    someone.refresh_from_db()
    comment.refresh_from_db()
    update.refresh_from_db()
    update.transfer.refresh_from_db()
    assert written.created_by is None
    assert (contact.contact_name, contact.contact_role, contact.contact_email) == ("", "", "")
    assert (someone.contact_name, someone.contact_email) == someone_before
    assert comment.author is None and update.author is None
    assert update.transfer.started_by is None
