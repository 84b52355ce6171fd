"""A person's own data in the network: their roles in cities and how they were verified.

See ``metroagora/accounts/privacy.py`` for the pattern every app follows.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import Notice, StoredData, when
from metroagora.network.models import Membership, VerificationLogEntry

NOTICE = Notice(
    key="network",
    title=_("Cities and roles"),
    items=(
        StoredData(
            _("Your roles in member cities (resident, official, coordinator) and public titles."),
            _("To let you take part where only a city's residents may, and to show officials."),
        ),
        StoredData(
            _("How and when you were verified as a resident, and by whom."),
            _("So that each resident is verified once, and verifications can be checked."),
        ),
    ),
)


def export_personal_data(user: User) -> dict[str, Any]:
    memberships = Membership.objects.filter(user=user).select_related("city").order_by("pk")
    log = (
        VerificationLogEntry.objects.filter(person=user)
        .select_related("city")
        .order_by("created_at", "pk")
    )
    return {
        "memberships": [
            {
                "city": m.city.slug,
                "role": m.role,
                "title": m.title,
                "since": when(m.created_at),
                "verified": when(m.verified_at),
                "verified_with": m.verification_method,
            }
            for m in memberships
        ],
        "verifications": [
            {"city": e.city.slug, "when": when(e.created_at), "method": e.method} for e in log
        ],
    }


@transaction.atomic
def erase_personal_data(user: User) -> None:
    """Roles end; the verification log keeps that a verification happened, not who."""
    Membership.objects.filter(user=user).delete()
    Membership.objects.filter(verified_by=user).update(verified_by=None)
    VerificationLogEntry.objects.filter(person=user).update(person=None)
    VerificationLogEntry.objects.filter(verified_by=user).update(verified_by=None)
