"""The library, a video's page (player, tracks, transcript, click-to-load) and event pages."""

import re

import pytest
from django.core.files.base import ContentFile

from metroagora.events.tests.factories import EventFactory
from metroagora.publications.models import TrackKind
from metroagora.publications.tests.factories_videos import (  # noqa: F401 - fixtures
    VTT_FR,
    TrackFactory,
    VideoFactory,
    editor,
    en,
    media_in_tmp,
    png_bytes,
)

pytestmark = pytest.mark.usefixtures("media_in_tmp")


def html(response) -> str:
    return response.content.decode()


# --- The library -------------------------------------------------------------------------


def test_it_lists_published_videos_with_their_posters_in_few_queries(
    client, db, django_assert_max_num_queries
):
    for n in range(6):
        video = VideoFactory(
            poster=ContentFile(png_bytes(), name="p.png"),
            poster_alt=f"Speaker number {n} at the lectern",
            event=EventFactory(),
        )
        TrackFactory(video=video)
        TrackFactory(video=video, language="fr", file=ContentFile(VTT_FR.encode(), name="f.vtt"))
    VideoFactory(published=False, title=en("Hidden draft"))
    with django_assert_max_num_queries(8):
        response = client.get("/en/videos/")
    content = html(response)
    assert response.status_code == 200
    assert content.count('class="card video-card"') == 6
    assert "Hidden draft" not in content
    assert 'alt="Speaker number 3 at the lectern"' in content
    assert "Captions: English, French" in content


def test_staff_see_drafts_in_the_library_and_can_add(client, db, editor):  # noqa: F811
    VideoFactory(published=False, title=en("Hidden draft"))
    client.force_login(editor)
    content = html(client.get("/en/videos/"))
    assert "Hidden draft" in content and "Draft" in content
    assert 'href="/en/videos/new/"' in content


def test_it_filters_by_event_and_by_language(client, db):
    forum = EventFactory(slug="forum")
    VideoFactory(title=en("At the forum"), event=forum, languages=["it"])
    VideoFactory(title=en("Elsewhere in Polish"), languages=["pl"])
    captioned = VideoFactory(title=en("Captioned in German"), languages=["en"])
    TrackFactory(video=captioned, language="de")
    assert "Elsewhere" not in html(client.get("/en/videos/?event=forum"))
    assert "At the forum" in html(client.get("/en/videos/?event=forum"))
    polish = html(client.get("/en/videos/?language=pl"))
    assert "Elsewhere in Polish" in polish and "At the forum" not in polish
    german = html(client.get("/en/videos/?language=de"))
    assert "Captioned in German" in german and "Elsewhere" not in german


def test_an_unknown_filter_value_shows_everything(client, db):
    VideoFactory(title=en("Any"))
    assert "Any" in html(client.get("/en/videos/?event=nope&language=zz"))


# --- An uploaded video ---------------------------------------------------------------------


@pytest.fixture
def uploaded(db):
    video = VideoFactory(
        uploaded=True,
        slug="opening",
        title=en("Opening & welcome"),
        poster=ContentFile(png_bytes(), name="p.png"),
        poster_alt="The hall",
        speakers="Anna Rossi",
        duration_seconds=125,
    )
    TrackFactory(video=video, language="en")
    TrackFactory(
        video=video,
        language="fr",
        kind=TrackKind.SUBTITLES,
        file=ContentFile(VTT_FR.encode(), name="fr.vtt"),
    )
    return video


def test_it_plays_an_upload_in_the_native_player_with_a_track_per_language(client, uploaded):
    content = html(client.get("/en/videos/opening/"))
    assert re.search(
        r'<video class="video-player" controls preload="metadata" '
        r'poster="/en/videos/opening/poster">',
        content,
    )
    assert '<source src="/en/videos/opening/file" type="video/webm">' in content
    tracks = re.findall(r"<track [^>]*>", content)
    assert tracks == [
        '<track kind="captions" srclang="en" label="English" '
        'src="/en/videos/opening/captions/en.vtt" default>',
        '<track kind="subtitles" srclang="fr" label="French" '
        'src="/en/videos/opening/captions/fr.vtt">',
    ]
    assert "<iframe" not in content
    assert "videos.js" not in content  # the script is for linked videos only


def test_the_default_track_follows_the_reader_language(client, uploaded):
    content = html(client.get("/fr/videos/opening/"))
    default = re.findall(r'<track [^>]*srclang="(\w+)"[^>]* default>', content)
    assert default == ["fr"]
    # No captions in Polish: none is on by default, the reader picks one.
    assert " default>" not in html(client.get("/pl/videos/opening/"))


