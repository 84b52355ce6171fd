"""Publications with their PDFs, the website's news, and the video library with captions.

Only what the website shows to everyone: published publications (and only the PDF
versions marked published), news posts whose date has come, published videos.
Drafts are never here, whoever asks.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router

from metroagora.api.errors import not_found
from metroagora.api.pagination import lean, page_of
from metroagora.api.schemas import (
    LanguageCode,
    Page,
    PageParams,
    Ref,
    Schema,
    Slug,
    Translated,
    absolute,
    errors,
    ref,
    translated,
)
from metroagora.core.links import object_url
from metroagora.events.models import EventStatus
from metroagora.publications import publications_selectors, videos_selectors, videos_sources
from metroagora.publications import website_selectors as news_selectors
from metroagora.publications.models import (
    NewsPost,
    Publication,
    PublicationStatus,
    PublicationVersion,
    RenderStatus,
    Video,
    VideoTrack,
)
from metroagora.publications.publications_services import publication_languages

router = Router(tags=["Publications"])

PUBLICATION_NOT_FOUND = gettext_lazy(
    "No published publication has this short name: list them with GET /api/v1/publications."
)
NEWS_NOT_FOUND = gettext_lazy(
    "No published news post has this short name: list them with GET /api/v1/news."
)
VIDEO_NOT_FOUND = gettext_lazy(
    "No published video has this short name: list them with GET /api/v1/videos."
)
VIDEO_FIELDS = [
    "id",
    "slug",
    "title",
    "source",
    "file",
    "url",
    "poster",
    "poster_alt",
    "event",
    "speakers",
    "languages",
    "duration_seconds",
    "published",
    "created_at",
]


class PublicationFilters(PageParams):
    language: LanguageCode | None = Field(None, description="With a PDF to download in it.")


class NewsFilters(PageParams):
    city: Slug | None = Field(None, description="News of this city.")


class VideoFilters(PageParams):
    event: Slug | None = Field(None, description="The videos of this event.")
    language: LanguageCode | None = Field(None, description="Spoken or captioned in it.")


class DownloadOut(Schema):
    language: str
    version: int = Field(description="The version number the PDF is of.")
    pages: int | None
    url: str = Field(description="The PDF.")


class DownloadDetail(DownloadOut):
    size: int | None = Field(description="In bytes.")


class PublicationOut(Schema):
    slug: str
    title: Translated
    subtitle: Translated
    languages: list[str] = Field(description="The languages it is written in, the original first.")
    cover: str | None = Field(description="Address of the cover image, if any.")
    cover_alt: str
    published_at: datetime | None
    downloads: Sequence[DownloadOut] = Field(description="The published PDF of each language.")
    url: str = Field(description="Its web version.")


class PublicationDetail(PublicationOut):
    introduction: Translated = Field(description="Markdown.")
    downloads: Sequence[DownloadDetail]
    updated_at: datetime


class NewsOut(Schema):
    slug: str
    title: Translated
    summary: Translated
    city: Ref | None = Field(description="Null for news of the whole network.")
    image: str | None
    image_alt: str
    published_at: datetime
    url: str


class NewsDetail(NewsOut):
    body: Translated = Field(description="Markdown.")


class TrackOut(Schema):
    language: str
    kind: str = Field(description="captions or subtitles.")
    cues: int
    url: str = Field(description="The WebVTT file.")


class VideoOut(Schema):
    slug: str
    title: Translated
    source: str = Field(description="upload, peertube, youtube or vimeo.")
    video_url: str | None = Field(
        description="The uploaded file, or the video's address on its platform."
    )
    poster: str | None
    poster_alt: str
    event: Ref | None
    speakers: str
    languages: list[str] = Field(description="Spoken languages.")
    duration_seconds: int | None
    tracks: list[TrackOut] = Field(description="One caption file per language.")
    created_at: datetime
    url: str


class VideoDetail(VideoOut):
    description: Translated
    embed_url: str | None = Field(
        description="The platform's privacy-friendly player, for a linked video."
    )


# --- Publications ----------------------------------------------------------------------


def _downloads(
    request: HttpRequest, publication: Publication, *, with_size: bool = False
) -> list[dict[str, Any]]:
    """The published PDF of each language (prefetched as ``downloads``)."""
    found = []
    for version in getattr(publication, "downloads", None) or []:
        item: dict[str, Any] = {
            "language": version.language,
            "version": version.number,
            "pages": version.page_count,
            "url": absolute(
                request,
                object_url(
                    "publications:publication_pdf", slug=publication.slug, lang=version.language
                ),
            ),
        }
        if with_size:
            try:
                item["size"] = version.pdf.size
            except OSError:
                item["size"] = None
        found.append(item)
    return found


def publication_summary(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    cover = (
        absolute(request, object_url("publications:publication_cover", slug=publication.slug))
        if publication.cover
        else None
    )
    return {
        "slug": publication.slug,
        "title": translated(publication.title),
        "subtitle": translated(publication.subtitle),
        "languages": publication_languages(publication),
        "cover": cover,
        "cover_alt": publication.cover_alt,
        "published_at": publication.published_at,
        "downloads": _downloads(request, publication),
        "url": absolute(request, publication.get_absolute_url()),
    }


@router.get(
    "/publications",
    response={200: Page[PublicationOut], **errors()},
    summary="List publications",
)
def list_publications(request: HttpRequest, filters: Query[PublicationFilters]) -> dict[str, Any]:
    """Published publications, the latest first, with the PDF of each language."""
    publications = publications_selectors.published().defer("introduction")
    if filters.language:
        publications = publications.filter(
            Exists(
                PublicationVersion.objects.filter(
                    publication=OuterRef("pk"),
                    language=filters.language,
                    is_published=True,
                    status=RenderStatus.DONE,
                ).exclude(pdf="")
            )
        )
    publications = publications.order_by("-published_at", "-pk")
    publications = lean(publications, "title", "subtitle")
    return page_of(request, publications, filters, lambda p: publication_summary(request, p))


@router.get(
    "/publications/{slug}",
    response={200: PublicationDetail, **errors(404)},
    summary="A publication",
)
def get_publication(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    publication = publications_selectors.publication_for_page(slug)
    if publication is None or publication.status != PublicationStatus.PUBLISHED:
        raise not_found(str(PUBLICATION_NOT_FOUND))
    return {
        **publication_summary(request, publication),
        "downloads": _downloads(request, publication, with_size=True),
        "introduction": translated(publication.introduction),
        "updated_at": publication.updated_at,
    }


# --- News ------------------------------------------------------------------------------


def news_summary(request: HttpRequest, post: NewsPost) -> dict[str, Any]:
    return {
        "slug": post.slug,
        "title": translated(post.title),
        "summary": translated(post.summary),
        "city": ref(post.city),
        "image": absolute(request, post.image.url) if post.image else None,
        "image_alt": post.image_alt,
        "published_at": post.published_at,
        "url": absolute(request, post.get_absolute_url()),
    }


@router.get("/news", response={200: Page[NewsOut], **errors()}, summary="List news posts")
def list_news(request: HttpRequest, filters: Query[NewsFilters]) -> dict[str, Any]:
    """Published news, the latest first (a post dated in the future waits for its date)."""
    posts = news_selectors.published_news().defer("body")
    if filters.city:
        posts = posts.filter(city__slug=filters.city)
    return page_of(request, posts, filters, lambda p: news_summary(request, p))


@router.get("/news/{slug}", response={200: NewsDetail, **errors(404)}, summary="A news post")
def get_news(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    post = news_selectors.published_news().filter(slug=slug).first()
    if post is None:
        raise not_found(str(NEWS_NOT_FOUND))
    return {**news_summary(request, post), "body": translated(post.body)}


# --- Videos ----------------------------------------------------------------------------


def _tracks(request: HttpRequest, video: Video) -> list[dict[str, Any]]:
    """One track per language: the one its caption address serves (captions before
    subtitles, as the website's player gets it)."""
    chosen: dict[str, VideoTrack] = {}
    for track in video.tracks.all():
        if track.language not in chosen or track.kind < chosen[track.language].kind:
            chosen[track.language] = track
    return [
        {
            "language": language,
            "kind": track.kind,
            "cues": track.cue_count,
            "url": absolute(
                request,
                object_url("publications:video_track", slug=video.slug, lang=language),
            ),
        }
        for language, track in sorted(chosen.items())
    ]


def video_summary(request: HttpRequest, video: Video) -> dict[str, Any]:
    def address(name: str) -> str:
        return absolute(request, object_url(name, slug=video.slug))

    event = video.event
    if event is not None and event.status == EventStatus.DRAFT:
        event = None  # a draft event is not public yet
    return {
        "slug": video.slug,
        "title": translated(video.title),
        "source": video.source,
        "video_url": address("publications:video_file") if video.file else (video.url or None),
        "poster": address("publications:video_poster") if video.poster else None,
        "poster_alt": video.poster_alt,
        "event": {"slug": event.slug, "name": str(event.title) or event.slug} if event else None,
        "speakers": video.speakers,
        "languages": [str(code) for code in video.languages or []],
        "duration_seconds": video.duration_seconds,
        "tracks": _tracks(request, video),
        "created_at": video.created_at,
        "url": absolute(request, video.get_absolute_url()),
    }


def _embed_url(video: Video) -> str | None:
    if not video.url:
        return None
    try:
        return videos_sources.parse_video_url(video.url, settings.VIDEO_PEERTUBE_HOSTS).embed_url
    except videos_sources.InvalidVideoUrl:
        return None


def _videos() -> QuerySet[Video]:
    """The library's published videos, newest first, with only what a list shows of the
    event and of the caption files (the selector's rows carry whole events and cities)."""
    return (
        videos_selectors.library()
        .select_related(None)
        .select_related("event")
        .prefetch_related(None)
        .only(*VIDEO_FIELDS, "event__slug", "event__title", "event__status")
        .prefetch_related(
            Prefetch(
                "tracks",
                queryset=VideoTrack.objects.only(
                    "video_id", "language", "kind", "cue_count"
                ).order_by("language"),
            )
        )
    )


@router.get("/videos", response={200: Page[VideoOut], **errors()}, summary="List videos")
def list_videos(request: HttpRequest, filters: Query[VideoFilters]) -> dict[str, Any]:
    """Published videos, the newest first, with their caption files."""
    videos = _videos()
    if filters.event:
        videos = videos.filter(event__slug=filters.event).exclude(event__status=EventStatus.DRAFT)
    if filters.language:
        videos = videos_selectors.filter_videos(videos, {"language": filters.language})
    videos = lean(videos, "title", "speakers", "languages")
    return page_of(request, videos, filters, lambda v: video_summary(request, v))


@router.get("/videos/{slug}", response={200: VideoDetail, **errors(404)}, summary="A video")
def get_video(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    video = videos_selectors.video_for_page(slug)
    if video is None or not video.published:
        raise not_found(str(VIDEO_NOT_FOUND))
    return {
        **video_summary(request, video),
        "description": translated(video.description),
        "embed_url": _embed_url(video),
    }
