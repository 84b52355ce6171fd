"""Every write to the video library goes through here.

Network admins and editors add videos (an uploaded file, checked by its content, or a
link to PeerTube, YouTube or Vimeo), describe them per language, add captions per
language (WebVTT, validated) and publish them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core.languages import EU_LANGUAGE_NAMES
from metroagora.core.translated import TranslatedText
from metroagora.events.models import Event
from metroagora.publications import videos_sources, videos_webvtt
from metroagora.publications.models import TrackKind, Video, VideoSource, VideoTrack

# Addresses under videos/ that a slug must not take.
RESERVED_SLUGS = {"new"}
MAX_TITLE = 200
MAX_DESCRIPTION = 5000
POSTER_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_POSTER_BYTES = 5 * 1024 * 1024


# --- Checks shared by the forms, the admin and the services ---------------------------


def max_upload_bytes() -> int:
    return int(getattr(settings, "VIDEO_MAX_UPLOAD_MB", 500)) * 1024 * 1024


def _read_head(file: Any, size: int) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return bytes(head)


def check_video_file(file: Any) -> str:
    """The container (``mp4``, ``webm``, ``ogg``) of an upload, read from its content."""
    if file.size is not None and file.size > max_upload_bytes():
        raise ValidationError(
            _(
                "This file is %(size)s MB; videos can be up to %(max)s MB. "
                "Compress it, or publish it on PeerTube and link it instead."
            )
            % {
                "size": round(file.size / (1024 * 1024)),
                "max": settings.VIDEO_MAX_UPLOAD_MB,
            },
            code="too_large",
        )
    container = videos_sources.sniff_container(_read_head(file, videos_sources.SNIFF_BYTES))
    if container is None:
        raise ValidationError(
            _(
                "This file is not a video we can play, whatever its name says. "
                "Upload an MP4, WebM or Ogg video, or link a video from PeerTube, "
                "YouTube or Vimeo."
            ),
            code="not_a_video",
        )
    return container


def check_video_url(url: str) -> videos_sources.LinkedVideo:
    """The platform and player of a video address, or a ValidationError saying what to do."""
    hosts = list(getattr(settings, "VIDEO_PEERTUBE_HOSTS", []))
    try:
        return videos_sources.parse_video_url(url, hosts)
    except videos_sources.InvalidVideoUrl as error:
        messages = {
            videos_sources.NOT_HTTPS: _(
                "Give the address starting with https:// as shown in your browser."
            ),
            videos_sources.UNKNOWN_PLATFORM: _(
                "Link a video from YouTube, Vimeo or one of these PeerTube sites: "
                "%(hosts)s. For another site, ask a network admin to add it."
            )
            % {"hosts": ", ".join(hosts) or "—"},
            videos_sources.NO_VIDEO_ID: _(
                "This address does not point to one video. Open the video on the "
                "platform and copy the address of its page (or its share link)."
            ),
        }
        raise ValidationError(messages[error.code], code=error.code) from None


def check_poster(image: Any) -> None:
    """A poster is a JPEG, PNG or WebP image (by its content), and not too heavy."""
    from PIL import Image, UnidentifiedImageError

    if image.size is not None and image.size > MAX_POSTER_BYTES:
        raise ValidationError(
            _("The poster image is too heavy: keep it under 5 MB."), code="poster_too_large"
        )
    position = image.tell()
    try:
        image.seek(0)
        with Image.open(image) as opened:
            image_format = opened.format
            opened.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    finally:
        image.seek(position)
    if image_format not in POSTER_FORMATS:
        raise ValidationError(
            _("The poster must be a JPEG, PNG or WebP image. Choose another file."),
            code="poster_format",
        )


def caption_message(problem: videos_webvtt.Problem) -> str:
    """A translated sentence for one problem found in a WebVTT file."""
    W = videos_webvtt
    texts = {
        W.ENCODING: _("The file is not in UTF-8. Save it again as UTF-8 text."),
        W.TOO_LARGE: _("The file is too large for captions (over %(max)s KB)."),
        W.EMPTY: _("The file is empty."),
        W.SIGNATURE: _(
            "A WebVTT file starts with the line WEBVTT. Check that this is a .vtt file "
            "(an .srt file must be converted first)."
        ),
        W.HEADER_NOT_ENDED: _("Leave an empty line after the WEBVTT line, before the first cue."),
        W.BAD_TIMING: _(
            "This timing line is not valid: write it as 00:01:02.500 --> 00:01:05.000."
        ),
        W.BAD_TIMESTAMP: _(
            "The time “%(value)s” is not valid: write hh:mm:ss.ttt or mm:ss.ttt, with "
            "minutes and seconds under 60 and three digits for milliseconds."
        ),
        W.END_NOT_AFTER_START: _("The cue ends before it starts (%(value)s)."),
        W.OUT_OF_ORDER: _(
            "This cue starts (%(value)s) before the previous one: sort the cues by start time."
        ),
        W.BAD_SETTING: _(
            "Unknown or invalid cue setting “%(value)s” (known: vertical, line, position, "
            "size, align, region)."
        ),
        W.DUPLICATE_SETTING: _("The setting “%(value)s” is given twice."),
        W.MISSING_TIMING: _(
            "This block has no timing line: add one, or remove the block "
            "(comments start with NOTE)."
        ),
        W.ARROW_IN_TEXT: _("Text cannot contain “-->”: leave an empty line before the next cue."),
        W.BLOCK_AFTER_CUE: _("A %(value)s block must come before the first cue."),
        W.DUPLICATE_ID: _("The cue name “%(value)s” is used twice."),
        W.NO_CUES: _("The file has no cues: add at least one timed caption."),
        W.TOO_MANY_ERRORS: _("More problems follow; fix these first and upload the file again."),
    }
    params = {"value": problem.detail, "max": W.MAX_BYTES // 1024}
    if problem.code == W.TOO_LARGE and problem.detail.isdigit():
        params["max"] = int(problem.detail) // 1024
    text = texts.get(problem.code, _("This line is not valid WebVTT.")) % params
    if problem.line:
        return _("Line %(line)s: %(problem)s") % {"line": problem.line, "problem": text}
    return text


def check_captions(file: Any) -> videos_webvtt.Result:
    """Parse an uploaded WebVTT file; a ValidationError lists every problem with its line."""
    size = file.size or 0
    if size > videos_webvtt.MAX_BYTES:
        data = b""
        result = videos_webvtt.Result(errors=[videos_webvtt.Problem(0, videos_webvtt.TOO_LARGE)])
    else:
        file.seek(0)
        data = file.read()
        file.seek(0)
        result = videos_webvtt.parse(data)
    if result.errors:
        raise ValidationError(
            [ValidationError(caption_message(p), code=p.code) for p in result.errors]
        )
    return result


# --- Videos -----------------------------------------------------------------------------


def _check(actor: User, perm: str, video: Video | None = None) -> None:
    if not actor.has_perm(perm, video):
        raise PermissionDenied


def _unique_slug(title: TranslatedText, exclude: int | None = None) -> str:
    base = slugify(title.get(title.original or "") or str(title))[:80] or "video"
    if base in RESERVED_SLUGS:
        base = f"{base}-video"
    others = Video.objects.exclude(pk=exclude) if exclude else Video.objects.all()
    slug, n = base, 1
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_languages(languages: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(languages))
    unknown = [code for code in chosen if code not in EU_LANGUAGE_NAMES]
    if unknown:
        raise ValidationError({"languages": _("Choose the spoken languages from the list.")})
    return chosen


def _check_texts(title: TranslatedText, description: TranslatedText) -> None:
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the video a title.")
    elif any(len(title.get(code)) > MAX_TITLE for code in title.languages()):
        errors["title"] = _("Keep the title under %(max)s characters.") % {"max": MAX_TITLE}
    if any(len(description.get(code)) > MAX_DESCRIPTION for code in description.languages()):
        errors["description"] = _("Keep the description under %(max)s characters.") % {
            "max": MAX_DESCRIPTION
        }
    if errors:
        raise ValidationError(errors)


def _delete_after_commit(*files: Any) -> None:
    """Remove replaced files once the new state is saved (never a half-written video)."""
    names = [(f.storage, f.name) for f in files if f and f.name]

    def delete() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def _apply_source(video: Video, *, file: Any, url: str) -> None:
    """Set an uploaded file or a link (not both); the old file goes once saved."""
    if file and url:
        raise ValidationError(
            _("Upload a file or give the address of a video, not both."), code="both"
        )
    if file:
        try:
            container = check_video_file(file)
        except ValidationError as error:
            raise ValidationError({"file": error}) from None
        file.name = f"video.{container}"  # the name says what the content is
        if video.file:
            _delete_after_commit(video.file)
        video.file = file
        video.url = ""
        video.source = VideoSource.UPLOAD
    elif url:
        try:
            linked = check_video_url(url)
        except ValidationError as error:
            raise ValidationError({"url": error}) from None
        if video.file:
            _delete_after_commit(video.file)
            video.file = None
        video.url = linked.watch_url
        video.source = linked.platform
    elif not video.file and not video.url:
        raise ValidationError(
            _("Upload a video file or give the address of a video on PeerTube, YouTube or Vimeo."),
            code="no_source",
        )


def _apply_poster(video: Video, *, poster: Any, poster_alt: str, remove_poster: bool) -> None:
    if remove_poster and video.poster and not poster:
        _delete_after_commit(video.poster)
        video.poster = None
    if poster:
        try:
            check_poster(poster)
        except ValidationError as error:
            raise ValidationError({"poster": error}) from None
        if video.poster:
            _delete_after_commit(video.poster)
        video.poster = poster
    video.poster_alt = (poster_alt or "").strip()
    if video.poster and not video.poster_alt:
        raise ValidationError(
            {
                "poster_alt": _(
                    "Describe the poster image for people who cannot see it "
                    "(for example: “The mayor speaking at the opening”)."
                )
            }
        )
    if len(video.poster_alt) > 300:
        raise ValidationError({"poster_alt": _("Keep the description under 300 characters.")})


@transaction.atomic
def create_video(
    actor: User,
    *,
    title: Any,
    description: Any = None,
    file: Any = None,
    url: str = "",
    poster: Any = None,
    poster_alt: str = "",
    event: Event | None = None,
    speakers: str = "",
    languages: Iterable[str] = (),
    duration_seconds: int | None = None,
) -> Video:
    """A network admin or an editor adds a video (a draft until it is published)."""
    _check(actor, "publications.add_video")
    video = Video(created_by=actor, published=False)
    video.title = TranslatedText.from_json(title)
    video.description = TranslatedText.from_json(description or {})
    _check_texts(video.title, video.description)
    _apply_source(video, file=file, url=(url or "").strip())
    _apply_poster(video, poster=poster, poster_alt=poster_alt, remove_poster=False)
    video.event = event
    video.speakers = (speakers or "").strip()
    video.languages = _clean_languages(languages)
    video.duration_seconds = duration_seconds
    video.slug = _unique_slug(video.title)
    video.full_clean(exclude=["created_by"])  # kept when its author leaves
    video.save()
    return video


@transaction.atomic
def update_video(
    actor: User,
    video: Video,
    *,
    title: Any,
    description: Any = None,
    file: Any = None,
    url: str = "",
    poster: Any = None,
    poster_alt: str = "",
    remove_poster: bool = False,
    event: Event | None = None,
    speakers: str = "",
    languages: Iterable[str] = (),
    duration_seconds: int | None = None,
) -> Video:
    """Change what is said about a video, its poster, or replace its file or link."""
    video = Video.objects.select_for_update().get(pk=video.pk)
    _check(actor, "publications.change_video", video)
    video.title = TranslatedText.from_json(title)
    video.description = TranslatedText.from_json(description or {})
    _check_texts(video.title, video.description)
    _apply_source(video, file=file, url=(url or "").strip())
    _apply_poster(video, poster=poster, poster_alt=poster_alt, remove_poster=remove_poster)
    video.event = event
    video.speakers = (speakers or "").strip()
    video.languages = _clean_languages(languages)
    video.duration_seconds = duration_seconds
    video.full_clean(exclude=["created_by"])  # kept when its author leaves
    video.save()
    return video


@transaction.atomic
def set_published(actor: User, video: Video, published: bool) -> Video:
    """Publish a video in the library, or take it back to the staff's drafts."""
    video = Video.objects.select_for_update().get(pk=video.pk)
    _check(actor, "publications.publish_video", video)
    if video.published != published:
        video.published = published
        video.save(update_fields=["published", "updated_at"])
    return video


