"""What each kind of content puts in the search index: one explicit builder per model.

A builder takes an object (fetched with ``Source.queryset()``, so its relations are
loaded) and returns a :class:`Doc`, or ``None`` when the object must not be found
(an unpublished practice, a hidden contribution, a draft event). To make a new kind
searchable, write a builder and a queryset, add a :class:`Source` to ``SOURCES``, and
connect the model's signals in ``indexing.py``.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, Prefetch, QuerySet
from django.urls import NoReverseMatch, get_script_prefix
from django.utils import translation

from metroagora.core.translated import ORIGINAL_KEY, TranslatedText
from metroagora.decisions.models import Proposal, ProposalState
from metroagora.events.models import Event, Topic
from metroagora.forum.models import Contribution, ContributionTranslation, Debate, Visibility
from metroagora.funding.matching import plain_text
from metroagora.funding.models import Call
from metroagora.practices.models import Practice, PracticeStatus
from metroagora.publications.models import Publication, PublicationStatus
from metroagora.search.models import DocumentKind

logger = logging.getLogger(__name__)

BODY_CHARS = 4_000  # per language: enough for good snippets, keeps the index small


@dataclass
class Doc:
    """One entry of the index, independent of the database backend."""

    kind: str
    object_id: int
    title: Mapping[str, str]  # {language: text}
    body: Mapping[str, str]  # {language: text}
    language: str  # the original language
    url: str = ""  # without the language prefix: "/forum/some-debate/"
    city_id: int | None = None
    country: str = ""
    topics: Sequence[str] = ()
    date: datetime | None = None
    index_title: bool = True  # False: the title is shown but not searched (contributions)
    title_language: str = ""  # when it differs from ``language`` (contributions)

    @property
    def languages(self) -> list[str]:
        return sorted({*self.title, *self.body, self.language} - {""})


def truncate(text: str, limit: int = BODY_CHARS) -> str:
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut.rsplit(None, 1)[0] if " " in cut[limit // 2 :] else cut


def _texts(value: TranslatedText) -> dict[str, str]:
    return {lang: text for lang, text in value.to_json().items() if lang != ORIGINAL_KEY}


def _joined(*values: TranslatedText) -> dict[str, str]:
    """Several translated fields joined per language (in the order given), cut."""
    out: dict[str, list[str]] = {}
    for value in values:
        for lang, text in _texts(value).items():
            out.setdefault(lang, []).append(text)
    return {lang: truncate("\n\n".join(parts)) for lang, parts in out.items()}


def neutral_url(obj: Any) -> str:
    """``obj.get_absolute_url()`` without the language prefix ("/forum/x/")."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            url = str(obj.get_absolute_url())
    except NoReverseMatch:
        logger.warning("search: no address for %s %s", type(obj).__name__, obj.pk)
        return ""
    prefix = f"{get_script_prefix()}{settings.LANGUAGE_CODE}/"
    return "/" + url[len(prefix) :] if url.startswith(prefix) else url


def localized_url(url: str, lang: str) -> str:
    """The stored address in the reader's language ("/fr/forum/x/")."""
    if not url.startswith("/"):
        return url
    return f"{get_script_prefix()}{lang}{url}"


def _slugs(topics: Any) -> list[str]:
    return [topic.slug for topic in topics.all()]  # prefetched


def _country(city: Any) -> str:
    return str(city.country) if city is not None else ""


# --- Builders ------------------------------------------------------------------------


def practice_document(practice: Practice) -> Doc | None:
    if practice.status != PracticeStatus.PUBLISHED:
        return None
    return Doc(
        kind=DocumentKind.PRACTICE,
        object_id=practice.pk,
        title=_texts(practice.title),
        body=_joined(
            practice.summary,
            practice.challenge,
            practice.actions,
            practice.results,
            practice.success_factors,
            practice.obstacles,
            practice.transfer_conditions,
            practice.eu_funds,
            practice.resources,
        ),
        language=practice.title.original or settings.LANGUAGE_CODE,
        url=neutral_url(practice),
        city_id=practice.city_id,
        country=_country(practice.city),
        topics=_slugs(practice.topics),
        date=practice.published_at,
    )


def _practice_of(debate: Debate) -> Practice | None:
    """The practice whose questions and answers this debate holds, if any."""
    try:
        return debate.practice
    except ObjectDoesNotExist:
        return None


def _proposal_of(debate: Debate) -> Proposal | None:
    """The local proposal whose comments this debate holds, if any."""
    try:
        return debate.proposal
    except ObjectDoesNotExist:
        return None


