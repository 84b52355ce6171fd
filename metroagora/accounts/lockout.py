"""Login lockout (django-axes): who is counted, and the page shown while locked out.

Failures are counted per (email, client address) for allauth's sign-in form (the
``email`` credential) and the admin's (``username``, which is the email here).
"""

from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from metroagora.core import ratelimit


def username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The email address tried, whichever form sent it, compared without case."""
    values = credentials or {}
    tried = values.get("email") or values.get("username") or values.get("login")
    if not tried:
        tried = request.POST.get("login") or request.POST.get("username") or ""
    return str(tried).strip().casefold()[:255]


def forwarded_client_ip(request: HttpRequest) -> str | None:
    """Behind a proxy: the address the proxy saw, the last one in X-Forwarded-For."""
    return ratelimit.client_address(request) or None


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """A translated page saying when the person may try again (status 429)."""
    cool_off = get_cool_off(request) or timedelta(0)
    minutes = max(1, -(-int(cool_off.total_seconds()) // 60))  # rounded up
    response = render(
        request,
        "axes/lockout.html",
        {"retry_at": timezone.now() + cool_off, "minutes": minutes, "has_cool_off": cool_off},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
