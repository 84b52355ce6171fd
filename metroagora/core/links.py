"""Addresses of objects, fast enough for lists of hundreds of rows.

``reverse()`` walks the URL patterns on every call (about a tenth of an API list page's
time for 50 rows with their cities). :func:`object_url` reverses a view once per language
and script prefix with a marker in place of each argument, then puts each value in its
marker's place. Only values that every converter able to take the marker accepts as they
are, and that need no quoting, take that way (letters, digits, ``-`` and ``_``; digits
only for a numeric marker): slugs, portal identifiers, primary keys. Anything else goes
through ``reverse``, which checks and quotes it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import get_language

# One per argument (a view has at most three here). The words are accepted by the slug,
# str and path converters, the numbers by the int converter too; none holds another.
WORD_MARKERS = ("metroagora-link-marker-a", "metroagora-link-marker-b", "metroagora-link-marker-c")
NUMBER_MARKERS = ("9876543210123456781", "9876543210123456782", "9876543210123456783")
ANY_MARKER = re.compile("|".join(map(re.escape, WORD_MARKERS + NUMBER_MARKERS)))
PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
DIGITS = re.compile(r"[0-9]+")


@lru_cache(maxsize=256)
def _template(
    viewname: str, arguments: tuple[str, ...], language: str | None, prefix: str
) -> tuple[str, tuple[str, ...]] | None:
    """The address of ``viewname`` with a marker for each of ``arguments``, and those
    markers (a word where the converter takes one, else a number); None when no set of
    markers fits (a pattern of its own, such as ``[a-z]{2,3}``: ``reverse`` every time)."""
    if len(arguments) > len(WORD_MARKERS):
        return None
    for kinds in product((WORD_MARKERS, NUMBER_MARKERS), repeat=len(arguments)):
        markers = tuple(kind[i] for i, kind in enumerate(kinds))
        try:
            url = reverse(viewname, kwargs=dict(zip(arguments, markers, strict=True)))
        except NoReverseMatch:
            continue
        if all(url.count(marker) == 1 for marker in markers):
            return url, markers
    return None


def object_url(viewname: str, **kwargs: str | int) -> str:
    """``reverse(viewname, kwargs=kwargs)``, memoised per view and set of arguments."""
    template = _template(viewname, tuple(kwargs), get_language(), get_script_prefix())
    if template is None:
        return reverse(viewname, kwargs=kwargs)
    url, markers = template
    values = {}
    for marker, value in zip(markers, kwargs.values(), strict=True):
        text = str(value)
        if (DIGITS if marker.isdigit() else PLAIN).fullmatch(text) is None:
            return reverse(viewname, kwargs=kwargs)
        values[marker] = text
    if len(values) == 1:
        return url.replace(markers[0], values[markers[0]])
    # One pass, so that a value is never taken for another argument's marker.
    return ANY_MARKER.sub(lambda found: values[found.group(0)], url)
