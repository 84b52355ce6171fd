"""Background work of publications: each PDF version is rendered here, never in a request."""

from django_tasks import task

from metroagora.publications.publications_pdf import render_version


@task()
def render_publication_version(version_id: int) -> str:
    """Render one version (one language) to PDF; its page polls the status."""
    return render_version(version_id)
