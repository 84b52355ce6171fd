"""Background work of the API app: building the open data ZIP."""

from django_tasks import task

from metroagora.api import opendata


@task()
def build_open_data(export_id: int) -> str:
    """Build and publish the open data ZIP (see opendata.run_export); returns the status."""
    return str(opendata.run_export(export_id).status)
