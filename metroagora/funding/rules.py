"""Named permissions for EU funding.

Calls, programmes, guides and results are public. Network admins keep the calls and
programmes; a city's coordinators act for their city (needs, watches for the city,
partner searches, applications, funded projects); any signed-in person watches calls
for themselves.
"""

from typing import Any

import rules

from metroagora.accounts.rules import is_editor, is_network_admin
from metroagora.events.rules import is_any_city_coordinator
from metroagora.practices.rules import coordinated_city_ids


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def coordinates_city(user: Any, city: Any) -> bool:
    """A coordinator of ``city`` (a City)."""
    return city is not None and city.pk in coordinated_city_ids(user)


@rules.predicate
def coordinates_object_city(user: Any, obj: Any) -> bool:
    """A coordinator of the city of ``obj`` (a partner search, an application, a watch)."""
    city_id = getattr(obj, "city_id", None)
    return city_id is not None and city_id in coordinated_city_ids(user)


@rules.predicate
def owns_watch(user: Any, watch: Any) -> bool:
    return bool(watch is not None and watch.user_id and watch.user_id == user.pk)


@rules.predicate
def coordinates_another_city(user: Any, search: Any) -> bool:
    """A coordinator of a city other than the one that searches partners."""
    if search is None:
        return False
    return bool(coordinated_city_ids(user) - {search.city_id})


@rules.predicate
def coordinates_project_city(user: Any, project: Any) -> bool:
    if project is None:
        return False
    cities = coordinated_city_ids(user)
    if not cities:
        return False
    return any(
        participant.city_id in cities
        for participant in project.participants.all()
        if participant.city_id
    )


rules.add_perm("funding.import_calls", is_network_admin)
rules.add_perm("funding.add_call", is_network_admin)
rules.add_perm("funding.change_call", is_network_admin)
rules.add_perm("funding.change_programme", is_network_admin)
rules.add_perm("funding.change_guide", is_network_admin | is_editor)
rules.add_perm("funding.watch", is_signed_in)
rules.add_perm("funding.watch_for_city", is_network_admin | coordinates_city)
rules.add_perm("funding.remove_watch", is_network_admin | owns_watch | coordinates_object_city)
rules.add_perm("funding.change_needs", is_network_admin | coordinates_city)
rules.add_perm("funding.add_partner_search", is_network_admin | coordinates_city)
rules.add_perm("funding.change_partner_search", is_network_admin | coordinates_object_city)
rules.add_perm("funding.answer_partner_search", coordinates_another_city)
rules.add_perm("funding.track_applications", is_network_admin | coordinates_city)
rules.add_perm("funding.change_application", is_network_admin | coordinates_object_city)
rules.add_perm("funding.add_project", is_network_admin | is_any_city_coordinator)
rules.add_perm("funding.change_project", is_network_admin | coordinates_project_city)
