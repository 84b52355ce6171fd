"""Every write to people and their global roles goes through here."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction

from metroagora.accounts.models import Identity, User


@transaction.atomic
def update_profile(
    actor: User,
    user: User,
    *,
    display_name: str,
    residence_city: str,
    residence_country: str,
    preferred_languages: Sequence[str],
    identity: str,
) -> User:
    if not actor.has_perm("accounts.change_profile", user):
        raise PermissionDenied
    user.display_name = display_name.strip()
    user.residence_city = residence_city.strip()
    user.residence_country = residence_country
    user.preferred_languages = list(dict.fromkeys(preferred_languages))
    user.identity = Identity(identity)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def set_global_roles(
    actor: User,
    user: User,
    *,
    moderator: bool | None = None,
    editor: bool | None = None,
    verified_policymaker: bool | None = None,
) -> User:
    """Grant or withdraw the network-wide roles. Only network admins may."""
    if not actor.has_perm("accounts.grant_global_role"):
        raise PermissionDenied
    if moderator is not None:
        user.is_moderator = moderator
    if editor is not None:
        user.is_editor = editor
    if verified_policymaker is not None:
        user.is_verified_policymaker = verified_policymaker
    user.save(update_fields=["is_moderator", "is_editor", "is_verified_policymaker"])
    return user
