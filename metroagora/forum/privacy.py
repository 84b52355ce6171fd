"""A person's own data in the Forum: contributions, agreements, reports, follows.

Erasing: a contribution nobody else answered is deleted (with the person's own
replies under it); one that others replied to stays, so the replies keep their
context, but without its author ("Former member") and without its earlier
versions. Agreements are deleted; the counts shown stay as they are.
See ``metroagora/accounts/privacy.py`` for the pattern every app follows.
"""

from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import Notice, StoredData, when
from metroagora.forum.models import (
    Contribution,
    ContributionRevision,
    Debate,
    Follow,
    ForumPreferences,
    ModerationLogEntry,
    Notification,
    Reaction,
    Report,
    UserBlock,
    Visibility,
)

NOTICE = Notice(
    key="forum",
    title=_("Forum"),
    items=(
        StoredData(
            _("Your contributions, with their earlier versions and translations."),
            _("They are the debate. Your name is shown next to them."),
        ),
        StoredData(
            _("The contributions you agree with, report or follow, and your email settings."),
            _("To count agreements, to moderate, and to tell you about replies."),
        ),
        StoredData(
            _("Moderation decisions about your contributions or your account, with reasons."),
            _("So that moderation can be explained and checked."),
        ),
    ),
)


def export_personal_data(user: User) -> dict[str, Any]:
    contributions = (
        Contribution.objects.filter(author=user)
        .select_related("debate")
        .prefetch_related("revisions")
        .order_by("created_at", "pk")
    )
    preferences = ForumPreferences.objects.filter(user=user).first()
    block = UserBlock.objects.filter(user=user).first()
    return {
        "contributions": [
            {
                "id": c.pk,
                "debate": c.debate.slug,
                "in_reply_to": c.parent_id,
                "written": when(c.created_at),
                "edited": when(c.edited_at),
                "language": c.language,
                "stance": c.stance,
                "official_response": c.is_official,
                "visibility": c.visibility,
                "text": c.text,
                "earlier_versions": [
                    {"until": when(r.created_at), "stance": r.stance, "text": r.text}
                    for r in c.revisions.all()
                ],
            }
            for c in contributions
        ],
        "agreements": [
            {"contribution": pk, "debate": slug, "when": when(created)}
            for pk, slug, created in Reaction.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values_list("contribution_id", "contribution__debate__slug", "created_at")
        ],
        "reports": [
            {"contribution": pk, "reason": reason, "when": when(created), "resolved": when(done)}
            for pk, reason, created, done in Report.objects.filter(reporter=user)
            .order_by("created_at", "pk")
            .values_list("contribution_id", "reason", "created_at", "resolved_at")
        ],
        "follows": [
            {"debate": slug, "contribution": pk, "since": when(created)}
            for slug, pk, created in Follow.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values_list("debate__slug", "contribution_id", "created_at")
        ],
        "notifications": [
            {
                "kind": kind,
                "debate": slug,
                "contribution": pk,
                "when": when(created),
                "read": when(read),
                "emailed": when(emailed),
            }
            for kind, slug, pk, created, read, emailed in Notification.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values_list(
                "kind", "debate__slug", "contribution_id", "created_at", "read_at", "emailed_at"
            )
        ],
        "email_digest": preferences.digest if preferences else None,
        "blocked": None
        if block is None
        else {"since": when(block.created_at), "reason": block.reason},
        "debates_opened": list(
            Debate.objects.filter(created_by=user).order_by("pk").values_list("slug", flat=True)
        ),
    }


def _delete_unanswered(user: User) -> None:
    """Delete the person's contributions without replies, from the leaves up: a reply
    of theirs to their own contribution does not keep it."""
    has_replies = Exists(Contribution.objects.filter(parent=OuterRef("pk")))
    while True:
        leaves = list(
            Contribution.objects.filter(author=user)
            .exclude(has_replies)
            .only("pk", "parent_id", "debate_id", "visibility")
        )
        if not leaves:
            return
        for debate_id, count in Counter(
            c.debate_id for c in leaves if c.visibility == Visibility.VISIBLE
        ).items():
            Debate.objects.filter(pk=debate_id).update(
                contribution_count=Greatest(F("contribution_count") - count, Value(0))
            )
        # Only shown replies are in their parent's reply count (see forum.services).
        counted = Counter(
            c.parent_id for c in leaves if c.parent_id and c.visibility == Visibility.VISIBLE
        )
        for parent_id, count in counted.items():
            Contribution.objects.filter(pk=parent_id).update(
                reply_count=Greatest(F("reply_count") - count, Value(0))
            )
        Contribution.objects.filter(pk__in=[c.pk for c in leaves]).delete()


@transaction.atomic
def erase_personal_data(user: User) -> None:
    _delete_unanswered(user)
    kept = Contribution.objects.filter(author=user)
    ContributionRevision.objects.filter(contribution__in=kept).delete()
    kept.update(author=None)
    # Agreements go; the agree counts people saw stay as they are.
    Reaction.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).update(reporter=None)
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    ForumPreferences.objects.filter(user=user).delete()
    UserBlock.objects.filter(user=user).delete()
    UserBlock.objects.filter(blocked_by=user).update(blocked_by=None)
    ModerationLogEntry.objects.filter(moderator=user).update(moderator=None)
    ModerationLogEntry.objects.filter(target_user=user).update(target_user=None)
    Debate.objects.filter(created_by=user).update(created_by=None)
