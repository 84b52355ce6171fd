"""Queue again the background jobs whose worker died (run it from cron every few minutes).

A job left running by a worker that was stopped (a restart, a crash, out of memory)
past its kind's ``stale_after`` is queued again, or failed when it has used its
attempts (``core.jobs.resume_abandoned``). Its status page does the same for it when
someone looks; this command covers the jobs nobody is looking at.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from metroagora.core import jobs


def job_kinds() -> list[tuple[jobs.JobKind, Any]]:
    """Every kind of job with a row, and the task that runs one."""
    from metroagora.api.models import EXPORT_JOB
    from metroagora.api.tasks import build_open_data
    from metroagora.events.models import REPORT_FILE_JOB
    from metroagora.events.tasks import build_attendance_pdf
    from metroagora.impact.models import REFRESH_JOB
    from metroagora.impact.tasks import refresh_impact
    from metroagora.publications.models.newsletter import SENDING_JOB
    from metroagora.publications.models.publications import VERSION_JOB
    from metroagora.publications.newsletter_tasks import send_newsletter_issue
    from metroagora.publications.publications_tasks import render_publication_version

    return [
        (REPORT_FILE_JOB, build_attendance_pdf),
        (VERSION_JOB, render_publication_version),
        (SENDING_JOB, send_newsletter_issue),
        (EXPORT_JOB, build_open_data),
        (REFRESH_JOB, refresh_impact),
    ]


class Command(BaseCommand):
    help = (
        "Queue again the background jobs (PDFs, newsletters, open data, impact figures) "
        "whose worker stopped, or fail those that used their attempts. Run it every few "
        "minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        total_resumed = total_failed = 0
        for kind, task in job_kinds():
            resumed, failed = jobs.resume_abandoned(kind, task, now)
            if resumed or failed:
                self.stdout.write(
                    f"{kind.model._meta.label}: {resumed} queued again, {failed} failed."
                )
            total_resumed += resumed
            total_failed += failed
        self.stdout.write(f"{total_resumed} job(s) queued again, {total_failed} failed.")
