"""seed_demo_videos on top of the demo network and events."""

import io

import pytest
from django.core.management import CommandError, call_command

from metroagora.publications import videos_demo, videos_webvtt
from metroagora.publications.models import Video, VideoSource
from metroagora.publications.tests.factories_videos import media_in_tmp  # noqa: F401
from metroagora.publications.videos_sources import sniff_container

pytestmark = pytest.mark.usefixtures("media_in_tmp")


def _run(*args):
    out = io.StringIO()
    call_command("seed_demo_videos", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    for command in ("seed_demo", "seed_demo_events"):
        call_command(command, stdout=io.StringIO())
    return _run()


def test_it_loads_uploaded_and_linked_videos_with_captions(demo):
    assert demo.startswith("Demo videos loaded: 4 videos (3 uploaded, 1 linked), 9 caption")
    videos = Video.objects.all()
    assert all(video.published and video.event_id for video in videos)
    assert all(video.poster and video.poster_alt for video in videos)
    uploaded = videos.filter(source=VideoSource.UPLOAD)
    for video in uploaded:
        with video.file.open("rb") as handle:
            assert sniff_container(handle.read(64)) == "webm"
        tracks = list(video.tracks.all())
        assert len(tracks) == 3
        assert all(track.cue_count == 4 for track in tracks)
    assert videos.get(source=VideoSource.PEERTUBE).url.startswith("https://framatube.org/w/")


def test_every_caption_file_is_valid_webvtt():
    for plan in videos_demo.PLANS:
        for language in plan.slides[0].said if plan.slides else ():
            result = videos_webvtt.parse(videos_demo.captions(plan, language))
            assert result.is_valid, (plan.name, language, result.errors)
            assert result.cues[-1].end == len(plan.slides) * videos_demo.SECONDS_PER_SLIDE


def test_the_demo_pages_show_the_player_and_the_transcript(demo, client):
    video = Video.objects.filter(source=VideoSource.UPLOAD).first()
    content = client.get(video.get_absolute_url()).content.decode()
    assert content.count("<track ") == 3
    assert "transcript-cues" in content
    assert client.get("/en/videos/").status_code == 200


def test_it_runs_again_and_skips_when_asked(demo):
    assert _run("--if-empty").startswith("The database already has videos")
    _run()
    assert Video.objects.count() == 4


def test_it_needs_the_demo_network(db):
    with pytest.raises(CommandError, match="seed_demo"):
        _run()
