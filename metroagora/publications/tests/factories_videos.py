"""Factories and sample files for the video library's tests.

The sample "videos" are only what the checks read: a real container signature (WebM's
EBML header, MP4's ``ftyp`` box) followed by filler bytes, so range requests have
something to cut. ``VideoFactory()`` is a published YouTube link; ``uploaded=True``
gives an uploaded WebM file instead; ``TrackFactory`` adds English captions.
"""

from __future__ import annotations

import io

import factory
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.publications.models import TrackKind, Video, VideoSource, VideoTrack

# An EBML header whose DocType is "webm" (31 bytes of content).
WEBM_HEADER = bytes.fromhex(
    "1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810242858102"
)
MP4_HEADER = bytes.fromhex("00000018") + b"ftypisom" + bytes.fromhex("00000200") + b"isommp41"
FILLER = bytes(range(256)) * 40  # 10,240 bytes


def webm_bytes() -> bytes:
    return WEBM_HEADER + FILLER


def mp4_bytes() -> bytes:
    return MP4_HEADER + FILLER


def webm_upload(name: str = "talk.webm") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, webm_bytes(), content_type="video/webm")


def mp4_upload(name: str = "talk.mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, mp4_bytes(), content_type="video/mp4")


def png_bytes(size: tuple[int, int] = (16, 9)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "poster.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


VTT_EN = """WEBVTT

1
00:00:00.000 --> 00:00:02.500
<v Anna Rossi>Welcome to the <b>citizens' forum</b>.

2
00:00:02.500 --> 00:00:05.000
We start with the budget &amp; the results.
"""

VTT_FR = """WEBVTT

00:00.000 --> 00:02.500
Bienvenue au forum citoyen.

00:02.500 --> 00:05.000
Nous commençons par le budget et les résultats.
"""


def vtt_upload(text: str = VTT_EN, name: str = "captions.vtt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/vtt")


def en(text: str) -> dict[str, str]:
    return {"en": text, "_original": "en"}


class VideoFactory(factory.django.DjangoModelFactory):
    """A published video on YouTube; ``uploaded=True`` for an uploaded WebM file."""

    class Meta:
        model = Video

    class Params:
        uploaded = factory.Trait(
            source=VideoSource.UPLOAD,
            url="",
            file=factory.LazyFunction(lambda: ContentFile(webm_bytes(), name="video.webm")),
        )

    slug = factory.Sequence(lambda n: f"video-{n}")
    title = factory.LazyAttribute(lambda o: en(f"Talk {o.slug}"))
    description = factory.LazyFunction(lambda: en("A talk at the citizens' forum."))
    source = VideoSource.YOUTUBE
    url = "https://www.youtube.com/watch?v=abcdefghijk"
    languages = factory.LazyFunction(lambda: ["en"])
    published = True


class TrackFactory(factory.django.DjangoModelFactory):
    """English captions (two cues) of a video."""

    class Meta:
        model = VideoTrack

    video = factory.SubFactory(VideoFactory)
    language = "en"
    kind = TrackKind.CAPTIONS
    file = factory.LazyFunction(lambda: ContentFile(VTT_EN.encode(), name="captions.vtt"))
    cue_count = 2


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(db):
    return with_two_factor(UserFactory(is_editor=True))


@pytest.fixture
def admin_user_2fa(db):
    return with_two_factor(UserFactory(is_superuser=True, is_staff=True))
