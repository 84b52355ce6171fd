"""Every write to events and registrations goes through here.

Capacity is enforced by locking the event row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite write transactions are serialised by BEGIN IMMEDIATE) before
counting confirmed seats, so simultaneous registrations never overbook.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core.audit import record
from metroagora.events import emails
from metroagora.events.models import (
    ACTIVE_STATUSES,
    Event,
    EventLink,
    EventOutcome,
    EventPhoto,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
)
from metroagora.network.models import City

EVENT_FIELDS = (
    "title",
    "kind",
    "city",
    "project",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue_name",
    "venue_address",
    "latitude",
    "longitude",
    "online_url",
    "languages",
    "interpretation",
    "capacity",
    "registration_opens_at",
    "registration_deadline",
    "accessibility",
)
ANSWER_FIELDS = (
    "organisation",
    "residence_city",
    "residence_country",
    "role",
    "invited_by",
    "demographics_consent",
    "age_bracket",
    "gender",
    "accessibility_needs",
    "photo_consent",
)


@dataclass(frozen=True)
class AgendaItem:
    starts_at: datetime
    title: str
    ends_at: datetime | None = None
    speakers: str = ""
    room: str = ""


# --- Events -----------------------------------------------------------------


@transaction.atomic
def create_event(
    actor: User,
    *,
    slug: str,
    city: City,
    partners: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    agenda: Iterable[AgendaItem] = (),
    **fields: Any,
) -> Event:
    if not actor.has_perm("events.add_event"):
        raise PermissionDenied
    event = Event(slug=slug, city=city, created_by=actor, **_event_fields(fields))
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    event.full_clean()
    event.save()
    event.partners.set(partners)
    event.topics.set(topics)
    _replace_agenda(event, agenda)
    return event


@transaction.atomic
def update_event(
    actor: User,
    event: Event,
    *,
    partners: Iterable[Any] | None = None,
    topics: Iterable[Any] | None = None,
    agenda: Iterable[AgendaItem] | None = None,
    **fields: Any,
) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    new_city = fields.get("city")
    if new_city is not None and new_city != event.city:
        probe = Event(city=new_city)
        if not actor.has_perm("events.change_event", probe):
            raise PermissionDenied
    for name, value in _event_fields(fields).items():
        setattr(event, name, value)
    if event.capacity is not None:
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        if event.capacity < confirmed:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people are already confirmed: the capacity cannot be lower."
                    )
                    % {"count": confirmed}
                }
            )
    event.full_clean()
    event.save()
    if partners is not None:
        event.partners.set(partners)
    if topics is not None:
        event.topics.set(topics)
    if agenda is not None:
        _replace_agenda(event, agenda)
    _fill_free_seats(event)
    return event


@transaction.atomic
def set_event_status(actor: User, event: Event, status: str) -> Event:
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    status = EventStatus(status)
    if status == EventStatus.HELD and event.starts_at > timezone.now():
        raise ValidationError(_("An event can be marked as held only once it has started."))
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    record(
        actor,
        "events.set_status",
        obj_label=event,
        obj_url=event.get_absolute_url(),
        city=event.city,
        status=status.label,
    )
    if status == EventStatus.CANCELLED:
        for registration in event.registrations.filter(status__in=ACTIVE_STATUSES):
            transaction.on_commit(functools.partial(emails.send_event_cancelled, registration))
    if status == EventStatus.HELD:
        # Everyone who came is asked, in their own language, how it went.
        attended = event.registrations.filter(
            status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False, feedback__isnull=True
        )
        for registration in attended:
            transaction.on_commit(functools.partial(emails.send_feedback_request, registration))
    return event


def _event_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown event fields: {sorted(unknown)}")
    return fields


def _replace_agenda(event: Event, agenda: Iterable[AgendaItem]) -> None:
    event.sessions.all().delete()
    sessions = []
    for item in agenda:
        session = Session(
            event=event,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            title=item.title,
            speakers=item.speakers,
            room=item.room,
        )
        session.full_clean(exclude=["event"])
        sessions.append(session)
    Session.objects.bulk_create(sessions)


# --- Registration -------------------------------------------------------------


def check_registration_open(event: Event, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("This event was cancelled."), code="cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("This event is not open for registration."), code="closed")
    if event.registration_opens_at and now < event.registration_opens_at:
        raise ValidationError(_("Registration has not opened yet."), code="not_open")
    deadline = event.registration_deadline or event.ends_at
    if now > deadline:
        raise ValidationError(_("The registration deadline has passed."), code="deadline")


@transaction.atomic
def register_user(user: User, event: Event, *, language: str, **answers: Any) -> Registration:
    """A signed-in person registers: their email is verified, so no confirmation step."""
    if not user.is_authenticated:
        raise PermissionDenied
    registration = _new_registration(
        event, name=user.public_name, email=user.email, user=user, language=language, **answers
    )
    _seat(registration)
    transaction.on_commit(lambda: emails.send_registration_result(registration))
    return registration


@transaction.atomic
def register_guest(
    event: Event, *, name: str, email: str, language: str, **answers: Any
) -> Registration:
    """A guest registers; the seat is given when they confirm their email address."""
    registration = _new_registration(
        event, name=name, email=email, user=None, language=language, **answers
    )
    transaction.on_commit(lambda: emails.send_guest_confirmation(registration))
    return registration


@transaction.atomic
def confirm_guest(token: str) -> Registration:
    registration = Registration.objects.select_related("event").get(token=token)
    if registration.status != RegistrationStatus.PENDING:
        return registration
    check_registration_open(registration.event)
    _seat(registration)
    transaction.on_commit(lambda: emails.send_registration_result(registration))
    return registration


@transaction.atomic
def add_onsite_registration(
    actor: User,
    event: Event,
    *,
    name: str,
    email: str,
    language: str,
    check_in: bool = True,
    **answers: Any,
) -> Registration:
    """Organisers register someone at the door; the capacity still holds."""
    if not actor.has_perm("events.manage_registrations", event):
        raise PermissionDenied
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if _confirmed_count(locked) >= (locked.capacity or 10**9):
        raise ValidationError(_("The event is full."), code="full")
    registration = _new_registration(
        locked, name=name, email=email, user=None, language=language, onsite=True, **answers
    )
    now = timezone.now()
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    if check_in:
        registration.checked_in_at = now
        registration.checked_in_by = actor
    registration.save()
    return registration


@transaction.atomic
def cancel_registration(token: str) -> Registration:
    registration = Registration.objects.select_related("event").get(token=token)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.refresh_from_db()
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if was_confirmed:
        _fill_free_seats(event)
    return registration


def _new_registration(
    event: Event,
    *,
    name: str,
    email: str,
    user: User | None,
    language: str,
    onsite: bool = False,
    **answers: Any,
) -> Registration:
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"Unknown answers: {sorted(unknown)}")
    if not onsite:
        check_registration_open(event)
    email = email.strip().lower()
    if Registration.objects.filter(
        event=event, email__iexact=email, status__in=ACTIVE_STATUSES
    ).exists():
        raise ValidationError(
            _("This email address is already registered for this event."), code="duplicate"
        )
    if not answers.get("demographics_consent"):
        answers["age_bracket"] = ""
        answers["gender"] = ""
    registration = Registration(
        event=event,
        user=user,
        name=name.strip(),
        email=email,
        language=language,
        onsite=onsite,
        **answers,
    )
    # The one-active-registration constraint is left to the database: checked here it
    # races with a simultaneous submission and fails with a message keyed by field.
    registration.full_clean(exclude=["code", "token"], validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:  # a simultaneous duplicate
        raise ValidationError(
            _("This email address is already registered for this event."), code="duplicate"
        ) from error
    return registration


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _seat(registration: Registration) -> None:
    """Give a seat if one is free, else a place on the waiting list."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    free = event.capacity is None or _confirmed_count(event) < event.capacity
    registration.status = RegistrationStatus.CONFIRMED if free else RegistrationStatus.WAITLISTED
    registration.confirmed_at = timezone.now() if free else None
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])


