"""What the results page shows, computed once per analysis and stored as JSON.

No Django imports: the command line writes the same summary.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from metroagora.opinions.analysis import Result

MAX_POINTS = 1500  # dots drawn on the map; bigger maps show a sample
DIVISIVE = 5


def _r(value: float) -> float:
    return round(float(value), 4)


def summarise(result: Result, *, excluded: list[Any]) -> dict[str, Any]:
    """A compact, JSON-ready view of an analysis (statement ids as given)."""
    n = len(result.participants)
    order = np.arange(n)
    if n > MAX_POINTS:
        # An even sample, the same from run to run for the same participants.
        order = np.linspace(0, n - 1, MAX_POINTS).astype(int)
    points = [
        [_r(result.xy[i, 0]), _r(result.xy[i, 1]), result.group_of.get(result.participants[i], -1)]
        for i in order
    ]
    statements = {
        str(stat.statement): {
            "agree": stat.agree,
            "disagree": stat.disagree,
            "pass": stat.passes,
            "priority": _r(stat.priority),
            "extremity": _r(stat.extremity),
            "gi_agree": _r(stat.group_informed_agree),
            "gi_disagree": _r(stat.group_informed_disagree),
            "by_group": {str(g): list(counts) for g, counts in stat.by_group.items()},
        }
        for stat in result.statements
    }
    return {
        "participants": n,
        "clustered": len(result.group_of),
        "votes": result.n_votes,
        "seconds": round(result.seconds, 3),
        "points": points,
        "sampled": n > MAX_POINTS,
        "groups": [
            {
                "id": group.id,
                "size": group.size,
                "center": [_r(c) for c in group.center],
                "hull": [[_r(x), _r(y)] for x, y in group.hull],
                "representative": [
                    {
                        "statement": rep.statement,
                        "direction": rep.direction,
                        "share": _r(rep.share),
                    }
                    for rep in group.representative
                ],
            }
            for group in result.groups
        ],
        "consensus": {"agree": result.consensus_agree, "disagree": result.consensus_disagree},
        "divisive": divisive_statements(result, excluded),
        "statements": statements,
        "statement_ids": result.statement_ids,
        "excluded": excluded,
        "components": (
            [[_r(v) for v in row] for row in result.components]
            if result.components is not None
            else []
        ),
        "means": [_r(v) for v in result.means] if result.means is not None else [],
        "base": [
            [_r(c[0]), _r(c[1]), int(g), int(s)]
            for c, g, s in zip(
                result.base_centers if result.base_centers is not None else [],
                result.base_groups if result.base_groups is not None else [],
                result.base_sizes if result.base_sizes is not None else [],
                strict=True,
            )
        ],
    }


def divisive_statements(result: Result, excluded: list[Any]) -> list[Any]:
    """Statements the groups disagree on most: the widest spread of agreement between groups."""
    if len(result.groups) < 2:
        return []
    skip = set(excluded)
    scored = []
    for stat in result.statements:
        if stat.statement in skip:
            continue
        shares = [
            (agree + 1) / (seen + 2) for agree, _disagree, seen in stat.by_group.values() if seen
        ]
        if len(shares) < 2:
            continue
        scored.append((max(shares) - min(shares), stat.statement))
    scored.sort(key=lambda item: (-item[0], str(item[1])))
    return [statement for spread, statement in scored[:DIVISIVE] if spread > 0.3]


def nearest_group(summary: dict[str, Any], xy: tuple[float, float]) -> int | None:
    """The group of the base cluster nearest to a position (for a reader's own dot)."""
    base = summary.get("base") or []
    if not base:
        return None
    x, y = xy
    best = min(base, key=lambda b: (b[0] - x) ** 2 + (b[1] - y) ** 2)
    return int(best[2])
