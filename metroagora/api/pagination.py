"""Limit/offset pages: one COUNT and one SELECT (plus the list's own prefetches)."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db.models import JSONField, Model, QuerySet, TextField
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
    prepare: Callable[[list[M]], None] | None = None,
) -> dict[str, Any]:
    """The page ``params`` asks for, as the ``Page`` schema's dict. ``prepare`` gets the
    page's rows before they are serialized (to fetch what they show in one query)."""
    limit, offset = params.limit, params.offset
    total = (
        count if count is not None else (rows.count() if isinstance(rows, QuerySet) else len(rows))
    )
    items = list(rows[offset : offset + limit]) if offset < total else []
    if prepare is not None and items:
        prepare(items)
    return {
        "count": total,
        "limit": limit,
        "offset": offset,
        "next": _link(request, limit, offset + limit) if offset + limit < total else None,
        "previous": _link(request, limit, max(offset - limit, 0)) if offset > 0 else None,
        "results": [serialize(item) for item in items],
    }


def lean(rows: QuerySet[M], *keep: str) -> QuerySet[M]:
    """``rows`` without the long columns a list does not show: the text and JSON columns
    of the listed model not named in ``keep`` (translated texts are JSON: each costs a
    decoding per row), and the ``description`` of every model joined with it."""
    long_columns = [
        field.name
        for field in rows.model._meta.concrete_fields
        if isinstance(field, TextField | JSONField) and field.name not in keep
    ]
    joined: list[str] = []

    def walk(model: type[Model], relations: dict[str, Any], prefix: str) -> None:
        for name, below in relations.items():
            related = model._meta.get_field(name).related_model
            if not (isinstance(related, type) and issubclass(related, Model)):
                continue
            if any(f.name == "description" for f in related._meta.concrete_fields):
                joined.append(f"{prefix}{name}__description")
            walk(related, below, f"{prefix}{name}__")

    if isinstance(rows.query.select_related, dict):
        walk(rows.model, rows.query.select_related, "")
    return rows.defer(*long_columns, *joined)


def grouped(rows: Iterable[tuple[Any, ...]]) -> defaultdict[Any, list[tuple[Any, ...]]]:
    """``values_list`` rows grouped by their first value, the rest kept in order: a
    list's child rows in one query, without a model instance and a related manager per
    row as ``prefetch_related`` makes (most of a list's time when each row has several)."""
    by_key: defaultdict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for key, *rest in rows:
        by_key[key].append(tuple(rest))
    return by_key


def topic_slugs(through: type[Model], key: str, page: Sequence[Model]) -> dict[Any, list[str]]:
    """The topic slugs of a page's rows, in the topics' order, from the many-to-many
    table ``through`` whose column ``key`` points to the rows."""
    rows = (
        through._default_manager.filter(**{f"{key}__in": [row.pk for row in page]})
        .order_by(key, "topic__group", "topic__slug")
        .values_list(key, "topic__slug")
    )
    return {pk: [slug for (slug,) in slugs] for pk, slugs in grouped(rows).items()}
