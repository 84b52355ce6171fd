"""Every write of the site is rate-limited (issue #10), found from the URL configuration.

How the writes are found: every URL pattern of the URL conf (the walk of
``urlconf.py``) whose view takes POST, PUT, PATCH or DELETE, as ``write_views.py``
reads it from the view (``require_POST``/``require_http_methods``, a class-based view's
handlers, or code that reads ``request.POST``/``request.method``). A new write view
shows up here by itself; it passes only once it is limited, or listed in ``EXEMPT``
with the reason why it must not be.

How a limit is proven, by behaviour: every scope of ``settings.RATE_LIMITS`` (the
site's limiter, ``core.ratelimit``) and every action of allauth's
``ACCOUNT_RATE_LIMITS`` is set to one request an hour, the cache is emptied, and a role
that may act (an ``ALLOWED`` role of the authorisation matrix's ``post=``, else a role
that may open the page) posts twice to the address of the matrix's case. The second
answer must be 429. The limiters count a POST before any form is read (the
``rate_limited`` decorator before the view runs, allauth's ``rate_limit`` on
``dispatch``, django-ninja's throttles before the body is parsed), so an empty body
does; the first POST of an allowed role may write, inside the test's savepoint. Views
that count later get a body (``POST_DATA``: allauth's password reset counts a valid
form, the resident check needs to know the way chosen). A scope used
in a view but missing from ``settings.RATE_LIMITS`` keeps the default rate, so its view
fails here too (and ``test_every_scope_in_use_has_a_rate_in_settings`` says which).
Views that answer the limit themselves (``rate_limited(..., in_view=True)``) answer 429
as well, with the form and its message.

The API: every operation with a write method must carry a throttle counting writes
(the API-wide ``api.write`` of ``api/throttling.py``, or its own), and answer 429 to
the second write of a token holder over the tiny rate.

The admin: its pages take POSTs from staff only, who must have set up two-factor
sign-in (``RequireStaffTwoFactorMiddleware``), and each change is logged in the admin's
history: not limited (``EXEMPT_PREFIXES``). Its sign-in form, open to anyone, is
locked out by django-axes after ``AXES_FAILURE_LIMIT`` wrong passwords, as is the
site's: ``test_it_locks_out_sign_in_after_the_failure_limit``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from metroagora.core import ratelimit
from metroagora.tests import authorization_matrix
from metroagora.tests.matrix_format import ALLOWED, OK, Case, Entry
from metroagora.tests.test_authorization_matrix import address, finish
from metroagora.tests.urlconf import _walk, api_operations, url_patterns
from metroagora.tests.world import ROLES, World, client_for
from metroagora.tests.write_views import WRITE_METHODS, rate_limit_scopes, write_methods

TINY = "1/h"
TOO_MANY = 429

#: Writes that are not limited on purpose: URL pattern key -> why.
EXEMPT: dict[str, str] = {
    "set_language": "Switching the language only sets the visitor's own cookie.",
    "favicon.ico": "A RedirectView: every method gets the same redirect, nothing is written.",
    "account_logout": "Signing out only ends the visitor's own session.",
    "usersessions_list": "Signing out of one's other sessions only ends one's own sessions.",
    "forum:unsubscribe": (
        "One-click unsubscribe (RFC 8058) is posted by mail providers' servers, for many "
        "people from few addresses: a limit per address would refuse real unsubscriptions. "
        "The link's token is signed (nothing to guess) and the write only turns mail off."
    ),
    "publications:newsletter_unsubscribe": (
        "One-click unsubscribe (RFC 8058), as forum:unsubscribe: posted by mail providers' "
        "servers; the token is a long random secret and the write only stops mail."
    ),
    # allauth's views without a limit of their own (login, signup, password reset and
    # change, email management and reauthentication are limited: ACCOUNT_RATE_LIMITS).
    "account_confirm_email": (
        "The key is an HMAC signature (nothing to guess; a wrong one is a 404); sending "
        "confirmation mails is limited by ACCOUNT_RATE_LIMITS['confirm_email']."
    ),
    "account_confirm_login_code": (
        "Sign-in by code is off (ACCOUNT_LOGIN_BY_CODE_ENABLED): the view only redirects. "
        "allauth would allow ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS tries per code."
    ),
    "account_confirm_reauthentication_code": (
        "Reauthentication by code comes with sign-in by code, which is off: the view only "
        "redirects (allauth would allow a few tries per code)."
    ),
    "mfa_authenticate": (
        "The code step of a sign-in whose password passed (limited, and locked out by "
        "django-axes); allauth counts wrong codes per person in "
        "ACCOUNT_RATE_LIMITS['login_failed'] and refuses on the form: "
        "test_it_limits_two_factor_codes."
    ),
    "mfa_reauthenticate": (
        "The same code form as mfa_authenticate, for a signed-in person: wrong codes are "
        "counted in ACCOUNT_RATE_LIMITS['login_failed'] (test_it_limits_two_factor_codes)."
    ),
    "mfa_activate_totp": (
        "Only after a recent reauthentication (limited: ACCOUNT_RATE_LIMITS"
        "['reauthenticate']); acts on one's own account; wrong codes are counted in "
        "'login_failed'."
    ),
    "mfa_deactivate_totp": (
        "Only after a recent reauthentication (limited: ACCOUNT_RATE_LIMITS"
        "['reauthenticate']); acts on one's own account."
    ),
    "mfa_generate_recovery_codes": (
        "Only after a recent reauthentication (limited: ACCOUNT_RATE_LIMITS"
        "['reauthenticate']); acts on one's own account."
    ),
}

#: Whole groups of URL patterns (key prefixes) that are not limited, and why.
EXEMPT_PREFIXES: dict[str, str] = {
    "admin:": (
        "The admin takes POSTs from staff only, signed in with two-factor authentication "
        "(RequireStaffTwoFactorMiddleware); each change is in the admin's history. Its "
        "sign-in form is locked out by django-axes (test_it_locks_out_sign_in_...)."
    ),
    "admin/": "The admin's old object addresses: redirects to the change page (see admin:).",
}

#: What to post where an empty body does not reach the limiter.
POST_DATA: dict[str, Callable[[World], dict[str, Any]]] = {
    # allauth counts a password reset per address once the form is valid (per email too).
    "account_reset_password": lambda w: {"email": w.people["participant"].email},
    # The verification form answers 429 once it knows which way was chosen.
    "decisions:verify": lambda w: {"method": "code", "code": "NOT-A-CODE"},
}


all_entries = functools.cache(authorization_matrix.all_entries)


def exemption(key: str) -> str | None:
    if key in EXEMPT:
        return EXEMPT[key]
    for prefix, reason in EXEMPT_PREFIXES.items():
        if key.startswith(prefix):
            return reason
    return None


def _callbacks(patterns: Any, namespace: str = "") -> Iterator[tuple[str, Any]]:
    """Key -> view, with the keys of ``urlconf.url_patterns`` (the first pattern of a key)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _callbacks(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name) or "", pattern


