"""Named permissions for people and global roles."""

from typing import Any

import rules


@rules.predicate
def is_network_admin(user: Any) -> bool:
    return bool(getattr(user, "is_network_admin", False))


@rules.predicate
def is_moderator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_moderator)


@rules.predicate
def is_editor(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_editor)


@rules.predicate
def is_verified_policymaker(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_verified_policymaker)


@rules.predicate
def is_self(user: Any, other: Any) -> bool:
    return bool(user.is_authenticated and other is not None and user.pk == other.pk)


rules.add_perm("accounts.change_profile", is_self)
rules.add_perm("accounts.grant_global_role", is_network_admin)
rules.add_perm("accounts.moderate", is_moderator | is_network_admin)
