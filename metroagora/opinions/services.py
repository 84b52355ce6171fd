"""Every write to opinion maps goes through here."""

import secrets
from datetime import timedelta
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core.audit import record
from metroagora.core.languages import EU_LANGUAGE_NAMES
from metroagora.forum.models import ModerationAction, ModerationLogEntry
from metroagora.opinions.models import (
    STATEMENT_MAX,
    MapStatus,
    OpinionMap,
    Participant,
    Statement,
    StatementStatus,
    Vote,
    VoteValue,
    normalise,
)


def recompute_interval() -> timedelta:
    return timedelta(seconds=getattr(settings, "OPINIONS_RECOMPUTE_SECONDS", 5))


# --- Maps --------------------------------------------------------------------------


@transaction.atomic
def open_map(
    actor: User,
    *,
    slug: str,
    title: Any,
    language: str,
    seed_statements: list[str] = (),  # type: ignore[assignment]
    **fields: Any,
) -> OpinionMap:
    """A moderator (or a city coordinator, for their city) opens a map with seed statements."""
    opinion_map = OpinionMap(slug=slug, title=title, created_by=actor, **fields)
    if not actor.has_perm("opinions.open_map") or not actor.has_perm(
        "opinions.moderate", opinion_map
    ):
        raise PermissionDenied
    opinion_map.full_clean()
    opinion_map.save()
    for text in seed_statements:
        if text.strip():
            add_statement(opinion_map, text, language=language, author=actor, seed=True)
    return opinion_map


@transaction.atomic
def close_map(actor: User, opinion_map: OpinionMap) -> OpinionMap:
    if not actor.has_perm("opinions.moderate", opinion_map):
        raise PermissionDenied
    opinion_map.status = MapStatus.CLOSED
    opinion_map.save(update_fields=["status", "updated_at"])
    record(
        actor,
        "opinions.close_map",
        obj_label=opinion_map,
        obj_url=opinion_map.get_absolute_url(),
        city=opinion_map.city,
    )
    schedule_recompute(opinion_map, force=True)
    return opinion_map


# --- Statements ------------------------------------------------------------------------


def clean_statement(opinion_map: OpinionMap, text: str, language: str) -> tuple[str, str]:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write a statement before sending it.")})
    if len(text) > STATEMENT_MAX:
        raise ValidationError(
            {
                "text": _("Keep it to %(max)s characters (now %(count)s).")
                % {"max": STATEMENT_MAX, "count": len(text)}
            }
        )
    if not normalise(text):
        raise ValidationError({"text": _("Write words, not only punctuation.")})
    if language not in EU_LANGUAGE_NAMES:
        raise ValidationError({"language": _("Choose the language you wrote in.")})
    if Statement.objects.filter(opinion_map=opinion_map, normalised=normalise(text)).exists():
        raise ValidationError(
            {"text": _("This statement is already in the conversation: vote on it instead.")}
        )
    return text, language


@transaction.atomic
def add_statement(
    opinion_map: OpinionMap,
    text: str,
    *,
    language: str,
    author: User | None,
    seed: bool = False,
) -> Statement:
    """Seed statements (moderators) are shown at once; participants' wait for review."""
    text, language = clean_statement(opinion_map, text, language)
    shown = seed or bool(author and author.has_perm("opinions.moderate", opinion_map))
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                opinion_map=opinion_map,
                text=text,
                language=language,
                author=author,
                is_seed=seed,
                status=StatementStatus.VISIBLE if shown else StatementStatus.PENDING,
            )
    except IntegrityError:
        raise ValidationError(
            {"text": _("This statement is already in the conversation: vote on it instead.")}
        ) from None
    if shown:
        _forget_visible(statement)
        _translate_later(statement)
    return statement


def _forget_visible(statement: Statement) -> None:
    from metroagora.opinions.selectors import forget_visible_statements

    map_id = statement.opinion_map_id
    forget_visible_statements(map_id)
    transaction.on_commit(lambda: forget_visible_statements(map_id))


def _translate_later(statement: Statement) -> None:
    from metroagora.opinions.tasks import translate_statement

    if getattr(settings, "MACHINE_TRANSLATION", {}).get("BACKEND"):
        transaction.on_commit(lambda: translate_statement.enqueue(statement.pk))


def submit_statement(actor: Any, opinion_map: OpinionMap, text: str, *, language: str) -> Statement:
    """A participant proposes a statement (anonymous visitors too, where the map allows)."""
    # rules.has_perm, not actor.has_perm: Django gives superusers every permission, but a
    # closed or residents-only map is closed to network admins too.
    if not rules.has_perm("opinions.submit_statement", actor, opinion_map):
        raise PermissionDenied
    author = actor if isinstance(actor, User) else None
    return add_statement(opinion_map, text, language=language, author=author)


