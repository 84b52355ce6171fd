"""Read side of publications: the lists, the downloads, the versions."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import Prefetch, QuerySet

from metroagora.core.languages import language_name
from metroagora.publications.models import (
    Publication,
    PublicationStatus,
    PublicationVersion,
    RenderStatus,
)


def _published_versions() -> Prefetch[Any]:
    return Prefetch(
        "versions",
        queryset=PublicationVersion.objects.filter(is_published=True, status=RenderStatus.DONE)
        .exclude(pdf="")
        .order_by("language"),
        to_attr="downloads",
    )


def published() -> QuerySet[Publication]:
    """Published publications with their downloadable PDFs (2 queries)."""
    return Publication.objects.filter(status=PublicationStatus.PUBLISHED).prefetch_related(
        _published_versions()
    )


def drafts() -> QuerySet[Publication]:
    return Publication.objects.filter(status=PublicationStatus.DRAFT).order_by("-updated_at")


def publication_for_page(slug: str) -> Publication | None:
    return Publication.objects.prefetch_related(_published_versions()).filter(slug=slug).first()


@dataclass
class Download:
    version: PublicationVersion
    language: str
    name: str
    size: int | None

    @property
    def pages(self) -> int | None:
        return self.version.page_count


def downloads(publication: Publication) -> list[Download]:
    """The published PDF of each language, with its size (read from the storage)."""
    found = []
    for version in getattr(publication, "downloads", None) or []:
        try:
            size = version.pdf.size
        except OSError:
            size = None
        found.append(Download(version, version.language, language_name(version.language), size))
    return found


@dataclass
class VersionGroup:
    number: int
    versions: list[PublicationVersion]

    @property
    def pending(self) -> bool:
        return any(v.status in (RenderStatus.QUEUED, RenderStatus.RENDERING) for v in self.versions)


def version_groups(publication: Publication) -> list[VersionGroup]:
    """Every version, newest first, its languages together (1 query)."""
    versions = list(
        publication.versions.select_related("created_by").order_by("-number", "language")
    )
    return [
        VersionGroup(number, list(items))
        for number, items in groupby(versions, key=lambda v: v.number)
    ]


def version_group(publication: Publication, number: int) -> VersionGroup | None:
    versions = list(
        publication.versions.filter(number=number).select_related("created_by").order_by("language")
    )
    return VersionGroup(number, versions) if versions else None
