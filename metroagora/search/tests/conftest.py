"""Helpers for search tests: what a query finds, as (kind, object id) pairs."""

from typing import Any

from metroagora.search.backends import SearchFilters, get_backend
from metroagora.search.models import SearchDocument
from metroagora.search.text import parse_query


def found(q: str, **filters: Any) -> list[tuple[str, int]]:
    """Ranked (kind, object id) of every document the query finds (first 100)."""
    if "kinds" in filters and isinstance(filters["kinds"], str):
        filters["kinds"] = (filters["kinds"],)
    results = get_backend().search(parse_query(q), SearchFilters(**filters), 100, 0)
    docs = SearchDocument.objects.in_bulk(results.ids)
    return [(docs[pk].kind, docs[pk].object_id) for pk in results.ids]