def _log(moderator: User, action: str, statement: Statement, reason: str = "") -> None:
    ModerationLogEntry.objects.create(
        moderator=moderator,
        action=action,
        debate=statement.opinion_map.debate,
        target_user=statement.author,
        reason=(
            f"[{statement.opinion_map.slug}] {statement.text}"[:150]
            + (f" — {reason}" if reason else "")
        )[:300],
    )


@transaction.atomic
def approve_statement(moderator: User, statement: Statement) -> Statement:
    if not moderator.has_perm("opinions.moderate", statement.opinion_map):
        raise PermissionDenied
    statement.status = StatementStatus.VISIBLE
    statement.moderation_reason = ""
    statement.save(update_fields=["status", "moderation_reason"])
    _log(moderator, ModerationAction.APPROVE, statement)
    record(
        moderator,
        "opinions.accept_statement",
        obj_label=statement.opinion_map,
        obj_url=statement.opinion_map.get_absolute_url(),
        city=statement.opinion_map.city,
        statement=statement.pk,
    )
    _forget_visible(statement)
    _translate_later(statement)
    return statement


@transaction.atomic
def reject_statement(moderator: User, statement: Statement, *, reason: str) -> Statement:
    """Rejected statements leave the map; their votes still count in the totals."""
    if not moderator.has_perm("opinions.moderate", statement.opinion_map):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the author will see it.")})
    statement.status = StatementStatus.REJECTED
    statement.moderation_reason = reason[:300]
    statement.save(update_fields=["status", "moderation_reason"])
    _log(moderator, ModerationAction.HIDE, statement, reason)
    record(
        moderator,
        "opinions.reject_statement",
        obj_label=statement.opinion_map,
        obj_url=statement.opinion_map.get_absolute_url(),
        city=statement.opinion_map.city,
        reason=reason,
        statement=statement.pk,
    )
    _forget_visible(statement)
    schedule_recompute(statement.opinion_map)
    return statement


# --- Voting ------------------------------------------------------------------------------


def participant_for(
    opinion_map: OpinionMap, *, user: User | None = None, token: str | None = None
) -> Participant | None:
    """The participant of a person or of an anonymous cookie token (None if unknown)."""
    participant = None
    if user is not None:
        participant = Participant.objects.filter(opinion_map=opinion_map, user=user).first()
    elif token:
        participant = Participant.objects.filter(
            opinion_map=opinion_map, token=token, user__isnull=True
        ).first()
    if participant is not None:
        participant.opinion_map = opinion_map  # already loaded: no second query
    return participant


def join(opinion_map: OpinionMap, actor: Any) -> Participant:
    """Make (or find) the participant for a person, or a new anonymous identity."""
    if isinstance(actor, User):
        participant, _created = Participant.objects.get_or_create(
            opinion_map=opinion_map, user=actor
        )
        return participant
    if not opinion_map.anonymous_voting:
        raise PermissionDenied
    return Participant.objects.create(opinion_map=opinion_map, token=secrets.token_urlsafe(32))


def cast_vote(actor: Any, participant: Participant, statement: Statement, value: Any) -> Vote:
    """Agree (1), pass (0) or disagree (-1); voting again changes the vote, never adds one."""
    opinion_map = participant.opinion_map
    # The map's own rule, for network admins too (see submit_statement).
    if not rules.has_perm("opinions.vote", actor, opinion_map):
        raise PermissionDenied
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in VoteValue.values:
        raise ValidationError({"value": _("Choose agree, disagree or pass.")})
    if statement.opinion_map_id != opinion_map.pk or statement.status != StatementStatus.VISIBLE:
        raise ValidationError({"statement": _("This statement is not open for votes.")})
    # One statement, one write: insert, or change the existing vote (the unique
    # constraint makes a replayed or simultaneous request change the same row).
    (vote,) = Vote.objects.bulk_create(
        [
            Vote(
                participant=participant,
                statement=statement,
                opinion_map=opinion_map,
                value=value,
            )
        ],
        update_conflicts=True,
        unique_fields=["participant", "statement"],
        update_fields=["value", "updated_at"],
    )
    schedule_recompute(opinion_map)
    return vote


# --- Recompute ----------------------------------------------------------------------------


def schedule_recompute(opinion_map: OpinionMap, *, force: bool = False) -> bool:
    """Ask for a recompute at most once per interval, however many votes arrive.

    The first vote after a quiet period books a run ``interval`` later (with a
    backend that can defer tasks; otherwise at once); the votes that arrive
    meanwhile ride along. Returns whether a run was booked.
    """
    from metroagora.opinions.tasks import recompute_map

    now = timezone.now()
    if not force and opinion_map.recompute_due_at and opinion_map.recompute_due_at > now:
        return False  # already booked (as loaded with the map): no write at all
    due = now if force else now + recompute_interval()
    maps = OpinionMap.objects.filter(pk=opinion_map.pk)
    if not force:
        maps = maps.filter(Q(recompute_due_at__isnull=True) | Q(recompute_due_at__lt=now))
    booked = maps.update(recompute_due_at=due)
    if not booked:
        return False

    def enqueue() -> None:
        if recompute_map.get_backend().supports_defer and not force:
            recompute_map.using(run_after=due).enqueue(opinion_map.pk)
        else:
            recompute_map.enqueue(opinion_map.pk)

    transaction.on_commit(enqueue)
    return True


