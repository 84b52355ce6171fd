"""The token's owner: who they are (public name) and their own event registrations."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router

from metroagora.api.auth import TokenAuth, token_user
from metroagora.api.models import ApiToken, Scope
from metroagora.api.pagination import page_of
from metroagora.api.routers.events import RegistrationOut, registration_out
from metroagora.api.schemas import Page, PageParams, Schema, errors
from metroagora.events import selectors

router = Router(tags=["Me"])


class TokenOut(Schema):
    name: str
    begins_with: str
    scopes: list[str]
    expires_at: datetime | None


class MeOut(Schema):
    name: str = Field(description="Your public name.")
    verified_policymaker: bool
    token: TokenOut


@router.get(
    "/me",
    response={200: MeOut, **errors(401, 403)},
    auth=TokenAuth(Scope.READ),
    summary="The token's owner",
)
def me(request: HttpRequest) -> dict[str, Any]:
    """Who the token acts for, and what it may do (scope `read`)."""
    user = token_user(request)
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return {
        "name": user.public_name,
        "verified_policymaker": user.is_verified_policymaker,
        "token": {
            "name": token.name,
            "begins_with": token.prefix,
            "scopes": list(token.scopes),
            "expires_at": token.expires_at,
        },
    }


@router.get(
    "/me/registrations",
    response={200: Page[RegistrationOut], **errors(401, 403)},
    auth=TokenAuth(Scope.READ),
    summary="My event registrations",
)
def my_registrations(request: HttpRequest, filters: Query[PageParams]) -> dict[str, Any]:
    """The token owner's registrations that are not cancelled, the soonest event first
    (scope `read`)."""
    user = token_user(request)
    rows = selectors.user_registrations(user).order_by("event__starts_at", "pk")
    return page_of(request, rows, filters, registration_out)
