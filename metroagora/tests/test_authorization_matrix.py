"""Every URL and API operation of the site, for every role: the answer the matrix expects.

The table is ``metroagora/tests/authorization_matrix.py`` (its docstring explains the
format). The list of addresses comes from the URL configuration and the API's OpenAPI
schema, so a new URL pattern or API operation without an entry fails
``test_it_has_an_entry_for_every_url``.

One world (``metroagora.tests.world``, the ``world`` fixture of this folder's conftest)
is built per module, inside a transaction rolled back at the end; each test runs in a
savepoint of its own, so a write that a refused role manages to make (the bug the test
looks for) does not leak into the next test.
Signed-in roles reuse one session each; API requests carry the role's bearer token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from metroagora.tests.authorization_matrix import all_entries
from metroagora.tests.matrix_format import (
    ADMIN_LOGIN,
    ALLOWED,
    LOGIN,
    OK,
    REACHED,
    REDIRECT,
    REFUSALS,
    TWO_FACTOR,
    Case,
    Outcome,
)
from metroagora.tests.urlconf import api_operations, entry_route_templates, url_patterns
from metroagora.tests.world import ROLES, World, client_for


def address(world: World, name: str, case: Case) -> str:
    if case.path:
        return case.path
    with translation.override("en"):
        url = reverse(name, kwargs=case.resolve_kwargs(world))
    return f"{url}?{case.query}" if case.query else url


def outcome_of(response: Any) -> Outcome:
    status = int(response.status_code)
    if 300 <= status < 400:
        target = urlsplit(response["Location"]).path
        with translation.override("en"):
            if target == reverse("account_login"):
                return LOGIN
            if target == reverse("admin:login"):
                return ADMIN_LOGIN
            if target == reverse("mfa_activate_totp"):
                return TWO_FACTOR
        return REDIRECT
    return status


def finish(response: Any) -> None:
    """Read a file answer to its end: the test client then closes it (and the file).

    Not ``response.close()``: outside the client, that signal closes the database
    connection, which PostgreSQL cannot have inside the test's transaction.
    """
    if response.streaming:
        b"".join(response.streaming_content)


def answer(world: World, name: str, case: Case, method: str, role: str) -> Outcome:
    api = name.startswith("api-1:")
    client = client_for(world, role, api=api)
    url = address(world, name, case)
    if method == "get":
        response = client.get(url)
    else:
        data = case.data(world) if case.data else {}
        if api:
            response = client.post(url, data, content_type="application/json")
        else:
            response = client.post(url, data)
    finish(response)
    return outcome_of(response)


def matches(want: Outcome, got: Outcome) -> bool:
    return got == want or (want == REACHED and got in (OK, REDIRECT))


def test_it_has_an_entry_for_every_url() -> None:
    """A URL pattern or API operation without an entry in the matrix fails here."""
    patterns = url_patterns()
    entries = all_entries()
    missing = [f"  {key}  ({route} -> {view})" for key, (route, view) in patterns.items()]
    missing = [line for key, line in zip(patterns, missing, strict=True) if key not in entries]
    stale = sorted(set(entries) - set(patterns))
    templates = entry_route_templates(entries, patterns)
    operations = [
        f"  {method.upper()} {path}"
        for method, path in api_operations()
        if method not in templates.get(path, set())
    ]
    problems = []
    if missing:
        problems.append(
            "URL patterns without an entry in metroagora/tests/authorization_matrix.py "
            "(say what each role gets there):\n" + "\n".join(missing)
        )
    if operations:
        problems.append(
            "API operations whose method no entry checks (add a `get=` or `post=` case):\n"
            + "\n".join(operations)
        )
    if stale:
        problems.append("Entries for URL patterns that no longer exist:\n  " + "\n  ".join(stale))
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(all_entries()))
def test_it_gives_each_role_the_expected_answer(world: World, name: str) -> None:
    entries = all_entries()
    if name not in url_patterns():
        pytest.fail(f"No URL pattern is called {name!r} any more: remove its entry.", pytrace=False)
    wrong = []
    for case in entries[name].cases:
        where = f"{name}{f' ({case.label})' if case.label else ''} {address(world, name, case)}"
        for method, expected in (("get", case.get), ("post", case.post)):
            if expected is None:
                continue
            assert set(expected) == set(ROLES), f"{where}: {method} must name every role"
            for role in ROLES:
                want = expected[role]
                if want == ALLOWED:
                    assert method == "post", f"{where}: ALLOWED is for POST only"
                    continue
                if method == "post":
                    assert want in REFUSALS, f"{where}: a refused POST must get a refusal"
                before = case.witness(world) if case.witness and method == "post" else None
                got = answer(world, name, case, method, role)
                if not matches(want, got):
                    wrong.append(
                        f"  {method.upper()} {where} as {role}: expected {want}, got {got}"
                    )
                elif case.witness and method == "post" and case.witness(world) != before:
                    wrong.append(f"  POST {where} as {role}: refused with {got}, but it wrote")
    if wrong:
        pytest.fail("Answers that differ from the matrix:\n" + "\n".join(wrong), pytrace=False)


@pytest.mark.django_db
def test_it_refuses_anonymous_posts_without_a_csrf_token(world: World) -> None:
    """Every address but the API and the declared exemptions checks the CSRF token."""
    strict = Client(enforce_csrf_checks=True)
    accepted = []
    for name, item in sorted(all_entries().items()):
        if name.startswith("api-1:") or item.csrf_exempt:
            continue
        case = item.cases[0]
        url = address(world, name, case)
        response = strict.post(url, {"text": "x"})
        finish(response)
        if response.status_code != 403 or b"CSRF" not in response.content:
            accepted.append(f"  {name} {url}: {response.status_code}")
    if accepted:
        pytest.fail("POST without a CSRF token not refused:\n" + "\n".join(accepted), pytrace=False)
