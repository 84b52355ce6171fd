"""Named permissions for personal API tokens."""

from typing import Any

import rules

from metroagora.forum.rules import is_participant


@rules.predicate
def is_token_owner(user: Any, token: Any) -> bool:
    return bool(
        token is not None and user.is_authenticated and user.is_active and token.user_id == user.pk
    )


rules.add_perm("api.create_token", is_participant)
rules.add_perm("api.revoke_token", is_token_owner)
