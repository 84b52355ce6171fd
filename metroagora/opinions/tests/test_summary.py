"""The JSON the results page shows (metroagora/opinions/summary.py). No database."""

from __future__ import annotations

import json

import numpy as np
import pytest

from metroagora.opinions import summary as summary_module
from metroagora.opinions.analysis import Group, Result, State, StatementStats, analyse
from metroagora.opinions.summary import divisive_statements, nearest_group, summarise
from metroagora.opinions.tests.test_analysis import camps


def stat(statement, by_group: dict[int, tuple[int, int, int]]) -> StatementStats:
    agree = sum(a for a, _d, _s in by_group.values())
    disagree = sum(d for _a, d, _s in by_group.values())
    seen = sum(s for _a, _d, s in by_group.values())
    return StatementStats(
        statement=statement,
        agree=agree,
        disagree=disagree,
        passes=seen - agree - disagree,
        extremity=1.0,
        priority=1.0,
        group_informed_agree=0.5,
        group_informed_disagree=0.5,
        by_group=by_group,
    )


def hand_result(statements: list[StatementStats], n_groups: int = 2, people: int = 4) -> Result:
    groups = [
        Group(id=g, size=1, center=(float(g), 0.0), hull=[], members=[g], representative=[])
        for g in range(n_groups)
    ]
    return Result(
        participants=list(range(people)),
        xy=np.arange(people * 2, dtype=float).reshape(people, 2),
        group_of={g: g for g in range(n_groups)},
        groups=groups,
        consensus_agree=[],
        consensus_disagree=[],
        statements=statements,
        state=State(),
        n_votes=0,
    )


@pytest.fixture(scope="module")
def two_camps():
    people, statements, votes = camps()
    # One more person with a single vote: on the map, in no group.
    result = analyse([*people, 999], [*statements, 1], [*votes, 1], excluded=[12])
    return result, summarise(result, excluded=[12])


def test_summary_shape(two_camps):
    result, summary = two_camps
    assert json.loads(json.dumps(summary)) == summary  # JSON as it is stored
    assert set(summary) == {
        "participants",
        "clustered",
        "votes",
        "seconds",
        "points",
        "sampled",
        "groups",
        "consensus",
        "divisive",
        "statements",
        "statement_ids",
        "excluded",
        "components",
        "means",
        "base",
    }
    assert summary["participants"] == 41
    assert summary["clustered"] == 40
    assert summary["votes"] == result.n_votes
    assert summary["sampled"] is False
    assert summary["excluded"] == [12]
    assert summary["statement_ids"] == list(range(1, 13))
    # One point per participant: x, y (rounded to 4 places), group (-1: not clustered).
    assert len(summary["points"]) == 41
    assert summary["points"][-1][2] == -1
    assert summary["points"][0] == [
        round(result.xy[0, 0], 4),
        round(result.xy[0, 1], 4),
        result.group_of[100],
    ]
    assert sorted(g["id"] for g in summary["groups"]) == [0, 1]
    for group in summary["groups"]:
        assert set(group) == {"id", "size", "center", "hull", "representative"}
        assert group["size"] == 20
        assert len(group["hull"]) >= 3
        for rep in group["representative"]:
            assert set(rep) == {"statement", "direction", "share"}
            assert rep["direction"] in {"agree", "disagree"}
            assert 0 < rep["share"] <= 1
    assert summary["consensus"]["agree"][0] == 9
    assert summary["consensus"]["disagree"][0] == 10
    assert set(summary["statements"]) == {str(i) for i in range(1, 13)}
    nine = summary["statements"]["9"]
    assert set(nine) == {
        "agree",
        "disagree",
        "pass",
        "priority",
        "extremity",
        "gi_agree",
        "gi_disagree",
        "by_group",
    }
    assert set(nine["by_group"]) == {"0", "1"}
    assert nine["agree"] == sum(counts[0] for counts in nine["by_group"].values())
    assert summary["statements"]["12"]["priority"] == 0.0  # excluded
    # The map projection, to place a reader's own votes.
    assert np.array(summary["components"]).shape == (2, 12)
    assert len(summary["means"]) == 12
    # Base clusters: x, y, group, size; every clustered person in one (40 ≤ 100: one each).
    assert len(summary["base"]) == 40
    assert sum(b[3] for b in summary["base"]) == 40
    assert {b[2] for b in summary["base"]} == {0, 1}


