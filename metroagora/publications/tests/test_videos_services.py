"""Writing to the video library: who may, what is checked, and nothing half-written."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from metroagora.accounts.tests.factories import UserFactory
from metroagora.events.tests.factories import EventFactory
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.publications import videos_services as services
from metroagora.publications.models import TrackKind, Video, VideoSource, VideoTrack
from metroagora.publications.tests.factories_videos import (  # noqa: F401 - fixtures
    VTT_EN,
    VTT_FR,
    VideoFactory,
    admin_user_2fa,
    editor,
    en,
    media_in_tmp,
    mp4_upload,
    png_bytes,
    png_upload,
    vtt_upload,
    webm_upload,
)

pytestmark = pytest.mark.usefixtures("media_in_tmp")


def _errors(raised: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return raised.value.message_dict


# --- Who may ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("participant", False),
        ("resident", False),
        ("policymaker", False),
        ("moderator", False),
        ("coordinator", False),
        ("admin", True),
    ],
)
def test_only_network_admins_and_editors_add_videos(roles, role, allowed):  # noqa: F811
    actor = getattr(roles, role)
    if allowed:
        video = services.create_video(
            actor, title=en("Opening"), url="https://youtu.be/dQw4w9WgXcQ"
        )
        assert video.created_by == actor
    else:
        with pytest.raises(PermissionDenied):
            services.create_video(actor, title=en("Opening"), url="https://youtu.be/dQw4w9WgXcQ")
        assert not Video.objects.exists()


def test_editors_add_change_publish_and_caption_videos(editor):  # noqa: F811
    video = services.create_video(editor, title=en("Opening"), file=webm_upload())
    video = services.update_video(editor, video, title=en("Opening talk"))
    services.set_track(editor, video, language="en", file=vtt_upload())
    video = services.set_published(editor, video, True)
    assert video.published
    assert str(video.title) == "Opening talk"


def test_an_inactive_editor_can_do_nothing(db):
    former = UserFactory(is_editor=True, is_active=False)
    with pytest.raises(PermissionDenied):
        services.create_video(former, title=en("x"), url="https://youtu.be/dQw4w9WgXcQ")
    video = VideoFactory()
    for write in (
        lambda: services.set_published(former, video, False),
        lambda: services.set_track(former, video, language="en", file=vtt_upload()),
        lambda: services.update_video(former, video, title=en("y")),
    ):
        with pytest.raises(PermissionDenied):
            write()


# --- Uploads ---------------------------------------------------------------------------


def test_it_saves_an_upload_as_a_draft_named_by_its_content(editor):  # noqa: F811
    event = EventFactory()
    video = services.create_video(
        editor,
        title=en("Participatory budgets in Lyon"),
        description=en("The **opening** session."),
        file=mp4_upload("whatever-name.bin"),
        event=event,
        speakers=" Anna Rossi, Jan Nowak ",
        languages=["fr", "en", "fr"],
        duration_seconds=600,
    )
    assert not video.published
    assert video.source == VideoSource.UPLOAD
    assert video.slug == "participatory-budgets-in-lyon"
    assert Path(video.file.name).name.startswith("video") and video.file.name.endswith(".mp4")
    assert video.event == event
    assert video.speakers == "Anna Rossi, Jan Nowak"
    assert video.languages == ["fr", "en"]


def test_it_refuses_a_png_named_mp4_and_writes_nothing(editor):  # noqa: F811
    fake = SimpleUploadedFile("talk.mp4", png_bytes(), content_type="video/mp4")
    with pytest.raises(ValidationError) as raised:
        services.create_video(editor, title=en("Fake"), file=fake)
    assert "not a video we can play" in _errors(raised)["file"][0]
    assert not Video.objects.exists()


def test_it_refuses_files_over_the_size_limit(editor, settings):  # noqa: F811
    settings.VIDEO_MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError) as raised:
        services.create_video(editor, title=en("Big"), file=webm_upload())
    assert "videos can be up to 0 MB" in _errors(raised)["file"][0]


def test_it_wants_a_file_or_a_link_not_both_nor_none(editor):  # noqa: F811
    with pytest.raises(ValidationError, match="not both"):
        services.create_video(
            editor, title=en("x"), file=webm_upload(), url="https://youtu.be/dQw4w9WgXcQ"
        )
    with pytest.raises(ValidationError, match="Upload a video file or give the address"):
        services.create_video(editor, title=en("x"))
    assert not Video.objects.exists()


def test_a_video_whose_author_left_can_still_be_edited(editor):  # noqa: F811
    video = VideoFactory(created_by=None)
    video = services.update_video(editor, video, title=en("Still here"))
    assert str(video.title) == "Still here"


def test_it_wants_a_title(editor):  # noqa: F811
    with pytest.raises(ValidationError) as raised:
        services.create_video(editor, title={}, url="https://youtu.be/dQw4w9WgXcQ")
    assert "title" in _errors(raised)


# --- Links -----------------------------------------------------------------------------


def test_it_stores_the_canonical_address_of_a_link(editor):  # noqa: F811
    video = services.create_video(
        editor, title=en("Talk"), url="https://youtu.be/dQw4w9WgXcQ?si=tracking"
    )
    assert video.source == VideoSource.YOUTUBE
    assert video.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_it_links_peertube_only_from_configured_sites(editor, settings):  # noqa: F811
    settings.VIDEO_PEERTUBE_HOSTS = ["tube.example.org"]
    with pytest.raises(ValidationError) as raised:
        services.create_video(
            editor, title=en("x"), url="https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv"
        )
    assert "tube.example.org" in _errors(raised)["url"][0]
    video = services.create_video(
        editor, title=en("x"), url="https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv"
    )
    assert video.source == VideoSource.PEERTUBE


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://youtu.be/dQw4w9WgXcQ", "https://"),
        ("https://www.youtube.com/channel/UC1", "does not point to one video"),
        ("https://example.org/video.mp4", "Link a video from YouTube, Vimeo or one of"),
    ],
)
def test_it_says_what_is_wrong_with_an_address(editor, url, message):  # noqa: F811
    with pytest.raises(ValidationError) as raised:
        services.create_video(editor, title=en("x"), url=url)
    assert message in _errors(raised)["url"][0]


def test_replacing_a_file_by_a_link_removes_the_file_once_saved(
    editor,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    video = services.create_video(editor, title=en("Talk"), file=webm_upload())
    storage, name = video.file.storage, video.file.name
    with django_capture_on_commit_callbacks(execute=True):
        video = services.update_video(
            editor, video, title=en("Talk"), url="https://vimeo.com/76979871"
        )
    assert video.source == VideoSource.VIMEO
    assert not video.file
    assert not storage.exists(name)


def test_a_failed_change_keeps_the_old_file(editor, django_capture_on_commit_callbacks):  # noqa: F811
    video = services.create_video(editor, title=en("Talk"), file=webm_upload())
    name = video.file.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.update_video(editor, video, title=en("Talk"), url="https://example.org/x")
    video.refresh_from_db()
    assert video.file.name == name
    assert video.file.storage.exists(name)


# --- Titles in several languages, posters ------------------------------------------------


def test_slugs_are_unique_and_never_new(editor):  # noqa: F811
    first = services.create_video(editor, title=en("New"), url="https://youtu.be/dQw4w9WgXcQ")
    second = services.create_video(editor, title=en("New"), url="https://youtu.be/dQw4w9WgXcQ")
    assert first.slug == "new-video"
    assert second.slug == "new-video-2"


def test_a_poster_needs_its_description(editor):  # noqa: F811
    with pytest.raises(ValidationError) as raised:
        services.create_video(
            editor, title=en("x"), url="https://youtu.be/dQw4w9WgXcQ", poster=png_upload()
        )
    assert "poster_alt" in _errors(raised)
    video = services.create_video(
        editor,
        title=en("x"),
        url="https://youtu.be/dQw4w9WgXcQ",
        poster=png_upload(),
        poster_alt="The mayor at the lectern",
    )
    assert video.poster and video.poster_alt == "The mayor at the lectern"


def test_a_poster_must_really_be_an_image(editor):  # noqa: F811
    fake = SimpleUploadedFile("poster.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(ValidationError) as raised:
        services.create_video(
            editor,
            title=en("x"),
            url="https://youtu.be/dQw4w9WgXcQ",
            poster=fake,
            poster_alt="x",
        )
    assert "JPEG, PNG or WebP" in _errors(raised)["poster"][0]


def test_removing_the_poster(editor, django_capture_on_commit_callbacks):  # noqa: F811
    video = services.create_video(
        editor,
        title=en("x"),
        url="https://youtu.be/dQw4w9WgXcQ",
        poster=png_upload(),
        poster_alt="A hall",
    )
    storage, name = video.poster.storage, video.poster.name
    with django_capture_on_commit_callbacks(execute=True):
        video = services.update_video(editor, video, title=en("x"), remove_poster=True)
    assert not video.poster and video.poster_alt == ""
    assert not storage.exists(name)


# --- Captions --------------------------------------------------------------------------


def test_it_validates_captions_and_counts_cues(editor):  # noqa: F811
    video = VideoFactory(uploaded=True)
    track = services.set_track(editor, video, language="en", file=vtt_upload())
    assert track.cue_count == 2
    assert track.kind == TrackKind.CAPTIONS
    assert track.file.read().decode().startswith("WEBVTT")


def test_it_refuses_bad_captions_with_every_problem_and_its_line(editor):  # noqa: F811
    video = VideoFactory()
    bad = "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nBackwards\n\n00:61.000 --> 01:00.000\nx\n"
    with pytest.raises(ValidationError) as raised:
        services.set_track(editor, video, language="en", file=vtt_upload(bad))
    messages = _errors(raised)["file"]
    assert messages[0].startswith("Line 3: The cue ends before it starts")
    assert messages[1].startswith("Line 6: The time “00:61.000” is not valid")
    assert not VideoTrack.objects.exists()


def test_it_refuses_a_file_that_is_not_webvtt(editor):  # noqa: F811
    video = VideoFactory()
    with pytest.raises(ValidationError) as raised:
        services.set_track(
            editor, video, language="en", file=SimpleUploadedFile("x.vtt", png_bytes())
        )
    assert "WEBVTT" in _errors(raised)["file"][0] or "UTF-8" in _errors(raised)["file"][0]


def test_new_captions_replace_those_of_the_same_language(
    editor,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    video = VideoFactory()
    old = services.set_track(editor, video, language="fr", file=vtt_upload(VTT_EN))
    storage, name = old.file.storage, old.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.set_track(
            editor, video, language="fr", kind=TrackKind.SUBTITLES, file=vtt_upload(VTT_FR)
        )
    tracks = list(video.tracks.all())
    assert [(t.language, t.kind) for t in tracks] == [("fr", TrackKind.SUBTITLES)]
    assert "Bienvenue" in tracks[0].file.read().decode()
    assert not storage.exists(name)


def test_it_wants_a_known_language_and_kind(editor):  # noqa: F811
    video = VideoFactory()
    with pytest.raises(ValidationError):
        services.set_track(editor, video, language="xx", file=vtt_upload())
    with pytest.raises(ValidationError):
        services.set_track(editor, video, language="en", kind="chapters", file=vtt_upload())


def test_removing_captions(editor, django_capture_on_commit_callbacks):  # noqa: F811
    video = VideoFactory()
    track = services.set_track(editor, video, language="en", file=vtt_upload())
    storage, name = track.file.storage, track.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_track(editor, track)
    assert not video.tracks.exists()
    assert not storage.exists(name)


def test_deleting_a_video_removes_its_files(
    admin_user_2fa,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    video = services.create_video(
        admin_user_2fa,
        title=en("x"),
        file=webm_upload(),
        poster=png_upload(),
        poster_alt="A hall",
    )
    track = services.set_track(admin_user_2fa, video, language="en", file=vtt_upload())
    files = [(f.storage, f.name) for f in (video.file, video.poster, track.file)]
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_video(admin_user_2fa, video)
    assert not Video.objects.exists()
    assert not any(storage.exists(name) for storage, name in files)
