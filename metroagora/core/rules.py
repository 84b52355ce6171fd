"""Named permissions of the core app: who reads the audit log.

Core knows no domain, so the roles are read through the user's own attributes and the
reverse relation of memberships (``user.memberships``, role ``"coordinator"``), not by
importing the apps that define them."""

from typing import Any

import rules

#: ``network.MembershipRole.COORDINATOR``'s value.
COORDINATOR_ROLE = "coordinator"


@rules.predicate
def is_network_admin(user: Any) -> bool:
    return bool(getattr(user, "is_network_admin", False))


@rules.predicate
def is_any_city_coordinator(user: Any) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.memberships.filter(role=COORDINATOR_ROLE).exists())


def coordinated_city_ids(user: Any) -> list[int]:
    """The cities whose entries a coordinator reads."""
    if not user.is_authenticated or not user.is_active:
        return []
    return list(user.memberships.filter(role=COORDINATOR_ROLE).values_list("city_id", flat=True))


rules.add_perm("core.view_audit_log", is_network_admin | is_any_city_coordinator)
rules.add_perm("core.view_whole_audit_log", is_network_admin)
