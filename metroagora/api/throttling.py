"""Rate limits for the API, counted by ``metroagora.core.ratelimit`` (the site's limiter).

Reads (GET) count in the scope ``api.read``, writes in ``api.write``, per person for
token-authenticated requests and per address otherwise. Each write also counts in
its domain's own scope (``forum.post``, ``events.register``, ``opinions.vote``), as on
the website.
"""

from typing import Any

from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from metroagora.api.errors import seconds_left
from metroagora.api.models import ApiToken
from metroagora.core import ratelimit

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def who(request: HttpRequest) -> str:
    token: Any = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        return f"user:{token.user_id}"
    return f"ip:{ratelimit.client_address(request)}"


class ScopeThrottle(BaseThrottle):
    """Counts the requests of one kind (reads or writes) in one RATE_LIMITS scope."""

    def __init__(self, scope: str, *, reads: bool) -> None:
        self.scope = scope
        self.reads = reads

    def allow_request(self, request: HttpRequest) -> bool:
        if (request.method in READ_METHODS) != self.reads:
            return True
        return ratelimit.allow(self.scope, who(request), ratelimit.rate(self.scope))

    def wait(self) -> float | None:
        return float(seconds_left(ratelimit.parse_rate(ratelimit.rate(self.scope))[1]))


def throttles() -> list[BaseThrottle]:
    return [ScopeThrottle("api.read", reads=True), ScopeThrottle("api.write", reads=False)]


def check_domain_limit(request: HttpRequest, scope: str) -> None:
    """Count one write in a domain's scope (``forum.post``...); 429 once over its rate."""
    if not ratelimit.allow(scope, who(request), ratelimit.rate(scope)):
        raise Throttled(wait=seconds_left(ratelimit.parse_rate(ratelimit.rate(scope))[1]))
