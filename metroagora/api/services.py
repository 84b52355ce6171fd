"""Every write to API tokens goes through here."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.api.models import SHOWN_CHARACTERS, TOKEN_PREFIX, ApiToken, Scope

MAX_ACTIVE_TOKENS = 20
EXPIRY_CHOICES_DAYS = (30, 90, 365)
# last_used_at is written at most once per this interval: a busy client does not
# turn every read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def create_token(
    user: User, *, name: str, scopes: Iterable[str], expires_in_days: int | None
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the raw token, which is never stored."""
    if not user.has_perm("api.create_token"):
        raise PermissionDenied(_("Sign in with an active account to create API tokens."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(
            {"name": ValidationError(_("Give the token a name, e.g. what it is for."), "name")}
        )
    chosen = [s for s in Scope.values if s in set(scopes)]
    unknown = set(scopes) - set(Scope.values)
    if unknown or not chosen:
        raise ValidationError(
            {"scopes": ValidationError(_("Choose at least one thing the token may do."), "scopes")}
        )
    if expires_in_days is not None and expires_in_days not in EXPIRY_CHOICES_DAYS:
        raise ValidationError(
            {"expires_in_days": ValidationError(_("Choose when the token expires."), "expiry")}
        )
    # Lock the person's row: two simultaneous creations cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(max)s active tokens: revoke one you no longer use first.")
            % {"max": MAX_ACTIVE_TOKENS},
            code="too_many",
        )
    raw = new_raw_token()
    token = ApiToken(
        user=user,
        name=name,
        scopes=chosen,
        token_hash=hash_token(raw),
        prefix=raw[:SHOWN_CHARACTERS],
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    token.full_clean(exclude=["token_hash", "prefix"])
    token.save()
    return token, raw


@transaction.atomic
def revoke_token(user: User, token: ApiToken) -> ApiToken:
    """The token stops working at once. Revoking twice keeps the first date."""
    if not user.has_perm("api.revoke_token", token):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def record_use(token: ApiToken) -> None:
    """Note when a token was last used (one small UPDATE at most once a minute)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
