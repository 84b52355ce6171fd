"""The vocabulary of the authorisation matrix (``authorization_matrix.py``).

Outcomes, role groups, and helpers that write a role -> outcome map in one short call.
See the docstring of ``authorization_matrix.py`` for the format of the table itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from metroagora.tests.world import ROLES, World

# --- Outcomes ----------------------------------------------------------------------------
# An outcome is an HTTP status, or one of these names for redirects that mean something.

OK = 200
REDIRECT = 302  # a redirect anywhere but a sign-in page (301/302/303/307/308 alike)
BAD_REQUEST = 400
UNAUTHORISED = 401  # the API without a token
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405  # the method is not allowed
CONFLICT = 409  # the API: the state of the object refuses the action (a closed debate)
LOGIN = "login"  # a redirect to the sign-in page (``account_login``)
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's sign-in page
TWO_FACTOR = "2fa"  # a redirect to set up two-factor sign-in (staff without it)
REACHED = "reached"  # 200, or a redirect elsewhere than a sign-in page (admin object pages)
ALLOWED = "allowed"  # POST only: this role may do it; the test does not perform the write

Outcome = int | str
RoleMap = Mapping[str, Outcome]

#: Answers that refuse: what a POST by a role that may not act must get (400: views that
#: answer a participation problem with the form and its reason).
REFUSALS = frozenset(
    {
        REDIRECT,
        BAD_REQUEST,
        UNAUTHORISED,
        FORBIDDEN,
        NOT_FOUND,
        NOT_ALLOWED,
        CONFLICT,
        LOGIN,
        ADMIN_LOGIN,
    }
)

# --- Role groups -------------------------------------------------------------------------

STAFF_A = ("coordinator", "admin")  # who manages city A (its coordinator, network admins)
STAFF_B = ("other_coordinator", "admin")  # who manages city B
COORDINATORS = ("coordinator", "other_coordinator", "admin")  # any city's coordinator
MODERATORS = ("moderator", "admin")
ADMINS = ("admin",)
SIGNED_IN = tuple(role for role in ROLES if role != "anonymous")


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    """Every role, the same outcome."""
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: Outcome = OK, anonymous: Outcome = LOGIN) -> dict[str, Outcome]:
    """Every signed-in role gets ``outcome``; anonymous visitors are sent to sign in."""
    return {**everyone(outcome), "anonymous": anonymous}


def only(
    allowed: tuple[str, ...],
    yes: Outcome = OK,
    no: Outcome = FORBIDDEN,
    anonymous: Outcome = LOGIN,
) -> dict[str, Outcome]:
    """``allowed`` roles get ``yes``, other signed-in roles ``no``, anonymous ``anonymous``."""
    answers = {role: (yes if role in allowed else no) for role in ROLES}
    if "anonymous" not in allowed:
        answers["anonymous"] = anonymous
    return answers


def roles(default: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    """``default`` for every role but the ones named."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return {**everyone(default), **overrides}


# --- Cases and entries ---------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """A literal keyword value (a plain ``str`` in ``kwargs`` is a path in the world)."""

    value: Any


@dataclass(frozen=True)
class Case:
    """One address of a URL pattern and what each role gets there.

    ``kwargs``: the URL's keyword arguments; a ``str`` value is a dotted path in the
    world (``"event.slug"``), a callable is called with the world, a ``Raw`` or an
    ``int`` is a literal. ``get``/``post``: role ->
    outcome, or ``None`` when the method is not checked. In ``post``, ``ALLOWED`` marks
    the roles that may act: their write is not performed. ``data``: what a refused
    role posts (default: nothing), valid data where an empty form would be turned down
    before the permission is checked. ``witness``: a value that a refused POST must not
    change (for views that refuse with a redirect, like a success would).
    """

    kwargs: Mapping[str, Any] = field(default_factory=dict)
    get: RoleMap | None = None
    post: RoleMap | None = None
    label: str = ""
    query: str = ""
    path: str = ""  # the address itself, for patterns that cannot be reversed
    data: Callable[[World], dict[str, Any]] | None = None
    witness: Callable[[World], Any] | None = None

    def resolve_kwargs(self, world: World) -> dict[str, Any]:
        resolved = {}
        for key, value in self.kwargs.items():
            if isinstance(value, Raw):
                resolved[key] = value.value
            elif isinstance(value, str):
                resolved[key] = attrgetter(value)(world)
            elif callable(value):
                resolved[key] = value(world)
            else:
                resolved[key] = value
        return resolved


@dataclass(frozen=True)
class Entry:
    """Every checked address of one URL pattern.

    ``csrf_exempt``: the view takes POSTs without a CSRF token on purpose (say why in
    ``note``); every other address refuses an anonymous POST without one.
    """

    cases: tuple[Case, ...]
    csrf_exempt: bool = False
    note: str = ""


def entry(*cases: Case, csrf_exempt: bool = False, note: str = "") -> Entry:
    return Entry(cases=cases, csrf_exempt=csrf_exempt, note=note)
