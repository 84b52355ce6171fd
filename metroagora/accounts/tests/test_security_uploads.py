"""Every upload is checked by its content, not its name: a .jpg, .pdf, .mp4, .vtt, .csv or
.zip holding something else is refused with a message that says what to upload."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.decisions.forms import ProposalImageForm
from metroagora.decisions.services import read_census
from metroagora.decisions.staff_forms import PhotoForm as ImplementationPhotoForm
from metroagora.events.forms import PhotoForm as EventPhotoForm
from metroagora.network.models import City
from metroagora.opinions.models import OpinionMap
from metroagora.practices.forms import ImageForm as PracticeImageForm
from metroagora.publications.publications_images import check_image
from metroagora.publications.videos_forms import TrackForm, VideoForm
from metroagora.publications.website_forms import NewsPostForm


def _picture(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (20, 90, 160)).save(buffer, format=fmt)
    return buffer.getvalue()


HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
NOT_PICTURES = {
    "photo.jpg": HTML,
    "photo.jpeg": PDF,
    "scan.pdf": PDF,
    "poster.png": b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n",
    "drawing.jpg": _picture("EPS"),  # PostScript: a program, not a picture
    "photo.webp": _picture("TIFF"),  # an image no browser shows
}


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _errors(form, field: str) -> list[str]:
    assert not form.is_valid()
    messages = form.errors.get(field)
    assert messages, form.errors
    return list(messages)


PICTURE_FORMS = {
    "event photo": lambda f: EventPhotoForm({"alt_text": "A", "credit": "B"}, {"image": f}),
    "practice image": lambda f: PracticeImageForm({"alt_text": "A", "credit": "B"}, {"image": f}),
    "proposal image": lambda f: ProposalImageForm({"alt_text": "A"}, {"image": f}),
    "implementation photo": lambda f: ImplementationPhotoForm({"alt_text": "A"}, {"image": f}),
    "news image": lambda f: NewsPostForm(
        {"title": "T", "summary": "S", "body": "B", "image_alt": "A"},
        {"image": f},
        lang="en",
        cities=City.objects.all(),
        network_wide=True,
    ),
}


@pytest.mark.parametrize("form", PICTURE_FORMS.values(), ids=PICTURE_FORMS.keys())
@pytest.mark.parametrize("name", NOT_PICTURES)
def test_picture_forms_refuse_what_is_not_a_web_picture(db, form, name):
    messages = _errors(form(_upload(name, NOT_PICTURES[name])), "image")
    assert any(
        "JPEG, PNG" in message or "Upload a valid image" in message for message in messages
    ), messages


@pytest.mark.parametrize("form", PICTURE_FORMS.values(), ids=PICTURE_FORMS.keys())
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_picture_forms_take_a_real_picture_whatever_its_name(db, form, fmt):
    bound = form(_upload("holiday.jpg", _picture(fmt)))
    bound.is_valid()
    assert "image" not in bound.errors


@pytest.mark.parametrize("name", NOT_PICTURES)
def test_publication_images_are_checked_by_content(name):
    with pytest.raises(ValidationError) as error:
        check_image(_upload(name, NOT_PICTURES[name]))
    assert "JPEG, PNG or WebP" in " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("name", "content"),
    [("talk.mp4", HTML), ("talk.webm", PDF), ("talk.mp4", _picture("PNG"))],
)
def test_video_files_are_checked_by_content(db, name, content):
    form = VideoForm({"title": "A talk"}, {"file": _upload(name, content)}, lang="en")
    messages = _errors(form, "file")
    assert any("not a video we can play" in message for message in messages), messages


@pytest.mark.parametrize("name", NOT_PICTURES)
def test_video_posters_are_checked_by_content(db, name):
    form = VideoForm(
        {"title": "A talk", "url": "https://vimeo.com/76979871", "poster_alt": "A"},
        {"poster": _upload(name, NOT_PICTURES[name])},
        lang="en",
    )
    messages = _errors(form, "poster")
    assert any(
        "JPEG, PNG" in message or "Upload a valid image" in message for message in messages
    ), messages


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (_picture("PNG"), "UTF-8"),
        (HTML, "starts with the line WEBVTT"),
        (b"1\n00:00:01,000 --> 00:00:02,000\nSRT, not WebVTT\n", "WEBVTT"),
    ],
    ids=["png", "html", "srt"],
)
def test_caption_files_are_checked_by_content(content, expected):
    form = TrackForm({"language": "en", "kind": "captions"}, {"file": _upload("en.vtt", content)})
    messages = _errors(form, "file")
    assert any(expected in message for message in messages), messages


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (_picture("PNG"), "not UTF-8"),
        (PDF, "is not an identifier"),
        (HTML, "holds no identifiers"),  # one line without a digit: a header
        (HTML + b"\n" + HTML.replace(b"html", b"h1"), "is not an identifier"),
    ],
    ids=["png", "pdf", "html", "html-lines"],
)
def test_census_lists_are_checked_by_content(content, expected):
    with pytest.raises(ValidationError) as error:
        read_census(1, content)
    assert any(expected in message for message in error.value.messages), error.value.messages


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "This is not a ZIP file."),
        (_zip({"readme.txt": b"hello"}), "comments.csv"),
        (_zip({"comments.csv": _picture("PNG"), "votes.csv": HTML}), ""),
    ],
    ids=["pdf", "zip-without-csv", "zip-of-garbage"],
)
def test_polis_imports_are_checked_by_content(client, db, content, expected):
    client.force_login(with_two_factor(UserFactory(is_moderator=True)))
    response = client.post(
        "/en/opinions/import/",
        {
            "slug": "imported",
            "title": "A question",
            "language": "en",
            "archive": _upload("export.zip", content),
        },
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert 'class="errorlist' in response.content.decode()
    assert not OpinionMap.objects.exists()
