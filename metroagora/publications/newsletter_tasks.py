"""Background work of the newsletter: an issue is sent here, never in a page request."""

from django_tasks import task

from metroagora.core import jobs
from metroagora.publications.models.newsletter import SENDING_JOB
from metroagora.publications.newsletter_services import deliver_issue


@task()
def send_newsletter_issue(issue_id: int) -> int:
    """Send an issue to its subscribers; the issue's page polls the progress. Returns how
    many emails this run sent.

    One worker sends an issue at a time (``core.jobs``): a second delivery of the task
    does nothing while the first runs. After an error (the mail server went away) the
    sending is tried again later, up to ``TASK_MAX_ATTEMPTS`` times, from where it
    stopped; then it waits for a person to resume it. Nothing is sent twice, whatever
    runs: each subscriber's delivery is written before their email goes.
    """
    run = jobs.run_job(
        SENDING_JOB, issue_id, lambda: deliver_issue(issue_id), task=send_newsletter_issue
    )
    return run.value or 0
