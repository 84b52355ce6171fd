"""Querysets and read helpers for the video pages, built in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet

from metroagora.events.models import Event
from metroagora.publications import videos_webvtt
from metroagora.publications.models import Video, VideoTrack

PAGE_SIZE = 24
CUES_CACHE_SECONDS = 24 * 3600


def library(*, include_drafts: bool = False) -> QuerySet[Video]:
    """Videos for the library: published ones (staff also see drafts), newest first."""
    videos = Video.objects.select_related("event", "event__city").prefetch_related(
        Prefetch("tracks", queryset=VideoTrack.objects.order_by("language"))
    )
    if not include_drafts:
        videos = videos.filter(published=True)
    return videos.order_by("-created_at", "-pk")


def filter_videos(videos: QuerySet[Video], data: dict[str, Any]) -> QuerySet[Video]:
    if data.get("event"):
        videos = videos.filter(event=data["event"])
    language = data.get("language")
    if language:
        # Spoken in it, or captioned in it. JSON list of codes: a text match on the
        # quoted code works on SQLite and PostgreSQL.
        matching = Video.objects.filter(
            Q(languages__icontains=f'"{language}"') | Q(tracks__language=language)
        ).values("pk")
        videos = videos.filter(pk__in=matching)
    return videos


def video_page(videos: QuerySet[Video], page_number: Any) -> Page:
    return Paginator(videos, PAGE_SIZE).get_page(page_number)


def events_with_videos() -> QuerySet[Event]:
    return (
        Event.objects.filter(videos__published=True)
        .select_related("city")
        .distinct()
        .order_by("-starts_at")
    )


def video_for_page(slug: str) -> Video | None:
    return (
        Video.objects.select_related("event", "event__city")
        .prefetch_related(Prefetch("tracks", queryset=VideoTrack.objects.order_by("language")))
        .filter(slug=slug)
        .first()
    )


def event_videos(event: Event) -> list[Video]:
    """The published videos of an event, for its page."""
    return list(
        Video.objects.filter(event=event, published=True)
        .select_related("event")
        .prefetch_related(Prefetch("tracks", queryset=VideoTrack.objects.order_by("language")))
        .order_by("created_at", "pk")
    )


def track_cues(track: VideoTrack) -> list[videos_webvtt.Cue]:
    """The cues of a track, parsed once per version of the file (cached)."""
    stamp = track.updated_at.timestamp() if track.updated_at else 0
    key = f"publications:video-track-cues:{track.pk}:{stamp}"
    cached = cache.get(key)
    if cached is not None:
        return [videos_webvtt.Cue(*values) for values in cached]
    try:
        with track.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return []
    cues = videos_webvtt.parse(data).cues
    cache.set(
        key,
        [(c.start, c.end, c.text, c.identifier, c.voice, c.line) for c in cues],
        CUES_CACHE_SECONDS,
    )
    return cues


@dataclass
class Transcript:
    track: VideoTrack
    cues: list[videos_webvtt.Cue]

    @property
    def language(self) -> str:
        return self.track.language


def transcripts(video: Video, language: str) -> list[Transcript]:
    """One transcript per track; the one in ``language`` (else the first) comes first."""
    tracks = list(video.tracks.all())
    tracks.sort(key=lambda track: (track.language != language, track.language))
    return [Transcript(track, track_cues(track)) for track in tracks]


def default_track_language(video: Video, language: str) -> str:
    """The track shown by default: the reader's language, when there are captions in it."""
    codes = [track.language for track in video.tracks.all()]
    return language if language in codes else ""