def request_recompute(actor: User, opinion_map: OpinionMap) -> bool:
    """A moderator asks for a fresh analysis now."""
    if not actor.has_perm("opinions.moderate", opinion_map):
        raise PermissionDenied
    return schedule_recompute(opinion_map, force=True)


# --- Pol.is import ---

POLIS_BATCH = 5_000


def _polis_text(value: Any, language: str) -> Any:
    """A title or description given as plain text belongs to the conversation's language."""
    if isinstance(value, str):
        value = value.strip()
        return {language: value, "_original": language} if value else {}
    return value or {}


def shorten_statement(text: str) -> str:
    """Cut a long Pol.is comment at a word boundary, with an ellipsis, to fit a statement."""
    if len(text) <= STATEMENT_MAX:
        return text
    cut = text[: STATEMENT_MAX - 1]
    space = cut.rfind(" ")
    if space >= STATEMENT_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def polis_statements(
    conversation: Any, opinion_map: OpinionMap, language: str, warnings: list[str] | None = None
) -> list[Statement]:
    """The statements of an import, unsaved, or PolisFormatError naming the comment's line.

    Whitespace is tidied as for any statement; a comment longer than a statement is
    shortened at a word with an ellipsis (and noted in ``warnings``), since older
    Pol.is conversations have long comments that people voted on; a comment without
    words, or with the same wording as another, is an error (a map has one statement
    per wording).
    """
    from metroagora.opinions.polis import COMMENTS, PolisFormatError

    file = conversation.files.get(COMMENTS, COMMENTS)
    status_of = conversation.comment_status()
    statuses = {
        "visible": StatementStatus.VISIBLE,
        "pending": StatementStatus.PENDING,
        "rejected": StatementStatus.REJECTED,
    }
    seen: dict[str, Any] = {}
    statements = []
    for comment in sorted(conversation.comments, key=lambda c: c.line):
        text = " ".join(comment.body.split())
        if not normalise(text):
            raise PolisFormatError(
                file,
                comment.line,
                _("Comment %(id)s has no words: a statement needs some.") % {"id": comment.id},
            )
        if len(text) > STATEMENT_MAX:
            shortened = shorten_statement(text)
            if warnings is not None:
                warnings.append(
                    str(
                        PolisFormatError(
                            file,
                            comment.line,
                            _(
                                "Comment %(id)s has %(count)s characters: shortened to "
                                "%(max)s, as all statements are."
                            )
                            % {"id": comment.id, "count": len(text), "max": STATEMENT_MAX},
                        )
                    )
                )
            text = shortened
        key = normalise(text)
        if key in seen:
            first = seen[key]
            raise PolisFormatError(
                file,
                comment.line,
                _(
                    "Comment %(id)s has the same wording as comment %(other)s (line %(first)s): "
                    "a map keeps one statement per wording."
                )
                % {"id": comment.id, "other": first.id, "first": first.line},
            )
        seen[key] = comment
        statements.append(
            Statement(
                opinion_map=opinion_map,
                text=text,
                normalised=key,
                language=language,
                status=statuses[status_of[comment.id]],
                polis_id=comment.id,
            )
        )
    statements.sort(key=lambda s: s.polis_id or 0)
    return statements


def _pks(mapping: dict[Any, int], keys: Any) -> Any:
    """The primary key for each Pol.is id in ``keys`` (a numpy array; all known)."""
    import numpy as np

    known = np.array(sorted(mapping), dtype=np.int64)
    pks = np.array([mapping[k] for k in known.tolist()], dtype=np.int64)
    return pks[np.searchsorted(known, keys)]


