"""Factories, sample images and fixtures for the publications' tests.

``PublicationFactory()`` is a draft with an English title (``translated=True`` adds
French), ``TextPartFactory`` a text part, ``VersionFactory`` a finished version whose
"PDF" is a few bytes (``published=True`` offers it). Images are made with Pillow.
"""

from __future__ import annotations

import io

import factory
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.publications.models import (
    PartKind,
    Publication,
    PublicationPart,
    PublicationStatus,
    PublicationVersion,
    RenderStatus,
)

FAKE_PDF = b"%PDF-1.7\n% a test file, not a real PDF\n%%EOF\n"


def en(text: str) -> dict[str, str]:
    return {"en": text, "_original": "en"}


def en_fr(english: str, french: str) -> dict[str, str]:
    return {"en": english, "fr": french, "_original": "en"}


def image_bytes(size: tuple[int, int] = (120, 80), fmt: str = "JPEG") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, (20, 90, 160, 255) if mode == "RGBA" else (20, 90, 160)).save(
        buffer, format=fmt
    )
    return buffer.getvalue()


def jpeg_upload(name: str = "photo.jpg", size: tuple[int, int] = (120, 80)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(size), content_type="image/jpeg")


def png_upload(name: str = "drawing.png", size: tuple[int, int] = (60, 40)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(size, "PNG"), content_type="image/png")


def not_an_image(name: str = "photo.jpg") -> SimpleUploadedFile:
    """A text file that says it is a JPEG image."""
    return SimpleUploadedFile(name, b"this is not an image at all", content_type="image/jpeg")


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    class Params:
        translated = factory.Trait(
            title=factory.LazyAttribute(
                lambda o: en_fr(f"Report {o.number}", f"Rapport {o.number}")
            )
        )
        published = factory.Trait(
            status=PublicationStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )
        number = factory.Sequence(lambda n: n)

    slug = factory.LazyAttribute(lambda o: f"report-{o.number}")
    title = factory.LazyAttribute(lambda o: en(f"Report {o.number}"))
    subtitle = factory.LazyFunction(lambda: en("What the network learned"))
    introduction = factory.LazyFunction(lambda: en("An introduction with **bold** words."))
    status = PublicationStatus.DRAFT


class TextPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicationPart

    publication = factory.SubFactory(PublicationFactory)
    kind = PartKind.TEXT
    order = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: en(f"Chapter {n}"))
    text = factory.LazyFunction(lambda: en("Some text of the chapter."))


class VersionFactory(factory.django.DjangoModelFactory):
    """A finished version (a few bytes stand for the PDF); ``published=True`` offers it."""

    class Meta:
        model = PublicationVersion

    class Params:
        published = factory.Trait(is_published=True)

    publication = factory.SubFactory(PublicationFactory)
    number = 1
    language = "en"
    status = RenderStatus.DONE
    progress = 100
    page_count = 3
    pdf = factory.LazyFunction(lambda: ContentFile(FAKE_PDF, name="version.pdf"))


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Uploads, PDFs and the print-sized copies of images go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLICATIONS_PRINT_CACHE = str(tmp_path / "print-cache")


@pytest.fixture
def editor(db):
    return with_two_factor(UserFactory(is_editor=True))


@pytest.fixture
def network_admin(db):
    return with_two_factor(UserFactory(is_superuser=True, is_staff=True))
