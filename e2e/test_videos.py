"""The video library in the browser: an editor adds a video with captions through the
pages, a visitor watches it with captions in the native player (the <track> loads, the
file is served in byte ranges) and reads the transcript; a linked video loads the
platform's player only when asked, with JavaScript (in place) and without (a reload).

The uploaded video is one of the demo's recorded WebM files. The platforms' players are
never reached: their addresses are answered by a stub page inside the browser. Every
page is checked with axe and for Content Security Policy errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from e2e.conftest import ConsoleLog
from e2e.test_forum import Browsers
from e2e.test_practices import check, click_and_wait, editor, en, messages, path_of

VTT = {
    "en": "WEBVTT\n\n00:00.000 --> 00:03.000\n<v Lyon>Welcome to the citizens' forum.\n\n"
    "00:03.000 --> 00:06.000\nResidents decide 5% of the budget.\n",
    "fr": "WEBVTT\n\n00:00.000 --> 00:03.000\nBienvenue au forum citoyen.\n\n"
    "00:03.000 --> 00:06.000\nLes habitants décident de 5 % du budget.\n",
}
PLAYER_STUB = "<!DOCTYPE html><html lang=en><title>Player</title><p>The platform's player</p>"


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def first_visit(page: Any, url: str) -> None:
    """The live server's first request imports every view: allow it more time."""
    page.goto(url, timeout=60_000)


def demo_webm() -> Any:
    from metroagora.publications.videos_demo import PLANS

    return next(plan.media for plan in PLANS if plan.slides)


def stub_platforms(page: Any) -> None:
    """No network: the platforms' players answer with a small local page."""
    for pattern in ("https://www.youtube-nocookie.com/**", "https://framatube.org/**"):
        page.context.route(
            pattern,
            lambda route: route.fulfill(status=200, content_type="text/html", body=PLAYER_STUB),
        )


def test_an_editor_adds_a_captioned_video_and_a_visitor_watches_it(
    browsers: Browsers, transactional_db: None, console: ConsoleLog, tmp_path: Any
) -> None:
    from metroagora.publications.models import Video

    staff = browsers.open(editor())
    first_visit(staff, "/en/videos/")
    check(staff, console, "video library (editor)")
    click_and_wait(staff, staff.get_by_role("link", name="Add a video"))
    check(staff, console, "new video form")

    # A PNG named .mp4 is refused by its content, with a message next to the field.
    fake = tmp_path / "talk.mp4"
    from PIL import Image

    Image.new("RGB", (8, 8), "white").save(fake, format="PNG")
    form = staff.locator("main form.stacked-form")
    form.get_by_label("Title").fill("Participatory budgets in Lyon")
    form.get_by_label("Video file").set_input_files(str(fake))
    click_and_wait(staff, form.get_by_role("button", name="Save"))
    error = staff.locator("#id_file_error")
    assert "not a video we can play" in error.inner_text()
    assert not Video.objects.exists()
    check(staff, console, "new video form with an error")

    # The real file goes through, then captions in two languages.
    form = staff.locator("main form.stacked-form")
    form.get_by_label("Title").fill("Participatory budgets in Lyon")
    form.get_by_label("Video file").set_input_files(str(demo_webm()))
    form.get_by_label("Spoken languages").select_option(["fr"])
    click_and_wait(staff, form.get_by_role("button", name="Save"))
    video = Video.objects.get()
    assert path_of(staff) == f"/en/videos/{video.slug}/captions/"
    assert "saved as a draft" in messages(staff)
    check(staff, console, "captions page")
    for language, name in (("en", "English"), ("fr", "French")):
        vtt = tmp_path / f"{language}.vtt"
        vtt.write_text(VTT[language], encoding="utf-8")
        form = staff.locator("main form.stacked-form")
        form.get_by_label("Language of the captions").select_option(label=name)
        form.get_by_label("WebVTT file (.vtt)").set_input_files(str(vtt))
        click_and_wait(staff, form.get_by_role("button", name="Upload the captions"))
        assert f"The captions in {name} are saved (2 cues)." in messages(staff)
    click_and_wait(staff, staff.get_by_role("link", name="Back to the video"))
    click_and_wait(staff, staff.get_by_role("button", name="Publish"))
    assert "published" in messages(staff)

    # A visitor watches it: native player, range requests, captions on in English.
    ranges: list[int] = []
    visitor = browsers.open()
    visitor.on(
        "response",
        lambda response: ranges.append(response.status) if "/file" in response.url else None,
    )
    visitor.goto(f"/en/videos/{video.slug}/")
    check(visitor, console, "video page")
    visitor.wait_for_function(
        "() => document.querySelector('video').readyState >= 1"
        " && [...document.querySelectorAll('track')].some((t) => t.readyState === 2)"
    )
    state = visitor.evaluate(
        """() => {
            const video = document.querySelector('video');
            const tracks = [...video.textTracks].map((t) => ({
                language: t.language, label: t.label, mode: t.mode,
                cues: t.cues ? t.cues.length : null,
            }));
            const elements = [...video.querySelectorAll('track')].map((t) => t.readyState);
            return {duration: video.duration, error: video.error, tracks, elements};
        }"""
    )
    assert state["error"] is None
    assert 11 < state["duration"] < 13, state
    assert state["tracks"] == [
        {"language": "en", "label": "English", "mode": "showing", "cues": 2},
        {"language": "fr", "label": "French", "mode": "disabled", "cues": None},
    ], state
    assert state["elements"][0] == 2  # HTMLTrackElement.LOADED
    assert 206 in ranges, ranges  # the browser fetched the file in byte ranges

    # The cue showing at 4 s is the second English one.
    visitor.evaluate("() => { document.querySelector('video').currentTime = 4; }")
    visitor.wait_for_function(
        "() => { const t = document.querySelector('video').textTracks[0];"
        " return t.activeCues && t.activeCues.length === 1; }"
    )
    active = visitor.evaluate(
        "() => document.querySelector('video').textTracks[0].activeCues[0].text"
    )
    assert active == "Residents decide 5% of the budget."

    # The transcript: English first, French folded.
    transcript = visitor.locator("section.transcript")
    assert transcript.locator("ol[lang=en] li").nth(0).inner_text().split() == [
        "00:00",
        "Lyon:",
        "Welcome",
        "to",
        "the",
        "citizens'",
        "forum.",
    ]
    french = transcript.locator("details")
    assert not french.locator("ol[lang=fr]").is_visible()
    french.locator("summary").click()
    assert "Bienvenue au forum citoyen." in french.locator("ol[lang=fr]").inner_text()
    check(visitor, console, "video page with the French transcript open")

    # In French, the French captions are on by default.
    visitor.goto(f"/fr/videos/{video.slug}/")
    visitor.wait_for_function(
        "() => [...document.querySelector('video').textTracks].some((t) => t.mode === 'showing')"
    )
    showing = visitor.evaluate(
        "() => [...document.querySelector('video').textTracks]"
        ".filter((t) => t.mode === 'showing').map((t) => t.language)"
    )
    assert showing == ["fr"]


