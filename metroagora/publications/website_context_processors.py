"""What every page's layout needs from the website: footer links and OpenGraph defaults."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from metroagora.publications.website_selectors import footer_links

# OpenGraph wants language_TERRITORY; the territory where the language is most at home.
OG_TERRITORIES = {
    "en": "GB",
    "cs": "CZ",
    "da": "DK",
    "el": "GR",
    "et": "EE",
    "ga": "IE",
    "sl": "SI",
    "sv": "SE",
}


def og_locale(code: str) -> str:
    code = code.split("-")[0].lower()
    return f"{code}_{OG_TERRITORIES.get(code, code.upper())}"


def x_default_path(request: HttpRequest) -> str:
    """This page without its language prefix: the site then picks the reader's language.

    The same address as ``x-default`` in sitemap.xml (Django's sitemaps drop the default
    language's prefix).
    """
    default = settings.LANGUAGE_CODE
    return translate_url(request.get_full_path(), default).replace(f"/{default}/", "/", 1)


def website(request: HttpRequest) -> dict[str, Any]:
    lang = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    origin = f"{request.scheme}://{request.get_host()}"
    return {
        "x_default_url": SimpleLazyObject(lambda: origin + x_default_path(request)),
        # Evaluated only when the footer is drawn (never a query on JSON or error pages).
        "footer_pages": SimpleLazyObject(lambda: footer_links(lang)),
        "site_origin": origin,
        "og_url": origin + request.path,
        "og_locale": og_locale(lang),
        "og_locale_alternates": [
            og_locale(code) for code, _name in settings.LANGUAGES if code != lang
        ],
    }
