"""Limit/offset pages: one COUNT and one SELECT (plus the list's own prefetches)."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict

from metroagora.api.schemas import PageParams

M = TypeVar("M", bound=Model)


def _link(request: HttpRequest, limit: int, offset: int) -> str:
    query: QueryDict = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_of(
    request: HttpRequest,
    rows: QuerySet[M] | Sequence[M],
    params: PageParams,
    serialize: Callable[[M], Any],
    *,
    count: int | None = None,
) -> dict[str, Any]:
    """The page ``params`` asks for, as the ``Page`` schema's dict."""
    limit, offset = params.limit, params.offset
    total = (
        count if count is not None else (rows.count() if isinstance(rows, QuerySet) else len(rows))
    )
    items = list(rows[offset : offset + limit]) if offset < total else []
    return {
        "count": total,
        "limit": limit,
        "offset": offset,
        "next": _link(request, limit, offset + limit) if offset + limit < total else None,
        "previous": _link(request, limit, max(offset - limit, 0)) if offset > 0 else None,
        "results": [serialize(item) for item in items],
    }
