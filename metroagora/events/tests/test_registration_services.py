"""Registration: capacity, waiting list, guests, cancellation, bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.events import services
from metroagora.events.models import Registration, RegistrationStatus
from metroagora.events.tests.factories import EventFactory, RegistrationFactory

ANSWERS = {"residence_city": "Lyon", "residence_country": "FR", "role": "citizen"}


def _register(event, n=1, **extra):
    return [
        services.register_user(UserFactory(), event, language="en", **{**ANSWERS, **extra})
        for _ in range(n)
    ]


def test_it_confirms_while_there_is_room(db, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        (registration,) = _register(event)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert len(mailoutbox) == 1
    names = [a[0] for a in mailoutbox[0].attachments]
    assert "event.ics" in names
    assert any(name.endswith(".png") for name in names)


def test_it_rejects_overbooking_with_a_waiting_list(db):
    event = EventFactory(capacity=2)
    registrations = _register(event, 4)
    assert [r.status for r in registrations] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]


def test_it_promotes_the_next_person_on_cancellation(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first, second, third = _register(event, 3)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(first.token)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert third.status == RegistrationStatus.WAITLISTED
    assert [m.to for m in mailoutbox] == [[second.email]]


def test_it_makes_guests_confirm_by_email_before_taking_a_seat(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        guest = services.register_guest(
            event, name="Ana", email="Ana@Example.org", language="fr", **ANSWERS
        )
    assert guest.status == RegistrationStatus.PENDING
    assert guest.email == "ana@example.org"
    assert guest.token in mailoutbox[0].body
    assert "Veuillez confirmer" in mailoutbox[0].subject or "confirm" in mailoutbox[0].subject
    confirmed = services.confirm_guest(guest.token)
    assert confirmed.status == RegistrationStatus.CONFIRMED


def test_it_rejects_a_duplicate_registration(db):
    event = EventFactory()
    user = UserFactory()
    services.register_user(user, event, language="en", **ANSWERS)
    with pytest.raises(ValidationError, match="already registered"):
        services.register_user(user, event, language="en", **ANSWERS)


def test_it_allows_registering_again_after_cancelling(db):
    event = EventFactory()
    user = UserFactory()
    first = services.register_user(user, event, language="en", **ANSWERS)
    services.cancel_registration(first.token)
    again = services.register_user(user, event, language="en", **ANSWERS)
    assert again.status == RegistrationStatus.CONFIRMED


def test_it_rejects_registration_after_the_deadline(db):
    event = EventFactory(registration_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match="deadline"):
        _register(event)
    assert Registration.objects.count() == 0


def test_it_rejects_registration_for_a_cancelled_event(db):
    event = EventFactory(status="cancelled")
    with pytest.raises(ValidationError, match="cancelled"):
        _register(event)


def test_it_drops_demographics_without_consent(db):
    event = EventFactory()
    (registration,) = _register(event, age_bracket="18-30", gender="woman")
    assert (registration.age_bracket, registration.gender) == ("", "")
    (consented,) = _register(event, demographics_consent=True, age_bracket="18-30", gender="woman")
    assert (consented.age_bracket, consented.gender) == ("18-30", "woman")


def test_it_refuses_capacity_below_confirmed_registrations(db, roles_events):
    event = roles_events.event
    event.capacity = 5
    event.save()
    _register(event, 3)
    with pytest.raises(ValidationError) as error:
        services.update_event(roles_events.coordinator, event, capacity=2)
    assert "capacity" in error.value.message_dict
    event.refresh_from_db()
    assert event.capacity == 5


def test_it_fills_new_seats_from_the_waiting_list_when_capacity_grows(db, roles_events):
    event = roles_events.event
    event.capacity = 1
    event.save()
    _first, second = _register(event, 2)
    services.update_event(roles_events.coordinator, event, capacity=2)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED


def test_it_keeps_onsite_registrations_within_capacity(db, roles_events):
    event = roles_events.event
    event.capacity = 1
    event.save()
    _register(event)
    with pytest.raises(ValidationError, match="full"):
        services.add_onsite_registration(
            roles_events.coordinator,
            event,
            name="Walk In",
            email="walk@example.org",
            language="en",
            **ANSWERS,
        )


def test_it_checks_in_once_and_reports_the_second_scan(db, roles_events):
    registration = RegistrationFactory(event=roles_events.event)
    first = services.check_in(
        roles_events.coordinator, roles_events.event, registration.code.lower()
    )
    second = services.check_in(roles_events.coordinator, roles_events.event, registration.code)
    assert (first.outcome, second.outcome) == ("checked_in", "already")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_it_reports_an_unknown_check_in_code(db, roles_events):
    result = services.check_in(roles_events.coordinator, roles_events.event, "NOPE1234")
    assert result.outcome == "unknown"


def test_it_refuses_check_in_by_a_participant(db, roles_events):
    with pytest.raises(PermissionDenied):
        services.check_in(UserFactory(), roles_events.event, "X")


def test_it_rejects_an_event_ending_before_it_starts(db, roles_events):
    event = roles_events.event
    with pytest.raises(ValidationError) as error:
        services.update_event(
            roles_events.coordinator, event, ends_at=event.starts_at - timedelta(hours=1)
        )
    assert "ends_at" in error.value.message_dict


def test_it_asks_attendees_for_feedback_when_the_event_is_held(
    db, roles_events, mailoutbox, django_capture_on_commit_callbacks
):
    event = roles_events.event
    event.starts_at = timezone.now() - timedelta(hours=3)
    event.ends_at = timezone.now() - timedelta(hours=1)
    event.save()
    came = RegistrationFactory(event=event, checked_in_at=timezone.now(), language="pl")
    RegistrationFactory(event=event)  # registered, did not come
    with django_capture_on_commit_callbacks(execute=True):
        services.set_event_status(roles_events.coordinator, event, "held")
    assert [m.to for m in mailoutbox] == [[came.email]]
    assert f"/pl/events/registration/{came.token}/feedback/" in mailoutbox[0].body


def test_it_refuses_to_mark_a_future_event_as_held(db, roles_events):
    with pytest.raises(ValidationError):
        services.set_event_status(roles_events.coordinator, roles_events.event, "held")
