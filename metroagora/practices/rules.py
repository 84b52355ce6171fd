"""Named permissions for best practices and their transfers."""

from typing import Any

import rules

from metroagora.accounts.rules import is_editor, is_network_admin
from metroagora.events.rules import is_any_city_coordinator
from metroagora.network.models import MembershipRole


def coordinated_city_ids(user: Any) -> set[int]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        user.memberships.filter(role=MembershipRole.COORDINATOR).values_list("city_id", flat=True)
    )


@rules.predicate
def is_practice_city_coordinator(user: Any, practice: Any) -> bool:
    return practice is not None and practice.city_id in coordinated_city_ids(user)


@rules.predicate
def is_published(user: Any, practice: Any) -> bool:
    return bool(practice is not None and practice.is_published)


@rules.predicate
def is_editable_by_author(user: Any, practice: Any) -> bool:
    return bool(practice is not None and practice.is_editable_by_author)


@rules.predicate
def can_adopt_from_another_city(user: Any, practice: Any) -> bool:
    """A coordinator of a city other than the practice's own."""
    if practice is None or not practice.is_published:
        return False
    return bool(coordinated_city_ids(user) - {practice.city_id})


@rules.predicate
def is_transfer_party(user: Any, transfer: Any) -> bool:
    if transfer is None:
        return False
    cities = coordinated_city_ids(user)
    return transfer.city_id in cities or transfer.practice.city_id in cities


editors = is_editor | is_network_admin

rules.add_perm("practices.add_practice", is_any_city_coordinator | editors)
rules.add_perm("practices.view_practice", is_published | is_practice_city_coordinator | editors)
rules.add_perm(
    "practices.change_practice",
    editors | (is_practice_city_coordinator & is_editable_by_author),
)
rules.add_perm("practices.submit_practice", is_practice_city_coordinator | editors)
rules.add_perm("practices.review_practice", editors)
rules.add_perm("practices.comment_review", is_practice_city_coordinator | editors)
rules.add_perm("practices.start_transfer", can_adopt_from_another_city)
rules.add_perm("practices.view_transfer", rules.always_allow)
rules.add_perm("practices.update_transfer", is_transfer_party | editors)
