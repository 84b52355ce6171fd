"""Pages of the video library, and the files it serves (videos with byte ranges, captions)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from metroagora.accounts.http import signed_in_user
from metroagora.accounts.models import User
from metroagora.core.languages import EU_LANGUAGE_NAMES
from metroagora.core.ratelimit import rate_limited
from metroagora.publications import videos_selectors as selectors
from metroagora.publications import videos_services as services
from metroagora.publications import videos_sources
from metroagora.publications.models import Video
from metroagora.publications.videos_forms import TrackForm, VideoFilterForm, VideoForm

CHUNK = 64 * 1024
# Uploads are stored as "video.<container>" (services.py names them by their content).
CONTENT_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "ogg": "video/ogg"}


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _visible_video(request: HttpRequest, slug: str) -> Video:
    video = selectors.video_for_page(slug)
    if video is None or not request.user.has_perm("publications.view_video", video):
        raise Http404
    return video


def _ui_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


# --- Public pages ---------------------------------------------------------------------


def video_list(request: HttpRequest) -> HttpResponse:
    form = VideoFilterForm(request.GET or None)
    can_add = request.user.has_perm("publications.add_video")
    videos = selectors.library(include_drafts=can_add)
    if form.is_valid():
        videos = selectors.filter_videos(videos, form.cleaned_data)
    page = selectors.video_page(videos, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publications/videos/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "can_add": can_add},
    )


def linked_player(video: Video) -> videos_sources.LinkedVideo | None:
    """The platform's player of a linked video (None for an upload, or a site now refused)."""
    if not video.url:
        return None
    try:
        return videos_sources.parse_video_url(video.url, settings.VIDEO_PEERTUBE_HOSTS)
    except videos_sources.InvalidVideoUrl:
        return None


def video_detail(request: HttpRequest, slug: str) -> HttpResponse:
    video = _visible_video(request, slug)
    language = _ui_language()
    transcripts = selectors.transcripts(video, language)
    extension = video.file.name.rsplit(".", 1)[-1].lower() if video.file else ""
    return render(
        request,
        "publications/videos/detail.html",
        {
            "video": video,
            "linked": linked_player(video),
            "load": request.GET.get("load") == "1",
            "file_type": CONTENT_TYPES.get(extension, ""),
            "transcripts": transcripts,
            "default_track": selectors.default_track_language(video, language),
            "can_edit": request.user.has_perm("publications.change_video", video),
            "can_publish": request.user.has_perm("publications.publish_video", video),
        },
    )


# --- Files ----------------------------------------------------------------------------