def test_summary_of_an_empty_analysis():
    summary = summarise(analyse([], [], []), excluded=[])
    assert summary["participants"] == 0
    assert summary["points"] == []
    assert summary["groups"] == []
    assert summary["statements"] == {}
    assert summary["components"] == []
    assert summary["means"] == []
    assert summary["base"] == []
    assert summary["divisive"] == []
    json.dumps(summary)


def test_points_are_sampled_above_max_points(monkeypatch):
    monkeypatch.setattr(summary_module, "MAX_POINTS", 10)
    result = hand_result([], people=37)
    summary = summarise(result, excluded=[])
    assert summary["sampled"] is True
    assert summary["participants"] == 37
    assert len(summary["points"]) == 10
    # An even spread from the first to the last participant, the same each time.
    xs = [point[0] for point in summary["points"]]
    assert xs[0] == result.xy[0, 0]
    assert xs[-1] == result.xy[36, 0]
    assert xs == sorted(xs) and len(set(xs)) == 10
    assert summarise(result, excluded=[])["points"] == summary["points"]
    # At the limit: everyone.
    monkeypatch.setattr(summary_module, "MAX_POINTS", 37)
    assert len(summarise(result, excluded=[])["points"]) == 37


def test_divisive_statements():
    # Spread of (agree + 1)/(seen + 2) between groups:
    #   "a": 10/12 against 2/12 → 0.667   "b": 6/12 against 7/12 → 0.083 (too small)
    #   "c": 8/12 against 2/12 → 0.5      "d": excluded (moderated)
    #   "e": one group saw it → nothing to compare
    #   "f": 4/12 against 8/22 → 0.030 (too small)
    result = hand_result(
        [
            stat("a", {0: (9, 1, 10), 1: (1, 9, 10)}),
            stat("b", {0: (5, 5, 10), 1: (6, 4, 10)}),
            stat("c", {0: (7, 3, 10), 1: (1, 9, 10)}),
            stat("d", {0: (10, 0, 10), 1: (0, 10, 10)}),
            stat("e", {0: (10, 0, 10), 1: (0, 0, 0)}),
            stat("f", {0: (3, 7, 10), 1: (7, 13, 20)}),
        ]
    )
    assert divisive_statements(result, excluded=["d"]) == ["a", "c"]
    assert divisive_statements(result, excluded=[]) == ["d", "a", "c"]
    # A single group: nothing is divisive.
    one = hand_result([stat("a", {0: (9, 1, 10)})], n_groups=1)
    assert divisive_statements(one, excluded=[]) == []


def test_divisive_statements_keeps_the_five_widest():
    statements = [stat(f"s{i}", {0: (10 - i, i, 10), 1: (0, 10, 10)}) for i in range(7)]
    # Spreads: (11 − i)/12 − 1/12 = (10 − i)/12, above 0.3 for i ≤ 6.
    assert divisive_statements(hand_result(statements), excluded=[]) == [
        "s0",
        "s1",
        "s2",
        "s3",
        "s4",
    ]


def test_nearest_group():
    summary = {"base": [[0.0, 0.0, 1, 5], [10.0, 0.0, 0, 3], [5.0, 5.0, 2, 1]]}
    assert nearest_group(summary, (1.0, 1.0)) == 1
    assert nearest_group(summary, (9.0, -3.0)) == 0
    assert nearest_group(summary, (5.0, 4.0)) == 2
    # Nearest in both coordinates, not only along x.
    assert nearest_group({"base": [[0.0, 0.0, 1, 1], [0.5, 10.0, 3, 1]]}, (1.0, 0.0)) == 1
    assert nearest_group({"base": []}, (0.0, 0.0)) is None
    assert nearest_group({}, (0.0, 0.0)) is None


def test_nearest_group_of_a_camp_member_is_their_group(two_camps):
    result, summary = two_camps
    for person in (100, 119, 200, 219):
        position = result.position_of(person)
        assert position is not None
        assert nearest_group(summary, position) == result.group_of[person]
