"""A person's own data in the API app: their personal API tokens (names, never secrets).

See ``metroagora/accounts/privacy.py`` for the pattern every app follows.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import Notice, StoredData, when
from metroagora.api.models import ApiToken

NOTICE = Notice(
    key="api",
    title=_("API tokens"),
    items=(
        StoredData(
            _(
                "The name, permissions and dates of your personal API tokens; the token "
                "itself only as a one-way hash."
            ),
            _("So that programs you allow can act for you, and you can revoke them."),
        ),
    ),
)


def export_personal_data(user: User) -> dict[str, Any]:
    return {
        "api_tokens": [
            {
                "name": t.name,
                "begins_with": t.prefix,
                "scopes": list(t.scopes or []),
                "created": when(t.created_at),
                "last_used": when(t.last_used_at),
                "expires": when(t.expires_at),
                "revoked": when(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
        ]
    }


@transaction.atomic
def erase_personal_data(user: User) -> None:
    ApiToken.objects.filter(user=user).delete()
