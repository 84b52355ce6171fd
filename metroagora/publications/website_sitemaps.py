"""``sitemap.xml``: an index of one sitemap per kind of page, every address in every UI
language with its alternates (``hreflang``, and ``x-default`` for the default language).

Another area adds its pages with a ``Sitemap`` subclass of ``I18nSitemap`` registered in
``SITEMAPS`` below (videos and publications are listed from their models already).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse

from metroagora.events.models import Event, EventStatus
from metroagora.forum.models import Debate
from metroagora.network.models import City
from metroagora.practices.models import Practice, PracticeStatus
from metroagora.publications.models import NewsPost, Page, Publication, PublicationStatus, Video
from metroagora.publications.website_selectors import published_news, published_pages


def _has_url(name: str, **kwargs: Any) -> bool:
    """Whether a page exists yet (areas of the site are built one after the other)."""
    try:
        reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return False
    return True


class I18nSitemap(Sitemap):
    """Every address in each UI language, with the others as alternates."""

    i18n = True
    alternates = True
    x_default = True
    limit = 2000  # addresses per sitemap page (one per item and language)

    def __init__(self) -> None:
        super().__init__()
        self._locations: dict[tuple[Any, ...], str] = {}

    def lastmod(self, item: Any) -> datetime | None:
        return getattr(item, "updated_at", None)

    def _location(self, item: Any, force_lang_code: str | None = None) -> str:
        """Django asks for each item's address in every language once per language it
        lists the item in (as its address, then among the alternates of the others):
        remember each (item, language) for the request instead of reversing it again."""
        obj, lang_code = item
        key = (type(obj), getattr(obj, "pk", obj), force_lang_code or lang_code)
        location = self._locations.get(key)
        if location is None:
            location = super()._location(item, force_lang_code)  # type: ignore[misc]
            self._locations[key] = location
        return location


class StaticSitemap(I18nSitemap):
    changefreq = "daily"
    names = [
        "publications:home",
        "publications:news",
        "network:overview",
        "network:city_list",
        "events:list",
        "forum:list",
        "practices:list",
        "publications:videos",
        "publications:publications",
    ]

    def items(self) -> list[str]:
        return [name for name in self.names if _has_url(name)]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: Any) -> None:
        return None


class _ModelSitemap(I18nSitemap):
    """Lists ``queryset()`` (only what the page's address and the date need)."""

    fields = ("slug", "updated_at")

    def queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def items(self) -> QuerySet[Any]:
        return self.queryset().only(*self.fields)

    def location(self, item: Model) -> str:
        return str(item.get_absolute_url())  # type: ignore[attr-defined]


class CitySitemap(_ModelSitemap):
    def queryset(self) -> QuerySet[City]:
        return City.objects.order_by("slug")


class EventSitemap(_ModelSitemap):
    def queryset(self) -> QuerySet[Event]:
        return Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.HELD]).order_by(
            "-starts_at", "-pk"
        )


class DebateSitemap(_ModelSitemap):
    def queryset(self) -> QuerySet[Debate]:
        return Debate.objects.order_by("-created_at", "-pk")


class PracticeSitemap(_ModelSitemap):
    def queryset(self) -> QuerySet[Practice]:
        return Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by(
            "-published_at", "-pk"
        )


class PageSitemap(_ModelSitemap):
    def queryset(self) -> QuerySet[Page]:
        return published_pages()


class NewsSitemap(_ModelSitemap):
    def queryset(self) -> QuerySet[NewsPost]:
        return published_news().select_related(None)


class VideoSitemap(_ModelSitemap):
    def queryset(self) -> QuerySet[Video]:
        if not _has_url("publications:video", slug="x"):
            return Video.objects.none()
        return Video.objects.filter(published=True).order_by("-created_at", "-pk")


class PublicationSitemap(_ModelSitemap):
    def queryset(self) -> QuerySet[Publication]:
        if not _has_url("publications:publication", slug="x"):
            return Publication.objects.none()
        return Publication.objects.filter(status=PublicationStatus.PUBLISHED).order_by(
            "-published_at", "-pk"
        )


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "site": StaticSitemap,
    "pages": PageSitemap,
    "news": NewsSitemap,
    "cities": CitySitemap,
    "events": EventSitemap,
    "debates": DebateSitemap,
    "practices": PracticeSitemap,
    "videos": VideoSitemap,
    "publications": PublicationSitemap,
}
