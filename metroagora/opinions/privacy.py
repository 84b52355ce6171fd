"""A person's own data in opinion maps: their votes and the statements they wrote.

Erasing: votes stay counted, under an anonymous participant (as if cast without an
account); statements already shown stay, without their author; statements still
waiting for a moderator are deleted. See ``metroagora/accounts/privacy.py``.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import Notice, StoredData, when
from metroagora.opinions.models import (
    OpinionMap,
    Participant,
    Statement,
    StatementStatus,
    Vote,
)

NOTICE = Notice(
    key="opinions",
    title=_("Opinion maps"),
    items=(
        StoredData(
            _("Your votes (agree, disagree, pass) and the statements you submit."),
            _(
                "To compute the map of opinions. Results show groups and statements, "
                "never how a person voted."
            ),
        ),
    ),
)


def export_personal_data(user: User) -> dict[str, Any]:
    participations = (
        Participant.objects.filter(user=user).select_related("opinion_map").order_by("pk")
    )
    votes: dict[int, list[dict[str, Any]]] = {}
    rows = (
        Vote.objects.filter(participant__user=user)
        .order_by("created_at", "pk")
        .values_list("participant_id", "statement_id", "statement__text", "value", "updated_at")
    )
    for participant_id, statement_id, text, value, updated in rows:
        votes.setdefault(participant_id, []).append(
            {"statement": statement_id, "text": text, "vote": value, "when": when(updated)}
        )
    statements = Statement.objects.filter(author=user).select_related("opinion_map")
    return {
        "maps": [
            {
                "map": p.opinion_map.slug,
                "question": str(p.opinion_map.title),
                "joined": when(p.created_at),
                "votes": votes.get(p.pk, []),
            }
            for p in participations
        ],
        "statements": [
            {
                "map": s.opinion_map.slug,
                "text": s.text,
                "language": s.language,
                "status": s.status,
                "moderation_reason": s.moderation_reason,
                "written": when(s.created_at),
            }
            for s in statements.order_by("created_at", "pk")
        ],
        "maps_opened": list(
            OpinionMap.objects.filter(created_by=user).order_by("pk").values_list("slug", flat=True)
        ),
    }


@transaction.atomic
def erase_personal_data(user: User) -> None:
    # Pending statements were never shown, so nobody voted on them.
    Statement.objects.filter(author=user, status=StatementStatus.PENDING).delete()
    Statement.objects.filter(author=user).update(author=None)
    Participant.objects.filter(user=user).update(user=None, token=None)
    OpinionMap.objects.filter(created_by=user).update(created_by=None)
