"""Every write to the Forum goes through here."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core.audit import record
from metroagora.core.languages import EU_LANGUAGE_NAMES
from metroagora.forum import notifications
from metroagora.forum.models import (
    MAX_DEPTH,
    MAX_LENGTH,
    Contribution,
    ContributionRevision,
    Debate,
    DebateStatus,
    ModerationAction,
    ModerationLogEntry,
    Reaction,
    Report,
    Stance,
    UserBlock,
    Visibility,
)


def count_shown(debate_id: int, before: str, after: str) -> None:
    """Keep ``Debate.contribution_count`` right when a contribution goes from one
    visibility to another ("" before: it is new; "" after: it is gone). Callers hold
    the contribution's row lock, so two moderators cannot both take the same one away."""
    change = (after == Visibility.VISIBLE) - (before == Visibility.VISIBLE)
    if change:
        Debate.objects.filter(pk=debate_id).update(
            contribution_count=F("contribution_count") + change
        )


def recount_contributions(debate_ids: list[int] | None = None) -> int:
    """Set the debates' visible contribution counts from the rows, after a bulk write
    that went around the services (the scale generator, the bench generator, the admin).
    Returns how many debates it updated."""
    visible = (
        Contribution.objects.filter(debate=OuterRef("pk"), visibility=Visibility.VISIBLE)
        .order_by()
        .values("debate")
        .annotate(n=Count("pk"))
        .values("n")
    )
    debates = Debate.objects.all()
    if debate_ids is not None:
        debates = debates.filter(pk__in=debate_ids)
    return debates.update(contribution_count=Coalesce(Subquery(visible), Value(0)))


def edit_window() -> timedelta:
    return timedelta(minutes=getattr(settings, "FORUM_EDIT_WINDOW_MINUTES", 30))


# --- Debates ---------------------------------------------------------------------


@transaction.atomic
def open_debate(
    actor: User, *, slug: str, topics: Any = (), events: Any = (), **fields: Any
) -> Debate:
    if not actor.has_perm("forum.open_debate"):
        raise PermissionDenied
    debate = Debate(slug=slug, created_by=actor, **fields)
    debate.full_clean()
    debate.save()
    debate.topics.set(topics)
    debate.events.set(events)
    return debate


@transaction.atomic
def close_debate(actor: User, debate: Debate, *, conclusions: Any) -> Debate:
    if not actor.has_perm("forum.close_debate", debate):
        raise PermissionDenied
    debate.status = DebateStatus.CLOSED
    debate.conclusions = conclusions
    debate.closed_at = timezone.now()
    debate.full_clean()
    debate.save()
    _log(actor, ModerationAction.CLOSE, debate=debate)
    record(
        actor,
        "forum.close_debate",
        obj_label=debate,
        obj_url=debate.get_absolute_url(),
        city=debate.city,
    )
    notifications.debate_closed(debate)
    return debate


# --- Contributions -----------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            {"text": ValidationError(_("Write something before posting."), code="empty")}
        )
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {
                "text": ValidationError(
                    _("Keep it under %(max)s characters (now %(count)s).")
                    % {"max": MAX_LENGTH, "count": len(text)},
                    code="too_long",
                )
            }
        )
    return text


def _clean_stance(stance: str) -> Stance:
    if stance not in Stance.values:
        raise ValidationError(
            {"stance": ValidationError(_("Choose for, against or neutral."), code="stance")}
        )
    return Stance(stance)


def can_post_official(user: User) -> bool:
    """Only verified policymakers, whatever other powers a person has."""
    return bool(
        user.is_authenticated and user.is_verified_policymaker and user.has_perm("forum.post")
    )


def _held_for_review(user: User) -> bool:
    """New accounts' first contributions wait for a moderator (FORUM_HOLD_FIRST)."""
    hold_first = getattr(settings, "FORUM_HOLD_FIRST", 0)
    if not hold_first or user.has_perm("forum.moderate") or user.is_verified_policymaker:
        return False
    approved = Contribution.objects.filter(author=user, visibility=Visibility.VISIBLE).count()
    return approved < hold_first


