"""The site's addresses, read from the URL configuration and the API's OpenAPI schema."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from metroagora.tests.matrix_format import Entry


def _walk(patterns: Iterable[Any], prefix: str, namespace: str) -> Iterable[tuple[str, str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            # i18n_patterns: the language prefix is not part of the key.
            part = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            yield from _walk(pattern.url_patterns, prefix + part, inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            callback = pattern.callback
            view = f"{getattr(callback, '__module__', '?')}.{getattr(callback, '__name__', '?')}"
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = route  # unnamed: the route is the key
            yield key, route, view


def url_patterns() -> dict[str, tuple[str, str]]:
    """Key (``namespace:name``, or the route of an unnamed pattern) -> (route, view)."""
    found: dict[str, tuple[str, str]] = {}
    for key, route, view in _walk(get_resolver().url_patterns, "", ""):
        found.setdefault(key, (route, view))  # the first pattern of a name is the one reversed
    return found


def api_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation in the API's OpenAPI schema."""
    from metroagora.api.api import api

    schema = api.get_openapi_schema()
    return [
        (method.lower(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    ]


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def entry_route_templates(
    entries: Mapping[str, Entry], patterns: Mapping[str, tuple[str, str]]
) -> dict[str, set[str]]:
    """OpenAPI-style path (``/api/v1/events/{slug}``) -> methods the API entries check."""
    checked: dict[str, set[str]] = {}
    for key, item in entries.items():
        if not key.startswith("api-1:") or key not in patterns:
            continue
        template = "/" + _CONVERTER.sub(r"{\1}", patterns[key][0])
        methods = checked.setdefault(template, set())
        for case in item.cases:
            if case.get is not None:
                methods.add("get")
            if case.post is not None:
                methods.add("post")
    return checked