@transaction.atomic
def delete_video(actor: User, video: Video) -> None:
    """Remove a video, its poster and its captions (files go once the deletion is saved)."""
    video = Video.objects.select_for_update().get(pk=video.pk)
    _check(actor, "publications.change_video", video)
    _delete_after_commit(video.file, video.poster, *(track.file for track in video.tracks.all()))
    video.delete()


# --- Captions -------------------------------------------------------------------------


@transaction.atomic
def set_track(
    actor: User, video: Video, *, language: str, file: Any, kind: str = TrackKind.CAPTIONS
) -> VideoTrack:
    """Add the captions of one language, or replace them (one track per language)."""
    video = Video.objects.select_for_update().get(pk=video.pk)
    _check(actor, "publications.change_video", video)
    if language not in EU_LANGUAGE_NAMES:
        raise ValidationError({"language": _("Choose the language of the captions.")})
    if kind not in TrackKind.values:
        raise ValidationError({"kind": _("Choose captions or subtitles.")})
    try:
        result = check_captions(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    existing = list(video.tracks.filter(language=language))
    _delete_after_commit(*(track.file for track in existing))
    for track in existing:
        track.delete()
    file.seek(0)
    track = VideoTrack(video=video, language=language, kind=kind, cue_count=len(result.cues))
    track.file.save(f"{video.slug}.{language}.vtt", file, save=False)
    track.full_clean()
    track.save()
    return track


@transaction.atomic
def remove_track(actor: User, track: VideoTrack) -> None:
    _check(actor, "publications.change_video", track.video)
    _delete_after_commit(track.file)
    track.delete()