def test_it_shows_a_transcript_with_timestamps_and_the_other_languages_folded(client, uploaded):
    content = html(client.get("/en/videos/opening/"))
    transcript = content.split('id="transcript-heading"')[1]
    first, folded = transcript.split("<details", 1)
    assert '<ol class="transcript-cues" lang="en">' in first
    assert '<time datetime="PT0S">00:00</time>' in first
    assert '<time datetime="PT2.5S">00:02</time>' in first
    assert "<strong>Anna Rossi:</strong> Welcome to the citizens&#x27; forum." in first
    assert "We start with the budget &amp; the results." in first
    assert "<b>" not in transcript
    assert "<summary>Transcript in French</summary>" in folded
    assert '<ol class="transcript-cues" lang="fr">' in folded
    assert "Bienvenue au forum citoyen." in folded
    # In French, the French transcript comes first and the English one is folded.
    french = html(client.get("/fr/videos/opening/")).split('id="transcript-heading"')[1]
    assert french.index('lang="fr"') < french.index("<details")


def test_it_tells_the_facts_of_the_video(client, uploaded):
    content = html(client.get("/en/videos/opening/"))
    assert "<dd>Anna Rossi</dd>" in content
    assert '<time datetime="PT125S">02:05</time>' in content
    assert "<h1>Opening &amp; welcome</h1>" in content


def test_drafts_are_for_the_staff_only(client, db, editor):  # noqa: F811
    VideoFactory(slug="draft", published=False)
    assert client.get("/en/videos/draft/").status_code == 404
    client.force_login(editor)
    content = html(client.get("/en/videos/draft/"))
    assert "Draft: only the network" in content
    assert 'action="/en/videos/draft/publish/"' in content


def test_an_unknown_video_is_404(client, db):
    assert client.get("/en/videos/nothing-here/").status_code == 404


# --- A linked video: click to load ------------------------------------------------------------


@pytest.fixture
def linked(db):
    video = VideoFactory(
        slug="linked",
        title=en("Talk on YouTube"),
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    TrackFactory(video=video)
    return video


def test_a_linked_video_loads_nothing_from_the_platform_until_asked(client, linked):
    content = html(client.get("/en/videos/linked/"))
    before_template = content.split("<template")[0]
    assert "<iframe" not in before_template
    assert "youtube-nocookie.com" not in before_template
    assert "This video is on YouTube." in content
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener noreferrer">' in (
        content
    )
    # Without JavaScript, the button reloads the page with ?load=1.
    form = re.search(
        r'<form method="get" action="/en/videos/linked/"[^>]*>(.*?)</form>', content, re.S
    )
    assert form is not None
    assert '<input type="hidden" name="load" value="1">' in form.group(1)
    assert '<button type="submit">Play the video here (from YouTube)</button>' in form.group(1)
    # With JavaScript, the script swaps the inert template in.
    assert re.search(r'<script src="/static/metroagora/videos\.js" defer></script>', content)
    assert '<template id="video-embed-' in content
    # The transcript is there for linked videos too.
    assert "Welcome to the citizens&#x27; forum." in content
    assert "<video" not in content


def test_load_1_shows_the_privacy_friendly_player_with_a_title(client, linked):
    linked.title = en("Talk <on> YouTube & more")
    linked.save()
    content = html(client.get("/en/videos/linked/?load=1"))
    iframe = re.search(r"<iframe [^>]*>", content).group(0)
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in iframe
    assert 'title="Video: Talk &lt;on&gt; YouTube &amp; more"' in iframe
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in iframe
    assert "sandbox=" in iframe
    assert "videos.js" not in content
    assert "<template" not in content


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
            "https://framatube.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv?p2p=0",
        ),
    ],
)
def test_vimeo_and_peertube_players(client, db, url, embed):
    VideoFactory(slug="other", url=url, source="vimeo" if "vimeo" in url else "peertube")
    content = html(client.get("/en/videos/other/?load=1"))
    assert f'src="{embed}"' in content.replace("&amp;", "&")


def test_the_content_security_policy_allows_only_these_players(client, linked):
    policy = client.get("/en/videos/linked/?load=1")["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]*)", policy).group(1).split()
    assert frame_src == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://framatube.org",
        "https://video.blender.org",
    ]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy  # and so media-src: videos and tracks of this site


def test_a_site_no_longer_allowed_gets_a_plain_link(client, db, settings):
    VideoFactory(
        slug="gone", url="https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv", source="peertube"
    )
    settings.VIDEO_PEERTUBE_HOSTS = []
    content = html(client.get("/en/videos/gone/?load=1"))
    assert "<iframe" not in content
    assert 'href="https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv"' in content


# --- Event pages ---------------------------------------------------------------------------------


def test_an_event_page_lists_its_published_videos(client, db):
    event = EventFactory(slug="forum")
    VideoFactory(event=event, title=en("The opening"))
    VideoFactory(event=event, title=en("A draft"), published=False)
    content = html(client.get("/en/events/forum/"))
    assert "Videos of this event" in content
    assert "The opening" in content and "A draft" not in content
    assert "Videos of this event" not in html(client.get(EventFactory().get_absolute_url()))