def _read_range(handle: Any, first: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(first)
        remaining = length
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def _cache_headers(response: HttpResponseBase, video: Video) -> None:
    response["Cache-Control"] = "public, max-age=3600" if video.published else "private, no-store"


@require_http_methods(["GET", "HEAD"])
def video_file(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The uploaded file, with byte ranges: browsers seek in a video by asking parts of it.

    One range gets 206 Partial Content; several ranges get the whole file (200), as
    RFC 9110 allows; a range past the end gets 416 with the file's size.
    """
    video = get_object_or_404(Video, slug=slug)
    if not video.file or not request.user.has_perm("publications.view_video", video):
        raise Http404
    storage, name = video.file.storage, video.file.name
    try:
        size = storage.size(name)
        handle = storage.open(name, "rb")
    except (OSError, FileNotFoundError):
        raise Http404 from None
    head = handle.read(videos_sources.SNIFF_BYTES)
    container = videos_sources.sniff_container(head)
    content_type = videos_sources.CONTENT_TYPES.get(container or "", "application/octet-stream")
    etag = f'"{video.pk}-{size}-{int(video.updated_at.timestamp())}"'

    asked = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range", "")
    if if_range and if_range != etag:
        asked = ""  # the file changed since the client's copy: send it whole
    try:
        byte_range = videos_sources.parse_range(asked, size)
    except videos_sources.UnsatisfiableRange:
        handle.close()
        response: HttpResponseBase = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response

    first, last = byte_range if byte_range else (0, size - 1)
    length = max(last - first + 1, 0)
    if request.method == "HEAD":
        handle.close()
        response = HttpResponse(status=206 if byte_range else 200)
    else:
        response = StreamingHttpResponse(
            _read_range(handle, first, length), status=206 if byte_range else 200
        )
    response["Content-Type"] = content_type
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Content-Disposition"] = "inline"
    if byte_range:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    _cache_headers(response, video)
    return response


POSTER_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def _image_type(head: bytes) -> str:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, content_type in POSTER_TYPES.items():
        if head.startswith(magic):
            return content_type
    return "application/octet-stream"


@require_http_methods(["GET", "HEAD"])
def video_poster(request: HttpRequest, slug: str) -> HttpResponseBase:
    video = get_object_or_404(Video, slug=slug)
    if not video.poster or not request.user.has_perm("publications.view_video", video):
        raise Http404
    try:
        with video.poster.open("rb") as handle:
            data = handle.read()
    except OSError:
        raise Http404 from None
    response = HttpResponse(data, content_type=_image_type(data[:12]))
    _cache_headers(response, video)
    return response


@require_http_methods(["GET", "HEAD"])
def video_track_file(request: HttpRequest, slug: str, lang: str) -> HttpResponseBase:
    """A caption file, for the player's <track> (same origin, so no CORS needed)."""
    video = get_object_or_404(Video, slug=slug)
    if not request.user.has_perm("publications.view_video", video):
        raise Http404
    track = video.tracks.filter(language=lang).order_by("kind").first()
    if track is None:
        raise Http404
    try:
        with track.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        raise Http404 from None
    response = HttpResponse(data, content_type="text/vtt; charset=utf-8")
    _cache_headers(response, video)
    return response


# --- Writing --------------------------------------------------------------------------


def _writing_language(request: HttpRequest, video: Video | None) -> str:
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    if lang in EU_LANGUAGE_NAMES:
        return lang
    if video is not None and video.title.original:
        return video.title.original
    return _ui_language()


@login_required
@rate_limited("videos.write")
def video_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("publications.add_video"):
        raise PermissionDenied
    return _video_form(request, actor, None)


@login_required
@rate_limited("videos.write")
def video_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    video = get_object_or_404(Video, slug=slug)
    if not actor.has_perm("publications.change_video", video):
        raise PermissionDenied
    return _video_form(request, actor, video)


def _video_form(request: HttpRequest, actor: User, video: Video | None) -> HttpResponse:
    lang = _writing_language(request, video)
    form = VideoForm(
        request.POST or None,
        request.FILES or None,
        lang=lang,
        instance=video,
        initial={} if video else {"languages": [lang]},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if video is None:
                    saved = services.create_video(actor, **form.values())
                else:
                    saved = services.update_video(actor, video, **form.values())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if video is None:
                    messages.success(
                        request,
                        _("The video is saved as a draft. Add its captions, then publish it."),
                    )
                    return redirect("publications:video_captions", slug=saved.slug)
                messages.success(request, _("The video is saved."))
                return redirect(saved.get_absolute_url())
    return render(
        request,
        "publications/videos/form.html",
        {
            "form": form,
            "video": video,
            "lang": lang,
            "lang_name": EU_LANGUAGE_NAMES.get(lang, lang),
            "languages": sorted(EU_LANGUAGE_NAMES.items(), key=lambda item: str(item[1])),
        },
        status=status,
    )


@login_required
@rate_limited("videos.write")
def video_captions(request: HttpRequest, slug: str) -> HttpResponse:
    """Add, replace or remove the captions of each language."""
    actor = signed_in_user(request)
    video = get_object_or_404(Video, slug=slug)
    if not actor.has_perm("publications.change_video", video):
        raise PermissionDenied
    form = TrackForm(initial={"language": _writing_language(request, video)})
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            track = video.tracks.filter(language=request.POST.get("language", "")).first()
            if track is None:
                raise Http404
            services.remove_track(actor, track)
            messages.success(
                request,
                _("The captions in %(language)s are removed.")
                % {"language": EU_LANGUAGE_NAMES.get(track.language, track.language)},
            )
            return redirect("publications:video_captions", slug=video.slug)
        form = TrackForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                track = services.set_track(
                    actor, video, language=data["language"], kind=data["kind"], file=data["file"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The captions in %(language)s are saved (%(count)s cues).")
                    % {
                        "language": EU_LANGUAGE_NAMES.get(track.language, track.language),
                        "count": track.cue_count,
                    },
                )
                return redirect("publications:video_captions", slug=video.slug)
    return render(
        request,
        "publications/videos/captions.html",
        {"video": video, "form": form, "tracks": video.tracks.order_by("language")},
        status=status,
    )


@login_required
@require_POST
@rate_limited("videos.write")
def video_publish(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    video = get_object_or_404(Video, slug=slug)
    if not actor.has_perm("publications.publish_video", video):
        raise PermissionDenied
    publish = request.POST.get("published") == "1"
    services.set_published(actor, video, publish)
    messages.success(
        request,
        _("The video is published in the library.")
        if publish
        else _("The video is withdrawn: only the staff see it now."),
    )
    return redirect(video.get_absolute_url())
