"""Serving a video with byte ranges, its captions and its poster."""

import pytest
from django.core.files.base import ContentFile

from metroagora.publications.tests.factories_videos import (  # noqa: F401 - fixtures
    VTT_EN,
    TrackFactory,
    VideoFactory,
    editor,
    media_in_tmp,
    mp4_bytes,
    png_bytes,
    webm_bytes,
)

pytestmark = pytest.mark.usefixtures("media_in_tmp")


@pytest.fixture
def video(db):
    return VideoFactory(uploaded=True, slug="forum-opening")


URL = "/en/videos/forum-opening/file"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_serves_the_whole_file_and_says_it_accepts_ranges(client, video):
    response = client.get(URL)
    data = webm_bytes()
    assert response.status_code == 200
    assert response["Content-Type"] == "video/webm"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(data))
    assert "Content-Range" not in response
    assert body(response) == data


def test_it_types_the_file_by_its_content(client, db):
    VideoFactory(uploaded=True, slug="mp4", file=ContentFile(mp4_bytes(), name="video.webm"))
    assert client.get("/en/videos/mp4/file")["Content-Type"] == "video/mp4"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, None),
        ("bytes=-200", -200, None),
        ("bytes=10000-99999", 10000, None),
        ("bytes=0-0", 0, 0),
    ],
)
def test_it_answers_one_range_with_206_and_the_part(client, video, header, first, last):
    data = webm_bytes()
    size = len(data)
    expected = data[first : (last + 1 if last is not None else None)]
    start = first if first >= 0 else size + first
    response = client.get(URL, headers={"Range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{size}"
    assert response["Content-Length"] == str(len(expected))
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/webm"
    assert body(response) == expected


@pytest.mark.parametrize("header", ["bytes=999999-", "bytes=10276-10300", "bytes=-0"])
def test_it_answers_a_range_past_the_end_with_416(client, video, header):
    size = len(webm_bytes())
    response = client.get(URL, headers={"Range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize("header", ["bytes=0-9,20-29", "bytes=abc", "lines=1-2", "bytes=9-1"])
def test_it_answers_several_or_unreadable_ranges_with_the_whole_file(client, video, header):
    response = client.get(URL, headers={"Range": header})
    assert response.status_code == 200
    assert body(response) == webm_bytes()


def test_it_sends_the_whole_file_when_it_changed_since_the_client_copy(client, video):
    current = client.get(URL)["ETag"]
    partial = client.get(URL, headers={"Range": "bytes=0-9", "If-Range": current})
    assert partial.status_code == 206
    stale = client.get(URL, headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert stale.status_code == 200


def test_it_answers_head_requests_without_a_body(client, video):
    response = client.head(URL, headers={"Range": "bytes=0-99"})
    assert response.status_code == 206
    assert response["Content-Length"] == "100"
    assert response.content == b""


def test_it_refuses_other_methods(client, video):
    assert client.post(URL).status_code == 405


def test_drafts_are_served_to_the_staff_only(client, db, editor):  # noqa: F811
    VideoFactory(uploaded=True, slug="draft", published=False)
    TrackFactory(video__slug="draft-tracks", video__published=False)
    assert client.get("/en/videos/draft/file").status_code == 404
    assert client.get("/en/videos/draft-tracks/captions/en.vtt").status_code == 404
    client.force_login(editor)
    response = client.get("/en/videos/draft/file")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_linked_video_has_no_file(client, db):
    VideoFactory(slug="linked")
    assert client.get("/en/videos/linked/file").status_code == 404


def test_it_serves_captions_as_text_vtt(client, db):
    TrackFactory(video__slug="talk")
    response = client.get("/en/videos/talk/captions/en.vtt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode() == VTT_EN
    assert client.get("/en/videos/talk/captions/fr.vtt").status_code == 404


def test_it_serves_the_poster_typed_by_its_content(client, db):
    VideoFactory(
        slug="with-poster",
        poster=ContentFile(png_bytes(), name="poster.jpg"),
        poster_alt="A hall",
    )
    response = client.get("/en/videos/with-poster/poster")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == png_bytes()
    assert client.get("/en/videos/video-none/poster").status_code == 404
