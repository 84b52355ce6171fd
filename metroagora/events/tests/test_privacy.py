"""A person's registrations: export, erase (past ones anonymised, coming ones cancelled),
and the deletion of guest registrations never confirmed."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.events import privacy
from metroagora.events.models import Registration, RegistrationStatus, ReportFile
from metroagora.events.tests.factories import EventFactory, FeedbackFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(email="vera@example.org", display_name="Vera Vox")


def _past_event(**fields):
    start = timezone.now() - timedelta(days=3)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **fields)


def test_it_exports_registrations_with_the_account_and_as_a_guest(person):
    with_account = RegistrationFactory(user=person, email="vera@example.org", name="Vera Vox")
    as_guest = RegistrationFactory(email="vera@example.org", name="V. Vox")
    RegistrationFactory()  # someone else's
    FeedbackFactory(registration=with_account, learned="A lot")
    EventFactory(created_by=person, slug="my-event")
    data = privacy.export_personal_data(person)
    assert sorted(r["name"] for r in data["registrations"]) == ["V. Vox", "Vera Vox"]
    exported = {r["check_in_code"]: r for r in data["registrations"]}
    assert exported[with_account.code]["feedback"]["learned"] == "A lot"
    assert exported[as_guest.code]["feedback"] is None
    assert data["events_created"][0]["event"] == "my-event"


def test_past_registrations_lose_name_and_address_and_keep_what_reports_count(person):
    event = _past_event()
    registration = RegistrationFactory(
        event=event,
        user=person,
        email="vera@example.org",
        name="Vera Vox",
        organisation="Vox & Co",
        accessibility_needs="A chair",
        residence_country="PL",
        checked_in_at=event.starts_at,
    )
    other = RegistrationFactory(event=event)
    privacy.erase_personal_data(person)
    registration.refresh_from_db()
    assert (registration.user, registration.name, registration.organisation) == (None, "", "")
    assert registration.email == f"registration-{registration.pk}@erased.invalid"
    assert registration.accessibility_needs == ""
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.residence_country == "PL" and registration.checked_in_at
    other.refresh_from_db()
    assert other.name and other.email.endswith("@example.org")


def test_coming_registrations_are_cancelled_and_the_first_waiting_gets_the_seat(
    person, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    mine = RegistrationFactory(event=event, user=person, email="vera@example.org")
    waiting = RegistrationFactory(
        event=event, status=RegistrationStatus.WAITLISTED, confirmed_at=None
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_personal_data(person)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED and mine.name == ""
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_the_old_link_to_a_registration_stops_working(person):
    registration = RegistrationFactory(user=person, email="vera@example.org")
    token = registration.token
    privacy.erase_personal_data(person)
    assert not Registration.objects.filter(token=token).exists()


def test_attendance_lists_built_with_the_name_are_deleted(
    person, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    event = _past_event()
    RegistrationFactory(event=event, user=person, email="vera@example.org")
    report = ReportFile.objects.create(event=event, version="1", status="done")
    report.file.save("list.pdf", ContentFile(b"%PDF Vera Vox"))
    path = report.file.path
    elsewhere = ReportFile.objects.create(event=EventFactory(), version="1")
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_personal_data(person)
    assert not ReportFile.objects.filter(pk=report.pk).exists()
    assert not Path(path).exists()
    assert ReportFile.objects.filter(pk=elsewhere.pk).exists()


def test_events_created_and_check_ins_done_lose_the_name(person):
    event = EventFactory(created_by=person)
    checked = RegistrationFactory(checked_in_by=person, checked_in_at=timezone.now())
    privacy.erase_personal_data(person)
    event.refresh_from_db()
    checked.refresh_from_db()
    assert event.created_by is None and checked.checked_in_by is None
    assert checked.checked_in_at is not None


def test_unconfirmed_guest_registrations_are_deleted_after_the_period():
    now = timezone.now()
    old = RegistrationFactory(status=RegistrationStatus.PENDING, confirmed_at=None)
    recent = RegistrationFactory(status=RegistrationStatus.PENDING, confirmed_at=None)
    confirmed = RegistrationFactory()
    Registration.objects.filter(pk__in=[old.pk, confirmed.pk]).update(
        created_at=now - timedelta(days=40)
    )
    before = now - timedelta(days=30)
    assert list(privacy.unconfirmed_guest_registrations(before)) == [old]
    assert privacy.delete_unconfirmed_guest_registrations(before) == 1
    assert set(Registration.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