def _linked_video() -> Any:
    from metroagora.publications.tests.factories_videos import TrackFactory, VideoFactory

    video = VideoFactory(
        slug="peertube",
        title=en("What is PeerTube?"),
        source="peertube",
        url="https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
    )
    TrackFactory(video=video)
    return video


def test_a_linked_video_loads_in_place_only_when_asked(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    _linked_video()
    page = browsers.open()
    stub_platforms(page)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    first_visit(page, "/en/videos/peertube/")
    check(page, console, "linked video page")
    assert page.locator("main iframe").count() == 0
    assert not [url for url in asked if "framatube.org" in url]
    watch = page.get_by_role("link", name="Watch it on PeerTube")
    assert watch.get_attribute("href") == "https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv"

    before = page.url
    page.get_by_role("button", name="Play the video here (from PeerTube)").click()
    frame = page.locator("main iframe")
    frame.wait_for()
    assert page.url == before  # no reload
    assert frame.get_attribute("title") == "Video: What is PeerTube?"
    assert frame.get_attribute("src") == (
        "https://framatube.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv?p2p=0"
    )
    assert page.evaluate("() => document.activeElement.tagName") == "IFRAME"
    page.frame_locator("main iframe").get_by_text("The platform's player").wait_for()
    assert page.locator("[data-video-consent]").count() == 0
    assert "Welcome to the citizens' forum." in page.locator("section.transcript").inner_text()
    check(page, console, "linked video page with the player")


def test_a_linked_video_loads_without_javascript_after_a_reload(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    _linked_video()
    page = browsers.open(java_script_enabled=False)
    stub_platforms(page)
    first_visit(page, "/en/videos/peertube/")
    assert page.locator("main iframe").count() == 0
    click_and_wait(page, page.get_by_role("button", name="Play the video here (from PeerTube)"))
    assert page.url.endswith("/en/videos/peertube/?load=1")
    frame = page.locator("main iframe")
    assert frame.get_attribute("title") == "Video: What is PeerTube?"
    page.frame_locator("main iframe").get_by_text("The platform's player").wait_for()
    auditor = browsers.open()
    stub_platforms(auditor)
    auditor.goto(page.url)
    check(auditor, console, "linked video page loaded without JavaScript")
