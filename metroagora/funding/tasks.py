"""Background work of the funding app."""

from django_tasks import task

from metroagora.core import jobs
from metroagora.funding.reminders import send_reminders


@task()
def send_funding_reminders(attempt: int = 1) -> int:
    """The daily reminders (same as ``manage.py send_funding_reminders``); how many sent.

    Each (watch, call, kind) goes once (a unique ``ReminderLog`` row, written in the
    transaction that sends it), so running it again sends only what failed: when some
    emails failed, it runs again later (``core.jobs.retry_later``) rather than the next
    day, when a 1-day reminder would be too late.
    """
    report = send_reminders()
    if report.failed:
        jobs.retry_later(send_funding_reminders, attempt=attempt)
    return report.reminders
