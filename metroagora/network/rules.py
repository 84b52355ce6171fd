"""Named permissions for cities, partners and memberships."""

from typing import Any

import rules

from metroagora.accounts.rules import is_network_admin
from metroagora.network.models import City, MembershipRole


@rules.predicate
def is_city_coordinator(user: Any, city: City | None) -> bool:
    if city is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(city.memberships.filter(user=user, role=MembershipRole.COORDINATOR).exists())


@rules.predicate
def is_verified_resident(user: Any, city: City | None) -> bool:
    if city is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(
        city.memberships.filter(
            user=user, role=MembershipRole.RESIDENT, verified_at__isnull=False
        ).exists()
    )


rules.add_perm("network.view_city", rules.always_allow)
rules.add_perm("network.add_city", is_network_admin)
rules.add_perm("network.change_city", is_network_admin | is_city_coordinator)
rules.add_perm("network.delete_city", is_network_admin)
rules.add_perm("network.manage_memberships", is_network_admin | is_city_coordinator)
rules.add_perm("network.grant_coordinator", is_network_admin)
rules.add_perm("network.manage_partners", is_network_admin)
