"""Search backends: one interface, two engines, chosen by the database in use.

- SQLite: an FTS5 virtual table ``search_fts(tags, title, body)`` beside
  ``search_searchdocument`` (same rowid as the document's id), ranked with
  ``bm25(search_fts, 0, 10, 1)``: a word in the title weighs ten times one in the body.
  ``tags`` holds the filter values as words ("kevent cfr lfr tclimate y12"), so that
  every filter but dates is part of the full-text match (no join); ``search_term``
  lists every indexed word, to expand partial words.
- PostgreSQL: ``vector`` (``setweight(title, 'A') || setweight(body, 'B')``) and
  ``title_vector``, each with a GIN index, ranked with ``ts_rank`` (title 10x body).

Both engines index the *same* words: the stems computed in Python by ``text.py``
(Snowball stemmers of PyStemmer, every UI language included). PostgreSQL receives
them through its ``simple`` configuration, which only splits and lower-cases, because
it has no Polish dictionary and stems one language per configuration, whereas each
document here is stemmed in its own language. So both backends find the same
documents for a query; only the ranking functions differ.

Cost is bounded whatever the query: a word matches as a prefix only when it is in no
document (a partial word), ranking covers a bounded pool on very broad queries (see
``SearchBackend``), and counts per kind are skipped on SQLite when they would cost
more than the search itself.

Queries are built from tokens made only of letters and digits (see
``text.parse_query``) and every token is quoted, so nothing a person types can change
the structure of an FTS5 or tsquery expression; everything else is a parameter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from metroagora.search.documents import BODY_CHARS, Doc, truncate
from metroagora.search.models import SearchDocument
from metroagora.search.text import ParsedQuery, document_stems

FTS_TABLE = "search_fts"
TERMS_TABLE = "search_term"
JOIN_INDEX = "search_document_id_kind_date"  # (id, kind, date), SQLite only
FTS_CREATE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "tags, title, body, tokenize = 'unicode61 remove_diacritics 2')"
)
PG_INDEXES = [
    "CREATE INDEX search_document_vector ON search_searchdocument "
    "USING gin (vector) WITH (fastupdate = off)",
    "CREATE INDEX search_document_title_vector ON search_searchdocument "
    "USING gin (title_vector) WITH (fastupdate = off)",
]
DOCS = SearchDocument._meta.db_table
# A match joined with its document's kind and date, read from the narrow index.
JOIN = f" CROSS JOIN {DOCS} d INDEXED BY {JOIN_INDEX} ON d.id = {FTS_TABLE}.rowid"
UNIQUE_FIELDS = ["kind", "object_id"]
UPDATE_FIELDS = [
    "url",
    "title",
    "body",
    "language",
    "languages",
    "city",
    "country",
    "topics",
    "date",
]
BATCH = 500
MAX_LIMIT = 100
KIND_COUNTS = 5_000  # SQLite: counts per kind when a query has at most this many matches
MAX_EXPANSIONS = 200  # SQLite: a partial word expands into at most this many words


@dataclass(frozen=True)
class SearchFilters:
    kinds: tuple[str, ...] = ()
    city_id: int | None = None
    country: str = ""
    topic: str = ""
    language: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None

    def __bool__(self) -> bool:
        return bool(
            self.kinds
            or self.city_id
            or self.country
            or self.topic
            or self.language
            or self.date_from
            or self.date_to
        )


@dataclass(frozen=True)
class Hit:
    id: int  # SearchDocument id
    score: float


@dataclass
class Results:
    hits: list[Hit]
    total: int  # every match for the query and filters
    # Matches per kind, with every filter but the kind ({} when too costly to count).
    by_kind: dict[str, int]
    ranked: int = -1  # how many can be paged through (a broad query: its pool); -1: all

    def __post_init__(self) -> None:
        if self.ranked < 0:
            self.ranked = self.total

    @property
    def ids(self) -> list[int]:
        return [hit.id for hit in self.hits]


@dataclass
class Prepared:
    row: SearchDocument
    title: str  # stems
    body: str  # stems
    tags: str  # filter values as words (SQLite)


def _spaced(values: Iterable[str]) -> str:
    values = [v for v in values if v]
    return f" {' '.join(values)} " if values else ""


def tag(prefix: str, value: Any) -> str:
    """A filter value as one indexable word: ``tag("t", "climate-change") == "tclimatechange"``."""
    return prefix + "".join(ch for ch in str(value).lower() if ch.isalnum())


def prepare(doc: Doc) -> Prepared:
    """The document's row, the stems of its title and body (all languages), its tags."""
    body = {lang: truncate(text, BODY_CHARS) for lang, text in doc.body.items() if text}
    title = {lang: text.strip() for lang, text in doc.title.items() if text and text.strip()}
    country = (doc.country or "")[:2]
    row = SearchDocument(
        kind=doc.kind,
        object_id=doc.object_id,
        url=doc.url[:300],
        title={**title, "_original": doc.title_language or doc.language},
        body={**body, "_original": doc.language},
        language=doc.language,
        languages=_spaced(doc.languages)[:200],
        city_id=doc.city_id,
        country=country,
        topics=_spaced(doc.topics)[:1000],
        date=doc.date,
    )
    return Prepared(
        row=row,
        title=_stems(title) if doc.index_title else "",
        body=_stems(body),
        tags=tags_for(doc.kind, country, doc.city_id, doc.languages, doc.topics),
    )


