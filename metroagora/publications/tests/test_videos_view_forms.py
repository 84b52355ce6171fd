"""Adding, editing, captioning and publishing videos through the pages, per role."""

import pytest

from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.publications.models import Video, VideoSource, VideoTrack
from metroagora.publications.tests.factories_videos import (  # noqa: F401 - fixtures
    VTT_FR,
    TrackFactory,
    VideoFactory,
    editor,
    en,
    media_in_tmp,
    png_bytes,
    png_upload,
    vtt_upload,
    webm_upload,
)

pytestmark = pytest.mark.usefixtures("media_in_tmp")


def html(response) -> str:
    return response.content.decode()


# --- Per role ----------------------------------------------------------------------------


WRITE_PAGES = [
    ("get", "/en/videos/new/"),
    ("get", "/en/videos/talk/edit/"),
    ("get", "/en/videos/talk/captions/"),
    ("post", "/en/videos/talk/publish/"),
]


@pytest.mark.parametrize(("method", "url"), WRITE_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),  # to the sign-in page
        ("participant", 403),
        ("resident", 403),
        ("policymaker", 403),
        ("moderator", 403),
        ("coordinator", 403),
        ("admin", 200),
        ("editor", 200),
    ],
)
def test_only_admins_and_editors_reach_the_write_pages(
    client,
    roles,  # noqa: F811
    editor,  # noqa: F811
    role,
    status,
    method,
    url,
):
    VideoFactory(slug="talk", published=False)
    user = editor if role == "editor" else getattr(roles, role)
    if user.is_authenticated:
        client.force_login(user)
    response = getattr(client, method)(url, {"published": "1"} if method == "post" else None)
    expected = 302 if (method == "post" and status == 200) else status
    assert response.status_code == expected
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    published = Video.objects.get(slug="talk").published
    assert published == (method == "post" and status == 200)


# --- Adding a video -----------------------------------------------------------------------


def test_an_editor_uploads_a_video_and_is_sent_to_its_captions(client, editor):  # noqa: F811
    client.force_login(editor)
    response = client.post(
        "/en/videos/new/",
        {
            "lang": "en",
            "title": "Opening of the forum",
            "description": "With the **mayor**.",
            "file": webm_upload(),
            "poster": png_upload(),
            "poster_alt": "The mayor at the lectern",
            "speakers": "Anna Rossi",
            "languages": ["en", "fr"],
        },
    )
    video = Video.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/en/videos/opening-of-the-forum/captions/"
    assert video.source == VideoSource.UPLOAD and not video.published
    assert video.title.to_json() == {"en": "Opening of the forum", "_original": "en"}
    assert video.languages == ["en", "fr"]


def test_a_png_named_mp4_is_refused_with_a_clear_message(client, editor):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    fake = SimpleUploadedFile("talk.mp4", png_bytes(), content_type="video/mp4")
    response = client.post("/en/videos/new/", {"lang": "en", "title": "Fake", "file": fake})
    assert response.status_code == 400
    assert "This file is not a video we can play, whatever its name says." in html(response)
    assert not Video.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.org/watch?v=1", "Link a video from YouTube, Vimeo or one of these"),
        ("https://www.youtube.com/@someone", "does not point to one video"),
        ("not an address", "Enter a valid URL."),
    ],
)
def test_a_bad_address_is_refused_next_to_its_field(client, editor, url, message):  # noqa: F811
    client.force_login(editor)
    response = client.post("/en/videos/new/", {"lang": "en", "title": "x", "url": url})
    assert response.status_code == 400
    content = html(response)
    assert 'id="id_url_error"' in content
    assert message in content


def test_a_link_becomes_a_linked_video(client, editor):  # noqa: F811
    client.force_login(editor)
    client.post(
        "/en/videos/new/",
        {"lang": "en", "title": "On Vimeo", "url": "https://vimeo.com/76979871"},
    )
    video = Video.objects.get()
    assert video.source == VideoSource.VIMEO
    assert video.url == "https://vimeo.com/76979871"


def test_it_asks_for_a_video_and_for_the_poster_description(client, editor):  # noqa: F811
    client.force_login(editor)
    response = client.post("/en/videos/new/", {"lang": "en", "title": "x", "poster": png_upload()})
    content = html(response)
    assert response.status_code == 400
    assert "Upload a video file, or give the address of a video" in content
    assert "Describe the poster image for people who cannot see it." in content


def test_editing_in_another_language_keeps_the_original(client, editor):  # noqa: F811
    video = VideoFactory(slug="talk", title=en("The talk"))
    client.force_login(editor)
    page = html(client.get("/en/videos/talk/edit/?lang=fr"))
    assert 'lang="fr"' in page and "You are writing the title and description in French" in page
    response = client.post(
        "/en/videos/talk/edit/",
        {"lang": "fr", "title": "La conférence", "languages": ["en"]},
    )
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.title.to_json() == {"en": "The talk", "fr": "La conférence", "_original": "en"}
    assert video.url == "https://www.youtube.com/watch?v=abcdefghijk"  # kept
    assert 'value="The talk"' in html(client.get("/en/videos/talk/edit/"))


# --- Captions ------------------------------------------------------------------------------


def test_an_editor_adds_replaces_and_removes_captions(client, editor):  # noqa: F811
    video = VideoFactory(slug="talk")
    client.force_login(editor)
    response = client.post(
        "/en/videos/talk/captions/",
        {"action": "add", "language": "fr", "kind": "captions", "file": vtt_upload(VTT_FR)},
    )
    assert response.status_code == 302
    page = html(client.get("/en/videos/talk/captions/"))
    assert "The captions in French are saved (2 cues)." in page
    assert '<th scope="row">French</th>' in page
    client.post(
        "/en/videos/talk/captions/",
        {"action": "add", "language": "fr", "kind": "subtitles", "file": vtt_upload(VTT_FR)},
    )
    assert [(t.language, t.kind) for t in video.tracks.all()] == [("fr", "subtitles")]
    client.post("/en/videos/talk/captions/", {"action": "remove", "language": "fr"})
    assert not VideoTrack.objects.exists()


def test_bad_captions_are_refused_with_their_lines(client, editor):  # noqa: F811
    VideoFactory(slug="talk")
    client.force_login(editor)
    bad = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:03,000 --> 00:00:04,000\nsrt\n"
    response = client.post(
        "/en/videos/talk/captions/",
        {"action": "add", "language": "en", "kind": "captions", "file": vtt_upload(bad)},
    )
    content = html(response)
    assert response.status_code == 400
    assert "Line 6: The time “00:00:03,000” is not valid" in content
    assert "Line 6: The time “00:00:04,000” is not valid" in content
    assert not VideoTrack.objects.exists()


def test_removing_captions_of_another_video_is_404(client, editor):  # noqa: F811
    VideoFactory(slug="talk")
    TrackFactory(video__slug="other", language="fr")
    client.force_login(editor)
    response = client.post("/en/videos/talk/captions/", {"action": "remove", "language": "fr"})
    assert response.status_code == 404
    assert VideoTrack.objects.count() == 1


# --- Publishing ----------------------------------------------------------------------------


def test_publishing_and_withdrawing(client, editor):  # noqa: F811
    video = VideoFactory(slug="talk", published=False)
    client.force_login(editor)
    response = client.post("/en/videos/talk/publish/", {"published": "1"})
    assert response["Location"] == "/en/videos/talk/"
    video.refresh_from_db()
    assert video.published
    client.post("/en/videos/talk/publish/", {"published": "0"})
    video.refresh_from_db()
    assert not video.published
    assert client.get("/en/videos/talk/publish/").status_code == 405