@transaction.atomic
def post_contribution(
    user: User,
    debate: Debate,
    *,
    text: str,
    stance: str,
    language: str,
    parent: Contribution | None = None,
    official: bool = False,
) -> Contribution:
    if not user.has_perm("forum.post"):
        raise PermissionDenied(_("You cannot post in the Forum."))
    if official and not can_post_official(user):
        raise PermissionDenied(_("Only verified policymakers post official responses."))
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    if debate.status != DebateStatus.OPEN:
        raise ValidationError(
            _("This debate is closed: it takes no new contributions."), code="closed"
        )
    text = _clean_text(text)
    stance = _clean_stance(stance)
    if language not in EU_LANGUAGE_NAMES:
        raise ValidationError(
            {"language": ValidationError(_("Choose the language you write in."), code="language")}
        )
    depth = 0
    root = None
    if parent is not None:
        parent = Contribution.objects.select_for_update().get(pk=parent.pk)
        if parent.debate_id != debate.pk:
            raise ValidationError(_("That contribution belongs to another debate."), code="debate")
        if parent.visibility != Visibility.VISIBLE:
            raise ValidationError(
                _("You cannot reply to a hidden or deleted contribution."), code="parent_gone"
            )
        depth = min(parent.depth + 1, MAX_DEPTH - 1)
        if parent.depth + 1 >= MAX_DEPTH and parent.parent_id:
            # Keep threads readable: a reply to the deepest level joins its parent's level.
            parent = Contribution.objects.select_for_update().get(pk=parent.parent_id)
            if parent.visibility != Visibility.VISIBLE:
                raise ValidationError(
                    _("You cannot reply to a hidden or deleted contribution."), code="parent_gone"
                )
        root = parent.root if parent and parent.root_id else parent
    contribution = Contribution(
        debate=debate,
        parent=parent,
        root=root,
        depth=depth,
        author=user,
        text=text,
        language=language,
        stance=stance,
        is_official=official,
        visibility=Visibility.PENDING if _held_for_review(user) else Visibility.VISIBLE,
    )
    contribution.full_clean(exclude=["root", "parent", "author"])
    contribution.save()
    if root is None:
        Contribution.objects.filter(pk=contribution.pk).update(root=contribution)
        contribution.root = contribution
    if parent is not None and contribution.visibility == Visibility.VISIBLE:
        Contribution.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
    count_shown(debate.pk, "", contribution.visibility)
    if contribution.visibility == Visibility.VISIBLE:
        notifications.contribution_posted(contribution)
    elif user.is_authenticated:
        notifications.follow(user, contribution=contribution)
    return contribution


