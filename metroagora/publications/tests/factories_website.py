"""Factories and fixtures for the website's tests: pages, news posts, people in every role.

``PageFactory()`` is a published English page linked from the footer; ``NewsPostFactory()``
a network-wide English post published an hour ago (``draft=True`` for a draft). The
``people`` fixture maps each role of the per-role tables to a person: "coordinator"
coordinates ``roles.city`` (Milan), "other_coordinator" coordinates Lyon.
"""

from __future__ import annotations

import io
from datetime import timedelta

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.publications.models import NewsPost, Page, PageKind

# Every role of the per-role tables.
ROLES = [
    "anonymous",
    "participant",
    "resident",
    "policymaker",
    "moderator",
    "editor",
    "coordinator",
    "other_coordinator",
    "admin",
]


def en(text: str) -> dict[str, str]:
    return {"en": text, "_original": "en"}


def fr(text: str) -> dict[str, str]:
    return {"fr": text, "_original": "fr"}


def png_file(name: str = "picture.png", size: tuple[int, int] = (8, 6)) -> SimpleUploadedFile:
    """A small, valid PNG made with Pillow."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def fake_png(name: str = "picture.png") -> SimpleUploadedFile:
    """Text that says it is a PNG."""
    return SimpleUploadedFile(name, b"this is not a picture at all", content_type="image/png")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    class Params:
        draft = factory.Trait(published=False)

    slug = factory.Sequence(lambda n: f"page-{n}")
    kind = PageKind.OTHER
    title = factory.LazyAttribute(lambda o: en(f"Page {o.slug}"))
    body = factory.LazyFunction(lambda: en("## What we do\n\nCities **work together**."))
    published = True
    in_footer = True
    order = 0


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    class Params:
        draft = factory.Trait(published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
        )

    slug = factory.Sequence(lambda n: f"news-{n}")
    title = factory.LazyAttribute(lambda o: en(f"News {o.slug}"))
    summary = factory.LazyFunction(lambda: en("Two cities start a joint project."))
    body = factory.LazyFunction(lambda: en("The **whole story**, in a few paragraphs."))
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


@pytest.fixture
def people(roles):
    """Role name -> person (staff with two-factor sign-in, as the middleware wants)."""
    editor = with_two_factor(UserFactory(is_editor=True))
    return {name: editor if name == "editor" else getattr(roles, name) for name in ROLES}


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def sign_in(client, user) -> None:
    if user.is_authenticated:
        client.force_login(user)
    else:
        client.logout()
