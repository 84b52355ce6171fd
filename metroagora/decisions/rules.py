"""Named permissions for participatory processes, proposals, budgets and accountability.

Objects are a City, a Process, or anything with a ``process`` (proposal, budget) or a
``city`` (implementation): the rules find the city they belong to.

Taking part (submitting, supporting, voting) is not a permission but a question
with a reason ("you must verify you live in Lyon"): see
``services.participation_problem``.
"""

from typing import Any

import rules

from metroagora.accounts.rules import is_network_admin
from metroagora.network.models import City, MembershipRole


def city_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, City):
        return int(obj.pk)
    if hasattr(obj, "city_id"):
        return int(obj.city_id)
    if hasattr(obj, "process"):
        return int(obj.process.city_id)
    if hasattr(obj, "budget"):
        return int(obj.budget.process.city_id)
    return None


def _roles_in(user: Any, city_id: int | None) -> set[str]:
    if city_id is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(user.memberships.filter(city_id=city_id).values_list("role", flat=True))


@rules.predicate
def is_coordinator_here(user: Any, obj: Any) -> bool:
    return MembershipRole.COORDINATOR in _roles_in(user, city_id_of(obj))


@rules.predicate
def is_official_here(user: Any, obj: Any) -> bool:
    """City officials and coordinators speak for the city."""
    return bool(
        {MembershipRole.OFFICIAL, MembershipRole.COORDINATOR} & _roles_in(user, city_id_of(obj))
    )


@rules.predicate
def is_published_process(user: Any, process: Any) -> bool:
    return bool(process is not None and process.is_published)


@rules.predicate
def is_proposal_author(user: Any, proposal: Any) -> bool:
    return bool(
        proposal is not None
        and user.is_authenticated
        and user.is_active
        and proposal.author_id == user.pk
    )


managers = is_network_admin | is_coordinator_here

rules.add_perm("decisions.manage_processes", managers)  # object: a city
rules.add_perm("decisions.manage_process", managers)  # object: a process
rules.add_perm("decisions.view_process", is_published_process | managers)
rules.add_perm("decisions.verify_residents", managers)  # object: a city
rules.add_perm("decisions.answer_proposal", is_network_admin | is_official_here)
rules.add_perm("decisions.manage_budget", managers)  # object: a budget
rules.add_perm("decisions.update_implementation", is_network_admin | is_official_here)
rules.add_perm("decisions.edit_proposal", is_proposal_author)
