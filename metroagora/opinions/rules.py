"""Named permissions for opinion maps.

Voting rights depend on the map (anonymous voting, verified residents only), so
the checks that need the map take it as the object.
"""

from typing import Any

import rules

from metroagora.accounts.rules import is_moderator, is_network_admin
from metroagora.forum.rules import is_any_city_coordinator, is_blocked
from metroagora.network.models import MembershipRole


@rules.predicate
def is_map_city_coordinator(user: Any, opinion_map: Any) -> bool:
    if opinion_map is None or not user.is_authenticated or not user.is_active:
        return False
    city_id = opinion_map.city_id or (opinion_map.debate.city_id if opinion_map.debate_id else None)
    if city_id is None:
        return False
    return bool(user.memberships.filter(role=MembershipRole.COORDINATOR, city_id=city_id).exists())


@rules.predicate
def is_open(user: Any, opinion_map: Any) -> bool:
    return bool(opinion_map is not None and opinion_map.is_open)


@rules.predicate
def may_vote_here(user: Any, opinion_map: Any) -> bool:
    """Signed in (or anonymous voting allowed), and a verified resident where required."""
    if opinion_map is None:
        return False
    if not user.is_authenticated:
        return bool(opinion_map.anonymous_voting and not opinion_map.verified_residents_only)
    if not user.is_active:
        return False
    if opinion_map.verified_residents_only:
        return bool(
            user.memberships.filter(
                city_id=opinion_map.city_id,
                role=MembershipRole.RESIDENT,
                verified_at__isnull=False,
            ).exists()
        )
    return True


@rules.predicate
def accepts_statements(user: Any, opinion_map: Any) -> bool:
    return bool(opinion_map is not None and opinion_map.participants_submit)


moderators = is_moderator | is_network_admin

rules.add_perm("opinions.open_map", moderators | is_any_city_coordinator)
rules.add_perm("opinions.view_map", rules.always_allow)
rules.add_perm("opinions.vote", is_open & may_vote_here & ~is_blocked)
rules.add_perm(
    "opinions.submit_statement", is_open & accepts_statements & may_vote_here & ~is_blocked
)
rules.add_perm("opinions.moderate", moderators | is_map_city_coordinator)
rules.add_perm("opinions.moderate_any", moderators)
