"""Keeping the index current: explicit signal receivers and two public functions.

Every save or delete of a practice, debate, contribution (or its translations) or
event reindexes that object in the same transaction, so a search never shows what
was just hidden or unpublished. Writes that bypass signals (``QuerySet.update()``,
``bulk_create``) must call :func:`reindex` or :func:`remove` themselves, or be
followed by ``manage.py rebuild_search_index``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from metroagora.decisions.models import Process, Proposal
from metroagora.events.models import Event
from metroagora.forum.models import Contribution, ContributionTranslation, Debate
from metroagora.funding.models import Call
from metroagora.funding.signals import calls_bulk_changed
from metroagora.practices.models import Practice
from metroagora.publications.models import Publication
from metroagora.search import documents
from metroagora.search.backends import get_backend
from metroagora.search.documents import SOURCES, Doc, source_for
from metroagora.search.models import DocumentKind, SearchDocument


def reindex(obj: models.Model) -> None:
    """Bring the index up to date with ``obj`` (any indexed model), in this transaction."""
    if isinstance(obj, Debate):
        _reindex_debate(obj.pk)
    elif isinstance(obj, Practice):
        _reindex_practice(obj.pk, qa_debate_id=obj.qa_debate_id)
    elif isinstance(obj, Proposal):
        _reindex_one(DocumentKind.PROPOSAL, obj.pk)
        if obj.debate_id:
            _reindex_debate(obj.debate_id)  # its comments are not a debate of their own
            _reindex_contributions(obj.debate_id)  # shown or hidden with their proposal
    else:
        source = source_for(obj)
        if source is not None:
            _reindex_one(source.kind, obj.pk)


def remove(obj: models.Model) -> None:
    """Take ``obj`` out of the index (it was deleted, or must no longer be found)."""
    source = source_for(obj)
    if source is not None:
        get_backend().remove(source.kind, [obj.pk])


def _reindex_one(kind: str, pk: int) -> Doc | None:
    source = SOURCES[kind]
    obj = source.queryset().filter(pk=pk).first()
    doc = source.build(obj) if obj is not None else None
    if doc is None:
        get_backend().remove(kind, [pk])
    else:
        get_backend().index([doc])
    return doc


def _reindex_contributions(debate_id: int) -> None:
    """Every contribution of a debate (when the debate's practice changes)."""
    backend = get_backend()
    keep: list[Doc] = []
    drop: list[int] = []
    for contribution in documents.contributions().filter(debate_id=debate_id):
        doc = documents.contribution_document(contribution)
        if doc is None:
            drop.append(contribution.pk)
        else:
            keep.append(doc)
    backend.remove(DocumentKind.CONTRIBUTION, drop)
    backend.index(keep)


def _reindex_debate(pk: int) -> None:
    debate = documents.debates().filter(pk=pk).first()
    if debate is None:
        get_backend().remove(DocumentKind.DEBATE, [pk])
        return
    doc = documents.debate_document(debate)
    if doc is None:
        get_backend().remove(DocumentKind.DEBATE, [pk])
        return  # a practice's Q&A: its practice keeps its contributions current
    before = (
        SearchDocument.objects.filter(kind=DocumentKind.DEBATE, object_id=pk)
        .values_list("city_id", "topics")
        .first()
    )
    get_backend().index([doc])
    # Its contributions show its question and are filtered by its city and topics.
    context = documents.contribution_context(debate)
    topics = f" {' '.join(context.topics)} " if context.topics else ""
    contributions = SearchDocument.objects.filter(
        kind=DocumentKind.CONTRIBUTION,
        object_id__in=Contribution.objects.filter(debate_id=pk).values("pk"),
    )
    contributions.update(
        title={**context.title, "_original": context.title_language},
        city_id=context.city_id,
        country=context.country,
        topics=topics,
    )
    if before != (context.city_id, topics):
        get_backend().retag(
            DocumentKind.CONTRIBUTION, contributions.values_list("object_id", flat=True)
        )


def _reindex_practice(pk: int, qa_debate_id: int | None) -> None:
    _reindex_one(DocumentKind.PRACTICE, pk)
    if qa_debate_id:
        # Its Q&A debate is not found itself; its contributions are, while it is published.
        get_backend().remove(DocumentKind.DEBATE, [qa_debate_id])
        _reindex_contributions(qa_debate_id)


# --- Rebuild -------------------------------------------------------------------------


@dataclass
class RebuildReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def rebuild(progress: Callable[[int], Any] | None = None) -> RebuildReport:
    """Empty the index and index everything again, all or nothing, oldest first.

    ``progress(n)`` is called after each batch of ``n`` objects read.
    """
    started = time.monotonic()
    report = RebuildReport(counts=dict.fromkeys(SOURCES, 0))
    backend = get_backend()
    with transaction.atomic(), backend.bulk_load():
        for docs, seen in documents.iter_all_documents():
            backend.index(docs, fresh=True)
            for doc in docs:
                report.counts[doc.kind] += 1
            if progress is not None:
                progress(seen)
    report.seconds = time.monotonic() - started
    return report


# --- Signals -------------------------------------------------------------------------


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any):
    if not raw:  # fixtures (loaddata) are followed by a rebuild
        reindex(instance)