@transaction.atomic
def edit_contribution(
    user: User, contribution: Contribution, *, text: str, stance: str
) -> Contribution:
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.author_id != user.pk or not user.has_perm("forum.post"):
        raise PermissionDenied
    if contribution.visibility not in (Visibility.VISIBLE, Visibility.PENDING):
        raise ValidationError(_("This contribution can no longer be edited."), code="gone")
    if contribution.debate.status != DebateStatus.OPEN:
        raise ValidationError(
            _("This debate is closed: it takes no new contributions."), code="closed"
        )
    if timezone.now() - contribution.created_at > edit_window():
        raise ValidationError(
            _("Contributions can be edited for %(minutes)s minutes after posting.")
            % {"minutes": int(edit_window().total_seconds() // 60)},
            code="too_late",
        )
    ContributionRevision.objects.create(
        contribution=contribution, text=contribution.text, stance=contribution.stance
    )
    contribution.text = _clean_text(text)
    contribution.stance = _clean_stance(stance)
    contribution.edited_at = timezone.now()
    contribution.save(update_fields=["text", "stance", "edited_at", "updated_at"])
    contribution.translations.all().delete()  # they translated the old text
    return contribution


@transaction.atomic
def delete_contribution(user: User, contribution: Contribution) -> Contribution:
    """The text goes; the place in the thread stays so replies keep their context."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.author_id != user.pk:
        raise PermissionDenied
    if contribution.visibility == Visibility.HIDDEN:
        raise ValidationError(
            _("A moderator hid this contribution; it stays as it is for the record."),
            code="hidden",
        )
    count_shown(contribution.debate_id, contribution.visibility, Visibility.DELETED)
    contribution.visibility = Visibility.DELETED
    contribution.text = ""
    contribution.save(update_fields=["visibility", "text", "updated_at"])
    contribution.revisions.all().delete()
    contribution.translations.all().delete()
    return contribution


@transaction.atomic
def toggle_agreement(user: User, contribution: Contribution) -> bool:
    """Agree, or take the agreement back. Returns whether the person now agrees."""
    if not user.has_perm("forum.react"):
        raise PermissionDenied
    if contribution.visibility != Visibility.VISIBLE:
        raise ValidationError(_("This contribution is not shown."), code="gone")
    deleted, _rows = Reaction.objects.filter(contribution=contribution, user=user).delete()
    if deleted:
        Contribution.objects.filter(pk=contribution.pk).update(agree_count=F("agree_count") - 1)
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(contribution=contribution, user=user)
    except IntegrityError:  # a double click that raced
        return True
    Contribution.objects.filter(pk=contribution.pk).update(agree_count=F("agree_count") + 1)
    return True


# --- Moderation ------------------------------------------------------------------


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Give a reason."), code="reason")})
    return reason[:300]


@transaction.atomic
def report_contribution(user: User, contribution: Contribution, *, reason: str) -> Report:
    if not user.has_perm("forum.report"):
        raise PermissionDenied
    duplicate = ValidationError(_("You already reported this contribution."), code="duplicate")
    if Report.objects.filter(
        contribution=contribution, reporter=user, resolved_at__isnull=True
    ).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return Report.objects.create(
                contribution=contribution, reporter=user, reason=_reason(reason)
            )
    except IntegrityError as error:  # a double submit that raced
        raise duplicate from error


def _locked_visibility(contribution: Contribution) -> str:
    return str(
        Contribution.objects.select_for_update()
        .values_list("visibility", flat=True)
        .get(pk=contribution.pk)
    )


def _log(moderator: User, action: str, **targets: Any) -> ModerationLogEntry:
    return ModerationLogEntry.objects.create(moderator=moderator, action=action, **targets)


@transaction.atomic
def hide_contribution(moderator: User, contribution: Contribution, *, reason: str) -> Contribution:
    if not moderator.has_perm("forum.moderate"):
        raise PermissionDenied
    reason = _reason(reason)
    # The row as it is now, locked: two moderators cannot both count the same change.
    contribution.visibility = _locked_visibility(contribution)
    if contribution.visibility == Visibility.DELETED:
        raise ValidationError(_("Its author deleted this contribution."), code="deleted")
    count_shown(contribution.debate_id, contribution.visibility, Visibility.HIDDEN)
    contribution.visibility = Visibility.HIDDEN
    contribution.moderation_reason = reason
    contribution.save(update_fields=["visibility", "moderation_reason", "updated_at"])
    contribution.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    _log(moderator, ModerationAction.HIDE, contribution=contribution, reason=reason)
    record(
        moderator,
        "forum.hide",
        obj_label=contribution.debate,
        obj_url=contribution.get_absolute_url(),
        city=contribution.debate.city,
        reason=reason,
    )
    return contribution


@transaction.atomic
def restore_contribution(
    moderator: User, contribution: Contribution, *, reason: str = ""
) -> Contribution:
    if not moderator.has_perm("forum.moderate"):
        raise PermissionDenied
    # The row as it is now, locked: two moderators cannot both count the same change.
    contribution.visibility = _locked_visibility(contribution)
    if contribution.visibility == Visibility.DELETED:
        raise ValidationError(_("Its author deleted this contribution."), code="deleted")
    count_shown(contribution.debate_id, contribution.visibility, Visibility.VISIBLE)
    was_pending = contribution.visibility == Visibility.PENDING
    action = ModerationAction.APPROVE if was_pending else ModerationAction.RESTORE
    contribution.visibility = Visibility.VISIBLE
    contribution.moderation_reason = ""
    contribution.save(update_fields=["visibility", "moderation_reason", "updated_at"])
    contribution.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    _log(moderator, action, contribution=contribution, reason=reason.strip()[:300])
    record(
        moderator,
        "forum.approve" if was_pending else "forum.restore",
        obj_label=contribution.debate,
        obj_url=contribution.get_absolute_url(),
        city=contribution.debate.city,
        reason=reason.strip(),
    )
    if was_pending:
        if contribution.parent_id:
            Contribution.objects.filter(pk=contribution.parent_id).update(
                reply_count=F("reply_count") + 1
            )
        notifications.contribution_posted(contribution)
    return contribution


@transaction.atomic
def dismiss_reports(moderator: User, contribution: Contribution) -> None:
    if not moderator.has_perm("forum.moderate"):
        raise PermissionDenied
    contribution.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    _log(moderator, ModerationAction.DISMISS, contribution=contribution)
    record(
        moderator,
        "forum.dismiss_reports",
        obj_label=contribution.debate,
        obj_url=contribution.get_absolute_url(),
        city=contribution.debate.city,
    )


@transaction.atomic
def block_user(moderator: User, user: User, *, reason: str) -> UserBlock:
    """Blocked people cannot post, and every session of theirs ends now."""
    if not moderator.has_perm("forum.moderate"):
        raise PermissionDenied
    if user.has_perm("forum.moderate"):
        raise ValidationError(_("Moderators cannot be blocked."), code="moderator")
    block, _created = UserBlock.objects.update_or_create(
        user=user, defaults={"reason": _reason(reason), "blocked_by": moderator}
    )
    end_sessions(user)
    _log(moderator, ModerationAction.BLOCK, target_user=user, reason=block.reason)
    record(moderator, "forum.block", obj_label=user, subject=user, reason=block.reason)
    return block


@transaction.atomic
def unblock_user(moderator: User, user: User) -> None:
    if not moderator.has_perm("forum.moderate"):
        raise PermissionDenied
    UserBlock.objects.filter(user=user).delete()
    _log(moderator, ModerationAction.UNBLOCK, target_user=user)
    record(moderator, "forum.unblock", obj_label=user, subject=user)


def end_sessions(user: User) -> int:
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)