def tags_for(
    kind: str, country: str, city_id: int | None, languages: Iterable[str], topics: Iterable[str]
) -> str:
    """The filter values of a document as words of the FTS5 ``tags`` column."""
    tags = [tag("k", kind)]
    if country:
        tags.append(tag("c", country))
    if city_id:
        tags.append(tag("y", city_id))
    tags += [tag("l", lang) for lang in languages if lang]
    tags += [tag("t", topic) for topic in topics if topic]
    return " ".join(tags)


def _stems(texts: dict[str, str]) -> str:
    seen: set[str] = set()
    parts = []
    for lang, text in texts.items():
        if text not in seen:  # the same text in several languages counts once
            seen.add(text)
            parts.append(document_stems(text, lang))
    return " ".join(p for p in parts if p)


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _filters_sql(filters: SearchFilters, *, kinds: bool = True) -> tuple[str, list[Any]]:
    """`` AND ...`` conditions on the documents table (alias ``d``) and their parameters."""
    sql: list[str] = []
    params: list[Any] = []
    if kinds and filters.kinds:
        sql.append(f"d.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params.extend(filters.kinds)
    if filters.city_id:
        sql.append("d.city_id = %s")
        params.append(filters.city_id)
    if filters.country:
        sql.append("d.country = %s")
        params.append(filters.country)
    if filters.topic:
        sql.append("d.topics LIKE %s ESCAPE '\\'")
        params.append(f"% {_like_escape(filters.topic)} %")
    if filters.language:
        sql.append("d.languages LIKE %s ESCAPE '\\'")
        params.append(f"% {_like_escape(filters.language)} %")
    date_sql, date_params = _date_sql(filters)
    return "".join(f" AND {s}" for s in sql) + date_sql, params + date_params


def _date_sql(filters: SearchFilters) -> tuple[str, list[Any]]:
    sql, params = "", []
    if filters.date_from:
        sql += " AND d.date >= %s"
        params.append(connection.ops.adapt_datetimefield_value(filters.date_from))
    if filters.date_to:
        sql += " AND d.date <= %s"
        params.append(connection.ops.adapt_datetimefield_value(filters.date_to))
    return sql, params


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SearchBackend:
    """The interface. ``index``/``remove`` run in the caller's transaction.

    Ranking is bounded: when a query has at most ``FULL_RANK`` matches, all are ranked;
    beyond that (a very broad query, "city"), the ranked pool is the ``POOL`` most
    recently indexed matches plus the ``POOL`` most recent matches in titles, and only
    the first ``POOL`` of the ranking can be paged through (the pool does not depend on
    the page, so pages never overlap). The rebuild indexes in date order, so "most
    recently indexed" is "newest". The total is always exact.
    """

    vendor = ""
    FULL_RANK = 2_000
    POOL = 500

    def index(self, docs: Sequence[Doc], *, fresh: bool = False) -> int:
        """Add or replace documents; ``fresh``: the index is known not to hold them."""
        raise NotImplementedError

    def remove(self, kind: str, object_ids: Iterable[int]) -> int:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def retag(self, kind: str, object_ids: Iterable[int]) -> None:
        """The rows' filter columns changed (by ``UPDATE``): refresh what depends on them."""

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Empty the index for a rebuild, then index with ``fresh=True`` inside."""
        self.clear()
        yield

    def search(
        self, query: ParsedQuery, filters: SearchFilters, limit: int = 20, offset: int = 0
    ) -> Results:
        """Ranked matches (``hits``), their ``total`` and the count per kind.

        Without terms, the documents that pass the filters, newest first (browsing).
        """
        limit = max(0, min(limit, MAX_LIMIT))
        offset = max(0, offset)
        if query.terms:
            return self._search(query, filters, limit, offset)
        return self._browse(filters, limit, offset)

    def _search(
        self, query: ParsedQuery, filters: SearchFilters, limit: int, offset: int
    ) -> Results:
        raise NotImplementedError

    def _ranked(self, total: int) -> int:
        return total if total <= self.FULL_RANK else min(total, self.POOL)

    def _browse(self, filters: SearchFilters, limit: int, offset: int) -> Results:
        all_but_kind, all_but_kind_params = _filters_sql(filters, kinds=False)
        where, params = _filters_sql(filters)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.kind, COUNT(*) FROM {DOCS} d WHERE 1 = 1{all_but_kind} "  # noqa: S608
                "GROUP BY d.kind",
                all_but_kind_params,
            )
            by_kind = dict(cursor.fetchall())
            total = _total(by_kind, filters)
            hits: list[Hit] = []
            if total > offset and limit:
                cursor.execute(
                    f"SELECT d.id, 0 FROM {DOCS} d WHERE 1 = 1{where} "  # noqa: S608
                    "ORDER BY d.date IS NULL, d.date DESC, d.id DESC LIMIT %s OFFSET %s",
                    [*params, limit, offset],
                )
                hits = [Hit(id=row[0], score=0.0) for row in cursor.fetchall()]
        return Results(hits=hits, total=total, by_kind=by_kind)


def _total(by_kind: dict[str, int], filters: SearchFilters) -> int:
    return sum(n for k, n in by_kind.items() if not filters.kinds or k in filters.kinds)


def _upsert(rows: list[SearchDocument]) -> list[SearchDocument]:
    return SearchDocument.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=UNIQUE_FIELDS,
        update_fields=UPDATE_FIELDS,
    )


# Every query expression is limited to these columns: "tags" holds filter values.
TEXT = "{title body}"


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def index(self, docs: Sequence[Doc], *, fresh: bool = False) -> int:
        prepared = [prepare(doc) for doc in docs]
        if not prepared:
            return 0
        with transaction.atomic(savepoint=False):
            rows = _upsert([p.row for p in prepared])
            with connection.cursor() as cursor:
                if not fresh:
                    cursor.executemany(
                        f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                        [(r.pk,) for r in rows],
                    )
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, tags, title, body) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s)",
                    [(r.pk, p.tags, p.title, p.body) for r, p in zip(rows, prepared, strict=True)],
                )
                terms: set[str] = set()
                for p in prepared:
                    terms.update(p.title.split())
                    terms.update(p.body.split())
                cursor.executemany(
                    f"INSERT OR IGNORE INTO {TERMS_TABLE} (term) VALUES (%s)",  # noqa: S608
                    [(term,) for term in sorted(terms)],
                )
        return len(rows)

    def remove(self, kind: str, object_ids: Iterable[int]) -> int:
        ids = list(object_ids)
        removed = 0
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            for chunk in _chunks(ids):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {DOCS} "  # noqa: S608
                    f"WHERE kind = %s AND object_id IN ({marks}))",
                    [kind, *chunk],
                )
                deleted, _rows = SearchDocument.objects.filter(
                    kind=kind, object_id__in=chunk
                ).delete()
                removed += deleted
        return removed

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            # Dropping is much faster than deleting 100,000 rows one by one from FTS5.
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
            cursor.execute(FTS_CREATE)
            cursor.execute(f"DELETE FROM {TERMS_TABLE}")  # noqa: S608
            cursor.execute(f"DELETE FROM {DOCS}")  # noqa: S608

    def retag(self, kind: str, object_ids: Iterable[int]) -> None:
        ids = list(object_ids)
        with connection.cursor() as cursor:
            for chunk in _chunks(ids):
                rows = SearchDocument.objects.filter(kind=kind, object_id__in=chunk).values_list(
                    "id", "country", "city_id", "languages", "topics"
                )
                cursor.executemany(
                    f"UPDATE {FTS_TABLE} SET tags = %s WHERE rowid = %s",  # noqa: S608
                    [
                        (tags_for(kind, country, city, langs.split(), topics.split()), pk)
                        for pk, country, city, langs, topics in rows
                    ],
                )

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        self.clear()
        yield
        with connection.cursor() as cursor:
            # One b-tree instead of the many segments of a bulk load: faster queries.
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608

    def _expansions(self, cursor: Any, query: ParsedQuery) -> dict[int, list[str]]:
        """Words that the partial words of the query stand for (see ``_search``).

        A term matches as a prefix only when the word as typed is in no document: a
        complete word ("budget") needs no prefix (its stems find its forms). A partial
        word ("partic") is expanded here into the indexed words it begins, which FTS5
        matches much faster than its own prefix query.
        """
        candidates = [i for i, term in enumerate(query.terms) if term.prefix]
        if not candidates:
            return {}
        exists = f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"  # noqa: S608
        cursor.execute(
            "SELECT " + ", ".join([exists] * len(candidates)),
            [f'{TEXT} : "{_safe(query.terms[i].word)}"' for i in candidates],
        )
        partial = [i for i, hit in zip(candidates, cursor.fetchone(), strict=True) if not hit]
        expansions: dict[int, list[str]] = {}
        for i in partial:
            word = query.terms[i].word
            cursor.execute(
                f"SELECT term FROM {TERMS_TABLE} WHERE term >= %s AND term < %s "  # noqa: S608
                "ORDER BY term LIMIT %s",
                [word, word + "\U0010ffff", MAX_EXPANSIONS + 1],
            )
            words = [row[0] for row in cursor.fetchall()]
            # Too many: let FTS5 expand the prefix itself (slower, never incomplete).
            expansions[i] = words if len(words) <= MAX_EXPANSIONS else ["*"]
        return expansions

    def _count(self, cursor: Any, expression: str, join: str, date: tuple[str, list[Any]]) -> int:
        cursor.execute(
            f"SELECT count(*) FROM {FTS_TABLE}{join} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s{date[0]}",
            [expression, *date[1]],
        )
        return int(cursor.fetchone()[0])

    def _search(
        self, query: ParsedQuery, filters: SearchFilters, limit: int, offset: int
    ) -> Results:
        date = _date_sql(filters)
        join = JOIN if date[0] else ""
        # CROSS JOIN keeps the full-text match as the outer loop (no probing per row).
        with connection.cursor() as cursor:
            match = fts5_match(query, expansions=self._expansions(cursor, query))
            but_kind = " AND ".join([f"{TEXT} : ({match})", *_fts_tags(filters)])
            everything = " AND ".join([but_kind, *_fts_kinds(filters)])
            # Counts per kind over at most KIND_COUNTS + 1 matches: exact when there are
            # no more, else only the total is counted (FTS5 alone, without the join).
            cursor.execute(
                f"SELECT kind, count(*) FROM (SELECT d.kind AS kind FROM {FTS_TABLE}{JOIN} "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH %s{date[0]} LIMIT %s) GROUP BY kind",
                [but_kind, *date[1], KIND_COUNTS + 1],
            )
            by_kind: dict[str, int] = dict(cursor.fetchall())
            if sum(by_kind.values()) <= KIND_COUNTS:
                total = _total(by_kind, filters)
            else:
                by_kind = {}
                total = self._count(cursor, everything, join, date)
            ranked = self._ranked(total)
            if ranked <= offset or not limit:
                return Results(hits=[], total=total, by_kind=by_kind, ranked=ranked)
            limit = min(limit, ranked - offset)
            score = f"bm25({FTS_TABLE}, 0.0, 10.0, 1.0)"
            if total <= self.FULL_RANK:
                cursor.execute(
                    f"SELECT {FTS_TABLE}.rowid, {score} AS s FROM {FTS_TABLE}{join} "  # noqa: S608
                    f"WHERE {FTS_TABLE} MATCH %s{date[0]} "
                    f"ORDER BY s, {FTS_TABLE}.rowid LIMIT %s OFFSET %s",
                    [everything, *date[1], limit, offset],
                )
            else:
                # Ranked pool: the newest matches, and the newest matches in titles
                # (scored on their titles: the title weighs most). Each tier stops
                # after ``pool`` rows, walking the index newest first.
                in_titles = " AND ".join(
                    [f"title : ({match})", *_fts_tags(filters), *_fts_kinds(filters)]
                )
                tier = (
                    f"SELECT * FROM (SELECT {FTS_TABLE}.rowid AS id, {score} AS s "  # noqa: S608
                    f"FROM {FTS_TABLE}{join} WHERE {FTS_TABLE} MATCH %s{date[0]} "
                    f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s)"
                )
                pool = self.POOL
                cursor.execute(
                    f"SELECT id, min(s) AS s FROM ({tier} UNION ALL {tier}) "  # noqa: S608
                    "GROUP BY id ORDER BY s, id LIMIT %s OFFSET %s",
                    [everything, *date[1], pool, in_titles, *date[1], pool, limit, offset],
                )
            hits = [Hit(id=row[0], score=float(row[1] or 0)) for row in cursor.fetchall()]
        return Results(hits=hits, total=total, by_kind=by_kind, ranked=ranked)


def _fts_tags(filters: SearchFilters) -> list[str]:
    """FTS5 conditions on the ``tags`` column for every filter but kinds and dates."""
    conditions = []
    if filters.city_id:
        conditions.append(tag("y", filters.city_id))
    if filters.country:
        conditions.append(tag("c", filters.country))
    if filters.language:
        conditions.append(tag("l", filters.language))
    if filters.topic:
        conditions.append(tag("t", filters.topic))
    return [f'tags : "{_safe(c)}"' for c in conditions]


def _fts_kinds(filters: SearchFilters) -> list[str]:
    if not filters.kinds:
        return []
    return ["tags : (" + " OR ".join(f'"{_safe(tag("k", k))}"' for k in filters.kinds) + ")"]


class PostgreSQLBackend(SearchBackend):
    vendor = "postgresql"
    # ts_rank reads each ranked vector from TOAST storage: keep the ranked set smaller.
    FULL_RANK = 1_000
    # ts_rank weights for D, C, B, A: the title (A) weighs ten times the body (B).
    WEIGHTS = "{0.1, 0.1, 0.1, 1.0}"

    def index(self, docs: Sequence[Doc], *, fresh: bool = False) -> int:
        # Plain SQL: compiling a SearchVector expression per row costs more than the
        # database's own work. executemany is pipelined by psycopg.
        prepared = [prepare(doc) for doc in docs]
        if not prepared:
            return 0
        columns = ["kind", "object_id", "url", "title", "body", "language", "languages"]
        columns += ["city_id", "country", "topics", "date"]
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*columns[2:], "vector", "title_vector"])
        sql = (
            f"INSERT INTO {DOCS} ({', '.join(columns)}, vector, title_vector) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))}, "
            "setweight(to_tsvector('simple', %s), 'A') || "
            "setweight(to_tsvector('simple', %s), 'B'), to_tsvector('simple', %s)) "
            f"ON CONFLICT (kind, object_id) DO UPDATE SET {updates}"
        )
        rows = []
        for p in prepared:
            r = p.row
            rows.append(
                (
                    r.kind,
                    r.object_id,
                    r.url,
                    json.dumps(r.title, ensure_ascii=False),
                    json.dumps(r.body, ensure_ascii=False),
                    r.language,
                    r.languages,
                    r.city_id,
                    r.country,
                    r.topics,
                    r.date,
                    p.title,
                    p.body,
                    p.title,
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        return len(rows)

    def remove(self, kind: str, object_ids: Iterable[int]) -> int:
        ids = list(object_ids)
        removed = 0
        for chunk in _chunks(ids):
            deleted, _rows = SearchDocument.objects.filter(kind=kind, object_id__in=chunk).delete()
            removed += deleted
        return removed

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {DOCS}")  # noqa: S608

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Build the GIN indexes once at the end: much faster than row by row.

        Run it in a transaction: searches wait for the rebuild to finish.
        """
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {DOCS}")  # noqa: S608
            cursor.execute("DROP INDEX IF EXISTS search_document_vector")
            cursor.execute("DROP INDEX IF EXISTS search_document_title_vector")
        yield
        with connection.cursor() as cursor:
            # Check the deferred foreign keys now: no index is built over pending checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for sql in PG_INDEXES:
                cursor.execute(sql)
            cursor.execute(f"ANALYZE {DOCS}")

    def _tsquery_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """SQL building the tsquery, with the prefix rule of ``SQLiteBackend._prefixed``.

        Done in SQL (a CASE per term that may be a prefix) to save a round trip.
        """
        groups: list[str] = []
        params: list[Any] = []
        for term in query.terms:
            exact = tsquery(ParsedQuery(text="", terms=(term,)), set())
            if not term.prefix:
                groups.append("%s")
                params.append(exact)
                continue
            groups.append(
                f"CASE WHEN EXISTS (SELECT 1 FROM {DOCS} "  # noqa: S608
                "WHERE vector @@ to_tsquery('simple', %s)) THEN %s ELSE %s END"
            )
            params += [
                f"'{_safe(term.word)}'",
                exact,
                tsquery(ParsedQuery(text="", terms=(term,)), {0}),
            ]
        return f"to_tsquery('simple', concat_ws(' & ', {', '.join(groups)}))", params

    def _search(
        self, query: ParsedQuery, filters: SearchFilters, limit: int, offset: int
    ) -> Results:
        but_kind, but_kind_params = _filters_sql(filters, kinds=False)
        where, where_params = _filters_sql(filters)
        kinds_sql = (
            f" AND kind IN ({', '.join(['%s'] * len(filters.kinds))})" if filters.kinds else ""
        )
        pool = self.POOL
        ts_sql, ts_params = self._tsquery_sql(query)
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            # Matches come from the GIN index, never from reading every vector.
            cursor.execute("SET LOCAL enable_seqscan = off")
            # One statement: the matches (id, kind) once, their counts per kind, and
            # the ranked page from a bounded pool (see SearchBackend).
            cursor.execute(
                f"""
                WITH q AS (SELECT {ts_sql} AS query),
                m AS MATERIALIZED (
                    SELECT d.id, d.kind FROM {DOCS} d, q WHERE d.vector @@ q.query{but_kind}
                ),
                pool AS MATERIALIZED (SELECT id FROM m WHERE TRUE{kinds_sql}),
                t AS MATERIALIZED (
                    SELECT d.id FROM {DOCS} d, q WHERE d.title_vector @@ q.query{where}
                ),
                cand AS (
                    (SELECT id FROM pool ORDER BY id DESC LIMIT CASE
                        WHEN (SELECT count(*) FROM pool) <= %s THEN NULL ELSE %s END)
                    UNION
                    (SELECT id FROM t ORDER BY id DESC LIMIT %s)
                ),
                ranked AS (
                    SELECT d.id, ts_rank('{self.WEIGHTS}', d.vector, q.query, 1) AS score
                    FROM {DOCS} d JOIN cand ON cand.id = d.id, q
                    ORDER BY score DESC, d.id
                    LIMIT CASE WHEN (SELECT count(*) FROM pool) <= %s THEN %s
                        ELSE greatest(0, least(%s, %s - %s)) END OFFSET %s
                )
                SELECT 'k'::text, kind::text, count(*)::bigint, 0::float8 FROM m GROUP BY kind
                UNION ALL
                SELECT 'h', '', id, score FROM ranked
                """,  # noqa: S608
                [
                    *ts_params,
                    *but_kind_params,
                    *filters.kinds,
                    *where_params,
                    self.FULL_RANK,
                    pool,
                    pool,
                    self.FULL_RANK,
                    limit,
                    limit,
                    pool,
                    offset,
                    offset,
                ],
            )
            rows = cursor.fetchall()
            cursor.execute("RESET enable_seqscan")  # for the rest of an outer transaction
        by_kind = {kind: count for row_type, kind, count, _score in rows if row_type == "k"}
        hits = [Hit(id=pk, score=score) for row_type, _kind, pk, score in rows if row_type == "h"]
        hits.sort(key=lambda hit: (-hit.score, hit.id))
        total = _total(by_kind, filters)
        return Results(hits=hits, total=total, by_kind=by_kind, ranked=self._ranked(total))


def _safe(token: str) -> str:
    if not token.isalnum():  # letters and digits only, by construction of the query
        raise ValueError(f"unsafe search token {token!r}")
    return token


def fts5_match(
    query: ParsedQuery,
    prefixed: set[int] | None = None,
    expansions: dict[int, list[str]] | None = None,
) -> str:
    """``("budg" OR "budget") AND ("particip" OR "participatif")``: every token quoted.

    ``prefixed``: indexes of the terms that also match as prefixes (``"word"*``);
    ``expansions``: the same, with the indexed words the prefix stands for (``["*"]``:
    let FTS5 expand it). Forms that start with the word are implied by its prefix.
    """
    expansions = dict(expansions or {})
    for i in prefixed or ():
        expansions.setdefault(i, ["*"])
    groups = []
    for i, term in enumerate(query.terms):
        words = expansions.get(i)
        forms = sorted(f for f in term.forms if words is None or not f.startswith(term.word))
        alternatives = [f'"{_safe(form)}"' for form in forms]
        if words == ["*"]:
            alternatives.append(f'"{_safe(term.word)}"*')
        elif words:
            alternatives += [f'"{_safe(word)}"' for word in words]
        if not alternatives:
            alternatives.append(f'"{_safe(term.word)}"')  # nothing starts with it: no match
        groups.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups)


def tsquery(query: ParsedQuery, prefixed: set[int] | None = None) -> str:
    """``('budg' | 'budget') & ('partic':*)`` for ``to_tsquery('simple', ...)``."""
    groups = []
    for i, term in enumerate(query.terms):
        prefix = prefixed is not None and i in prefixed
        forms = [f for f in sorted(term.forms) if not (prefix and f.startswith(term.word))]
        alternatives = [f"'{_safe(form)}'" for form in forms]
        if prefix:
            alternatives.append(f"'{_safe(term.word)}':*")
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


_backends: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    """The backend for the default database."""
    vendor = connection.vendor
    if vendor not in _backends:
        if vendor == "sqlite":
            _backends[vendor] = SQLiteBackend()
        elif vendor == "postgresql":
            _backends[vendor] = PostgreSQLBackend()
        else:
            raise NotImplementedError(f"search has no backend for {vendor}")
    return _backends[vendor]