@functools.cache
def site_writes() -> dict[str, Any]:
    """URL pattern key -> view, for every pattern of the site (not the API) taking writes."""
    keys = [key for key, _route, _view in _walk(get_resolver().url_patterns, "", "")]
    patterns = [pattern for _name, pattern in _callbacks(get_resolver().url_patterns)]
    found: dict[str, Any] = {}
    for key, pattern in zip(keys, patterns, strict=True):
        if key in found or key.startswith("api-1:"):
            continue
        if write_methods(pattern.callback):
            found[key] = pattern.callback
    return found


def checked_writes() -> list[str]:
    return sorted(key for key in site_writes() if exemption(key) is None)


def acting(entry: Entry) -> tuple[Case, str]:
    """A case and a role that may do the write (or at least open the page)."""
    for case in entry.cases:
        for role in ROLES:
            if case.post is not None and case.post[role] == ALLOWED:
                return case, role
    for case in entry.cases:
        for role in ROLES:
            if case.get is not None and case.get[role] == OK:
                return case, role
    return entry.cases[0], "anonymous"


@pytest.fixture
def tiny_rates() -> Iterator[None]:
    """Every limit at one request an hour, counted from an empty cache (the rate limiter's
    clock stands still in tests: see the root conftest)."""
    from allauth.account import app_settings as allauth_settings

    site = dict.fromkeys(settings.RATE_LIMITS, TINY)
    allauth = dict.fromkeys(allauth_settings.RATE_LIMITS, "1/1h/ip")
    with override_settings(RATE_LIMITS=site, ACCOUNT_RATE_LIMITS=allauth):
        cache.clear()
        yield
    cache.clear()


def test_it_finds_the_writes() -> None:
    """The discovery finds writes of every kind, and leaves pages alone."""
    writes = site_writes()
    expected = {
        "forum:post",  # require_POST
        "events:edit",  # a form view that reads request.POST
        "account_login",  # a class-based view of allauth
        "set_language",  # Django's own
        "admin:network_city_change",  # the admin
    }
    assert expected <= set(writes), sorted(expected - set(writes))
    assert not {"events:list", "forum:debate", "publications:video_file"} & set(writes)


def test_every_exemption_is_a_write_that_exists() -> None:
    writes = site_writes()
    stale = sorted(key for key in EXEMPT if key not in writes)
    assert not stale, f"EXEMPT names addresses that are not writes (any more): {stale}"


def test_every_scope_in_use_has_a_rate_in_settings() -> None:
    missing = sorted(
        f"{scope} ({key})"
        for key, view in site_writes().items()
        for scope in rate_limit_scopes(view)
        if scope not in settings.RATE_LIMITS
    )
    assert not missing, (
        "Scopes without a rate in settings.RATE_LIMITS (they fall back to "
        f"{ratelimit.DEFAULT_RATE}): {missing}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", checked_writes())
