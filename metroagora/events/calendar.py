"""iCalendar (RFC 5545) for events: one invitation, or a feed of many."""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from metroagora.events.models import Event, EventStatus, Registration

PRODID = "-//MetroAgora//Events//EN"


def _calendar(name: str, method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    return cal


def _vevent(event: Event, base_url: str, language: str | None = None) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@metroagora")
    vevent.add("dtstamp", datetime.now(tz=UTC))
    vevent.add("dtstart", event.starts_at.astimezone(event.tz))
    vevent.add("dtend", event.ends_at.astimezone(event.tz))
    title, _lang = event.title.resolve(language)
    vevent.add("summary", title)
    description, _lang = event.description.resolve(language)
    if description:
        vevent.add("description", description)
    location = ", ".join(p for p in (event.venue_name, event.venue_address) if p)
    if not location and event.online_url:
        location = event.online_url
    if location:
        vevent.add("location", vText(location))
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (event.latitude, event.longitude))
    vevent.add("url", base_url + event.get_absolute_url())
    vevent.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    vevent.add("last-modified", event.updated_at)
    return vevent


def event_feed(events: Iterable[Event], name: str, base_url: str, language: str) -> bytes:
    cal = _calendar(name)
    for event in events:
        cal.add_component(_vevent(event, base_url, language))
    return cal.to_ical()


def invitation(registration: Registration, base_url: str) -> bytes:
    """The .ics attached to a confirmation email (METHOD:PUBLISH works in every client)."""
    event = registration.event
    cal = _calendar(str(event.title), method="PUBLISH")
    vevent = _vevent(event, base_url, registration.language)
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = vText(registration.name)
    vevent.add("attendee", attendee, encode=False)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(settings.SITE_NAME)
    vevent.add("organizer", organizer, encode=False)
    cal.add_component(vevent)
    return cal.to_ical()
