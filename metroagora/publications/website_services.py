"""Every write to the website's editorial pages and news posts goes through here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core.translated import TranslatedText
from metroagora.network.models import City
from metroagora.publications.models import NewsPost, Page, PageKind
from metroagora.publications.website_selectors import forget_cached_website

# Addresses the staff pages use: a page or a news post cannot take them as its slug.
RESERVED_PAGE_SLUGS = frozenset({"new"})
RESERVED_NEWS_SLUGS = frozenset({"new"})
MAX_IMAGE_BYTES = 10 * 1024 * 1024
PAGE_FIELDS = ("kind", "title", "body", "in_footer", "order")


def _check(actor: User, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _after_write() -> None:
    """Footer links and the home page's news are cached briefly: forget them now."""
    forget_cached_website()
    transaction.on_commit(forget_cached_website)


def _base_slug(title: Any, fallback: str) -> str:
    text = TranslatedText.from_json(title)
    return slugify(text.get(text.original or "") or str(text))[:80] or fallback


def _free_slug(queryset: Any, base: str, reserved: frozenset[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is neither taken nor reserved."""
    slug, n = base, 1
    while slug in reserved or queryset.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Editorial pages ------------------------------------------------------------------


@transaction.atomic
def create_page(
    actor: User,
    *,
    title: TranslatedText | dict[str, str],
    body: TranslatedText | dict[str, str],
    kind: str = PageKind.OTHER,
    slug: str = "",
    in_footer: bool = True,
    order: int = 0,
) -> Page:
    """A network admin adds an editorial page; it stays a draft until published."""
    _check(actor, "publications.add_page")
    slug = slugify(slug or "")[:80]
    if slug:
        if slug in RESERVED_PAGE_SLUGS:
            raise ValidationError(
                {"slug": _("This address is used by the site: choose another short name.")}
            )
        if Page.objects.filter(slug=slug).exists():
            raise ValidationError(
                {"slug": _("Another page already uses this short name: choose another one.")}
            )
    else:
        slug = _free_slug(Page.objects.all(), _base_slug(title, "page"), RESERVED_PAGE_SLUGS)
    page = Page(
        slug=slug,
        kind=kind,
        title=title,
        body=body,
        in_footer=in_footer,
        order=order,
        published=False,
    )
    page.full_clean()
    page.save()
    _after_write()
    return page


@transaction.atomic
def update_page(actor: User, page: Page, **fields: Any) -> Page:
    """Change a page's texts or settings (its address stays: links to it keep working)."""
    page = Page.objects.select_for_update().get(pk=page.pk)
    _check(actor, "publications.change_page", page)
    for name, value in fields.items():
        if name not in PAGE_FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(page, name, value)
    page.full_clean()
    page.save()
    _after_write()
    return page


@transaction.atomic
def publish_page(actor: User, page: Page) -> Page:
    page = Page.objects.select_for_update().get(pk=page.pk)
    _check(actor, "publications.publish_page", page)
    if not page.published:
        page.published = True
        page.save(update_fields=["published", "updated_at"])
    _after_write()
    return page


@transaction.atomic
def unpublish_page(actor: User, page: Page) -> Page:
    page = Page.objects.select_for_update().get(pk=page.pk)
    _check(actor, "publications.publish_page", page)
    if page.published:
        page.published = False
        page.save(update_fields=["published", "updated_at"])
    _after_write()
    return page


# --- News -----------------------------------------------------------------------------


def _clean_image(image: Any, image_alt: str) -> None:
    """A real picture (checked with Pillow), not too big, and always described."""
    if isinstance(image, UploadedFile):
        if image.size and image.size > MAX_IMAGE_BYTES:
            raise ValidationError(
                {"image": _("The image is larger than 10 MB: make it smaller and try again.")}
            )
        try:
            forms.ImageField().clean(image)
        except ValidationError:
            raise ValidationError(
                {
                    "image": _(
                        "This file is not an image we can read: upload a JPEG, PNG or WebP picture."
                    )
                }
            ) from None
        image.seek(0)
    if image and not image_alt.strip():
        raise ValidationError(
            {
                "image_alt": _(
                    "Describe what the image shows, for people who cannot see it (or remove "
                    "the image)."
                )
            }
        )


def _check_city(actor: User, post: NewsPost) -> None:
    """Coordinators write for their own city; only network admins write for the network."""
    if actor.is_network_admin:
        return
    if post.city_id is None:
        raise ValidationError(
            {"city": _("Choose the city the news is about: you write news for your city.")}
        )
    if not actor.has_perm("publications.change_newspost", post):
        raise PermissionDenied


@transaction.atomic
def create_news_post(
    actor: User,
    *,
    title: TranslatedText | dict[str, str],
    summary: TranslatedText | dict[str, str],
    body: TranslatedText | dict[str, str],
    city: City | None = None,
    image: Any = None,
    image_alt: str = "",
    slug: str = "",
) -> NewsPost:
    """A draft news post: network admins for any city or none, coordinators for theirs."""
    _check(actor, "publications.add_newspost")
    post = NewsPost(
        title=title,
        summary=summary,
        body=body,
        city=city,
        image_alt=(image_alt or "").strip(),
        author=actor,
    )
    _check_city(actor, post)
    _clean_image(image, post.image_alt)
    slug = slugify(slug or "")[:90]
    if slug and (slug in RESERVED_NEWS_SLUGS or NewsPost.objects.filter(slug=slug).exists()):
        raise ValidationError(
            {"slug": _("Another post or a page of the site uses this short name: choose another.")}
        )
    post.slug = slug or _free_slug(
        NewsPost.objects.all(), _base_slug(title, "news"), RESERVED_NEWS_SLUGS
    )
    if image:
        post.image = image
    post.full_clean(exclude=["author"])  # SET_NULL: the author may have left
    post.save()
    _after_write()
    return post


@transaction.atomic
def update_news_post(
    actor: User,
    post: NewsPost,
    *,
    title: TranslatedText | dict[str, str] | None = None,
    summary: TranslatedText | dict[str, str] | None = None,
    body: TranslatedText | dict[str, str] | None = None,
    city: City | None | bool = False,
    image: Any = None,
    image_alt: str | None = None,
    remove_image: bool = False,
) -> NewsPost:
    """Change a post's texts, city or image (``city=False``: keep the city)."""
    post = NewsPost.objects.select_for_update().get(pk=post.pk)
    _check(actor, "publications.change_newspost", post)
    if title is not None:
        post.title = title
    if summary is not None:
        post.summary = summary
    if body is not None:
        post.body = body
    if city is not False:
        post.city = city if isinstance(city, City) else None
        _check_city(actor, post)
    if image_alt is not None:
        post.image_alt = image_alt.strip()
    old_image = post.image.name if post.image else ""
    if remove_image and not image:
        post.image = None
        post.image_alt = ""
    _clean_image(image or post.image, post.image_alt)
    if image:
        post.image = image
    post.full_clean(exclude=["author"])  # SET_NULL: the author may have left
    post.save()
    if old_image and post.image.name != old_image:
        storage = post.image.storage
        transaction.on_commit(lambda: storage.delete(old_image))
    _after_write()
    return post


@transaction.atomic
def publish_news_post(actor: User, post: NewsPost) -> NewsPost:
    """Publish now (a post published earlier keeps its date)."""
    post = NewsPost.objects.select_for_update().get(pk=post.pk)
    _check(actor, "publications.publish_newspost", post)
    now = timezone.now()
    if post.published_at is None or post.published_at > now:
        post.published_at = now
        post.save(update_fields=["published_at", "updated_at"])
    _after_write()
    return post


@transaction.atomic
def unpublish_news_post(actor: User, post: NewsPost) -> NewsPost:
    """Back to a draft: the post leaves the news list, the feeds and the home page."""
    post = NewsPost.objects.select_for_update().get(pk=post.pk)
    _check(actor, "publications.publish_newspost", post)
    if post.published_at is not None:
        post.published_at = None
        post.save(update_fields=["published_at", "updated_at"])
    _after_write()
    return post
