"""The opinion-map maths (metroagora/opinions/analysis.py), formula by formula.

Expected values are worked out by hand (the arithmetic is in the comments), so a
test fails when a formula changes, not only when the code crashes. No database.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy.spatial import ConvexHull

from metroagora.opinions import analysis
from metroagora.opinions.analysis import (
    Matrix,
    State,
    analyse,
    base_clusters,
    choose_groups,
    clustered_mask,
    consensus,
    convex_hull,
    group_informed_consensus,
    latest_votes,
    place,
    priorities,
    project,
    prop_test,
    representative_statements,
    two_prop_test,
)

A, P, D = analysis.AGREE, analysis.PASS, analysis.DISAGREE


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def camps(
    per_camp: int = 20, *, seed: int = 1, missing: float = 0.1, flip: float = 0.05
) -> tuple[list[int], list[int], list[int]]:
    """Two camps. Camp A (people 100..) agrees with statements 1-4 and disagrees with
    5-8; camp B (people 200..) the opposite. Everyone agrees with 9, disagrees with 10
    and passes on 11 and 12. Some votes are missing, a few flipped (seeded)."""
    rng = np.random.default_rng(seed)
    people, statements, votes = [], [], []
    for sign, first_id in ((1, 100), (-1, 200)):
        stance = dict.fromkeys(range(1, 5), sign) | dict.fromkeys(range(5, 9), -sign)
        stance |= {9: A, 10: D, 11: P, 12: P}
        for person in range(first_id, first_id + per_camp):
            for statement, vote in stance.items():
                if rng.random() < missing:
                    continue
                if rng.random() < flip:
                    vote = -vote
                people.append(person)
                statements.append(statement)
                votes.append(vote)
    return people, statements, votes


def crowd(
    n: int, m: int, votes_per_person: int, *, seed: int = 3
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` people in three opinion groups voting on ``m`` statements, some twice."""
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 3, n)
    p_agree = rng.beta(0.5, 0.5, size=(3, m))
    rows = np.repeat(np.arange(n), votes_per_person)
    cols = np.concatenate([rng.choice(m, votes_per_person, replace=False) for _ in range(n)])
    values = np.where(rng.random(len(rows)) < p_agree[group[rows], cols], A, D)
    values[rng.random(len(rows)) < 0.15] = P
    order = rng.permutation(len(rows))
    again = order[: len(order) // 20]  # 5% of the votes are cast again later, differently
    rows = np.concatenate([rows[order], rows[again]])
    cols = np.concatenate([cols[order], cols[again]])
    values = np.concatenate([values[order], -values[again]])
    return rows + 1000, cols + 1, values


# --- Statistics -------------------------------------------------------------------------


def test_prop_test_by_hand():
    # 2·sqrt(n+1)·((s+1)/(n+1) − ½): s=3, n=4 → 2·√5·(4/5 − ½) = 0.6·√5
    result = prop_test(arr(3, 0, 0, 20), arr(4, 0, 4, 20))
    assert result == pytest.approx([0.6 * math.sqrt(5), 1.0, -0.6 * math.sqrt(5), 4.582576])


def test_two_prop_test_by_hand():
    # +1 on all four counts: 9/11 against 3/11, pooled 12/22:
    # (6/11) / sqrt(12/22 · 10/22 · 2/11) = 2.569047
    assert two_prop_test(arr(8), arr(2), arr(10), arr(10)) == pytest.approx([2.569047], abs=1e-6)
    # Same proportion inside and outside: 0.
    assert two_prop_test(arr(4), arr(4), arr(9), arr(9)) == pytest.approx([0.0])
    # Everyone everywhere agrees: the pooled proportion is 1, no test (0, not a division
    # by zero).
    assert two_prop_test(arr(5), arr(7), arr(5), arr(7)) == pytest.approx([0.0])
    # Antisymmetric.
    assert two_prop_test(arr(2), arr(8), arr(10), arr(10)) == pytest.approx([-2.569047], abs=1e-6)


def test_representative_metrics_by_hand():
    # Two groups of 10, three statements.
    #   s0: group 0 agrees 9/10, group 1 agrees 1/10 (disagrees 9/10): representative.
    #   s1: both groups agree 8/10: consensual, not representative of either.
    #   s2: group 0 agrees 3/5, group 1 0/20 (18 passes): clearly different
    #       (rat = 3.44) but only pat = 2·√6·(4/6 − ½) = 0.816 < 1.2816 for group 0:
    #       not representative.
    agree = np.array([[9, 8, 3], [1, 8, 0]])
    disagree = np.array([[1, 2, 2], [9, 2, 2]])
    seen = np.array([[10, 10, 5], [10, 10, 20]])
    reps = representative_statements(agree, disagree, seen, np.zeros(3, dtype=bool))
    # Group 0 on s0: pa = 10/12, pat = 2·√11·(10/11 − ½) = 2.713602,
    # ra = (10/12) / ((1 + 1)/(2 + 10)) = 5, rat = two_prop(9, 1, 10, 10) = 3.425395.
    (j, direction, p, p_test, r, r_test), *rest = reps[0]
    assert (j, direction) == (0, "agree")
    assert p == pytest.approx(10 / 12)
    assert p_test == pytest.approx(2.713602, abs=1e-6)
    assert r == pytest.approx(5.0)
    assert r_test == pytest.approx(3.425395, abs=1e-6)
    assert rest == []
    # Group 1 is the mirror image, on the disagree side.
    assert [(c[0], c[1]) for c in reps[1]] == [(0, "disagree")]
    assert reps[1][0][2:] == pytest.approx((10 / 12, 2.713602, 5.0, 3.425395), abs=1e-6)


def test_representative_needs_both_tests_above_1_2816():
    # Group 0 agrees 1/1, the rest 0/1: pat = 2·√2·(2/2 − ½) = 1.414 passes, but
    # rat = two_prop(1, 0, 1, 1) = 1.1547 does not.
    agree, disagree, seen = np.array([[1], [0]]), np.array([[0], [1]]), np.array([[1], [1]])
    assert representative_statements(agree, disagree, seen, np.zeros(1, bool)) == [[], []]
    # Group 0 agrees 2/2, the rest 0/2: pat = 2·√3·½ = 1.732 and rat = 1.732, both pass.
    agree, disagree, seen = np.array([[2], [0]]), np.array([[0], [2]]), np.array([[2], [2]])
    reps = representative_statements(agree, disagree, seen, np.zeros(1, bool))
    assert [(c[0], c[1]) for c in reps[0]] == [(0, "agree")]
    assert reps[0][0][3] == pytest.approx(math.sqrt(3))
    assert reps[0][0][5] == pytest.approx(math.sqrt(3))
    # ... unless the statement is excluded (moderated out).
    assert representative_statements(agree, disagree, seen, np.ones(1, bool))[0] == []


def test_representative_at_most_five_agrees_first_ranked_by_metric():
    # Group 0 agrees with s0..s3 (the stronger the larger the group's share) and
    # disagrees with s4..s6; group 1 votes the other way.
    share = [10, 9, 8, 7]  # agrees out of 10 in group 0, on s0..s3
    agree = np.array([[*share, 0, 0, 0], [0, 0, 0, 0, 10, 10, 10]])
    disagree = np.array([[0] * 4 + [10, 10, 10], [10] * 4 + [0, 0, 0]])
    seen = np.full((2, 7), 10)
    reps = representative_statements(agree, disagree, seen, np.zeros(7, bool))[0]
    assert [(c[0], c[1]) for c in reps] == [
        (0, "agree"),
        (1, "agree"),
        (2, "agree"),
        (3, "agree"),
        (4, "disagree"),  # the first of three equally strong disagrees (by index)
    ]


def test_group_counts_by_hand():
    # People 0, 1 in group 0, person 2 in group 1, person 3 not clustered.
    #        s0  s1
    #   p0   +1   0
    #   p1   -1   .
    #   p2   +1  +1
    #   p3   +1  -1
    matrix = Matrix(
        np.arange(4),
        np.arange(2),
        np.array([0, 0, 1, 2, 2, 3, 3]),
        np.array([0, 1, 0, 0, 1, 0, 1]),
        np.array([A, P, D, A, A, A, D], dtype=np.int8),
    )
    agree, disagree, seen = analysis.group_counts(matrix, np.array([0, 0, 1, -1]), 2)
    assert agree.tolist() == [[1, 0], [1, 1]]
    assert disagree.tolist() == [[1, 0], [0, 0]]
    assert seen.tolist() == [[2, 1], [1, 1]]  # a pass is a vote seen
    agree, disagree, seen = analysis.group_counts(matrix, np.zeros(4, dtype=np.int64), 1)
    assert (agree.tolist(), disagree.tolist(), seen.tolist()) == ([[3, 1]], [[1, 1]], [[4, 3]])


def test_consensus_by_hand():
    # s0: 9/10 agree: pa = 10/12 > ½, pat = 2.7136 → agreed.
    # s1: 6/10 agree: pa = 7/12 > ½ but pat = 2·√11·(7/11 − ½) = 0.9045 → not.
    # s2: 9/10 disagree → disagreed.  s3: 10/10 agree but excluded.  s4: nobody voted.
    # s5: 20/20 agree: pa·pat = (21/22)·4.5826 = 4.374 > (10/12)·2.7136 = 2.261 → first.
    agree = np.array([9, 6, 0, 10, 0, 20])
    disagree = np.array([1, 4, 9, 0, 0, 0])
    seen = np.array([10, 10, 10, 10, 0, 20])
    excluded = np.array([False, False, False, True, False, False])
    agreed, disagreed = consensus(agree, disagree, seen, excluded)
    assert agreed == [5, 0]
    assert disagreed == [2]


def test_consensus_keeps_the_top_five():
    agree = np.array([20, 19, 18, 17, 16, 15, 14])
    seen = np.full(7, 20)
    agreed, _ = consensus(agree, seen - agree, seen, np.zeros(7, bool))
    assert agreed == [0, 1, 2, 3, 4]


def test_group_informed_consensus_by_hand():
    # Product over groups of (A_g + 1)/(S_g + 2): (3+1)/(4+2) · (1+1)/(2+2) = 2/3 · 1/2.
    counts = np.array([[3, 0], [1, 2]])
    seen = np.array([[4, 0], [2, 2]])
    assert group_informed_consensus(counts, seen) == pytest.approx([1 / 3, 1 / 2 * 3 / 4])


def test_priorities_by_hand():
    # A=3, P=1, S=5, E=0.5: p = 2/7, a = 4/7, importance = (5/7)·1.5·(4/7),
    # × (1 + 8·2^(−1)) = ×5, squared: 9.371095.
    # A=P=S=0, E=0: importance = ½·1·½ = ¼, × (1 + 8) = 2.25, squared: 5.0625.
    result = priorities(arr(3, 0), arr(1, 0), arr(5, 0), arr(0.5, 0))
    assert result == pytest.approx([9.371095, 5.0625], abs=1e-6)


def test_priorities_favour_new_and_divisive_statements():
    # Same shares (half agree), 4 votes against 40: the newer one comes first.
    new, old = priorities(arr(2, 20), arr(0, 0), arr(4, 40), arr(1, 1))
    assert new > old
    # Same votes, the more extreme statement (further out on the map) first.
    flat, extreme = priorities(arr(5, 5), arr(1, 1), arr(10, 10), arr(0.1, 2.0))
    assert extreme > flat
    # Passed on by most: last.
    passed, voted = priorities(arr(1, 5), arr(8, 0), arr(10, 10), arr(1, 1))
    assert passed < voted


# --- The vote matrix -------------------------------------------------------------------


def test_latest_votes_keeps_the_last_vote():
    matrix = latest_votes(
        ["bob", "ann", "bob", "ann", "bob"],
        [10, 10, 20, 10, 10],
        [A, D, P, A, D],  # bob on 10: agree, then disagree; ann on 10: disagree, then agree
        statements=[30, 20, 10],  # 30: nobody voted yet
    )
    assert matrix.participants.tolist() == ["ann", "bob"]
    assert matrix.statements.tolist() == [10, 20, 30]
    kept = sorted(
        zip(matrix.rows.tolist(), matrix.cols.tolist(), matrix.votes.tolist(), strict=True)
    )
    assert kept == [(0, 0, A), (1, 0, D), (1, 1, P)]


def test_latest_votes_with_many_repeats_matches_a_dictionary():
    people, statements, votes = crowd(200, 30, 12)
    matrix = latest_votes(people, statements, votes)
    last = dict(
        zip(zip(people.tolist(), statements.tolist(), strict=True), votes.tolist(), strict=True)
    )
    got = {
        (matrix.participants[r], matrix.statements[c]): v
        for r, c, v in zip(matrix.rows, matrix.cols, matrix.votes.tolist(), strict=True)
    }
    assert got == last
    assert len(matrix.votes) == len(last) < len(votes)


def test_latest_votes_with_ids_far_apart():
    # Ids too far apart for a lookup table take the sorting path; same answer.
    matrix = latest_votes([10**15, 3, 10**15], [7, 7, 7], [A, A, D])
    assert matrix.participants.tolist() == [3, 10**15]
    assert sorted(zip(matrix.rows.tolist(), matrix.votes.tolist(), strict=True)) == [(0, A), (1, D)]


def test_latest_votes_rejects_unknown_statements_and_bad_lengths():
    with pytest.raises(ValueError, match="not in the list"):
        latest_votes([1], [99], [A], statements=[1, 2])
    with pytest.raises(ValueError, match="not in the list"):
        latest_votes([1], [99], [A], statements=[])
    with pytest.raises(ValueError, match="same length"):
        latest_votes([1, 2], [1], [A, A])


@pytest.mark.parametrize(
    "bad",
    [
        [A, 2],
        [-2],
        [0.5],  # would become a pass if converted before the check
        np.array([257], dtype=np.int64),  # would wrap round to 1 (agree) as int8
        ["1"],
        [float("nan")],
    ],
)
def test_invalid_vote_values_are_rejected(bad):
    with pytest.raises(ValueError, match="-1, 0 or 1"):
        analyse([1] * len(bad), [1] * len(bad), bad)


def test_votes_may_come_as_floats_or_booleans_when_exact():
    matrix = latest_votes([1, 2, 3], [1, 1, 1], np.array([1.0, -1.0, 0.0]))
    assert matrix.votes.tolist() == [A, D, P]
    assert matrix.votes.dtype == np.int8


# --- Who is clustered ------------------------------------------------------------------


def test_clustered_mask_min_seven_votes():
    counts = np.array([7] * 15 + [6, 0, 8])
    mask = clustered_mask(counts, 20, np.zeros(18, bool))
    assert mask.tolist() == [True] * 15 + [False, False, True]


def test_clustered_mask_threshold_is_the_number_of_statements_when_fewer_than_seven():
    counts = np.array([3] * 15 + [2, 3])
    mask = clustered_mask(counts, 3, np.zeros(17, bool))
    assert mask.tolist() == [True] * 15 + [False, True]


def test_clustered_mask_tops_up_to_fifteen_with_the_most_active():
    # 3 people qualify; the 12 next most active join them; nobody without votes does.
    counts = np.array([9, 8, 7] + [6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1] + [1, 1, 0, 0])
    mask = clustered_mask(counts, 50, np.zeros(len(counts), bool))
    assert mask.sum() == 15
    assert mask[:15].all()  # the stable order keeps the first of equal counts
    assert not mask[15:].any()
    # 14 qualify: one more, the most active of the others.
    counts = np.array([7] * 14 + [2, 5, 3])
    mask = clustered_mask(counts, 50, np.zeros(len(counts), bool))
    assert mask.tolist() == [True] * 14 + [False, True, False]
    # With only 4 people who voted at all, those 4 are clustered.
    counts = np.array([2, 1, 0, 1, 1, 0])
    assert clustered_mask(counts, 50, np.zeros(6, bool)).tolist() == [1, 1, 0, 1, 1, 0]


def test_clustered_mask_once_in_stays_in():
    counts = np.array([7] * 15 + [1, 1])
    previous = np.zeros(17, bool)
    previous[16] = True
    mask = clustered_mask(counts, 20, previous)
    assert mask.tolist() == [True] * 15 + [False, True]


def test_once_in_stays_in_through_analyse():
    # 16 people: 15 very active, one with a single vote who was clustered before.
    people, statements, votes = [], [], []
    for person in range(15):
        for statement in range(8):
            people.append(person)
            statements.append(statement)
            votes.append(A if (person + statement) % 3 else D)
    people.append(99)
    statements.append(0)
    votes.append(A)
    fresh = analyse(people, statements, votes)
    assert 99 not in fresh.group_of
    remembered = analyse(people, statements, votes, state=State(clustered=[99]))
    assert 99 in remembered.group_of
    assert 99 in remembered.state.clustered


# --- PCA and projection ---------------------------------------------------------------


def hand_matrix(sign: int = 1) -> Matrix:
    """3 people × 3 statements:

             x    y    z
        a   +1   +1   +1
        b   -1   +1    .
        c    .   -1   +1

    Column means (missing left out): x 0, y 1/3, z 1. Centred, missing = 0:

        a   +1   2/3   0
        b   -1   2/3   0
        c    0  -4/3   0

    The columns are orthogonal (x·y = 2/3 − 2/3 = 0) with |y|² = 8/3 > |x|² = 2, so
    the first component is the y axis, the second the x axis (signs: the largest
    loading is positive).
    """
    rows = np.array([0, 0, 0, 1, 1, 2, 2])
    cols = np.array([0, 1, 2, 0, 1, 1, 2])
    votes = sign * np.array([1, 1, 1, -1, 1, -1, 1], dtype=np.int8)
    return Matrix(np.array(["a", "b", "c"]), np.array(["x", "y", "z"]), rows, cols, votes)


def test_project_by_hand():
    xy, components, extremity, means = project(hand_matrix(), np.zeros(3, bool))
    assert means == pytest.approx([0, 1 / 3, 1])
    assert components == pytest.approx(np.array([[0, 1, 0], [1, 0, 0]]), abs=1e-12)
    # Raw positions (y loading, x loading): a (2/3, 1), b (2/3, −1), c (−4/3, 0);
    # scaled by sqrt(3 statements / own votes): a ×1 (3 votes), b and c ×sqrt(3/2).
    s = math.sqrt(1.5)
    assert xy == pytest.approx(np.array([[2 / 3, 1], [2 / 3 * s, -s], [-4 / 3 * s, 0]]))
    # Extremity: length of the statement's loadings × sqrt(3).
    assert extremity == pytest.approx([math.sqrt(3), math.sqrt(3), 0], abs=1e-12)


def test_project_sign_convention_is_fixed_by_the_largest_loading():
    # All votes reversed: the same axes come out (largest loading positive), so
    # everyone's position is mirrored rather than the axes.
    xy, components, _extremity, _means = project(hand_matrix(), np.zeros(3, bool))
    xy_r, components_r, _e, _m = project(hand_matrix(-1), np.zeros(3, bool))
    assert components_r == pytest.approx(components, abs=1e-12)
    assert xy_r == pytest.approx(-xy)
    for row in components:
        assert row[np.argmax(np.abs(row))] > 0


def test_project_excluded_statement_leaves_the_map():
    # Excluding y: the map is then made of x alone (z is a constant column).
    # Centred x: a +1, b −1, c 0 (no vote). Scaling: sqrt(2 active statements / votes
    # on them): a 2 votes (x, z) ×1, b 1 vote ×√2, c 1 vote (z) ×√2.
    excluded = np.array([False, True, False])
    xy, components, extremity, means = project(hand_matrix(), excluded)
    assert components[0] == pytest.approx([1, 0, 0], abs=1e-12)
    assert components[:, 1] == pytest.approx([0, 0])
    assert xy[:, 0] == pytest.approx([1, -math.sqrt(2), 0])
    assert extremity[1] == 0


def test_project_sparse_path_is_the_pca_of_the_mean_imputed_matrix():
    # Big enough (n·m > 4 million cells) for the truncated sparse SVD; compare with a
    # dense PCA of the mean-imputed matrix done here (eigenvectors of its covariance).
    people, statements, votes = crowd(10_050, 400, 6)
    matrix = latest_votes(people, statements, votes)
    n, m = matrix.shape
    assert n * m > 4_000_000
    xy, components, _extremity, means = project(matrix, np.zeros(m, bool))
    dense = np.full((n, m), np.nan)
    dense[matrix.rows, matrix.cols] = matrix.votes
    column_means = np.nanmean(dense, axis=0)
    filled = np.where(np.isnan(dense), column_means, dense)
    centred = filled - filled.mean(axis=0)
    assert np.abs(centred - (filled - column_means)).max() < 1e-12  # stays sparse
    _values, vectors = np.linalg.eigh(centred.T @ centred)
    for i in range(2):
        top = vectors[:, -1 - i]
        expected = top * np.sign(top[np.argmax(np.abs(top))])
        assert components[i] == pytest.approx(expected, abs=1e-6)
    assert means == pytest.approx(column_means)
    counts = np.bincount(matrix.rows, minlength=n)
    expected_xy = (centred @ components.T) * np.sqrt(m / counts)[:, None]
    np.testing.assert_allclose(xy, expected_xy, rtol=0, atol=1e-9)


# --- Clusters and groups ---------------------------------------------------------------


def test_convex_hull_by_hand():
    square = [(0, 0), (2, 0), (2, 2), (0, 2), (1, 1), (1, 0), (2, 2)]
    # Counter-clockwise from the lowest-leftmost point; (1, 0) is on an edge, (1, 1) inside.
    assert convex_hull(np.array(square, dtype=float)) == [(0, 0), (2, 0), (2, 2), (0, 2)]
    assert convex_hull(np.array([(1, 1), (1, 1), (0, 0)], float)) == [(0, 0), (1, 1)]
    assert convex_hull(np.array([(0, 0), (1, 1), (2, 2)], float)) == [(0, 0), (2, 2)]
    assert convex_hull(np.zeros((0, 2))) == []


def test_convex_hull_of_a_cloud_matches_qhull():
    rng = np.random.default_rng(5)
    for size in (9, 50, 2_000):
        points = rng.normal(size=(size, 2))
        hull = convex_hull(points)
        expected = {tuple(points[i]) for i in ConvexHull(points).vertices}
        assert set(hull) == expected
        assert hull[0] == min(expected)


def test_base_clusters_are_people_when_100_or_fewer():
    points = np.random.default_rng(2).normal(size=(100, 2))
    centers, labels = base_clusters(points, [])
    assert centers == pytest.approx(points)
    assert centers is not points
    assert labels.tolist() == list(range(100))


def test_base_clusters_above_100_people():
    rng = np.random.default_rng(2)
    points = rng.normal(size=(400, 2))
    centers, labels = base_clusters(points, [])
    assert len(centers) == 100
    assert sorted(set(labels.tolist())) == list(range(100))
    # Each person is in the cluster of the nearest centre (Lloyd's assignment step).
    nearest = ((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    assert (nearest == labels).all()
    # Warm start from the centres found: the same clusters again.
    again, labels_again = base_clusters(points, centers.tolist())
    assert again == pytest.approx(centers, abs=1e-9)
    assert (labels_again == labels).all()


def blobs(centres: list[tuple[float, float]], per_blob: int = 12) -> np.ndarray:
    rng = np.random.default_rng(4)
    return np.concatenate(
        [np.array(c) + rng.normal(scale=0.3, size=(per_blob, 2)) for c in centres]
    )


THREE = [(-10.0, 0.0), (10.0, 0.0), (0.0, 17.0)]
TWO = [(-10.0, 0.0), (10.0, 0.0)]


def test_choose_groups_first_run_takes_the_best_k():
    centers = blobs(THREE)
    k, labels, group_centers, state = choose_groups(centers, np.ones(len(centers)), State())
    assert k == 3
    assert (state.k, state.candidate_runs) == (3, 0)
    # First run: numbered left to right.
    assert group_centers[:, 0].tolist() == sorted(group_centers[:, 0].tolist())
    assert labels.tolist() == [0] * 12 + [2] * 12 + [1] * 12


def test_choose_groups_k_max_follows_the_number_of_base_clusters():
    # 13 base clusters: k at most 2 + 13 // 12 = 3, even with 5 clear blobs.
    centers = blobs([(-20, 0), (20, 0), (0, 20), (0, -20), (0, 0)], per_blob=3)[:13]
    k, _labels, _centers, _state = choose_groups(centers, np.ones(13), State())
    assert k <= 3
    # One base cluster: a single group.
    k, labels, group_centers, _state = choose_groups(np.array([[1.0, 2.0]]), np.ones(1), State())
    assert (k, labels.tolist(), group_centers.tolist()) == (1, [0], [[1.0, 2.0]])


def test_weighted_silhouette_by_hand():
    # Per point, s = 1 − a/b (a: mean distance within its group, b: to the other group):
    # x=0: 1 − 1/10.5, x=1: 1 − 1/9.5, x=10: 1 − 1/9.5, x=11: 1 − 1/10.5.
    # Weighted by base-cluster size (1, 3, 1, 1): (2·0.904762 + 4·0.894737) / 6.
    points = np.array([[0.0, 0], [1, 0], [10, 0], [11, 0]])
    score = analysis._weighted_silhouette(points, np.array([0, 0, 1, 1]), arr(1, 3, 1, 1))
    assert score == pytest.approx((2 * (1 - 1 / 10.5) + 4 * (1 - 1 / 9.5)) / 6)
    assert analysis._weighted_silhouette(points, np.zeros(4, int), arr(1, 1, 1, 1)) == -1.0


def test_identical_voters_make_one_group_not_an_empty_one():
    people = [p for p in range(20) for _s in range(8)]
    statements = [s for _p in range(20) for s in range(8)]
    result = analyse(people, statements, [A] * len(people))
    assert [(g.id, g.size) for g in result.groups] == [(0, 20)]
    assert result.state.k == 1
    # Two distinct positions among many base clusters: two groups, both non-empty.
    centers = np.array([[-1.0, 0.0]] * 10 + [[1.0, 0.0]] * 10)
    k, labels, _centers, _state = choose_groups(centers, np.ones(20), State())
    assert k == 2
    assert sorted(np.bincount(labels).tolist()) == [10, 10]


def test_k_smoother_needs_four_runs_in_a_row():
    two = blobs(TWO, per_blob=18)
    three = blobs(THREE)
    k, _labels, centers2, state = choose_groups(two, np.ones(len(two)), State())
    assert k == 2
    state.group_centers = centers2.tolist()
    history = []
    for _run in range(4):
        k, _labels, centers, state = choose_groups(three, np.ones(len(three)), state)
        state.group_centers = centers.tolist()
        history.append((k, state.candidate_k, state.candidate_runs))
    assert history == [(2, 3, 1), (2, 3, 2), (2, 3, 3), (3, 3, 0)]


def test_k_smoother_counts_again_when_another_k_wins():
    two = blobs(TWO, per_blob=18)
    three = blobs(THREE)
    four = blobs([*THREE, (0.0, -17.0)])
    _k, _labels, centers, state = choose_groups(two, np.ones(len(two)), State())
    history = []
    for points in (three, three, four):
        state.group_centers = centers.tolist()
        k, _labels, centers, state = choose_groups(points, np.ones(len(points)), state)
        history.append((k, state.candidate_k, state.candidate_runs))
    assert history == [(2, 3, 1), (2, 3, 2), (2, 4, 1)]


def test_k_smoother_streak_is_broken_by_a_run_won_by_the_current_k():
    two = blobs(TWO, per_blob=18)
    three = blobs(THREE)
    _k, _labels, centers, state = choose_groups(two, np.ones(len(two)), State())
    state.group_centers = centers.tolist()
    for points in (three, three, three, two, three, three, three):
        k, _labels, centers, state = choose_groups(points, np.ones(len(points)), state)
        state.group_centers = centers.tolist()
        assert k == 2  # the streak of 3 was broken; 3 more runs are not enough
    k, _labels, _centers, state = choose_groups(three, np.ones(len(three)), state)
    assert k == 3


def test_group_kmeans_is_warm_started_from_the_previous_groups():
    # A square grid of base clusters splits equally well into top/bottom or
    # left/right halves: the previous run's centres decide which.
    grid = np.array([(x, y) for x in range(6) for y in range(6)], dtype=float)
    for previous, axis in (([[2.5, 1.0], [2.5, 4.0]], 1), ([[1.0, 2.5], [4.0, 2.5]], 0)):
        state = State(k=2, group_centers=previous)
        k, labels, centers, _state = choose_groups(grid, np.ones(36), state)
        assert k == 2
        assert labels.tolist() == (grid[:, axis] > 2.5).astype(int).tolist()
        assert centers == pytest.approx(np.array(previous))


def test_keep_numbers_follows_the_previous_centres():
    keep = analysis._keep_numbers
    previous = np.array([[-5.0, 0.0], [5.0, 0.0]])
    centers, labels = keep(np.array([[5.1, 0.0], [-4.9, 0.0]]), np.array([0, 1, 0]), previous)
    assert centers.tolist() == [[-4.9, 0.0], [5.1, 0.0]]
    assert labels.tolist() == [1, 0, 1]
    # One more group: the old ones keep their numbers, the new one takes the next.
    centers, labels = keep(np.array([[5, 0], [0, 5], [-5, 0.0]]), np.array([0, 1, 2]), previous)
    assert centers.tolist() == [[-5, 0], [5, 0], [0, 5]]
    assert labels.tolist() == [1, 2, 0]
    # One group fewer: the nearest old numbers are kept where they fit (1 stays 1) and
    # numbers stay 0..k-1.
    previous = np.array([[-5.0, 0.0], [0.0, 5.0], [5.0, 0.0]])
    centers, labels = keep(np.array([[5.0, 0.0], [0.0, 5.0]]), np.array([0, 1]), previous)
    assert centers.tolist() == [[5.0, 0.0], [0.0, 5.0]]
    assert labels.tolist() == [0, 1]
    # First run: left to right.
    centers, labels = keep(np.array([[3.0, 0], [-3, 0], [0, 0]]), np.array([0, 1, 2]), np.zeros(0))
    assert centers[:, 0].tolist() == [-3, 0, 3]
    assert labels.tolist() == [2, 0, 1]


# --- The whole analysis ----------------------------------------------------------------


def group_of_camp(result, first_id: int) -> int:
    ids = {result.group_of[p] for p in range(first_id, first_id + 20)}
    assert len(ids) == 1, ids
    return ids.pop()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_camps_make_two_groups_with_the_right_representative_statements(seed):
    result = analyse(*camps(seed=seed))
    assert len(result.groups) == 2
    a, b = group_of_camp(result, 100), group_of_camp(result, 200)
    assert a != b
    assert [g.size for g in result.groups] == [20, 20]
    # Up to 5 per group, agrees first: camp A's four agrees, then its strongest disagree.
    for group, agrees, disagrees in (
        (a, {1, 2, 3, 4}, {5, 6, 7, 8}),
        (b, {5, 6, 7, 8}, {1, 2, 3, 4}),
    ):
        reps = result.groups[group].representative
        assert [r.direction for r in reps] == ["agree"] * 4 + ["disagree"]
        assert {r.statement for r in reps[:4]} == agrees
        assert reps[4].statement in disagrees
        for rep in reps:
            assert rep.share > 0.7
            assert rep.p_test > 1.2816 and rep.r_test > 1.2816
        metrics = [r.metric for r in reps[:4]]
        assert metrics == sorted(metrics, reverse=True)
    # What everyone agrees or disagrees with is consensus, and comes first. (A camp
    # statement can follow when noise gives it a clear majority: 22 of 36 agree gives
    # pa = 23/38 > ½ and pat = 1.48 > 1.2816.)
    assert result.consensus_agree[0] == 9
    assert result.consensus_disagree[0] == 10
    assert not {11, 12} & {*result.consensus_agree, *result.consensus_disagree}
    # The two camps are on opposite sides of the map along the first axis.
    assert result.groups[a].center[0] * result.groups[b].center[0] < 0
    stats = {s.statement: s for s in result.statements}
    assert stats[1].by_group[a][0] > 14 and stats[1].by_group[b][0] < 3
    for statement in (1, 9):
        (agree_a, _d, seen_a), (agree_b, _d, seen_b) = (
            stats[statement].by_group[a],
            stats[statement].by_group[b],
        )
        expected = (agree_a + 1) / (seen_a + 2) * (agree_b + 1) / (seen_b + 2)
        assert stats[statement].group_informed_agree == pytest.approx(expected)
    assert stats[9].group_informed_agree > 0.7 > 0.2 > stats[1].group_informed_agree


def test_analysis_is_deterministic():
    people, statements, votes = crowd(6_000, 60, 10)  # above 5,000: the sampled cold start
    first = analyse(people, statements, votes, excluded=[3])
    second = analyse(people, statements, votes, excluded=[3])
    assert np.array_equal(first.xy, second.xy)
    assert first.group_of == second.group_of
    assert json.dumps(first.state.to_json()) == json.dumps(second.state.to_json())
    assert [(g.id, g.size, g.hull, g.representative) for g in first.groups] == [
        (g.id, g.size, g.hull, g.representative) for g in second.groups
    ]
    assert first.statements == second.statements
    assert len(first.state.base_centers) == 100


def test_warm_start_keeps_group_numbers():
    people, statements, votes = camps()
    first = analyse(people, statements, votes)
    a = group_of_camp(first, 100)
    # More votes arrive; the next run starts from the first one's state.
    more_p, more_s, more_v = camps(seed=9)
    state = State.from_json(json.loads(json.dumps(first.state.to_json())))
    second = analyse(people + more_p, statements + more_s, votes + more_v, state=state)
    assert group_of_camp(second, 100) == a
    # The numbers come from the state: with the previous centres listed the other way
    # round, the camps swap numbers.
    swapped = State.from_json(first.state.to_json())
    swapped.group_centers = swapped.group_centers[::-1]
    third = analyse(people, statements, votes, state=swapped)
    assert group_of_camp(third, 100) == 1 - a
    assert group_of_camp(third, 200) == a


def test_state_round_trips_through_json():
    result = analyse(*camps())
    data = json.loads(json.dumps(result.state.to_json()))
    assert State.from_json(data) == result.state
    assert State.from_json(None) == State()


def test_place_agrees_with_the_analysis():
    people, statements, votes = crowd(300, 25, 8)
    excluded = [2, 7]
    result = analyse(people, statements, votes, excluded=excluded)
    assert result.components is not None and result.means is not None
    latest: dict[int, dict[int, int]] = {}
    for person, statement, vote in zip(
        people.tolist(), statements.tolist(), votes.tolist(), strict=True
    ):
        latest.setdefault(person, {})[statement] = vote
    for person in result.participants[::7]:
        position = place(
            latest[person], result.statement_ids, result.components, result.means, excluded
        )
        assert position == pytest.approx(result.position_of(person), abs=1e-9)
    # Excluded statements have no loading at all (not SVD round-off).
    for statement in excluded:
        column = result.statement_ids.index(statement)
        assert result.components[:, column].tolist() == [0.0, 0.0]
    # No vote on a statement of the map: no position.
    assert place({999: A}, result.statement_ids, result.components, result.means) is None
    assert result.position_of(-1) is None


def test_excluded_statements_leave_the_map_but_count_in_totals():
    people, statements, votes = camps()
    # Statement 1 divides the camps most; exclude it (moderated out).
    result = analyse(people, statements, votes, excluded=[1])
    stats = {s.statement: s for s in result.statements}
    counted = sum(1 for s in statements if s == 1)
    assert stats[1].agree + stats[1].disagree + stats[1].passes == counted
    assert stats[11].passes == sum(1 for s in statements if s == 11) > 30
    assert stats[1].priority == 0.0
    assert stats[1].extremity == 0.0
    assert result.components is not None
    assert result.components[:, result.statement_ids.index(1)].tolist() == [0.0, 0.0]
    for group in result.groups:
        assert 1 not in {r.statement for r in group.representative}
    # Positions are those of an analysis without statement 1 at all.
    keep = [i for i, s in enumerate(statements) if s != 1]
    without = analyse(
        [people[i] for i in keep],
        [statements[i] for i in keep],
        [votes[i] for i in keep],
        statements=list(range(1, 13)),
        excluded=[1],
    )
    assert result.xy == pytest.approx(without.xy)
    # And the map differs when it is not excluded.
    included = analyse(people, statements, votes)
    assert not np.allclose(included.xy, result.xy)


def test_empty_input():
    result = analyse([], [], [])
    assert result.participants == []
    assert result.groups == []
    assert result.statements == []
    assert result.group_of == {}
    assert result.n_votes == 0
    assert result.xy.shape == (0, 2)
    state = State(k=3, clustered=[1])
    assert analyse([], [], [], state=state).state is state


def test_one_voter():
    result = analyse([1, 1], [1, 2], [A, D])
    assert result.participants == [1]
    assert result.groups == []
    assert [s.agree for s in result.statements] == [1, 0]
