"""From the database to report records, and the report's outputs (text, CSV, XLSX, PDF HTML).

Each loader is a fixed number of queries, whatever the number of registrations:
registrations are read with ``select_related("invited_by")`` and ``.only()`` the
columns a report needs, then turned into the plain records of :mod:`reports`.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from metroagora.core.spreadsheets import csv_writer, xlsx_row
from metroagora.events import reports
from metroagora.events.models import (
    AgeBracket,
    Event,
    EventKind,
    EventStatus,
    Feedback,
    Gender,
    ParticipantRole,
    Registration,
    RegistrationStatus,
)
from metroagora.network.models import City

REPORT_COLUMNS = (
    "event",
    "status",
    "checked_in_at",
    "residence_city",
    "residence_country",
    "role",
    "invited_by",
    "invited_by__name",
    "invited_by__country",
    "demographics_consent",
    "age_bracket",
    "gender",
)
LIST_COLUMNS = (
    *REPORT_COLUMNS,
    "name",
    "email",
    "organisation",
    "onsite",
    "created_at",
)
REPORTED_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.HELD)


# --- Loading ---------------------------------------------------------------------------


def registrations_for_report(event: Event) -> list[Registration]:
    """The confirmed registrations, with only what the figures need (1 query)."""
    return list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("invited_by")
        .only(*REPORT_COLUMNS)
        .order_by()
    )


def registrations_for_list(event: Event, *, confirmed_only: bool = False) -> list[Registration]:
    """Every registration with the answers, for the participant list (1 query)."""
    registrations = Registration.objects.filter(event=event)
    if confirmed_only:
        registrations = registrations.filter(status=RegistrationStatus.CONFIRMED)
    return list(
        registrations.select_related("invited_by").only(*LIST_COLUMNS).order_by("created_at", "pk")
    )


def feedback_for(events: Iterable[Event]) -> dict[int, list[reports.FeedbackAnswer]]:
    """Anonymous answers per event id (1 query)."""
    answers: dict[int, list[reports.FeedbackAnswer]] = {}
    rows = Feedback.objects.filter(event__in=list(events)).values_list(
        "event_id", "rating", "would_return", "changed_view"
    )
    for event_id, rating, would_return, changed_view in rows:
        answers.setdefault(event_id, []).append(
            reports.FeedbackAnswer(rating, would_return, changed_view)
        )
    return answers


class _Names:
    """Country and city names in the active language, computed once each."""

    def __init__(self) -> None:
        self.countries: dict[str, str] = {}
        self.cities: dict[int, str] = {}

    def country(self, code: str) -> str:
        if code not in self.countries:
            self.countries[code] = str(countries.name(code)) or code
        return self.countries[code]

    def city(self, city: City) -> str:
        if city.pk not in self.cities:
            self.cities[city.pk] = str(city.name) or city.slug
        return self.cities[city.pk]


def participants_from(registrations: Iterable[Registration]) -> list[reports.Participant]:
    """Report records, with names in the active language (no query)."""
    names = _Names()
    records = []
    for r in registrations:
        code = str(r.residence_country)
        city = r.invited_by
        consent = r.demographics_consent
        records.append(
            reports.Participant(
                attended=r.checked_in_at is not None,
                country=code,
                country_name=names.country(code),
                city_of_residence=r.residence_city,
                invited_by_city=names.city(city) if city else None,
                invited_by_country=names.country(str(city.country)) if city else None,
                role=r.role,
                age_bracket=r.age_bracket if consent else "",
                gender=r.gender if consent else "",
            )
        )
    return records


def participants_for(event: Event) -> list[reports.Participant]:
    """The event's confirmed participants as report records (1 query)."""
    return participants_from(registrations_for_report(event))


def build_event_report(
    registrations: Sequence[Registration], answers: Iterable[reports.FeedbackAnswer]
) -> reports.EventReport:
    return reports.event_report(participants_from(registrations), answers)


def project_events(project_id: int) -> list[Event]:
    return list(
        Event.objects.filter(project_id=project_id, status__in=REPORTED_EVENT_STATUSES)
        .select_related("city")
        .order_by("starts_at", "pk")
    )


