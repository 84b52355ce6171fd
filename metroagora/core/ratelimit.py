"""Rate limits on writes, counted in the cache (shared by all processes with Redis)."""

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULT_RATE = "30/m"


def parse_rate(rate: str) -> tuple[int, int]:
    """``"30/m"`` -> (30, 60)."""
    count, _slash, unit = rate.partition("/")
    return int(count), PERIODS[unit]


def allow(scope: str, who: str, rate: str) -> bool:
    """Count one hit for ``who`` in ``scope``; False once the rate is exceeded."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{who}:{window}"
    if cache.add(key, 1, timeout=period + 1):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count <= limit


def client_address(request: HttpRequest) -> str:
    """The visitor's address: behind a proxy (``BEHIND_PROXY``), the last entry of
    X-Forwarded-For, the one the proxy added (earlier ones come from the client)."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return str(request.META.get("REMOTE_ADDR", ""))


def client_id(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_address(request)}"


View = Callable[..., HttpResponse]


def rate(scope: str) -> str:
    return str(getattr(settings, "RATE_LIMITS", {}).get(scope, DEFAULT_RATE))


def request_allowed(request: HttpRequest, scope: str) -> bool:
    """Count one write of this person, and of their address; False once over the rate.

    Several accounts from one address share a wider allowance (people behind one
    NAT), five times the personal rate unless ``RATE_LIMITS["<scope>.ip"]`` says.
    """
    personal = rate(scope)
    count, _slash, unit = personal.partition("/")
    ip_rate = getattr(settings, "RATE_LIMITS", {}).get(f"{scope}.ip", f"{int(count) * 5}/{unit}")
    address = f"ip:{request.META.get('REMOTE_ADDR', '')}"
    if not allow(scope, client_id(request), personal):
        return False
    return not request.user.is_authenticated or allow(f"{scope}.ip", address, ip_rate)


def rate_limited(scope: str, *, in_view: bool = False) -> Callable[[View], View]:
    """Limit POSTs to a view; the rate comes from ``settings.RATE_LIMITS[scope]``.

    With ``in_view=True`` the view gets ``request.rate_limited`` and answers itself,
    so a form can say "too fast" and keep what the person typed.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                limited = not request_allowed(request, scope)
                if in_view:
                    request.rate_limited = limited  # type: ignore[attr-defined]
                elif limited:
                    response = render(request, "429.html", status=429)
                    response["Retry-After"] = str(parse_rate(rate(scope))[1])
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
