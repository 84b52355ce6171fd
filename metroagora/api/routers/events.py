"""Events: the public list and pages, and registering the token's owner."""

from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from ninja import Field, Query, Router
from ninja.responses import Status

from metroagora.api.auth import TokenAuth, token_user
from metroagora.api.errors import ApiError, not_found
from metroagora.api.models import Scope
from metroagora.api.pagination import lean, page_of, topic_slugs
from metroagora.api.schemas import (
    CountryCode,
    Day,
    Input,
    LanguageCode,
    Page,
    PageParams,
    Ref,
    Schema,
    Slug,
    Text,
    Translated,
    absolute,
    errors,
    ref,
    translated,
)
from metroagora.api.throttling import check_domain_limit
from metroagora.core.languages import EU_LANGUAGE_NAMES
from metroagora.events import selectors, services
from metroagora.events.models import (
    AgeBracket,
    Event,
    EventKind,
    EventStatus,
    Gender,
    ParticipantRole,
    Registration,
    RegistrationStatus,
)
from metroagora.network.models import City

router = Router(tags=["Events"])

NOT_FOUND = gettext_lazy("No public event has this short name: list them with GET /api/v1/events.")


class EventFilters(PageParams):
    when: Literal["upcoming", "past", "all"] = Field(
        "upcoming", description="upcoming (soonest first), past or all (latest first)."
    )
    city: Slug | None = Field(None, description="The host city's short name.")
    country: CountryCode | None = Field(None, description="The host city's country.")
    kind: EventKind | None = None
    topic: Slug | None = None
    language: LanguageCode | None = Field(None, description="A language spoken at the event.")
    date_from: Day | None = Field(None, description="Events still running on or after this day.")
    date_to: Day | None = Field(None, description="Events starting on or before this day.")


class EventOut(Schema):
    slug: str
    title: Translated
    kind: str
    status: str
    city: Ref
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    venue_name: str
    online: bool
    languages: list[str]
    topics: list[str]
    capacity: int | None
    url: str


class AgendaItemOut(Schema):
    starts_at: datetime
    ends_at: datetime | None
    title: str
    speakers: str
    room: str


class SeatsOut(Schema):
    capacity: int | None
    confirmed: int
    waitlisted: int
    left: int | None


class EventDetail(EventOut):
    description: Translated
    accessibility: Translated
    venue_address: str
    latitude: float | None
    longitude: float | None
    online_url: str
    interpretation: list[str]
    registration_opens_at: datetime | None
    registration_deadline: datetime | None
    registration_open: bool
    registration_problem: str | None = Field(description="Why registration is closed, if it is.")
    seats: SeatsOut
    partners: list[Ref]
    project: Ref | None
    agenda: list[AgendaItemOut]
    practices: list[str] = Field(description="Short names of the best practices it produced.")


class RegistrationIn(Input):
    residence_city: Text = Field(min_length=1, max_length=120)
    residence_country: CountryCode
    role: ParticipantRole
    organisation: Text = Field("", max_length=200)
    invited_by: Slug | None = Field(
        None, description="Short name of the partner city that sends you, if one does."
    )
    accessibility_needs: Text = Field("", max_length=2000)
    photo_consent: bool = False
    demographics_consent: bool = False
    age_bracket: AgeBracket | None = None
    gender: Gender | None = None
    language: LanguageCode | None = Field(
        None, description="Language of the emails (default: the request's language)."
    )


class RegistrationOut(Schema):
    event: str
    event_title: Translated
    status: str = Field(description="confirmed, waitlisted (the event is full) or cancelled.")
    check_in_code: str | None = Field(description="Shown at the door; null on the waiting list.")
    starts_at: datetime
    created_at: datetime


def event_summary(
    request: HttpRequest, event: Event, topics: list[str] | None = None
) -> dict[str, Any]:
    """``topics``: the event's topic slugs, as a list fetches them for a whole page; by
    default from its (prefetched) topics."""
    return {
        "slug": event.slug,
        "title": translated(event.title),
        "kind": event.kind,
        "status": event.status,
        "city": ref(event.city),
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "time_zone": event.time_zone,
        "venue_name": event.venue_name,
        "online": bool(event.online_url),
        "languages": [str(code) for code in event.languages or []],
        "topics": [topic.slug for topic in event.topics.all()] if topics is None else topics,
        "capacity": event.capacity,
        "url": absolute(request, event.get_absolute_url()),
    }


def registration_out(registration: Registration) -> dict[str, Any]:
    event = registration.event
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return {
        "event": event.slug,
        "event_title": translated(event.title),
        "status": registration.status,
        "check_in_code": registration.code if confirmed else None,
        "starts_at": event.starts_at,
        "created_at": registration.created_at,
    }


