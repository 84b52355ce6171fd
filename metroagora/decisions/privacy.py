"""A person's own data in local decisions: proposals, supports, ballot receipts.

Ballots are secret: the export has the *receipt* (that the person voted in a budget,
and when), never what they chose; erasing leaves ballots and receipts as they are
(the receipt stays on the anonymous account, so the turnout stays right). Supports
stay counted the same way. A proposal nobody else supported or commented on, and
the city did not take up, is deleted with its images; any other keeps its text
without its author. See ``metroagora/accounts/privacy.py`` for the pattern.
"""

from pathlib import PurePosixPath
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import Notice, PersonalFile, StoredData, plain, when
from metroagora.decisions.models import (
    BallotReceipt,
    BudgetProject,
    CensusEntry,
    CensusUpload,
    Implementation,
    ImplementationUpdate,
    InvitationBatch,
    InvitationCode,
    Process,
    Proposal,
    ProposalImage,
    Support,
)
from metroagora.forum.models import Contribution, Debate

NOTICE = Notice(
    key="decisions",
    title=_("Local decisions"),
    items=(
        StoredData(
            _("Your proposals and their images, and the proposals you support."),
            _("They are the process: the city answers proposals and counts supports."),
        ),
        StoredData(
            _(
                "That you voted in a participatory budget, and when. What you chose is "
                "stored apart, under a key only the platform can compute: no one can "
                "read your ballot, not even the administrators."
            ),
            _("So that everyone votes once, and the count can be checked."),
        ),
        StoredData(
            _("The invitation code or census entry you used to verify your residence."),
            _("So that each resident is verified once."),
        ),
    ),
)


def _images(user: User) -> QuerySet[ProposalImage]:
    return ProposalImage.objects.filter(proposal__author=user).order_by("proposal_id", "pk")


def _file_path(image: ProposalImage) -> str:
    return (
        f"decisions/proposal-{image.proposal_id}/{image.pk}-{PurePosixPath(image.image.name).name}"
    )


def export_personal_data(user: User) -> dict[str, Any]:
    proposals = (
        Proposal.objects.filter(author=user)
        .select_related("process", "category", "district")
        .order_by("created_at", "pk")
    )
    images: dict[int, list[dict[str, Any]]] = {}
    for image in _images(user):
        images.setdefault(image.proposal_id, []).append(
            {"file": _file_path(image), "description": image.alt_text}
        )
    receipts = BallotReceipt.objects.filter(user=user).select_related("budget__process")
    updates = ImplementationUpdate.objects.filter(author=user).order_by("created_at", "pk")
    return {
        "proposals": [
            {
                "id": p.pk,
                "process": p.process.slug,
                "written": when(p.created_at),
                "title": p.title,
                "description": p.body,
                "language": p.language,
                "category": str(p.category.name) if p.category else None,
                "district": p.district.name if p.district else None,
                "place": p.location,
                "latitude": p.latitude,
                "longitude": p.longitude,
                "estimated_cost": plain(p.estimated_cost),
                "state": p.state,
                "supports": p.support_count,
                "images": images.get(p.pk, []),
            }
            for p in proposals
        ],
        "supports": [
            {"proposal": pk, "title": title, "when": when(created)}
            for pk, title, created in Support.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values_list("proposal_id", "proposal__title", "created_at")
        ],
        # Receipts only: that the person voted, never what they chose.
        "ballot_receipts": [
            {
                "process": r.budget.process.slug,
                "budget": str(r.budget.title),
                "voted": when(r.voted_at),
            }
            for r in receipts.order_by("voted_at", "pk")
        ],
        "residence_verifications": [
            {"city": city, "with": "invitation code", "when": when(used)}
            for city, used in InvitationCode.objects.filter(used_by=user).values_list(
                "city__slug", "used_at"
            )
        ]
        + [
            {"city": city, "with": "census", "when": when(used)}
            for city, used in CensusEntry.objects.filter(used_by=user).values_list(
                "city__slug", "used_at"
            )
        ],
        "implementation_updates": [
            {
                "implementation": u.implementation_id,
                "written": when(u.created_at),
                "text": u.text,
                "status": u.status,
                "progress": u.progress,
            }
            for u in updates
        ],
    }


def personal_files(user: User) -> list[PersonalFile]:
    """The images of the person's proposals."""
    return [PersonalFile(_file_path(image), image.image) for image in _images(user)]


def _proposals_to_delete(user: User) -> QuerySet[Proposal]:
    """The person's proposals nobody else took part in and the city did not take up."""
    others_support = Support.objects.filter(proposal=OuterRef("pk")).exclude(user=user)
    # An anonymised contribution (no author) was kept because someone else replied.
    others_comment = Contribution.objects.filter(debate=OuterRef("debate")).exclude(author=user)
    return (
        Proposal.objects.filter(author=user, answer="")
        .exclude(Exists(others_support))
        .exclude(Exists(others_comment))
        .exclude(Exists(BudgetProject.objects.filter(proposal=OuterRef("pk"))))
        .exclude(Exists(Implementation.objects.filter(proposal=OuterRef("pk"))))
    )


@transaction.atomic
def erase_personal_data(user: User) -> None:
    doomed = list(_proposals_to_delete(user).only("pk", "debate_id"))
    images = list(ProposalImage.objects.filter(proposal__in=[p.pk for p in doomed]))
    Proposal.objects.filter(pk__in=[p.pk for p in doomed]).delete()
    # Each proposal's comments are a debate of its own: nothing is left in it.
    Debate.objects.filter(pk__in=[p.debate_id for p in doomed if p.debate_id]).delete()
    _delete_files_after_commit(images)
    Proposal.objects.filter(author=user).update(author=None)
    # Supports and ballot receipts stay on the anonymous account: the counts stay right.
    Proposal.objects.filter(answered_by=user).update(answered_by=None)
    ImplementationUpdate.objects.filter(author=user).update(author=None)
    # Used codes and census entries stay used: a deleted account cannot free them to
    # verify (and vote) a second time.
    InvitationCode.objects.filter(used_by=user).update(used_by=None)
    CensusEntry.objects.filter(used_by=user).update(used_by=None)
    Process.objects.filter(created_by=user).update(created_by=None)
    InvitationBatch.objects.filter(created_by=user).update(created_by=None)
    CensusUpload.objects.filter(uploaded_by=user).update(uploaded_by=None)


def _delete_files_after_commit(images: list[ProposalImage]) -> None:
    stored = [(image.image.storage, image.image.name) for image in images if image.image]
    if stored:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])
