"""Background work of opinion maps: the analysis runs here, never in a page request."""

import itertools
import time

import numpy as np
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_tasks import task

from metroagora.core import jobs
from metroagora.forum.translation import TranslationError, get_backend
from metroagora.opinions import analysis
from metroagora.opinions.models import (
    OpinionMap,
    Statement,
    StatementStatus,
    StatementTranslation,
)
from metroagora.opinions.summary import summarise


def load_votes(opinion_map_id: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All votes of a map as three arrays (one row per participant and statement).

    The rows stream from the cursor into one numpy array: no Python tuple per vote.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT participant_id, statement_id, value FROM opinions_vote"
            " WHERE opinion_map_id = %s",
            [opinion_map_id],
        )
        flat = np.fromiter(itertools.chain.from_iterable(cursor), dtype=np.int64)
    rows = flat.reshape(-1, 3)
    return rows[:, 0], rows[:, 1], rows[:, 2].astype(np.int8)


def run_analysis(opinion_map: OpinionMap) -> analysis.Result:
    """Analyse a map from the database and store the summary on it."""
    started = time.perf_counter()
    statements = list(
        Statement.objects.filter(opinion_map=opinion_map)
        .exclude(status=StatementStatus.PENDING)
        .values_list("pk", "status", "is_meta")
    )
    excluded = [pk for pk, status, meta in statements if status != StatementStatus.VISIBLE or meta]
    people, statement_ids, votes = load_votes(opinion_map.pk)
    result = analysis.analyse(
        people,
        statement_ids,
        votes,
        statements=[pk for pk, _status, _meta in statements] or None,
        excluded=excluded,
        state=analysis.State.from_json(opinion_map.analysis_state),
    )
    result.seconds = time.perf_counter() - started
    summary = summarise(result, excluded=excluded)
    with transaction.atomic():
        OpinionMap.objects.filter(pk=opinion_map.pk).update(
            analysis=summary,
            priorities={pk: stat["priority"] for pk, stat in summary["statements"].items()},
            analysis_state=result.state.to_json(),
            analysed_at=timezone.now(),
            analysed_votes=result.n_votes,
            analysed_participants=summary.get("participants") or 0,
            analysis_seconds=result.seconds,
        )
    return result


@task()
def recompute_map(opinion_map_id: int, attempt: int = 1) -> int:
    """Recompute one map; returns the number of votes analysed.

    Running it twice does no harm (each run replaces the summary). After an error it
    runs again later (``core.jobs.retry_later``): otherwise the results would wait for
    the next vote.
    """
    if recompute_map.get_backend().supports_defer:
        # Votes arriving from now on book the next run.
        OpinionMap.objects.filter(pk=opinion_map_id, recompute_due_at__lte=timezone.now()).update(
            recompute_due_at=None
        )
    opinion_map = OpinionMap.objects.filter(pk=opinion_map_id).first()
    if opinion_map is None:
        return 0
    try:
        return run_analysis(opinion_map).n_votes
    except Exception:
        jobs.retry_later(recompute_map, opinion_map_id, attempt=attempt)
        raise  # the worker records the failure


@task()
def translate_statement(statement_id: int, attempt: int = 1) -> int:
    """Machine-translate a shown statement into the UI languages it lacks (when configured).

    Running it again only adds the languages still missing; when the translation service
    fails for some, the task runs again later (``core.jobs.retry_later``).
    """
    backend = get_backend()
    statement = Statement.objects.filter(pk=statement_id).first()
    if backend is None or statement is None or statement.status != StatementStatus.VISIBLE:
        return 0
    existing = set(statement.translations.values_list("language", flat=True))
    made = 0
    missed = False
    for target, _name in settings.LANGUAGES:
        if target == statement.language or target in existing:
            continue
        try:
            text = backend.translate(statement.text, statement.language, target)
        except TranslationError:
            missed = True  # a retry tries again; the original is always shown
            continue
        try:
            StatementTranslation.objects.create(
                statement=statement, language=target, text=text[:400], is_machine=True
            )
        except IntegrityError:
            continue  # a person translated it meanwhile
        made += 1
    if missed:
        jobs.retry_later(translate_statement, statement_id, attempt=attempt)
    return made
