"""The vocabulary of the XSS corpus table (``xss_corpus.py``): payloads and form cases."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from metroagora.tests.matrix_format import Raw
from metroagora.tests.world import World

# Each payload starts with a marker (x01...) that survives sanitising, so the test can
# tell the text reached the page. They are short: fields take as many as fit.
PAYLOADS = (
    "x01<script>alert(1)</script>",
    'x02"><img src=x onerror=alert(1)>',
    "x03'><svg onload=alert(1)>",
    "x04 [link](javascript:alert(1)) <javascript:alert(1)>",
    'x05<a href="javascript:alert(1)">a</a>',
    "x06[t](java&#09;script:alert(1)) [u](JaVaScRiPt:alert(1))",
    'x07" onmouseover="alert(1)" x="',
    "x08' autofocus onfocus='alert(1)",
    'x09{{ 6|add:7 }}{% now "Y" %}',
    "x10</script><script>alert(1)</script><!--",
    "x11＜script＞alert(1)＜/script＞ \u202egnp.exe",
    'x12![i](x" onerror="alert(1)) ![j](javascript:alert(1))',
    'x13<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "x14<math><style><img src=x onerror=alert(1)></style></math>",
    "x15<scr<script>ipt>alert(1)</script> javascript:alert(1)",
)
#: What template injection would print for ``x09``: the sum, right after the marker.
TEMPLATE_INJECTION = "x0913"
#: Text fields shorter than this cannot carry an attack; they are left as they are.
MIN_LENGTH = 24


@dataclass(frozen=True)
class Show:
    """A page that shows what was submitted, opened by ``role``."""

    name: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    role: str = "admin"


@dataclass(frozen=True)
class FormCase:
    """How to fill a form of the site with the payloads, and where its text shows.

    ``page`` (a URL name, with ``kwargs`` resolved in the world as in the matrix) shows
    the form to ``role``; the test reads it like a browser, puts the payloads in every
    free-text field (of language ``lang``, when fields carry one), sends it and expects
    ``expect``. The redirect target (when ``follow``), the answer itself (when it is not a
    redirect) and the ``shows`` pages must then show every field's text (except
    ``hidden``), escaped or sanitised. ``locate``: the name of a field of the form, to
    find it among the page's forms (default: the form class's first text field).
    ``data(world, round)``: fields to set (a unique slug per round); ``files``:
    uploads; ``skip``: fields left as the page gives them (why in ``note``).
    """

    page: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    role: str = "admin"
    locate: str | Callable[[World], str] = ""
    query: str = ""
    lang: str = "en"
    data: Callable[[World, int], dict[str, Any]] | None = None
    files: Callable[[World], dict[str, Any]] | None = None
    skip: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    limits: Mapping[str, int] = field(default_factory=dict)
    before_round: Callable[[World], Any] | None = None
    expect: int = 302
    follow: bool = True
    shows: tuple[Show, ...] = ()
    hidden: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class NoFreeText:
    """The form has no field a person types text in (checked by the test)."""

    note: str = ""


@dataclass(frozen=True)
class NeverShown:
    """The form's text is never shown back (e.g. a password), so nothing to escape."""

    note: str


@dataclass(frozen=True)
class BaseForm:
    """A base class: the forms built on it are tested (the test checks there are some)."""

    note: str = ""


XssEntry = FormCase | NoFreeText | NeverShown | BaseForm

__all__ = [
    "MIN_LENGTH",
    "PAYLOADS",
    "TEMPLATE_INJECTION",
    "BaseForm",
    "FormCase",
    "NeverShown",
    "NoFreeText",
    "Raw",
    "Show",
    "XssEntry",
]
