"""Reports for funders (HTML, CSV, XLSX, attendance PDF) and the participants' evaluation.

Report pages need ``events.view_report`` on the event; downloads with names and
emails need ``events.view_personal_data``. Every page runs a fixed number of
queries whatever the number of registrations (see report_data).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from metroagora.accounts.rules import is_network_admin
from metroagora.core import jobs
from metroagora.core.audit import record
from metroagora.core.ratelimit import rate_limited
from metroagora.events import report_data, reports
from metroagora.events.feedback import feedback_problem, problem_message, submit_feedback
from metroagora.events.models import (
    REPORT_FILE_JOB,
    Event,
    Project,
    Registration,
    ReportFile,
    ReportFileStatus,
)
from metroagora.network.models import MembershipRole

participants_for = report_data.participants_for  # Registration queryset -> report records


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("city", "project"), slug=slug)


def _require(request: HttpRequest, perm: str, event: Event) -> None:
    if not request.user.has_perm(perm, event):
        raise PermissionDenied


def _record_download(request: HttpRequest, event: Event) -> None:
    """Lists of participants hold personal data: the audit log says who took one."""
    record(
        request.user,
        "events.export_participants",
        obj_label=event,
        obj_url=event.get_absolute_url(),
        city=event.city,
    )


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Chart -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: float

    @property
    def value_x(self) -> float:
        return round(150 + self.width + 6, 1)


BAR_HEIGHT = 28
BAR_MAX_WIDTH = 330.0


def country_bars(rows: list[reports.Row]) -> tuple[list[Bar], int]:
    """Bars for the SVG chart (a picture of the table next to it) and the chart's height."""
    top = max((row.count for row in rows), default=0) or 1
    bars = [
        Bar(row.name, row.count, i * BAR_HEIGHT, round(row.count / top * BAR_MAX_WIDTH, 1))
        for i, row in enumerate(rows)
    ]
    return bars, len(bars) * BAR_HEIGHT


def _report_context(report: reports.EventReport | reports.ProjectReport) -> dict[str, Any]:
    bars, height = country_bars(list(report.by_country))
    return {
        "report": report,
        "basis": report_data.basis_label(report.basis)
        if isinstance(report, reports.EventReport)
        else "",
        "parts": report_data.labelled(report),
        "changed_view": report_data.changed_view_rows(report.feedback),
        "bars": bars,
        "chart_height": height,
    }


# --- Event report ----------------------------------------------------------------------------


