"""Small-cell suppression: counts of too few people are withheld, never published.

A pure module (no Django). The rule, for each breakdown (people by age bracket, by
gender, by role, by country):

1. Primary suppression: a cell counting at least one person but fewer than
   ``minimum`` is withheld (``None``); empty cells (zero) say nothing and stay out.
2. Secondary suppression: when exactly one cell of a breakdown is withheld, its value
   could be worked out from the total and the other cells, so the smallest other cell
   is withheld too.
"""

from __future__ import annotations

from collections.abc import Mapping


def suppress(cells: Mapping[str, int], minimum: int) -> dict[str, int | None]:
    """The cells with the small ones withheld (``None``); zero cells are left out."""
    shown: dict[str, int | None] = {key: count for key, count in cells.items() if count > 0}
    if minimum <= 1:
        return shown
    small = [key for key, count in shown.items() if count is not None and count < minimum]
    for key in small:
        shown[key] = None
    if len(small) == 1:
        others = sorted(
            ((count, key) for key, count in shown.items() if count is not None),
            key=lambda item: (item[0], item[1]),
        )
        if others:
            shown[others[0][1]] = None
    return shown
