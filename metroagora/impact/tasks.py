"""Background work of the impact dashboard."""

from django_tasks import task

from metroagora.impact import services


@task()
def refresh_impact(refresh_id: int) -> str:
    """Compute every impact figure again (see services.run_refresh); returns the status."""
    return str(services.run_refresh(refresh_id).status)