@login_required
@never_cache
def event_report(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    _require(request, "events.view_report", event)
    registrations = report_data.registrations_for_report(event)
    answers = report_data.feedback_for([event]).get(event.pk, [])
    report = report_data.build_event_report(registrations, answers)
    number = report_data.event_number(event)
    texts = report_data.publications(event, registrations, report, number)
    return render(
        request,
        "events/report/event_report.html",
        {
            "event": event,
            "number": number,
            "publication": next(t for t in texts if t.current),
            "translations": [t for t in texts if not t.current],
            "can_download": request.user.has_perm("events.view_personal_data", event),
            **_report_context(report),
        },
    )


@login_required
@never_cache
def event_report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    _require(request, "events.view_personal_data", event)
    registrations = report_data.registrations_for_list(event)
    content = report_data.participants_csv(event, registrations)
    _record_download(request, event)
    # a byte order mark so that spreadsheet programs read the file as UTF-8
    return _attachment(
        "\ufeff" + content, "text/csv; charset=utf-8", f"{event.slug}-participants.csv"
    )


@login_required
@never_cache
def event_report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    _require(request, "events.view_personal_data", event)
    registrations = report_data.registrations_for_list(event)
    confirmed = [r for r in registrations if r.status == "confirmed"]
    answers = report_data.feedback_for([event]).get(event.pk, [])
    report = report_data.build_event_report(confirmed, answers)
    content = report_data.participants_xlsx(event, registrations, report)
    _record_download(request, event)
    return _attachment(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{event.slug}-participants.xlsx",
    )


@login_required
@never_cache
def attendance_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The signed attendance list: built in the background, served once ready.

    While it is being built the page shows its status, refreshed by htmx (or by a
    meta refresh without JavaScript). A change to the registrations makes a new one.
    """
    from metroagora.events.tasks import build_attendance_pdf

    event = _event(slug)
    _require(request, "events.view_personal_data", event)
    stamp = event.registrations.aggregate(n=Count("pk"), last=Max("updated_at"))
    last = stamp["last"].timestamp() if stamp["last"] else 0
    version = f"{stamp['n']}-{last}-{event.updated_at.timestamp()}"
    report, created = ReportFile.objects.get_or_create(
        event=event, kind="attendance_pdf", version=version
    )
    if created or (report.status == ReportFileStatus.FAILED and request.GET.get("retry")):
        ReportFile.objects.filter(pk=report.pk).update(
            status=ReportFileStatus.QUEUED, error="", attempts=0, claimed_at=None
        )
        build_attendance_pdf.enqueue(report.pk)
        report.refresh_from_db()
    else:  # its worker died: another takes it over (or it fails, attempts used up)
        jobs.resume_if_abandoned(REPORT_FILE_JOB, report, build_attendance_pdf)
    polling = bool(getattr(request, "htmx", False))
    if report.status == ReportFileStatus.DONE and report.file and not polling:
        _record_download(request, event)
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=f"{event.slug}-attendance.pdf",
            content_type="application/pdf",
        )
    context = {"event": event, "report": report}
    if polling:  # the status block only, with the download link once the file is ready
        ready = report.status == ReportFileStatus.DONE
        return render(
            request, "events/report/_pdf_status.html", context, status=200 if ready else 202
        )
    return render(request, "events/report/pdf_status.html", context, status=202)


ATTENDANCE_CSS = Path(__file__).parent / "static" / "events" / "attendance-pdf.css"


def render_pdf(html: str, base_url: str, *stylesheets: Path) -> bytes:
    import weasyprint  # needs system libraries (Pango): imported only when used

    document = weasyprint.HTML(string=html, base_url=base_url)
    css = [weasyprint.CSS(filename=str(path)) for path in stylesheets]
    return bytes(document.write_pdf(stylesheets=css))


# --- Project report --------------------------------------------------------------------------


def can_view_project_report(user: Any, events: list[Event]) -> bool:
    """Network admins, and people who coordinate every host city of the project's events."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_network_admin(user):
        return True
    cities = {event.city_id for event in events}
    if not cities:
        return False
    coordinated = set(
        user.memberships.filter(role=MembershipRole.COORDINATOR, city_id__in=cities).values_list(
            "city_id", flat=True
        )
    )
    return coordinated == cities


@login_required
@never_cache
def project_report(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    events = report_data.project_events(project.pk)
    if not can_view_project_report(request.user, events):
        raise PermissionDenied
    pairs = report_data.project_reports(events)
    report = reports.project_report([r for _event, r in pairs])
    return render(
        request,
        "events/report/project_report.html",
        {"project": project, "events": pairs, **_report_context(report)},
    )


# --- Feedback --------------------------------------------------------------------------------

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how was the event?"),
        choices=[
            (5, _("5 – Very good")),
            (4, _("4 – Good")),
            (3, _("3 – Fair")),
            (2, _("2 – Poor")),
            (1, _("1 – Very poor")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    learned = forms.CharField(
        label=_("What did you learn?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    would_return = forms.ChoiceField(
        label=_("Would you take part in an event like this again?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    changed_view = forms.ChoiceField(
        label=_("Has the event changed how you see the EU and your city's role in it?"),
        choices=[("yes", _("Yes")), ("somewhat", _("Somewhat")), ("no", _("No"))],
        required=False,
        widget=forms.RadioSelect,
    )


@never_cache
@rate_limited("events.register")
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The evaluation form, reached with the secret link of a registration."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__city"), token=token
    )
    problem = feedback_problem(registration)
    form = None
    if problem is None:
        form = FeedbackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                submit_feedback(
                    registration,
                    rating=data["rating"],
                    learned=data["learned"],
                    would_return={"yes": True, "no": False}.get(data["would_return"]),
                    changed_view=data["changed_view"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(request.path)
    return render(
        request,
        "events/report/feedback.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
            "problem": problem,
            "message": problem_message(problem) if problem else "",
        },
        status=200,
    )