def _fill_free_seats(event: Event) -> list[Registration]:
    """Promote people from the waiting list, first come first served, and tell them."""
    if event.capacity is None:
        waiting = list(event.registrations.filter(status=RegistrationStatus.WAITLISTED))
    else:
        free = event.capacity - _confirmed_count(event)
        if free <= 0:
            return []
        waiting = list(
            event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
                "created_at", "pk"
            )[:free]
        )
    now = timezone.now()
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        transaction.on_commit(functools.partial(emails.send_promoted, registration))
    return waiting


# --- Check-in -------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInResult:
    outcome: str  # "checked_in", "already", "unknown", "not_confirmed"
    registration: Registration | None


@transaction.atomic
def check_in(actor: User, event: Event, code: str) -> CheckInResult:
    """Mark attendance once. A second scan is reported, not counted twice."""
    if not actor.has_perm("events.check_in", event):
        raise PermissionDenied
    code = code.strip().upper().replace(" ", "").replace("-", "")
    registration = Registration.objects.select_for_update().filter(event=event, code=code).first()
    if registration is None:
        return CheckInResult("unknown", None)
    if registration.status != RegistrationStatus.CONFIRMED:
        return CheckInResult("not_confirmed", registration)
    if registration.checked_in_at is not None:
        return CheckInResult("already", registration)
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return CheckInResult("checked_in", registration)


# --- Outputs --------------------------------------------------------------------


@transaction.atomic
def save_outcome(
    actor: User, event: Event, *, language: str, minutes: str, conclusions: str
) -> EventOutcome:
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    outcome, _created = EventOutcome.objects.update_or_create(
        event=event,
        defaults={
            "language": language,
            "minutes": minutes.strip(),
            "conclusions": conclusions.strip(),
        },
    )
    return outcome


@transaction.atomic
def add_photo(
    actor: User, event: Event, *, image: Any, alt_text: str, credit: str = ""
) -> EventPhoto:
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    photo = EventPhoto(event=event, image=image, alt_text=alt_text.strip(), credit=credit.strip())
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def add_link(actor: User, event: Event, *, kind: str, title: str, url: str) -> EventLink:
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    link = EventLink(event=event, kind=kind, title=title.strip(), url=url)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def remove_output(actor: User, item: EventPhoto | EventLink) -> None:
    if not actor.has_perm("events.change_event", item.event):
        raise PermissionDenied
    if isinstance(item, EventPhoto):
        item.image.delete(save=False)
    item.delete()
