"""The publication as HTML and as a PDF: parts per kind, languages, images, tagging.

pypdf is not installed: the PDF is checked through its bytes (its compressed streams
are inflated with zlib to read the structure) and through WeasyPrint's own document.
"""

import re
import zlib

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from metroagora.events.models import EventStatus
from metroagora.events.tests.factories import EventFactory, FeedbackFactory, RegistrationFactory
from metroagora.forum.models import DebateStatus
from metroagora.forum.tests.factories import DebateFactory
from metroagora.opinions.tasks import run_analysis
from metroagora.opinions.tests.factories import OpinionMapFactory, vote_in_two_camps
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications import publications_content as content
from metroagora.publications import publications_pdf as pdf
from metroagora.publications.models import PartKind
from metroagora.publications.publications_images import cache_dir, print_copy
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    PublicationFactory,
    TextPartFactory,
    en,
    en_fr,
    jpeg_upload,
    png_upload,
)

editor = factories_publications.editor  # a fixture
media_in_tmp = factories_publications.media_in_tmp  # a fixture

pytestmark = pytest.mark.usefixtures("media_in_tmp")


def inflated(data: bytes) -> bytes:
    """The PDF with every Flate stream decompressed after it (to search its structure)."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            out.append(zlib.decompress(data[match.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(out)


def page_texts(document) -> list[str]:
    """The text laid out on each page of a WeasyPrint document."""
    texts = []
    for page in document.pages:
        words = [box.text for box in page._page_box.descendants() if getattr(box, "text", None)]
        texts.append(" ".join(words))
    return texts


def layout(view):
    import weasyprint

    html = pdf.print_html(view)
    return weasyprint.HTML(
        string=html, base_url=cache_dir().as_uri() + "/", url_fetcher=pdf._fetcher()
    ).render(stylesheets=[weasyprint.CSS(filename=str(pdf.PRINT_CSS))], **pdf.PDF_OPTIONS)


@pytest.fixture
def publication(editor):
    publication = PublicationFactory(
        title=en_fr("Cities shaping Europe", "Des villes qui façonnent l'Europe"),
        subtitle=en("What our network learned"),
        introduction=en("## Why this report\n\nBecause **cities** matter."),
        cover=jpeg_upload("cover.jpg", (1600, 1000)),
        cover_alt="A square at dusk",
    )
    TextPartFactory(
        publication=publication,
        heading=en_fr("Three threads", "Trois fils"),
        text=en("Participation is not a single event.\n\n## A heading inside"),
        image=jpeg_upload("threads.jpg", (1200, 800)),
        image_alt="Circles joined by lines",
    )
    return publication


def test_it_renders_a_tagged_pdf_with_cover_contents_and_bookmarks(publication):
    view = content.build(publication, "en", for_print=True)
    rendered = pdf.render_document(pdf.print_html(view))
    assert rendered.pdf.startswith(b"%PDF-1.7")
    assert 3 <= rendered.pages <= 6
    structure = inflated(rendered.pdf)
    assert b"<dc:title>" in structure
    assert b"Cities shaping Europe" in structure  # the title, in the metadata
    assert b"/Lang (en)" in structure
    assert b"/StructTreeRoot" in structure and b"/MarkInfo <</Marked true>>" in structure
    assert b"pdfuaid" in structure  # PDF/UA-1
    assert b"/Alt (A square at dusk)" in structure
    assert b"/Alt (Circles joined by lines)" in structure
    assert b"/Outlines" in structure


def test_it_lays_out_the_contents_with_page_numbers_and_numbers_the_pages(publication):
    document = layout(content.build(publication, "en", for_print=True))
    texts = page_texts(document)
    assert "Cities shaping Europe" in texts[0]
    assert "Contents" in texts[1]
    assert re.search(r"Introduction[ .]*3", texts[1]), texts[1]
    assert re.search(r"Three threads[ .]*\d", texts[1])
    assert f"3 / {len(texts)}" in texts[2]  # running page numbers
    assert "Cities shaping Europe" in texts[2]  # running title
    bookmarks = document.make_bookmark_tree()
    assert bookmarks[0][0] == "Cities shaping Europe"
    assert [child[0] for child in bookmarks[0][2]] == ["Contents", "Introduction", "Three threads"]
    assert document.metadata.lang == "en"
    assert document.metadata.title == "Cities shaping Europe"


def test_it_renders_each_language_with_the_original_as_fallback(publication):
    view = content.build(publication, "fr", for_print=True)
    html = pdf.print_html(view)
    assert '<html lang="fr">' in html
    assert "<title>Des villes qui façonnent l&#x27;Europe</title>" in html
    assert ">Trois fils</h2>" in html
    # The subtitle exists in English only: shown in English, marked as such.
    assert '<p class="subtitle" lang="en">What our network learned</p>' in html
    assert '<div class="prose" lang="en"><h3>Why this report</h3>' in html


def test_it_uses_print_sized_copies_of_images_once(publication, settings):
    view = content.build(publication, "en", for_print=True)
    assert view.cover is not None and view.cover.src.startswith("file://")
    copies = sorted(cache_dir().iterdir())
    assert len(copies) == 2
    from PIL import Image

    with Image.open(copies[0]) as first, Image.open(copies[1]) as second:
        assert max(first.width, second.width) <= 1240
        assert {first.format, second.format} == {"JPEG"}
    before = {path: path.stat().st_mtime_ns for path in copies}
    content.build(publication, "en", for_print=True)
    assert {path: path.stat().st_mtime_ns for path in cache_dir().iterdir()} == before


def test_it_keeps_transparency_as_png_and_skips_a_broken_file(publication):
    part = TextPartFactory(publication=publication, image=png_upload("logo.png"), image_alt="Logo")
    copy = print_copy(part.image)
    assert copy is not None and copy.suffix == ".png"
    broken = TextPartFactory(publication=publication, image_alt="Broken")
    broken.image.save("broken.jpg", ContentFile(b"not an image"))
    assert print_copy(broken.image) is None
    view = content.build(publication, "en", for_print=True)
    assert view.parts[-1].picture is None  # its text is printed without it
    assert view.parts[-2].picture is not None


def test_it_refuses_to_fetch_anything_but_the_prepared_images():
    fetcher = pdf._fetcher()
    for url in ("https://example.org/tracker.png", "file:///etc/passwd", "ftp://x/y"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_it_pulls_in_each_kind_of_part(editor):
    publication = PublicationFactory()
    practice = PracticeFactory(published=True, translated=True)
    debate = DebateFactory(
        status=DebateStatus.CLOSED,
        question=en("Should buses be free?"),
        conclusions=en("1. **Yes** for young people.\n2. Not for everyone."),
    )
    opinion_map = OpinionMapFactory(title=en("How should we share public space?"))
    camps = vote_in_two_camps(opinion_map)
    run_analysis(camps.opinion_map)
    event = EventFactory(status=EventStatus.HELD, title=en("Citizens' forum"))
    for _ in range(3):
        RegistrationFactory(event=event)
    FeedbackFactory(event=event, rating=5)
    for kind, fields in [
        (PartKind.PRACTICE, {"practice": practice}),
        (PartKind.DEBATE, {"debate": debate}),
        (PartKind.OPINION_MAP, {"opinion_map": opinion_map}),
        (PartKind.EVENT, {"event": event}),
        (PartKind.FUNDING, {}),
    ]:
        from metroagora.publications import publications_services as services

        services.add_part(editor, publication, kind=kind, **fields)
    with translation.override("en"):
        html = content.render_content(content.build(publication, "en"))
    assert "Neighbourhood participatory budget" in html  # the practice's English title
    assert 'lang="fr"' in html  # its sections exist in French only
    assert "Les habitants décident" in html
    assert "Should buses be free?" in html and "<strong>Yes</strong> for young people" in html
    assert "How should we share public space?" in html
    assert html.count("<polygon") == 2 and "Group A" in html and "Group B" in html
    assert 'role="img"' in html and "the table below gives the same information" in html
    assert "Citizens&#x27; forum" in html
    assert "Registered (confirmed)" in html
    assert "EU funding won by the cities of the network" in html
    assert "No funding data yet" in html
    assert f'href="{practice.get_absolute_url()}"' in html
    document = layout(content.build(publication, "en", for_print=True))
    assert len(document.pages) >= 6  # cover, contents, then each data part on its own page


def test_it_sums_funding_by_programme(editor):
    from decimal import Decimal

    from metroagora.funding.models import FundedProject, Programme, ProjectParticipant
    from metroagora.network.tests.factories import CityFactory

    lyon, milan = CityFactory(), CityFactory()
    horizon = Programme.objects.create(slug="test-a", short_name="TEST-A", name=en("A"))
    cerv = Programme.objects.create(slug="test-b", short_name="TEST-B", name=en("B"))
    for programme, city, amount in [
        (horizon, lyon, "100000"),
        (horizon, lyon, "50000"),
        (cerv, milan, "20000"),
        (None, lyon, "5000"),
    ]:
        project = FundedProject.objects.create(title="A project", programme=programme)
        ProjectParticipant.objects.create(
            project=project, city=city, name="City", eu_contribution=Decimal(amount)
        )
    network = content.funding_figures(None)
    assert network is not None
    assert [(r.programme, r.projects, r.amount) for r in network.rows] == [
        ("TEST-A", 2, Decimal("150000")),
        ("TEST-B", 1, Decimal("20000")),
        ("Other programmes", 1, Decimal("5000")),
    ]
    assert network.total == Decimal("175000")
    only_milan = content.funding_figures(milan)
    assert only_milan is not None and only_milan.total == Decimal("20000")
    assert content.funding_figures(CityFactory()) is None