@router.get("/events", response={200: Page[EventOut], **errors()}, summary="List events")
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> dict[str, Any]:
    """Published, held and cancelled events (never drafts), filtered."""
    topics: dict[int, list[str]] = {}
    events = selectors.event_list(
        selectors.EventFilters(
            when=filters.when,
            city=filters.city or "",
            country=filters.country or "",
            kind=filters.kind or "",
            topic=filters.topic or "",
            language=filters.language or "",
            date_from=filters.date_from,
            date_to=filters.date_to,
        )
    )
    events = lean(events.prefetch_related(None), "title", "languages")
    return page_of(
        request,
        events,
        filters,
        lambda e: event_summary(request, e, topics.get(e.pk, [])),
        prepare=lambda page: topics.update(topic_slugs(Event.topics.through, "event_id", page)),
    )


def _public_event(slug: str) -> Event:
    event = selectors.event_for_page(slug).first()
    if event is None or event.status == EventStatus.DRAFT:
        raise not_found(str(NOT_FOUND))
    return event


@router.get("/events/{slug}", response={200: EventDetail, **errors(404)}, summary="An event")
def get_event(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    event = _public_event(slug)
    seats = selectors.seat_counts(event)
    try:
        services.check_registration_open(event)
        problem = None
    except ValidationError as error:
        problem = " ".join(error.messages)
    left = None if event.capacity is None else max(event.capacity - seats["confirmed"], 0)
    return {
        **event_summary(request, event),
        "description": translated(event.description),
        "accessibility": translated(event.accessibility),
        "venue_address": event.venue_address,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "online_url": event.online_url,
        "interpretation": [str(code) for code in event.interpretation or []],
        "registration_opens_at": event.registration_opens_at,
        "registration_deadline": event.registration_deadline,
        "registration_open": problem is None,
        "registration_problem": problem,
        "seats": {"capacity": event.capacity, "left": left, **seats},
        "partners": [ref(p) for p in event.partners.all()],
        "project": ref(event.project) if event.project else None,
        "agenda": [
            {
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "title": s.title,
                "speakers": s.speakers,
                "room": s.room,
            }
            for s in event.sessions.all()
        ],
        "practices": [p.slug for p in getattr(event, "published_practices", [])],
    }


@router.post(
    "/events/{slug}/registrations",
    response={201: RegistrationOut, **errors(401, 403, 404, 409)},
    auth=TokenAuth(Scope.REGISTER),
    summary="Register for an event",
)
def register(request: HttpRequest, slug: Slug, payload: RegistrationIn) -> Status:
    """Registers the token's owner (scope `register`), as the event's registration form does.

    A full event puts the person on the waiting list (`status`: `waitlisted`). Already
    registered, or registration closed: 409.
    """
    user = token_user(request)
    check_domain_limit(request, "events.register")
    event = _public_event(slug)
    if not user.has_perm("events.view_event", event):
        raise not_found(str(NOT_FOUND))
    if payload.residence_country not in dict(countries):
        raise ApiError(
            422,
            _("Unknown country: give its two-letter ISO code, e.g. FR."),
            [
                {
                    "loc": ["body", "residence_country"],
                    "msg": _("Unknown country."),
                    "type": "country",
                }
            ],
        )
    if not payload.demographics_consent and (payload.age_bracket or payload.gender):
        raise ApiError(
            422,
            _(
                "To give your age bracket or gender, set demographics_consent to true; "
                "or leave both out."
            ),
            [
                {
                    "loc": ["body", "demographics_consent"],
                    "msg": _("Consent needed."),
                    "type": "consent",
                }
            ],
        )
    invited_by = None
    if payload.invited_by:
        invited_by = City.objects.filter(slug=payload.invited_by).first()
        if invited_by is None:
            raise ApiError(
                422,
                _("No city has this short name: list them with GET /api/v1/cities."),
                [{"loc": ["body", "invited_by"], "msg": _("Unknown city."), "type": "city"}],
            )
    language = payload.language or (translation.get_language() or settings.LANGUAGE_CODE)
    if language not in EU_LANGUAGE_NAMES:
        language = settings.LANGUAGE_CODE
    registration = services.register_user(
        user,
        event,
        language=language,
        organisation=payload.organisation.strip(),
        residence_city=payload.residence_city.strip(),
        residence_country=payload.residence_country,
        role=payload.role.value,
        invited_by=invited_by,
        accessibility_needs=payload.accessibility_needs.strip(),
        photo_consent=payload.photo_consent,
        demographics_consent=payload.demographics_consent,
        age_bracket=payload.age_bracket.value if payload.age_bracket else "",
        gender=payload.gender.value if payload.gender else "",
    )
    return Status(201, registration_out(registration))