def debate_document(debate: Debate) -> Doc | None:
    if _practice_of(debate) is not None:
        return None  # a practice's Q&A: its contributions are found, not the debate
    if _proposal_of(debate) is not None:
        return None  # comments on a proposal: the proposal and the comments are found
    return Doc(
        kind=DocumentKind.DEBATE,
        object_id=debate.pk,
        title=_texts(debate.question),
        body=_joined(
            debate.introduction, debate.european_dimension, debate.local_lens, debate.conclusions
        ),
        language=debate.question.original or settings.LANGUAGE_CODE,
        url=neutral_url(debate),
        city_id=debate.city_id,
        country=_country(debate.city),
        topics=_slugs(debate.topics),
        date=debate.created_at,
    )


@dataclass(frozen=True)
class ContributionContext:
    """What a contribution's entry takes from its debate (or the debate's practice)."""

    title: dict[str, str]
    title_language: str
    city_id: int | None
    country: str
    topics: list[str]
    public: bool


def contribution_context(debate: Debate) -> ContributionContext:
    practice = _practice_of(debate)
    if practice is not None:
        return ContributionContext(
            title=_texts(practice.title),
            title_language=practice.title.original or settings.LANGUAGE_CODE,
            city_id=practice.city_id,
            country=_country(practice.city),
            topics=_slugs(practice.topics),
            public=practice.status == PracticeStatus.PUBLISHED,
        )
    proposal = _proposal_of(debate)
    if proposal is not None:
        return ContributionContext(
            title={proposal.language: proposal.title},
            title_language=proposal.language,
            city_id=proposal.process.city_id,
            country=_country(proposal.process.city),
            topics=[],
            public=proposal_is_public(proposal),
        )
    return ContributionContext(
        title=_texts(debate.question),
        title_language=debate.question.original or settings.LANGUAGE_CODE,
        city_id=debate.city_id,
        country=_country(debate.city),
        topics=_slugs(debate.topics),
        public=True,
    )


def contribution_document(
    contribution: Contribution, context: ContributionContext | None = None
) -> Doc | None:
    if contribution.visibility != Visibility.VISIBLE or not contribution.text.strip():
        return None
    context = context or contribution_context(contribution.debate)
    if not context.public:
        return None
    body = {contribution.language: truncate(contribution.text)}
    for tr in contribution.translations.all():  # prefetched
        if tr.language not in body and tr.text.strip():
            body[tr.language] = truncate(tr.text)
    return Doc(
        kind=DocumentKind.CONTRIBUTION,
        object_id=contribution.pk,
        title=context.title,
        body=body,
        language=contribution.language,
        url=neutral_url(contribution),
        city_id=context.city_id,
        country=context.country,
        topics=context.topics,
        date=contribution.created_at,
        index_title=False,
        title_language=context.title_language,
    )


def event_document(event: Event) -> Doc | None:
    if not event.is_public:
        return None
    body = _joined(event.description)
    language = event.title.original or settings.LANGUAGE_CODE
    venue = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if venue:
        body[language] = truncate(f"{body.get(language, '')}\n\n{venue}".strip())
    return Doc(
        kind=DocumentKind.EVENT,
        object_id=event.pk,
        title=_texts(event.title),
        body=body,
        language=language,
        url=neutral_url(event),
        city_id=event.city_id,
        country=_country(event.city),
        topics=_slugs(event.topics),
        date=event.starts_at,
    )


CALL_BODY_CHARS = 800  # keywords and the start of the description: what a call is about


def call_document(call: Call) -> Doc | None:
    """Every call is public (the EU portal publishes it); English, like the portal."""
    keywords = ", ".join(call.keywords or [])
    body = "\n\n".join(
        part
        for part in (call.identifier, call.call_title, keywords, plain_text(call.description))
        if part
    )
    return Doc(
        kind=DocumentKind.CALL,
        object_id=call.pk,
        title={"en": call.title},
        body={"en": truncate(body, CALL_BODY_CHARS)},
        language="en",
        url=neutral_url(call),
        topics=_slugs(call.topics),
        date=call.closes_at,
    )


def proposal_is_public(proposal: Proposal) -> bool:
    return proposal.state != ProposalState.WITHDRAWN and proposal.process.is_published


def proposal_document(proposal: Proposal) -> Doc | None:
    """A local proposal, in the language its author wrote it in."""
    if not proposal_is_public(proposal):
        return None
    return Doc(
        kind=DocumentKind.PROPOSAL,
        object_id=proposal.pk,
        title={proposal.language: proposal.title},
        body={proposal.language: truncate(proposal.body)},
        language=proposal.language,
        url=neutral_url(proposal),
        city_id=proposal.process.city_id,
        country=_country(proposal.process.city),
        date=proposal.created_at,
    )


