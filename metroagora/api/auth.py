"""Bearer authentication with personal API tokens, one scope per operation."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from metroagora.accounts.models import User
from metroagora.api import services
from metroagora.api.models import ApiToken, Scope

MAX_TOKEN_LENGTH = 200


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the token must be active and hold ``scope``.

    No header or a bad, expired or revoked token: 401. A good token without the
    scope: 403. Authenticating sets ``request.auth`` to the ApiToken.
    """

    openapi_description = (
        "A personal API token, created on your profile page (API tokens). Each token has "
        "scopes: read, register, contribute, vote; each operation says which it needs."
    )

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> ApiToken:
        value = request.headers.get(self.header, "")
        if not value:
            raise AuthenticationError()  # the handler explains how to send a token
        kind, _space, token = value.strip().partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            raise AuthenticationError(
                message=_("Send the token as 'Authorization: Bearer <token>'.")
            )
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = find_token(token)
        if found is None:
            raise AuthenticationError(
                message=_("This API token is not valid: check it, or create a new one.")
            )
        now = timezone.now()
        if found.revoked_at is not None:
            raise AuthenticationError(
                message=_("This API token was revoked: create a new one on your profile page.")
            )
        if found.is_expired(now):
            raise AuthenticationError(
                message=_("This API token has expired: create a new one on your profile page.")
            )
        if not found.user.is_active:
            raise AuthenticationError(message=_("The account of this API token is closed."))
        if not found.has_scope(self.scope):
            raise AuthorizationError(
                message=_(
                    "This API token may not do this: it needs the scope “%(scope)s”. "
                    "Create a token with that scope."
                )
                % {"scope": self.scope.value}
            )
        services.record_use(found)
        return found


def find_token(raw: str) -> ApiToken | None:
    if len(raw) > MAX_TOKEN_LENGTH:
        return None
    return (
        ApiToken.objects.select_related("user").filter(token_hash=services.hash_token(raw)).first()
    )


def token_user(request: HttpRequest) -> User:
    """The person an authenticated operation acts for."""
    token: Any = getattr(request, "auth", None)
    if not isinstance(token, ApiToken):
        raise AuthenticationError()
    return token.user