def project_reports(events: Sequence[Event]) -> list[tuple[Event, reports.EventReport]]:
    """Each event with its report: 2 queries for all the events together."""
    by_event: dict[int, list[Registration]] = {event.pk: [] for event in events}
    registrations = (
        Registration.objects.filter(event__in=events, status=RegistrationStatus.CONFIRMED)
        .select_related("invited_by")
        .only(*REPORT_COLUMNS)
        .order_by()
    )
    for registration in registrations:
        by_event[registration.event_id].append(registration)
    answers = feedback_for(events)
    return [
        (event, build_event_report(by_event[event.pk], answers.get(event.pk, [])))
        for event in events
    ]


def event_number(event: Event) -> int | None:
    """The event's number within its project ("Event 2"), by date; None outside projects."""
    if event.project_id is None:
        return None
    earlier = Event.objects.filter(
        project_id=event.project_id,
        status__in=REPORTED_EVENT_STATUSES,
        starts_at__lt=event.starts_at,
    ).count()
    return earlier + 1


# --- Labels ----------------------------------------------------------------------------


def labelled(report: reports.Breakdowns) -> dict[str, list[reports.Row]]:
    """The breakdowns whose keys are codes, labelled in the active language."""
    return {
        "by_role": reports.with_labels(report.by_role, _choices(ParticipantRole.choices)),
        "by_age_bracket": reports.with_labels(report.by_age_bracket, _choices(AgeBracket.choices)),
        "by_gender": reports.with_labels(report.by_gender, _choices(Gender.choices)),
    }


def _choices(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    return {key: str(label) for key, label in choices}


def changed_view_rows(summary: reports.FeedbackSummary) -> list[reports.Row]:
    labels = {"yes": _("Yes"), "somewhat": _("Somewhat"), "no": _("No")}
    return reports.with_labels(summary.changed_view, labels)


def basis_label(basis: reports.Basis) -> str:
    if basis == reports.Basis.ATTENDED:
        return _("people who attended (checked in)")
    return _("people registered (nobody has been checked in yet)")


def percent(value: float | None) -> str:
    """A share as a percentage in the active language, or a dash when unknown."""
    if value is None:
        return "–"
    from django.template.defaultfilters import floatformat

    return _("%(number)s%%") % {"number": floatformat(value * 100, -1)}


# --- Publication text ---------------------------------------------------------------------


def _first_paragraph(markdown: str) -> str:
    paragraph = markdown.strip().split("\n\n", 1)[0]
    text = re.sub(r"^[#>\-*\s]+", "", paragraph, flags=re.MULTILINE)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](url) -> label
    text = text.replace("**", "").replace("__", "").replace("`", "")
    return " ".join(text.split())


def publication_text(
    event: Event, report: reports.EventReport, *, number: int | None = None
) -> list[str]:
    """The paragraphs EU funders ask municipalities to publish, in the active language.

    "Participation: The event involved X citizens, including Y participants from the
    city of Z (Country), ... Location/Dates: The event took place in Z, Country, from
    dd/mm/yyyy to dd/mm/yyyy. Short description: ..."
    """
    names = _Names()
    host = names.city(event.city)
    host_country = names.country(str(event.city.country))
    groups = []
    if report.local:
        groups.append(_group(report.local, host, host_country))
    groups += [_group(c.count, c.city, c.country) for c in report.by_invited_city]
    if groups:
        participation = ngettext(
            "Participation: The event involved %(count)s citizen, including %(groups)s.",
            "Participation: The event involved %(count)s citizens, including %(groups)s.",
            report.participants,
        ) % {"count": report.participants, "groups": _(", ").join(groups)}
    else:
        participation = ngettext(
            "Participation: The event involved %(count)s citizen.",
            "Participation: The event involved %(count)s citizens.",
            report.participants,
        ) % {"count": report.participants}
    if number is not None:
        participation = _("Event %(number)s – %(text)s") % {
            "number": number,
            "text": participation,
        }
    tz = event.tz
    dates = {
        "city": host,
        "country": host_country,
        "start": event.starts_at.astimezone(tz).strftime("%d/%m/%Y"),
        "end": event.ends_at.astimezone(tz).strftime("%d/%m/%Y"),
    }
    if event.kind == EventKind.ONLINE:
        place = (
            _(
                "Location/Dates: The event took place online, hosted by %(city)s, "
                "%(country)s, from %(start)s to %(end)s."
            )
            % dates
        )
    else:
        place = (
            _(
                "Location/Dates: The event took place in %(city)s, %(country)s, "
                "from %(start)s to %(end)s."
            )
            % dates
        )
    paragraphs = [participation, place]
    description = _first_paragraph(str(event.description))
    if description:
        paragraphs.append(_("Short description: %(text)s") % {"text": description})
    return paragraphs


