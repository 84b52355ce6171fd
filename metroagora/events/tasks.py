"""Background work of the events app."""

from django.conf import settings
from django.core.files.base import ContentFile
from django_tasks import task

from metroagora.core import jobs
from metroagora.events.models import REPORT_FILE_JOB, ReportFile, ReportFileStatus


@task()
def build_attendance_pdf(report_file_id: int) -> str:
    """Render the signed attendance list to a PDF file; the page polls its status.

    It is built once however often the task is delivered, and again after an error, up
    to ``TASK_MAX_ATTEMPTS`` times (``core.jobs``). Returns the status after this run.
    """
    jobs.run_job(
        REPORT_FILE_JOB,
        report_file_id,
        lambda: _build_attendance_pdf(report_file_id),
        task=build_attendance_pdf,
    )
    status = ReportFile.objects.filter(pk=report_file_id).values_list("status", flat=True)
    return status.first() or ReportFileStatus.FAILED


def _build_attendance_pdf(report_file_id: int) -> None:
    """One attempt, on a claimed report file; an error goes up to ``jobs.run_job``."""
    from metroagora.events import report_data
    from metroagora.events.report_views import ATTENDANCE_CSS, render_pdf

    report = ReportFile.objects.select_related("event").get(pk=report_file_id)
    event = report.event
    registrations = report_data.registrations_for_list(event, confirmed_only=True)
    html = report_data.attendance_html(event, registrations)
    pdf = render_pdf(html, settings.SITE_URL.rstrip("/") + "/", ATTENDANCE_CSS)
    report.file.save(f"{event.slug}-attendance.pdf", ContentFile(pdf), save=False)
    report.status = ReportFileStatus.DONE
    report.error = ""
    report.save(update_fields=["file", "status", "error", "updated_at"])
