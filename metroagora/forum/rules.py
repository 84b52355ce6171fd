"""Named permissions for the Forum."""

from typing import Any

import rules

from metroagora.accounts.rules import is_moderator, is_network_admin, is_verified_policymaker
from metroagora.network.models import MembershipRole


@rules.predicate
def is_any_city_coordinator(user: Any) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.memberships.filter(role=MembershipRole.COORDINATOR).exists())


@rules.predicate
def is_host_city_coordinator(user: Any, debate: Any) -> bool:
    if debate is None or debate.city_id is None or not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return bool(
        user.memberships.filter(role=MembershipRole.COORDINATOR, city_id=debate.city_id).exists()
    )


@rules.predicate
def is_participant(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_blocked(user: Any) -> bool:
    return bool(user.is_authenticated and hasattr(user, "forum_block"))


moderators = is_moderator | is_network_admin

rules.add_perm("forum.view_debate", rules.always_allow)
rules.add_perm("forum.open_debate", is_network_admin | is_any_city_coordinator)
rules.add_perm("forum.change_debate", moderators | is_host_city_coordinator)
rules.add_perm("forum.close_debate", moderators | is_host_city_coordinator)
rules.add_perm("forum.post", is_participant & ~is_blocked)
rules.add_perm("forum.post_official", is_participant & ~is_blocked & is_verified_policymaker)
rules.add_perm("forum.react", is_participant)
rules.add_perm("forum.report", is_participant)
rules.add_perm("forum.moderate", moderators)
