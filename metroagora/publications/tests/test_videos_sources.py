"""Where a video comes from: container sniffing, platform addresses, byte ranges (pure)."""

import pytest

from metroagora.publications import videos_sources as sources
from metroagora.publications.tests.factories_videos import (
    MP4_HEADER,
    WEBM_HEADER,
    mp4_bytes,
    png_bytes,
    webm_bytes,
)

PEERTUBE_HOSTS = ["framatube.org", "video.blender.org"]


# --- Containers -----------------------------------------------------------------------


def test_it_recognises_webm_mp4_and_ogg_by_their_first_bytes():
    assert sources.sniff_container(webm_bytes()) == sources.WEBM
    assert sources.sniff_container(mp4_bytes()) == sources.MP4
    ogg = b"OggS\x00\x02" + bytes(22) + b"\x01vorbis"
    assert sources.sniff_container(ogg) == sources.OGG


@pytest.mark.parametrize(
    "head",
    [
        png_bytes(),
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",  # JPEG
        b"%PDF-1.7\n" + bytes(60),
        b"GIF89a" + bytes(60),
        b"<html><body>not a video</body></html>",
        b"RIFF\x00\x00\x00\x00AVI LIST",  # AVI: browsers do not play it
        b"",
        b"ftyp",
        # Matroska, but not WebM: browsers do not promise to play .mkv
        WEBM_HEADER.replace(b"webm", b"mkvx"),
        # an ftyp box of an unknown brand (a HEIC photo)
        bytes.fromhex("00000018") + b"ftypheic" + bytes(12),
        b"OggS",  # too short to be a page
    ],
)
def test_it_refuses_anything_else(head):
    assert sources.sniff_container(head) is None


def test_it_reads_mp4_brands_of_quicktime_and_dash():
    for brand in (b"qt  ", b"dash", b"M4V ", b"mp42"):
        head = MP4_HEADER[:8] + brand + MP4_HEADER[12:]
        assert sources.sniff_container(head) == sources.MP4, brand


# --- Platforms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=share",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "  https://www.youtube.com/watch?v=dQw4w9WgXcQ  ",
    ],
)
def test_it_links_youtube_through_the_no_cookie_player(url):
    video = sources.parse_video_url(url)
    assert video.platform == sources.YOUTUBE
    assert video.video_id == "dQw4w9WgXcQ"
    assert video.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert video.watch_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "embed", "watch"),
    [
        (
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://www.vimeo.com/76979871#t=10s",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://vimeo.com/groups/shortfilms/videos/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (  # an unlisted video keeps its private hash
            "https://vimeo.com/76979871/a1b2c3d4e5",
            "https://player.vimeo.com/video/76979871?dnt=1&h=a1b2c3d4e5",
            "https://vimeo.com/76979871/a1b2c3d4e5",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5&autoplay=1",
            "https://player.vimeo.com/video/76979871?dnt=1&h=a1b2c3d4e5",
            "https://vimeo.com/76979871/a1b2c3d4e5",
        ),
    ],
)
def test_it_links_vimeo_without_tracking(url, embed, watch):
    video = sources.parse_video_url(url)
    assert video.platform == sources.VIMEO
    assert video.video_id == "76979871"
    assert video.embed_url == embed
    assert video.watch_url == watch


@pytest.mark.parametrize(
    "url",
    [
        "https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://framatube.org/videos/watch/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://framatube.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://FRAMATUBE.org/w/kkGMgK9ZtnKfYAgnEtQxbv?start=1m",
    ],
)
def test_it_links_peertube_videos_of_the_configured_sites(url):
    video = sources.parse_video_url(url, PEERTUBE_HOSTS)
    assert video.platform == sources.PEERTUBE
    assert video.host == "framatube.org"
    assert video.embed_url == "https://framatube.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv?p2p=0"
    assert video.watch_url == "https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv"


def test_it_accepts_peertube_uuids():
    uuid = "9c9de5e8-0a1e-484a-b099-e80766180a6d"
    video = sources.parse_video_url(
        f"https://video.blender.org/videos/watch/{uuid}", PEERTUBE_HOSTS
    )
    assert video.embed_url == f"https://video.blender.org/videos/embed/{uuid}?p2p=0"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", sources.NOT_HTTPS),
        ("javascript:alert(1)", sources.NOT_HTTPS),
        ("www.youtube.com/watch?v=dQw4w9WgXcQ", sources.NOT_HTTPS),
        ("", sources.NOT_HTTPS),
        ("https://www.youtube.com/watch?v=short", sources.NO_VIDEO_ID),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ!", sources.NO_VIDEO_ID),
        ("https://www.youtube.com/channel/UC123", sources.NO_VIDEO_ID),
        ("https://www.youtube.com/", sources.NO_VIDEO_ID),
        ("https://youtu.be/", sources.NO_VIDEO_ID),
        ("https://vimeo.com/about", sources.NO_VIDEO_ID),
        ("https://vimeo.com/76979871/NOT-A-HASH", sources.NO_VIDEO_ID),
        ("https://framatube.org/w/", sources.NO_VIDEO_ID),
        ("https://framatube.org/a/framasoft/videos", sources.NO_VIDEO_ID),
        ("https://framatube.org/w/0OIl0OIl0OIl0OIl0OIl00", sources.NO_VIDEO_ID),
        ("https://peertube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv", sources.UNKNOWN_PLATFORM),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", sources.UNKNOWN_PLATFORM),
        ("https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ", sources.UNKNOWN_PLATFORM),
        ("https://user@www.youtube.com/watch?v=dQw4w9WgXcQ", sources.UNKNOWN_PLATFORM),
        ("https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ", sources.UNKNOWN_PLATFORM),
        ("https://dailymotion.com/video/x7tgad0", sources.UNKNOWN_PLATFORM),
    ],
)
def test_it_refuses_other_addresses_with_a_reason(url, code):
    with pytest.raises(sources.InvalidVideoUrl) as raised:
        sources.parse_video_url(url, PEERTUBE_HOSTS)
    assert raised.value.code == code


# --- Byte ranges ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),  # a suffix longer than the file: all of it
        ("bytes=990-2000", (990, 999)),  # an end past the file is cut
        ("bytes=999-999", (999, 999)),
        ("bytes= 0-9", (0, 9)),
    ],
)
def test_it_reads_one_range(header, expected):
    assert sources.parse_range(header, 1000) == expected


@pytest.mark.parametrize(
    "header",
    [
        "",
        "bytes=0-9,20-29",  # several ranges: the whole file
        "items=0-9",  # unknown unit: ignored
        "bytes=abc",
        "bytes=-",
        "bytes=10-5",  # last before first: invalid, ignored
    ],
)
def test_it_sends_the_whole_file_for_no_or_ignored_ranges(header):
    assert sources.parse_range(header, 1000) is None


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_it_says_when_a_range_is_past_the_end(header):
    with pytest.raises(sources.UnsatisfiableRange):
        sources.parse_range(header, 1000)
