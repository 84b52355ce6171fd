"""Which addresses of the site take writes, read from the views themselves.

Used by ``test_rate_limits.py``. A URL pattern's view takes writes (POST, PUT, PATCH or
DELETE) when any of these says so, looked for through every decorator layer
(``__wrapped__``):

* ``require_POST`` / ``require_http_methods([...])`` name a write method (the list is
  read from the decorator's closure);
* a class-based view (``view_class``, set by ``as_view()``) has a ``post``/``put``/
  ``patch``/``delete`` handler among its ``http_method_names``;
* otherwise, the view's own code, or the code of a helper of its package that it calls
  (three calls deep; for a bound method, its ``self.<method>()`` calls too), reads
  ``request.POST``/``request.FILES`` or looks at ``request.method``: a view that answers
  every method alike is a page, not a write.

A ``require_http_methods`` list without a write method (``require_GET``,
``require_safe``) settles it: no write. The authorisation matrix's ``post=`` maps are
not the source of truth here (it also checks POSTs to read-only pages, which answer
them like a GET); the test uses them to pick a role that may act.
"""

from __future__ import annotations

import dis
import inspect
import re
from collections.abc import Callable, Iterator
from types import CodeType
from typing import Any

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_READS_BODY = re.compile(r"\.(POST|FILES)\b|\.method\b|[\"'](POST|PUT|PATCH|DELETE)[\"']")


def layers(view: Any) -> Iterator[Any]:
    """The view and every function it wraps, outermost first."""
    seen: set[int] = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        yield view
        view = getattr(view, "__wrapped__", None)


def _closure(function: Any) -> dict[str, Any]:
    code = getattr(function, "__code__", None)
    cells = getattr(function, "__closure__", None) or ()
    if code is None:
        return {}
    values = {}
    for name, cell in zip(code.co_freevars, cells, strict=False):
        try:
            values[name] = cell.cell_contents
        except ValueError:  # an empty cell
            continue
    return values


def _code_name(function: Any) -> str:
    """Where a function was written (``functools.wraps`` copies ``__qualname__``, not this)."""
    code = getattr(function, "__code__", None)
    return str(getattr(code, "co_qualname", ""))


def declared_methods(view: Any) -> frozenset[str] | None:
    """The methods a ``require_http_methods`` layer lets through, or None without one."""
    for layer in layers(view):
        allowed = _closure(layer).get("request_method_list")
        if allowed is not None and _code_name(layer).startswith("require_http_methods."):
            return frozenset(method.upper() for method in allowed)
    return None


def view_class(view: Any) -> type | None:
    for layer in layers(view):
        found = getattr(layer, "view_class", None)
        if found is not None:
            return found
    return None


def _global_names(code: CodeType) -> set[str]:
    """The global names a function reads (not attribute names, which share ``co_names``)."""
    names = {
        str(instruction.argval)
        for instruction in dis.get_instructions(code)
        if instruction.opname == "LOAD_GLOBAL"
    }
    for constant in code.co_consts:
        if isinstance(constant, CodeType):  # comprehensions, inner functions
            names |= _global_names(constant)
    return names


def _own_code(function: Callable[..., Any], depth: int) -> Iterator[str]:
    """The source of ``function`` and of the functions of its package it calls by name."""
    try:
        yield inspect.getsource(function)
    except (OSError, TypeError):
        return
    if depth == 0:
        return
    package = (getattr(function, "__module__", "") or "").partition(".")[0]
    scope = getattr(function, "__globals__", {})
    for name in sorted(_global_names(function.__code__)):
        called = scope.get(name)
        if inspect.isfunction(called) and called.__module__.partition(".")[0] == package:
            yield from _own_code(inspect.unwrap(called), depth - 1)
    owner = getattr(function, "__self__", None)
    if owner is not None:  # a bound method (the admin's views): follow ``self.<method>()``
        for name in sorted(set(function.__code__.co_names)):
            called = getattr(owner, name, None)
            if inspect.ismethod(called):
                yield from _own_code(called, depth - 1)


def write_methods(view: Any) -> frozenset[str]:
    """The write methods ``view`` answers (empty: it only reads)."""
    declared = declared_methods(view)
    if declared is not None:
        return declared & WRITE_METHODS
    cls = view_class(view)
    if cls is not None:
        return frozenset(
            method.upper()
            for method in getattr(cls, "http_method_names", ())
            if method.upper() in WRITE_METHODS and hasattr(cls, method)
        )
    innermost = inspect.unwrap(view)
    if any(_READS_BODY.search(code) for code in _own_code(innermost, depth=3)):
        return frozenset({"POST"})
    return frozenset()


def rate_limit_scopes(view: Any) -> list[str]:
    """The scopes of the ``core.ratelimit.rate_limited`` layers of ``view``."""
    return [
        _closure(layer)["scope"]
        for layer in layers(view)
        if _code_name(layer).startswith("rate_limited.") and "scope" in _closure(layer)
    ]