def _group(count: int, city: str, country: str) -> str:
    return ngettext(
        "%(count)s participant from the city of %(city)s (%(country)s)",
        "%(count)s participants from the city of %(city)s (%(country)s)",
        count,
    ) % {"count": count, "city": city, "country": country}


@dataclass(frozen=True)
class Publication:
    code: str
    name: str  # the language's own name
    paragraphs: list[str]
    current: bool


def publications(
    event: Event,
    registrations: Sequence[Registration],
    report: reports.EventReport,
    number: int | None,
) -> list[Publication]:
    """The publication text in every UI language (no query: names come from memory).

    Only the place names change from one language to the other: the counts are
    taken once, per invited city, over the people the report counted.
    """
    from django.utils.translation import get_language_info

    counted = [
        r
        for r in registrations
        if report.basis == reports.Basis.REGISTERED or r.checked_in_at is not None
    ]
    per_city = Counter(r.invited_by_id for r in counted if r.invited_by_id is not None)
    cities = {r.invited_by_id: r.invited_by for r in counted if r.invited_by is not None}
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    result = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names = _Names()
            invited = sorted(
                (
                    reports.InvitedCity(
                        names.city(cities[pk]), names.country(str(cities[pk].country)), n
                    )
                    for pk, n in per_city.items()
                ),
                key=lambda c: (-c.count, c.city),
            )
            localised = replace(report, by_invited_city=tuple(invited))
            paragraphs = publication_text(event, localised, number=number)
        result.append(
            Publication(code, get_language_info(code)["name_local"], paragraphs, code == current)
        )
    return result


# --- Participant list: CSV and XLSX ---------------------------------------------------------


def list_header() -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("City of residence"),
        _("Country of residence"),
        _("Takes part as"),
        _("Invited by"),
        _("Status"),
        _("Checked in"),
        _("Registered on the spot"),
        _("Registered"),
        _("Age bracket"),
        _("Gender"),
    ]


def list_rows(event: Event, registrations: Iterable[Registration]) -> Iterable[list[Any]]:
    """One row per registration; age bracket and gender only where consented.

    Texts are as people typed them: the CSV and XLSX writers below keep spreadsheets
    from running them as formulas (``core.spreadsheets``)."""
    names = _Names()
    roles = _choices(ParticipantRole.choices)
    statuses = _choices(RegistrationStatus.choices)
    ages = _choices(AgeBracket.choices)
    genders = _choices(Gender.choices)
    yes, no = _("yes"), _("no")
    tz = event.tz
    for r in registrations:
        city = r.invited_by
        consent = r.demographics_consent
        yield [
            r.name,
            r.email,
            r.organisation,
            r.residence_city,
            names.country(str(r.residence_country)),
            roles.get(r.role, r.role),
            names.city(city) if city else "",
            statuses.get(r.status, r.status),
            _local(r.checked_in_at, tz),
            yes if r.onsite else no,
            _local(r.created_at, tz),
            ages.get(r.age_bracket, r.age_bracket) if consent else "",
            genders.get(r.gender, r.gender) if consent else "",
        ]


def _local(moment: datetime | None, tz: Any) -> datetime | None:
    """Naive local time of the event, to the minute (spreadsheets know no time zones)."""
    if moment is None:
        return None
    return timezone.localtime(moment, tz).replace(tzinfo=None, second=0, microsecond=0)


def participants_csv(event: Event, registrations: Iterable[Registration]) -> str:
    out = io.StringIO()
    writer = csv_writer(out)  # a leading ' on texts a spreadsheet would run as formulas
    writer.writerow(list_header())
    for row in list_rows(event, registrations):
        writer.writerow(
            [
                "" if v is None else v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else v
                for v in row
            ]
        )
    return out.getvalue()