def _insert_polis_votes(opinion_map: OpinionMap, latest: Any, progress: Any = None) -> int:
    """Insert the latest votes with their Pol.is times (first vote, last change).

    Not bulk_create: it would stamp every vote with the time of the import
    (created_at and updated_at are automatic) and build a model instance per vote,
    about 5 times slower for 2 million votes. PostgreSQL gets the rows through COPY,
    other databases through multi-row INSERTs; every value is an id, a vote or a
    time computed here.
    """
    import numpy as np
    from django.db import connection

    from metroagora.opinions.polis import to_datetimes

    participant_pks = _pks(
        dict(Participant.objects.filter(opinion_map=opinion_map).values_list("polis_id", "pk")),
        latest.voter_ids,
    ).tolist()
    statement_pks = _pks(
        dict(Statement.objects.filter(opinion_map=opinion_map).values_list("polis_id", "pk")),
        latest.comment_ids,
    ).tolist()
    stamps, inverse = np.unique(
        np.concatenate([latest.first_timestamps, latest.last_timestamps]), return_inverse=True
    )
    moments = to_datetimes(stamps)
    n = len(latest)
    created, updated = inverse[:n].tolist(), inverse[n:].tolist()
    values = latest.votes.tolist()
    concrete = {f.name: f for f in Vote._meta.concrete_fields}
    fields = [
        concrete[name]
        for name in ("participant", "statement", "opinion_map", "value", "created_at", "updated_at")
    ]
    quote = connection.ops.quote_name
    table = quote(Vote._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    map_pk = opinion_map.pk
    with connection.cursor() as cursor:
        raw = getattr(cursor, "cursor", None)
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):  # psycopg 3
            when = [moment.isoformat() for moment in moments]
            block = 50_000
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[union-attr]
                for first in range(0, n, block):
                    last = min(first + block, n)
                    copy.write(
                        "".join(
                            f"{participant_pks[i]}\t{statement_pks[i]}\t{map_pk}\t{values[i]}\t"
                            f"{when[created[i]]}\t{when[updated[i]]}\n"
                            for i in range(first, last)
                        )
                    )
                    if progress:
                        progress("votes", last, n)
            return n
        adapt = connection.ops.adapt_datetimefield_value
        adapted = [adapt(moment) for moment in moments]
        batch = max(
            1, min(POLIS_BATCH, connection.ops.bulk_batch_size(fields, [None] * POLIS_BATCH))
        )
        placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for first in range(0, n, batch):
            last = min(first + batch, n)
            params: list[Any] = []
            for i in range(first, last):
                params += (
                    participant_pks[i],
                    statement_pks[i],
                    map_pk,
                    values[i],
                    adapted[created[i]],
                    adapted[updated[i]],
                )
            rows = ", ".join([placeholder] * (last - first))
            # Table and column names come from the model, every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {rows}"  # noqa: S608
            cursor.execute(sql, params)
            if progress:
                progress("votes", last, n)
    return n


def import_polis_conversation(
    actor: User,
    directory: Any,
    *,
    slug: str,
    title: Any,
    language: str,
    description: Any = None,
    warnings: list[str] | None = None,
    progress: Any = None,
    **fields: Any,
) -> OpinionMap:
    """A new map from a Pol.is export (a directory or .zip), all or nothing, then analysed.

    Checks everything before writing (:class:`~metroagora.opinions.polis.PolisFormatError`
    names the file and line of a problem; ValidationError for the map's fields), then
    creates the map, its statements and participants (with their Pol.is ids) and the
    latest vote of each participant on each statement in one transaction, and runs the
    analysis once. ``title`` and ``description`` may be plain text (in ``language``);
    the description defaults to the conversation's. ``progress(step, done, total)`` is
    called while votes are written; ``warnings`` collects notes (shortened comments).
    """
    from metroagora.opinions.polis import read_export
    from metroagora.opinions.tasks import run_analysis

    if language not in EU_LANGUAGE_NAMES:
        raise ValidationError({"language": _("Choose the language you wrote in.")})
    opinion_map = OpinionMap(
        slug=slug,
        title=_polis_text(title, language),
        description=_polis_text(description or "", language),
        created_by=actor,
        **fields,
    )
    if not actor.has_perm("opinions.open_map") or not actor.has_perm(
        "opinions.moderate", opinion_map
    ):
        raise PermissionDenied
    opinion_map.full_clean()
    conversation = read_export(directory)
    if description is None and conversation.summary.get("conversation-description"):
        opinion_map.description = _polis_text(
            conversation.summary["conversation-description"], language
        )
    source = conversation.summary.get("url") or str(directory).rstrip("/").rsplit("/", 1)[-1]
    opinion_map.imported_from = f"Pol.is: {source}"[:200]
    statements = polis_statements(conversation, opinion_map, language, warnings)
    latest = conversation.latest()
    if progress:
        progress("votes", 0, len(latest))
    with transaction.atomic():
        opinion_map.save()
        Statement.objects.bulk_create(statements, batch_size=POLIS_BATCH)
        Participant.objects.bulk_create(
            [
                Participant(opinion_map=opinion_map, polis_id=voter)
                for voter in conversation.voters().tolist()
            ],
            batch_size=POLIS_BATCH,
        )
        _insert_polis_votes(opinion_map, latest, progress)
        if progress:
            progress("analysis", 0, 1)
        run_analysis(opinion_map)
        if progress:
            progress("analysis", 1, 1)
    opinion_map.refresh_from_db()
    return opinion_map
