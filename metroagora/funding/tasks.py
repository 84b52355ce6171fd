"""Background work of the funding app."""

from django_tasks import task

from metroagora.funding.reminders import send_reminders


@task()
def send_funding_reminders() -> int:
    """The daily reminders (same as ``manage.py send_funding_reminders``); how many sent."""
    return send_reminders().reminders