def _deleted(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    remove(instance)
    if isinstance(instance, Practice) and instance.qa_debate_id:
        _reindex_debate(instance.qa_debate_id)  # a debate of its own again
        _reindex_contributions(instance.qa_debate_id)


def _translation_changed(
    sender: type[models.Model], instance: ContributionTranslation, raw: bool = False, **_: Any
) -> None:
    if not raw:
        _reindex_one(DocumentKind.CONTRIBUTION, instance.contribution_id)


def _topics_changed(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[int] | None,
    **_: Any,
) -> None:
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            reindex(instance)
        return
    # topic.practices.add(...): the instance is the topic, pk_set the objects.
    if action == "pre_clear":
        # Remember who loses the topic: after the clear, nothing says it.
        manager = getattr(instance, _REVERSE[model])
        instance._search_cleared = list(manager.values_list("pk", flat=True))  # type: ignore[attr-defined]
        return
    pks = pk_set if action != "post_clear" else getattr(instance, "_search_cleared", [])
    for obj in model._default_manager.filter(pk__in=list(pks or [])):
        reindex(obj)


_REVERSE: dict[type[models.Model], str] = {
    Practice: "practices",
    Debate: "debates",
    Event: "events",
    Call: "funding_calls",
}


def _calls_bulk_changed(
    sender: type[models.Model], pks: list[int], created: bool = False, **_: Any
) -> None:
    """An import wrote calls in bulk: index them in batches (a few queries per batch).
    Calls just ``created`` have no entry yet: nothing to delete first."""
    backend = get_backend()
    for start in range(0, len(pks), 1_000):
        chunk = pks[start : start + 1_000]
        docs = [documents.call_document(call) for call in documents.calls().filter(pk__in=chunk)]
        backend.index([doc for doc in docs if doc is not None], fresh=created)


def _process_saved(sender: type[models.Model], instance: Process, raw: bool = False, **_: Any):
    """Publishing a process makes its proposals (and their comments) findable."""
    if raw:
        return
    for proposal in Proposal.objects.filter(process=instance).only("pk", "debate_id"):
        reindex(proposal)


def _connections() -> list[tuple[Any, Callable[..., Any], Any, str]]:
    """(signal, receiver, sender, dispatch_uid) of everything that keeps the index fresh."""
    connections: list[tuple[Any, Callable[..., Any], Any, str]] = [
        (post_save, _process_saved, Process, "search-save-Process")
    ]
    for model in (Practice, Debate, Contribution, Event, Call, Publication, Proposal):
        connections.append((post_save, _saved, model, f"search-save-{model.__name__}"))
        connections.append((post_delete, _deleted, model, f"search-delete-{model.__name__}"))
    for signal in (post_save, post_delete):
        connections.append(
            (
                signal,
                _translation_changed,
                ContributionTranslation,
                f"search-translation-{id(signal)}",
            )
        )
    connections.append((calls_bulk_changed, _calls_bulk_changed, None, "search-calls-bulk"))
    for model in (Practice, Debate, Event, Call):
        connections.append(
            (m2m_changed, _topics_changed, model.topics.through, f"search-topics-{model.__name__}")
        )
    return connections


def connect_signals() -> None:
    for signal, receiver, sender, uid in _connections():
        signal.connect(receiver, sender=sender, dispatch_uid=uid)


def disconnect_signals() -> None:
    for signal, _receiver, sender, uid in _connections():
        signal.disconnect(sender=sender, dispatch_uid=uid)


@contextmanager
def paused() -> Iterator[None]:
    """No indexing while this lasts (bulk loads); rebuild the index afterwards."""
    disconnect_signals()
    try:
        yield
    finally:
        connect_signals()
