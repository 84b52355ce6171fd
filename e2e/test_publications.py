"""Publications in the browser: an editor builds one, renders it, publishes it; a visitor
downloads its PDF.

The editor creates the publication (cover image with its description), adds a text
with an image and a published best practice through the htmx forms, tries a part
without the image's description (the error shows in place), moves a part up, asks for
version 1 and watches its status: the task runner is held back (the worker has not
picked the job up yet), then the real task runs and the page's htmx poll shows the
finished PDF by itself. The editor offers it and publishes the publication; a visitor
finds it in the list and downloads the PDF (Playwright's download event). Every page
is checked with axe and for Content Security Policy errors.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e.conftest import ConsoleLog, assert_no_csp_violations
from e2e.test_forum import Browsers
from e2e.test_practices import check, city, editor, messages, path_of, published_practice


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
    settings.PUBLICATIONS_PRINT_CACHE = str(tmp_path / "print-cache")


def jpeg(name: str, size: tuple[int, int] = (900, 600)) -> dict[str, Any]:
    """A file for ``set_input_files``: a JPEG made with Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (11, 79, 138))
    ImageDraw.Draw(image).ellipse([100, 100, 400, 400], fill=(230, 159, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def part_labels(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#parts .pub-part-label").all_inner_texts()]


def test_editor_builds_renders_and_publishes_a_publication_that_a_visitor_downloads(
    browsers: Browsers, transactional_db: None, console: ConsoleLog, monkeypatch: Any
) -> None:
    from metroagora.publications import publications_services as services
    from metroagora.publications.models import Publication, RenderStatus
    from metroagora.publications.publications_tasks import render_publication_version

    lyon = city("lyon", "Lyon", "FR")
    practice = published_practice(lyon, "Neighbourhood budget assemblies")
    queued: list[int] = []
    monkeypatch.setattr(services, "_enqueue", queued.append)  # no worker yet
    page = browsers.open(editor())

    # The list offers editors a new publication.
    page.goto("/en/publications/")
    check(page, console, "publication list (editor)")
    with page.expect_navigation():
        page.locator("main a[href='/en/publications/new/']").click()
    check(page, console, "new publication form")
    form = page.locator("main form.stacked-form")
    form.locator("#id_title").fill("Cities shaping Europe")
    form.locator("#id_subtitle").fill("What our network learned in 2026")
    form.get_by_label("Introduction").fill("Cities **opened** their budgets.")
    form.locator("#id_cover").set_input_files(jpeg("cover.jpg", (1400, 900)))
    form.get_by_label("Description of the cover image").fill("A square in Lyon at dusk")
    with page.expect_navigation():
        form.get_by_role("button", name="Create the publication").click()
    publication = Publication.objects.get()
    assert path_of(page) == f"/en/publications/{publication.slug}/parts/"
    assert "now add its parts" in messages(page)
    check(page, console, "parts of a new publication")

    # A text with an image, added with htmx: the list of parts updates in place.
    page.locator("#add-text summary").click()
    text_form = page.locator("#add-text form")
    text_form.get_by_label("Heading").fill("Three threads")
    text_form.locator("#id_text-text").fill("Participation is not a single event.")
    text_form.locator("#id_text-image").set_input_files(jpeg("threads.jpg"))
    text_form.get_by_label("Description of the image").fill("People around a table")
    before = page.url
    with page.expect_response(lambda r: r.url.endswith("/parts/?lang=en") and r.ok):
        text_form.get_by_role("button", name="Add this part").click()
    page.locator("#parts .pub-part-label", has_text="Three threads").wait_for()
    assert page.url == before  # no reload
    assert page.locator("#composer-status").inner_text().strip() == "The part is added."

    # The image needs its description: the error shows in the form, nothing is added.
    text_form = page.locator("#add-text form")
    text_form.locator("#id_text-text").fill("A second text.")
    text_form.locator("#id_text-image").set_input_files(jpeg("second.jpg"))
    with page.expect_response(lambda r: r.url.endswith("/parts/?lang=en")):
        text_form.get_by_role("button", name="Add this part").click()
    page.locator("#add-text .errorlist", has_text="Describe the image").wait_for()
    assert part_labels(page) == ["Three threads"]
    check(page, console, "a part refused for a missing image description")

    # A published best practice, then moved up above the text.
    page.locator("#add-practice summary").click()
    page.locator("#add-practice form").get_by_label("Best practice").select_option(str(practice.pk))
    with page.expect_response(lambda r: r.url.endswith("/parts/?lang=en") and r.ok):
        page.locator("#add-practice form").get_by_role("button", name="Add this part").click()
    page.locator("#parts .pub-part-label", has_text="Neighbourhood budget assemblies").wait_for()
    assert part_labels(page) == ["Three threads", "Neighbourhood budget assemblies"]
    moved = publication.parts.get(practice=practice)
    with page.expect_response(lambda r: "/move/" in r.url and r.ok):
        page.locator(f"#part-{moved.pk}-up").click()
    page.wait_for_function(
        "() => document.querySelector('#parts .pub-part-label').textContent.includes("
        "'Neighbourhood')"
    )
    assert part_labels(page) == ["Neighbourhood budget assemblies", "Three threads"]
    assert page.locator("#composer-status").inner_text().strip() == "The part is moved up."
    check(page, console, "parts after moving one up")

    # Version 1: its page shows the status while the PDF is being made.
    with page.expect_navigation():
        page.get_by_role("link", name="PDF versions and publishing").click()
    check(page, console, "versions page")
    with page.expect_navigation():
        page.get_by_role("button", name="Render version 1").click()
    assert path_of(page) == f"/en/publications/{publication.slug}/versions/1/"
    status = page.locator("#version-status")
    assert status.get_attribute("hx-trigger") == "every 2s"
    assert "being made" in status.inner_text()
    assert page.get_by_role("link", name="Refresh the status").count() == 1  # without JS
    check(page, console, "version being made")

    # The worker runs the task: the page's htmx poll shows the finished PDF by itself.
    assert len(queued) == 1
    render_publication_version.call(queued[0])
    assert publication.versions.get().status == RenderStatus.DONE
    page.locator("#version-status", has_text="Every PDF of this version is finished.").wait_for(
        timeout=15_000
    )
    assert page.locator("#version-status").get_attribute("hx-trigger") is None  # stopped
    check(page, console, "version ready")

    # Offer it, then publish the publication.
    with page.expect_navigation():
        page.get_by_role("button", name="Offer version 1 (English)").click()
    assert "now the PDF offered in English" in messages(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the publication").click()
    assert path_of(page) == f"/en/publications/{publication.slug}/"
    assert "on the website" in messages(page)

    # A visitor finds it and downloads the PDF.
    visitor = browsers.open()
    visitor.goto("/en/publications/")
    check(visitor, console, "publication list (visitor)")
    with visitor.expect_navigation():
        visitor.get_by_role("link", name="Cities shaping Europe").click()
    check(visitor, console, "publication page (visitor)")
    assert visitor.locator("main h2", has_text="Neighbourhood budget assemblies").count() == 1
    assert visitor.locator("main img[alt='People around a table']").count() == 1
    link = visitor.locator("main .pub-downloads a", has_text="PDF in English")
    facts = visitor.locator("main .pub-downloads .pub-download-facts").first.inner_text()
    assert re.search(r"\d+ pages", facts) and re.search(r"(KB|MB|bytes)", facts), facts
    with visitor.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{publication.slug}-en.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"
    assert_no_csp_violations(console, "on the publication pages")
