"""Background work of the newsletter: an issue is sent here, never in a page request."""

from django_tasks import task

from metroagora.publications.newsletter_services import deliver_issue


@task()
def send_newsletter_issue(issue_id: int) -> int:
    """Send an issue to its subscribers; the issue's page polls the progress.

    Running it again (a retry, a second worker) sends nothing twice: each subscriber's
    delivery is written before their email goes.
    """
    return deliver_issue(issue_id)
