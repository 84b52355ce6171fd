"""Read side of search: the results page, built in one place (five queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from metroagora.core.languages import language_name
from metroagora.core.translated import ORIGINAL_KEY, TranslatedText
from metroagora.network.models import City
from metroagora.search.backends import SearchFilters, get_backend
from metroagora.search.documents import INDEXED_KINDS, localized_url
from metroagora.search.models import DocumentKind, SearchDocument
from metroagora.search.text import ParsedQuery, highlight, match_count

PAGE_SIZE = 20
MAX_PAGES = 50  # 1,000 results: nobody reads further, and deep pages cost the most


@dataclass
class ResultItem:
    kind: str
    kind_label: str
    url: str
    title: SafeString
    title_language: str
    snippet: SafeString
    snippet_language: str
    city: City | None
    date: datetime | None

    @property
    def snippet_language_name(self) -> str:
        return language_name(self.snippet_language)


@dataclass
class KindCount:
    kind: str
    label: str
    count: int | None  # None: not counted (a very broad search)
    current: bool


@dataclass
class ResultsPage:
    query: ParsedQuery
    items: list[ResultItem]
    total: int
    shown: int  # how many can be paged through
    number: int
    num_pages: int
    kinds: list[KindCount] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def first_rank(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def capped(self) -> bool:
        """More results than can be paged through."""
        return self.total > self.shown


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_current_timezone())


def day_end(day: date) -> datetime:
    return datetime.combine(day, time.max, timezone.get_current_timezone())


def page_number(value: Any) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGES)
    except (TypeError, ValueError):
        return 1


def search(
    query: ParsedQuery, filters: SearchFilters, *, page: int = 1, language: str
) -> ResultsPage:
    """One page of results in the reader's ``language``, with the count per kind."""
    backend = get_backend()
    page = page_number(page)
    results = backend.search(query, filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    num_pages = max(1, min(MAX_PAGES, -(-results.ranked // PAGE_SIZE)))
    if page > num_pages:  # past the end: show the last page, like Paginator.get_page
        page = num_pages
        results = backend.search(query, filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    documents = _documents(results.ids)
    items = [_item(documents[pk], query, language) for pk in results.ids if pk in documents]
    labels = dict(DocumentKind.choices)
    kinds: list[KindCount] = []
    if results.by_kind:
        kinds = [
            KindCount(kind, str(labels[kind]), results.by_kind[kind], kind in filters.kinds)
            for kind in INDEXED_KINDS
            if results.by_kind.get(kind)
        ]
    elif results.total:  # too many matches to count per kind cheaply: links, no counts
        kinds = [
            KindCount(kind, str(labels[kind]), None, kind in filters.kinds)
            for kind in INDEXED_KINDS
        ]
    return ResultsPage(
        query=query,
        items=items,
        total=results.total,
        shown=min(results.ranked, MAX_PAGES * PAGE_SIZE),
        number=page,
        num_pages=num_pages,
        kinds=kinds,
    )


def _documents(ids: list[int]) -> dict[int, SearchDocument]:
    if not ids:
        return {}
    documents: QuerySet[SearchDocument] = SearchDocument.objects.select_related("city").defer(
        "vector"
    )
    return documents.in_bulk(ids)


def _item(doc: SearchDocument, query: ParsedQuery, language: str) -> ResultItem:
    title_text, title_language = TranslatedText.from_json(doc.title).resolve(language)
    body = {k: v for k, v in (doc.body or {}).items() if k != ORIGINAL_KEY and v}
    snippet_language = _snippet_language(body, doc.language, query, language)
    snippet = body.get(snippet_language, "")
    return ResultItem(
        kind=doc.kind,
        kind_label=str(dict(DocumentKind.choices).get(doc.kind, doc.kind)),
        url=localized_url(doc.url, language) if doc.url else "",
        # highlight() escapes everything but its own <mark> tags.
        title=mark_safe(highlight(title_text, title_language, query, words=80)),  # noqa: S308
        title_language=title_language,
        snippet=mark_safe(highlight(snippet, snippet_language, query)) if snippet else SafeString(),  # noqa: S308
        snippet_language=snippet_language,
        city=doc.city,
        date=doc.date,
    )


def _snippet_language(body: dict[str, str], original: str, query: ParsedQuery, reader: str) -> str:
    """The reader's language if its text matches, else the version matching most terms."""
    if not body:
        return reader
    order = list(dict.fromkeys([reader, original, *body]))
    candidates = [lang for lang in order if lang in body]
    if not query.terms:
        return candidates[0]
    best, best_count = candidates[0], -1
    for lang in candidates:
        count = match_count(body[lang], lang, query)
        if count == len(query.terms):
            return lang
        if count > best_count:
            best, best_count = lang, count
    return best
