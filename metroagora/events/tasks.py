"""Background work of the events app."""

from django.conf import settings
from django.core.files.base import ContentFile
from django_tasks import task

from metroagora.events.models import ReportFile, ReportFileStatus


@task()
def build_attendance_pdf(report_file_id: int) -> str:
    """Render the signed attendance list to a PDF file; the page polls its status."""
    from metroagora.events import report_data
    from metroagora.events.report_views import ATTENDANCE_CSS, render_pdf

    report = ReportFile.objects.select_related("event").get(pk=report_file_id)
    if report.status == ReportFileStatus.DONE:
        return report.status
    ReportFile.objects.filter(pk=report.pk).update(status=ReportFileStatus.RUNNING)
    event = report.event
    try:
        registrations = report_data.registrations_for_list(event, confirmed_only=True)
        html = report_data.attendance_html(event, registrations)
        pdf = render_pdf(html, settings.SITE_URL.rstrip("/") + "/", ATTENDANCE_CSS)
    except Exception as error:  # noqa: BLE001 - recorded and shown; the person can retry
        ReportFile.objects.filter(pk=report.pk).update(
            status=ReportFileStatus.FAILED, error=str(error)[:300]
        )
        return ReportFileStatus.FAILED
    report.file.save(f"{event.slug}-attendance.pdf", ContentFile(pdf), save=False)
    report.status = ReportFileStatus.DONE
    report.error = ""
    report.save(update_fields=["file", "status", "error", "updated_at"])
    return report.status
