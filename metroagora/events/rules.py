"""Named permissions for events."""

from typing import Any

import rules

from metroagora.accounts.rules import is_network_admin
from metroagora.network.models import MembershipRole


@rules.predicate
def is_any_city_coordinator(user: Any) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.memberships.filter(role=MembershipRole.COORDINATOR).exists())


@rules.predicate
def is_event_organiser(user: Any, event: Any) -> bool:
    """Coordinators of the event's host city organise it."""
    if event is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(
        user.memberships.filter(role=MembershipRole.COORDINATOR, city_id=event.city_id).exists()
    )


@rules.predicate
def is_public_event(user: Any, event: Any) -> bool:
    return bool(event is not None and event.is_public)


organiser = is_network_admin | is_event_organiser

rules.add_perm("events.add_event", is_network_admin | is_any_city_coordinator)
rules.add_perm("events.view_event", is_public_event | organiser)
rules.add_perm("events.change_event", organiser)
rules.add_perm("events.manage_registrations", organiser)
rules.add_perm("events.check_in", organiser)
rules.add_perm("events.view_report", organiser)
rules.add_perm("events.view_personal_data", organiser)
