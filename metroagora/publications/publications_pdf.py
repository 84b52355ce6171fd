"""A publication version as a PDF: cover, contents with page numbers, tagged (PDF/UA-1).

Called by the background task (``publications_tasks``); the version's status and
progress are written at each stage so its page can show them while it works:

    5%  loading the parts             50%  laying out the pages (WeasyPrint)
    10-45%  print-sized images        85%  writing the PDF
    100%  stored, ready

WeasyPrint only reads the print-sized copies of the images (local files) and the
stylesheet: any other address in the document (a link, a remote image) is refused,
so rendering never reaches the network.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from metroagora.core import jobs
from metroagora.publications import publications_content as content
from metroagora.publications.models import PublicationVersion, RenderStatus
from metroagora.publications.models.publications import VERSION_JOB
from metroagora.publications.publications_images import cache_dir

logger = logging.getLogger(__name__)

PRINT_CSS = Path(__file__).parent / "static" / "publications" / "publication-print.css"
# PDF/UA-1: a tagged PDF (structure, reading order, alternative texts), with its
# language and title in the metadata. Images are embedded as prepared (no re-encoding).
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "optimize_images": False}
STAGES = {"loading": 5, "images": 10, "layout": 50, "writing": 85, "done": 100}
IMAGES_SPAN = 35  # images take the progress from 10% to 45%


@dataclass
class Rendered:
    pdf: bytes
    pages: int


def _set(version_id: int, **fields: Any) -> None:
    PublicationVersion.objects.filter(pk=version_id).update(updated_at=timezone.now(), **fields)


def print_html(view: content.PublicationView) -> str:
    """The whole document WeasyPrint lays out (in the version's language)."""
    body = content.render_content(view)
    with translation.override(view.lang):
        return render_to_string(
            "publications/publications/print.html",
            {"doc": view, "content": body, "generated": timezone.now()},
        )


def _fetcher() -> Any:
    """A URL fetcher for WeasyPrint that reads the print-sized images and nothing else."""
    import weasyprint

    allowed = cache_dir().resolve()

    class LocalImagesOnly(weasyprint.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                from urllib.parse import unquote, urlparse

                path = Path(unquote(urlparse(url).path)).resolve()
                if path.is_relative_to(allowed):
                    return super().fetch(url, headers)
            raise ValueError(f"not fetched while rendering a publication: {url[:100]}")

    return LocalImagesOnly(allowed_protocols=["file", "data"], timeout=5)


def render_document(html: str, on_layout: Any = None) -> Rendered:
    """Lay out and write the PDF; ``on_layout()`` is called between the two."""
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=cache_dir().as_uri() + "/", url_fetcher=_fetcher()
    ).render(stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))], **PDF_OPTIONS)
    if on_layout is not None:
        on_layout()
    pdf = document.write_pdf(**PDF_OPTIONS)
    return Rendered(bytes(pdf), len(document.pages))


def render_version(version_id: int) -> str:
    """Render one version to its PDF file; returns its status after this run.

    It renders once however often the task is delivered, and again after an error, up
    to ``TASK_MAX_ATTEMPTS`` times (``core.jobs``).
    """
    from metroagora.publications.publications_tasks import render_publication_version

    jobs.run_job(
        VERSION_JOB, version_id, lambda: _render(version_id), task=render_publication_version
    )
    status = PublicationVersion.objects.filter(pk=version_id).values_list("status", flat=True)
    return status.first() or RenderStatus.FAILED


def _render(version_id: int) -> None:
    """One attempt, on a claimed version; an error goes up to ``jobs.run_job``."""
    version = PublicationVersion.objects.select_related("publication").get(pk=version_id)
    _set(version.pk, status=RenderStatus.RENDERING, progress=STAGES["loading"])
    reported = {"percent": STAGES["loading"]}

    def images_done(done: int, total: int) -> None:
        percent = STAGES["images"] + (IMAGES_SPAN * done // total if total else IMAGES_SPAN)
        if percent >= reported["percent"] + 5 or done == total:  # a write every 5%
            reported["percent"] = percent
            _set(version.pk, progress=percent)

    with translation.override(version.language):
        view = content.build(
            version.publication, version.language, for_print=True, progress=images_done
        )
    html = print_html(view)
    _set(version.pk, progress=STAGES["layout"])
    rendered = render_document(html, on_layout=lambda: _set(version.pk, progress=STAGES["writing"]))
    name = f"{version.publication.slug}-v{version.number}-{version.language}.pdf"
    version.pdf.save(name, ContentFile(rendered.pdf), save=False)
    version.status = RenderStatus.DONE
    version.progress = STAGES["done"]
    version.page_count = rendered.pages
    version.error = ""
    version.finished_at = timezone.now()
    version.save(
        update_fields=[
            "pdf",
            "status",
            "progress",
            "page_count",
            "error",
            "finished_at",
            "updated_at",
        ]
    )
