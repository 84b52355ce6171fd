"""Read side of events: the querysets behind each page, built in one place."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.events.models import (
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
)


@dataclass
class EventFilters:
    when: str = "upcoming"  # upcoming | past | all
    city: str = ""
    country: str = ""
    kind: str = ""
    topic: str = ""
    language: str = ""
    date_from: date | None = None
    date_to: date | None = None


def public_events() -> QuerySet[Event]:
    # Every status but draft is public; written as an exclusion so that SQLite and
    # PostgreSQL walk the (starts_at, id) index instead of sorting every event.
    return Event.objects.exclude(status=EventStatus.DRAFT)


def event_list(filters: EventFilters, now: datetime | None = None) -> QuerySet[Event]:
    """Public events, filtered; one query for the page plus one for topics."""
    now = now or timezone.now()
    events = public_events().select_related("city")
    if filters.when == "upcoming":
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif filters.when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    if filters.city:
        events = events.filter(city__slug=filters.city)
    if filters.country:
        events = events.filter(city__country=filters.country)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.topic:
        events = events.filter(topics__slug=filters.topic)
    if filters.language:
        # JSON list membership, portable across SQLite and PostgreSQL
        events = events.filter(languages__icontains=f'"{filters.language}"')
    tz = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(ends_at__gte=datetime.combine(filters.date_from, time.min, tz))
    if filters.date_to:
        events = events.filter(starts_at__lte=datetime.combine(filters.date_to, time.max, tz))
    return events.prefetch_related("topics")


def event_for_page(slug: str) -> QuerySet[Event]:
    return (
        Event.objects.filter(slug=slug)
        .select_related("city", "project", "outcome")
        .prefetch_related(
            "partners",
            "topics",
            Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")),
            "photos",
            "links",
            "debates",  # the Forum's debates linked to this event (reverse relation)
            _published_practices(),  # best practices it produced (reverse relation)
        )
    )


def seat_counts(event: Event) -> dict[str, int]:
    """Confirmed and waiting-list counts in one small aggregate query."""
    return event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )


def city_events(city_id: int, limit: int = 10) -> list[Event]:
    now = timezone.now()
    upcoming = list(
        public_events().filter(city_id=city_id, ends_at__gte=now).order_by("starts_at")[:limit]
    )
    return upcoming


def registration_of(user: User, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, email__iexact=user.email)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def registrations_for_organisers(event: Event, query: str = "") -> QuerySet[Registration]:
    registrations = event.registrations.select_related("invited_by").order_by(
        "status", "name", "pk"
    )
    if query:
        registrations = registrations.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(code__iexact=query)
        )
    return registrations


def user_registrations(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event", "event__city")
        .order_by("event__starts_at")
    )


def _published_practices() -> Prefetch:
    """The published best practices an event produced (the practices app builds on events)."""
    practice = apps.get_model("practices", "Practice")
    return Prefetch(
        "practices",
        queryset=practice.objects.filter(status="published").select_related("city"),
        to_attr="published_practices",
    )
