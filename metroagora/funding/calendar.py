"""iCalendar (RFC 5545) feeds of call deadlines: one event per deadline (two-stage calls
have two), an hour long, ending at the deadline, with a reminder a week before."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar
from icalendar import Event as VEvent

from metroagora.funding.selectors import Deadline

PRODID = "-//MetroAgora//EU funding deadlines//EN"


def deadline_feed(deadlines: Iterable[Deadline], name: str, base_url: str, language: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(tz=UTC)
    with translation.override(language):
        for deadline in deadlines:
            call = deadline.call
            vevent = VEvent()
            vevent.add("uid", f"call-{call.pk}-deadline-{deadline.stage}@metroagora")
            vevent.add("dtstamp", stamp)
            vevent.add("dtstart", deadline.when - timedelta(hours=1))
            vevent.add("dtend", deadline.when)
            if call.deadline_model == "two-stage":
                what = (
                    _("First-stage deadline: %(title)s")
                    if deadline.stage == 1
                    else _("Second-stage deadline: %(title)s")
                )
            else:
                what = _("Deadline: %(title)s")
            vevent.add("summary", what % {"title": f"{call.identifier} {call.title}"})
            description = [call.title, call.identifier]
            if call.programme_id and call.programme:
                description.append(str(call.programme))
            if call.url:
                description.append(call.url)
            vevent.add("description", "\n".join(description))
            vevent.add("url", base_url + call.get_absolute_url())
            vevent.add("last-modified", call.updated_at)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", what % {"title": call.identifier})
            alarm.add("trigger", timedelta(days=-7))
            vevent.add_component(alarm)
            cal.add_component(vevent)
    return cal.to_ical()