def figure_rows(event: Event, report: reports.EventReport) -> list[list[Any]]:
    """The report's figures as rows of a 'Figures' sheet."""
    fb = report.feedback
    rows: list[list[Any]] = [
        [str(event.title)],
        [_("Figures computed over"), basis_label(report.basis)],
        [_("Registered (confirmed)"), report.registered],
        [_("Attended"), report.attended],
        [_("Participants counted"), report.participants],
        [_("Countries"), report.countries],
        [_("International participants sent by partner cities"), report.international],
        [_("Local participants"), report.local],
        [_("Share of international participants"), _ratio(report.international_share)],
        [],
        [_("Country"), _("Participants"), _("Share")],
    ]
    rows += [[row.name, row.count, row.share] for row in report.by_country]
    rows += [[], [_("Invited by the city of"), _("Country"), _("Participants")]]
    rows += [[c.city, c.country, c.count] for c in report.by_invited_city]
    parts = labelled(report)
    for title, key, missing in (
        (_("Takes part as"), "by_role", None),
        (_("Age bracket"), "by_age_bracket", report.age_not_given),
        (_("Gender"), "by_gender", report.gender_not_given),
    ):
        rows += [[], [title, _("Participants"), _("Share")]]
        rows += [[row.name, row.count, row.share] for row in parts[key]]
        if missing is not None:
            rows.append([_("Not given"), missing])
    rows += [
        [],
        [_("Feedback")],
        [_("Answers"), fb.answers],
        [_("Response rate"), _ratio(fb.response_rate)],
        [_("Rated the event good or very good"), _ratio(fb.good_share)],
        [_("Average rating (1 to 5)"), round(fb.average_rating, 2) if fb.average_rating else ""],
        [_("Would take part again"), _ratio(fb.would_return_share)],
    ]
    rows += [
        [_("Changed how they see the EU: %(answer)s") % {"answer": row.name}, row.count]
        for row in changed_view_rows(fb)
    ]
    return rows


def _ratio(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


def participants_xlsx(
    event: Event, registrations: Iterable[Registration], report: reports.EventReport
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Participants")[:31])
    # Texts go in as text cells, never formulas (openpyxl makes one of any "=...").
    sheet.append(xlsx_row(sheet, list_header()))
    for row in list_rows(event, registrations):
        sheet.append(xlsx_row(sheet, row))
    figures = workbook.create_sheet(_("Figures")[:31])
    for row in figure_rows(event, report):
        figures.append(xlsx_row(figures, row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Attendance list -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    name: str
    organisation: str
    residence: str  # "town, country"


@dataclass(frozen=True)
class AttendanceGroup:
    title: str
    local: bool
    rows: list[AttendanceRow]


def attendance_groups(event: Event, registrations: Iterable[Registration]) -> list[AttendanceGroup]:
    """One group for the local participants, then one per invited town, by name."""
    names = _Names()
    local: list[Registration] = []
    invited: dict[int, list[Registration]] = {}
    cities: dict[int, City] = {}
    for r in registrations:
        if r.invited_by is None:
            local.append(r)
        else:
            invited.setdefault(r.invited_by.pk, []).append(r)
            cities[r.invited_by.pk] = r.invited_by
    groups = []

    def by_name(items: list[Registration]) -> list[AttendanceRow]:
        return [
            AttendanceRow(
                r.name,
                r.organisation,
                f"{r.residence_city}, {names.country(str(r.residence_country))}",
            )
            for r in sorted(items, key=lambda r: r.name.casefold())
        ]

    if local:
        title = _("Local participants – %(city)s (%(country)s)") % {
            "city": names.city(event.city),
            "country": names.country(str(event.city.country)),
        }
        groups.append(AttendanceGroup(title, True, by_name(local)))
    for pk in sorted(invited, key=lambda pk: names.city(cities[pk]).casefold()):
        city = cities[pk]
        title = _("Participants sent by the city of %(city)s (%(country)s)") % {
            "city": names.city(city),
            "country": names.country(str(city.country)),
        }
        groups.append(AttendanceGroup(title, False, by_name(invited[pk])))
    return groups


def attendance_html(event: Event, registrations: Iterable[Registration]) -> str:
    """The HTML WeasyPrint turns into the signed attendance list."""
    tz = event.tz
    return render_to_string(
        "events/report/attendance_pdf.html",
        {
            "event": event,
            "starts": timezone.localtime(event.starts_at, tz),
            "ends": timezone.localtime(event.ends_at, tz),
            "country_name": str(countries.name(str(event.city.country))),
            "groups": attendance_groups(event, registrations),
            "generated": timezone.localtime(timezone.now(), tz),
        },
    )