def publication_document(publication: Publication) -> Doc | None:
    if publication.status != PublicationStatus.PUBLISHED:
        return None
    return Doc(
        kind=DocumentKind.PUBLICATION,
        object_id=publication.pk,
        title=_texts(publication.title),
        body=_joined(publication.subtitle, publication.introduction),
        language=publication.title.original or settings.LANGUAGE_CODE,
        url=neutral_url(publication),
        date=publication.published_at,
    )


# --- Sources: model, builder and the queryset that loads what the builder reads ------


_TOPICS = Prefetch("topics", queryset=Topic.objects.only("id", "slug").order_by())


def practices() -> QuerySet[Practice]:
    return Practice.objects.select_related("city").prefetch_related(_TOPICS)


def debates() -> QuerySet[Debate]:
    return Debate.objects.select_related(
        "city", "practice", "proposal__process__city"
    ).prefetch_related(_TOPICS)


def proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("process__city")


def contributions() -> QuerySet[Contribution]:
    return Contribution.objects.select_related(
        "debate__city", "debate__practice__city", "debate__proposal__process__city"
    ).prefetch_related(
        Prefetch("debate__topics", queryset=Topic.objects.only("id", "slug").order_by()),
        Prefetch("debate__practice__topics", queryset=Topic.objects.only("id", "slug").order_by()),
        Prefetch(
            "translations",
            queryset=ContributionTranslation.objects.only(
                "id", "contribution_id", "language", "text"
            ),
        ),
    )


def events() -> QuerySet[Event]:
    return Event.objects.select_related("city").prefetch_related(_TOPICS)


def calls() -> QuerySet[Call]:
    return Call.objects.only(
        "id", "identifier", "title", "call_title", "keywords", "description", "closes_at"
    ).prefetch_related(_TOPICS)


def publications() -> QuerySet[Publication]:
    return Publication.objects.all()


@dataclass(frozen=True)
class Source:
    kind: DocumentKind
    model: type[models.Model]
    build: Callable[[Any], Doc | None]
    queryset: Callable[[], QuerySet[Any]]
    date_field: str  # what ``Doc.date`` is: the rebuild indexes in this order


SOURCES: dict[str, Source] = {
    DocumentKind.PRACTICE: Source(
        DocumentKind.PRACTICE, Practice, practice_document, practices, "published_at"
    ),
    DocumentKind.DEBATE: Source(
        DocumentKind.DEBATE, Debate, debate_document, debates, "created_at"
    ),
    DocumentKind.CONTRIBUTION: Source(
        DocumentKind.CONTRIBUTION, Contribution, contribution_document, contributions, "created_at"
    ),
    DocumentKind.EVENT: Source(DocumentKind.EVENT, Event, event_document, events, "starts_at"),
    DocumentKind.PROPOSAL: Source(
        DocumentKind.PROPOSAL, Proposal, proposal_document, proposals, "created_at"
    ),
    DocumentKind.CALL: Source(DocumentKind.CALL, Call, call_document, calls, "closes_at"),
    DocumentKind.PUBLICATION: Source(
        DocumentKind.PUBLICATION, Publication, publication_document, publications, "published_at"
    ),
}
INDEXED_KINDS = list(SOURCES)
_EARLIEST = datetime.min.replace(tzinfo=UTC)


def source_for(obj: models.Model) -> Source | None:
    for source in SOURCES.values():
        if isinstance(obj, source.model):
            return source
    return None


def _by_date(source: Source, chunk_size: int) -> Iterator[tuple[datetime, int, str, Doc | None]]:
    objects = source.queryset().order_by(F(source.date_field).asc(nulls_first=True), "pk")
    for obj in objects.iterator(chunk_size=chunk_size):
        when = getattr(obj, source.date_field) or _EARLIEST
        yield when, obj.pk, source.kind, source.build(obj)


def iter_all_documents(batch_size: int = 1_000) -> Iterator[tuple[list[Doc], int]]:
    """Every document to index, oldest first across kinds, as ``(docs, objects read)``.

    Indexing in date order makes the index's own order (ids) the order of dates, which
    bounded ranking relies on (see backends.py). Each source is read in chunks with its
    relations prefetched: a few queries per chunk, never one per object.
    """
    streams = [_by_date(source, batch_size) for source in SOURCES.values()]
    batch: list[Doc] = []
    seen = 0
    for _when, _pk, _kind, doc in heapq.merge(*streams, key=lambda item: item[:3]):
        seen += 1
        if doc is not None:
            batch.append(doc)
        if seen >= batch_size:
            yield batch, seen
            batch, seen = [], 0
    if seen:
        yield batch, seen


def count_objects() -> dict[str, int]:
    """How many objects of each indexed kind exist (for the rebuild's progress bar)."""
    return {kind: source.model._default_manager.count() for kind, source in SOURCES.items()}