def test_it_limits_every_write(world: World, name: str, tiny_rates: None) -> None:
    entries = all_entries()
    if name not in entries:
        pytest.fail(f"{name}: no entry in the authorisation matrix to post to.", pytrace=False)
    case, role = acting(entries[name])
    url = address(world, name, case)
    data = POST_DATA[name](world) if name in POST_DATA else {}
    methods = write_methods(site_writes()[name])
    method = "POST" if "POST" in methods else sorted(methods)[0]
    client = client_for(world, role)
    answers = []
    for _attempt in range(2):
        if method == "POST":
            response = client.post(url, data)
        else:
            response = client.generic(method, url, urlencode(data))
        finish(response)
        answers.append(int(response.status_code))
    where = f"{method} {name} ({url}, as {role})"
    if answers[0] == TOO_MANY:
        pytest.fail(f"{where}: the first request is already refused with 429.", pytrace=False)
    if answers[1] != TOO_MANY:
        view = site_writes()[name]
        pytest.fail(
            f"{where} is not rate-limited: two requests answered {answers}, the second "
            f'should be 429. Add @rate_limited("<scope>") to '
            f"{getattr(view, '__module__', '?')}.{getattr(view, '__name__', '?')} (with a "
            "rate in settings.RATE_LIMITS), or list it in EXEMPT with the reason.",
            pytrace=False,
        )


# --- The API --------------------------------------------------------------------------------

_PARAMETER = re.compile(r"\{(?:\w+:)?(\w+)\}")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def api_writes() -> list[tuple[str, str]]:
    return sorted(
        (method, path) for method, path in api_operations() if method.upper() in WRITE_METHODS
    )


def api_operation(method: str, path: str) -> Any:
    """The bound django-ninja operation of an OpenAPI (method, path)."""
    from metroagora.api.api import api

    root = reverse("api-1:api-root").rstrip("/")
    for bound in api._get_bound_routers():
        for route, path_view in bound.path_operations.items():
            full = _PARAMETER.sub(r"{\1}", root + bound.prefix + route)
            for operation in path_view.operations:
                if full == path and method.upper() in operation.methods:
                    return operation
    raise LookupError(f"{method.upper()} {path}: no django-ninja operation")


def api_case(path: str) -> tuple[str, Case, str]:
    """The matrix key, case and role that may write at an API path."""
    entries = all_entries()
    for key, (route, _view) in url_patterns().items():
        if key.startswith("api-1:") and "/" + _CONVERTER.sub(r"{\1}", route) == path:
            item = entries.get(key)
            if item and any(case.post is not None for case in item.cases):
                case, role = acting(item)
                return key, case, role
    raise LookupError(f"{path}: no API entry with a post= case in the authorisation matrix")


@pytest.mark.parametrize(("method", "path"), api_writes())
def test_every_api_write_has_a_write_throttle(method: str, path: str) -> None:
    from metroagora.api.throttling import ScopeThrottle

    operation = api_operation(method, path)
    counting = [
        throttle
        for throttle in operation.throttle_objects
        if not (isinstance(throttle, ScopeThrottle) and throttle.reads)
    ]
    assert counting, f"{method.upper()} {path} has no throttle counting writes"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), api_writes())
def test_it_throttles_every_api_write(
    world: World, method: str, path: str, tiny_rates: None
) -> None:
    key, case, role = api_case(path)
    url = address(world, key, case)
    client = client_for(world, role, api=True)
    answers = []
    for _attempt in range(2):
        response = client.generic(method.upper(), url, "{}", content_type="application/json")
        answers.append(int(response.status_code))
    assert answers[0] != TOO_MANY, f"{method.upper()} {url}: the first request is refused"
    assert answers[1] == TOO_MANY, (
        f"{method.upper()} {url} as {role} is not throttled: answers {answers}"
    )


# --- Sign-in: django-axes -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["account_login", "admin:login"])
def test_it_locks_out_sign_in_after_the_failure_limit(world: World, name: str) -> None:
    person = world.people["participant"]
    with translation.override("en"):
        url = reverse(name)
    fields = {"login": person.email} if name == "account_login" else {"username": person.email}
    client = client_for(world, "anonymous")
    answers = []
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        answers.append(client.post(url, {**fields, "password": f"wrong-{attempt}"}).status_code)
    assert TOO_MANY not in answers[:-1], answers
    assert answers[-1] == TOO_MANY, f"{name}: no lockout after {len(answers)} failures: {answers}"


@pytest.mark.django_db
def test_it_limits_two_factor_codes(world: World, tiny_rates: None) -> None:
    """allauth counts wrong codes of the code step (mfa_authenticate, mfa_reauthenticate)."""
    from allauth.account.adapter import get_adapter

    from metroagora.accounts.tests.factories import UserFactory, with_two_factor

    person = with_two_factor(UserFactory(email="two-steps@example.org"))
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client = client_for(world, "anonymous")
    with translation.override("en"):
        login, code_step = reverse("account_login"), reverse("mfa_authenticate")
        too_many = str(get_adapter().error_messages["too_many_login_attempts"])
    response = client.post(login, {"login": person.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response["Location"] == code_step
    first = client.post(code_step, {"code": "000000"})
    second = client.post(code_step, {"code": "000000"})
    assert too_many not in first.content.decode()
    assert too_many in second.content.decode()
