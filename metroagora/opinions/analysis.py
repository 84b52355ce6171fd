"""Opinion-map analysis: who agrees with whom, and on what (the Pol.is method).

Pure numpy / scipy / scikit-learn, no Django: the web app, the command line
(``manage.py opinion_analysis``) and the benchmarks call :func:`analyse` with
plain arrays. The maths is explained in ``docs/opinion-analysis.md``; each step
below names the section of that page it implements.

Everything is deterministic for the same input (fixed seeds), and a previous
:class:`State` warm-starts the clustering so groups keep their numbers between
runs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_samples
from threadpoolctl import threadpool_limits

AGREE, PASS, DISAGREE = 1, 0, -1
MIN_VOTES = 7  # a person is clustered with at least min(7, n_statements) votes...
MIN_PEOPLE = 15  # ...topped up with the most active voters to at least 15 people
BASE_K = 100
BASE_SAMPLE = 5_000  # a cold start clusters a sample of this many people first...
BASE_ITERATIONS = 20  # ...then at most this many k-means iterations on everyone
MAX_GROUPS = 5
Z_90 = 1.2816  # one-sided 90% confidence
MAX_REPRESENTATIVE = 5
MAX_CONSENSUS = 5
K_SMOOTHING_RUNS = 4  # a new number of groups is adopted after winning 4 runs in a row
SEED = 20260427


@dataclass
class State:
    """What a run keeps for the next one (JSON-serialisable through :meth:`to_json`)."""

    clustered: list[Any] = field(default_factory=list)  # participant ids ever clustered
    base_centers: list[list[float]] = field(default_factory=list)
    group_centers: list[list[float]] = field(default_factory=list)  # index = group id
    k: int = 0
    candidate_k: int = 0
    candidate_runs: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "clustered": list(self.clustered),
            "base_centers": self.base_centers,
            "group_centers": self.group_centers,
            "k": self.k,
            "candidate_k": self.candidate_k,
            "candidate_runs": self.candidate_runs,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> State:
        data = data or {}
        return cls(
            clustered=list(data.get("clustered", [])),
            base_centers=[list(map(float, c)) for c in data.get("base_centers", [])],
            group_centers=[list(map(float, c)) for c in data.get("group_centers", [])],
            k=int(data.get("k", 0)),
            candidate_k=int(data.get("candidate_k", 0)),
            candidate_runs=int(data.get("candidate_runs", 0)),
        )


@dataclass
class Representative:
    statement: Any
    direction: str  # "agree" or "disagree"
    share: float  # share of the group voting that way (of those who voted)
    p: float  # pa or pd
    p_test: float  # pat or pdt
    r: float  # ra or rd
    r_test: float  # rat or rdt

    @property
    def metric(self) -> float:
        return self.r * self.r_test * self.p * self.p_test


@dataclass
class Group:
    id: int
    size: int
    center: tuple[float, float]
    hull: list[tuple[float, float]]
    members: list[Any]
    representative: list[Representative]


@dataclass
class StatementStats:
    statement: Any
    agree: int
    disagree: int
    passes: int
    extremity: float
    priority: float
    group_informed_agree: float
    group_informed_disagree: float
    # per group id: (agree, disagree, seen)
    by_group: dict[int, tuple[int, int, int]]


@dataclass
class Result:
    participants: list[Any]  # everyone with at least one vote, in matrix order
    xy: np.ndarray  # (n, 2) map positions of ``participants``
    group_of: dict[Any, int]  # clustered participants only
    groups: list[Group]
    consensus_agree: list[Any]
    consensus_disagree: list[Any]
    statements: list[StatementStats]
    state: State
    n_votes: int
    seconds: float = 0.0
    # What is needed to place a new voter on the map without a recompute:
    statement_ids: list[Any] = field(default_factory=list)  # column order
    components: np.ndarray | None = None  # (2, m)
    means: np.ndarray | None = None  # (m,)
    base_centers: np.ndarray | None = None  # (b, 2)
    base_groups: np.ndarray | None = None  # (b,) group of each base cluster
    base_sizes: np.ndarray | None = None  # (b,)

    def position_of(self, participant: Any) -> tuple[float, float] | None:
        try:
            index = self.participants.index(participant)
        except ValueError:
            return None
        return float(self.xy[index, 0]), float(self.xy[index, 1])


# --- 1. The vote matrix ------------------------------------------------------------


@dataclass
class Matrix:
    participants: np.ndarray  # ids, sorted
    statements: np.ndarray  # ids, sorted
    rows: np.ndarray  # participant index of each kept vote
    cols: np.ndarray  # statement index of each kept vote
    votes: np.ndarray  # -1, 0, 1

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)


def latest_votes(
    participant_ids: Sequence[Any] | np.ndarray,
    statement_ids: Sequence[Any] | np.ndarray,
    votes: Sequence[int] | np.ndarray,
    statements: Sequence[Any] | np.ndarray | None = None,
) -> Matrix:
    """Keep the latest vote of each person on each statement (input in time order).

    ``statements`` lists every statement of the map, including those nobody voted
    on yet; by default, the statements that received votes. The kept votes come out
    sorted by participant, then statement.
    """
    vote_array = _checked_votes(votes)
    given_people = np.asarray(participant_ids)
    given = np.asarray(statement_ids)
    if not len(given_people) == len(given) == len(vote_array):
        raise ValueError("participant_ids, statement_ids and votes must have the same length")
    people, rows = _factorise(given_people)
    if statements is None:
        statement_list, cols = _factorise(given)
    else:
        statement_list = np.unique(np.asarray(statements))
        if given.size and not statement_list.size:
            raise ValueError("a vote names a statement that is not in the list")
        cols = np.searchsorted(statement_list, given)
        cols = np.minimum(cols, max(len(statement_list) - 1, 0))
        if given.size and not (statement_list[cols] == given).all():
            raise ValueError("a vote names a statement that is not in the list")
    n, m, total = len(people), max(len(statement_list), 1), max(len(vote_array), 1)
    key = rows.astype(np.int64) * m + cols
    if n * m * total < 2**62:
        # One plain sort of (key, position) pairs packed in an int64: within a key, the
        # last position is the latest vote. Much faster than a stable argsort.
        packed = np.sort(key * total + np.arange(len(key), dtype=np.int64))
        key, position = np.divmod(packed, total)
    else:  # beyond any real conversation
        position = np.argsort(key, kind="stable")
        key = key[position]
    last = np.ones(len(key), dtype=bool)
    last[:-1] = key[1:] != key[:-1]
    kept_rows, kept_cols = np.divmod(key[last], m)
    return Matrix(people, statement_list, kept_rows, kept_cols, vote_array[position[last]])


def _checked_votes(votes: Sequence[int] | np.ndarray) -> np.ndarray:
    """The votes as int8, after checking that each is exactly -1, 0 or 1.

    Checked before the conversion: casting first would turn 0.5 into a pass and
    257 into an agree.
    """
    raw = np.asarray(votes)
    if raw.size:
        if raw.dtype.kind in "iu":
            ok = bool(raw.min() >= DISAGREE and raw.max() <= AGREE)
        elif raw.dtype.kind == "b":
            ok = True
        else:
            try:
                ok = bool(np.isin(raw, (AGREE, PASS, DISAGREE)).all())
            except TypeError:
                ok = False
        if not ok:
            raise ValueError("votes must be -1, 0 or 1")
    return raw.astype(np.int8)


def _factorise(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct ids, index of each id among them): ``np.unique`` with inverse.

    Database ids are integers in a compact range: a lookup table then does it in linear
    time, without sorting millions of ids.
    """
    if ids.dtype.kind in "iu" and ids.size:
        low, high = int(ids.min()), int(ids.max())
        span = high - low + 1
        if span <= max(ids.size, 1 << 16) and high < 2**63:
            offsets = ids.astype(np.int64) - low
            present = np.zeros(span, dtype=bool)
            present[offsets] = True
            lookup = np.cumsum(present, dtype=np.int64) - 1
            return (np.flatnonzero(present) + low).astype(ids.dtype), lookup[offsets]
    distinct, inverse = np.unique(ids, return_inverse=True)
    return distinct, inverse.reshape(-1)


# --- 2. Who is clustered -------------------------------------------------------------


def clustered_mask(vote_counts: np.ndarray, n_statements: int, previous: np.ndarray) -> np.ndarray:
    """Participants with min(7, n) votes, topped up to 15 by activity; once in, stays in."""
    threshold = min(MIN_VOTES, n_statements)
    mask = (vote_counts >= max(threshold, 1)) | previous
    if mask.sum() < MIN_PEOPLE:
        order = np.argsort(-vote_counts, kind="stable")
        active = order[vote_counts[order] > 0][:MIN_PEOPLE]
        mask[active] = True
    return mask


# --- 3-4. PCA and the sparsity-aware projection ---------------------------------------


def project(
    matrix: Matrix, excluded: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """2-D positions of everyone, the components, and each statement's extremity.

    Missing votes are filled with the statement's mean and the matrix is centred:
    after centring a missing vote is exactly 0, so the centred matrix stays sparse
    and a truncated SVD of it is the PCA.
    """
    n, m = matrix.shape
    values = matrix.votes.astype(np.float64)
    active = ~excluded[matrix.cols]
    counts = np.bincount(matrix.cols[active], minlength=m).astype(np.float64)
    sums = np.bincount(matrix.cols[active], weights=values[active], minlength=m)
    means = np.divide(sums, counts, out=np.zeros(m), where=counts > 0)
    centred = sparse.csr_matrix(
        (values[active] - means[matrix.cols[active]], (matrix.rows[active], matrix.cols[active])),
        shape=(n, m),
    )
    components = np.zeros((2, m))
    k = min(2, n - 1, m - 1)
    if k >= 1 and centred.nnz:
        dense_ok = n * m <= 4_000_000
        if dense_ok:
            _u, _s, vt = np.linalg.svd(centred.toarray(), full_matrices=False)
        else:
            from scipy.sparse.linalg import svds

            v0 = np.full(min(n, m), 1.0 / math.sqrt(min(n, m)))
            _u, s, vt = svds(centred, k=k, v0=v0, random_state=SEED)
            vt = vt[np.argsort(-s)]
        components[:k] = vt[:k]
        components[:, excluded] = 0.0  # round-off of the SVD on their empty columns
        # Fix the sign: the largest loading of each component is positive.
        for i in range(k):
            if components[i, np.argmax(np.abs(components[i]))] < 0:
                components[i] *= -1
    xy = np.asarray(centred @ components.T)
    n_votes = np.bincount(matrix.rows[active], minlength=n).astype(np.float64)
    n_active = max(int((~excluded).sum()), 1)
    xy *= np.sqrt(n_active / np.maximum(n_votes, 1.0))[:, None]
    # A statement's loadings on the two components, scaled so the mean is about 1.
    extremity = np.sqrt((components**2).sum(axis=0)) * math.sqrt(n_active)
    return xy, components, extremity, means


# --- 5-6. Base clusters and groups ------------------------------------------------------


def base_clusters(points: np.ndarray, previous: list[list[float]]) -> tuple[np.ndarray, np.ndarray]:
    """k-means with k = 100 (each person their own cluster when 100 or fewer).

    Warm start from the previous run's centres. A cold start on more than 5,000 people
    first clusters a seeded sample of 5,000, whose centres seed the run on everyone.
    Above 5,000 people, at most 20 Lloyd iterations on everyone (the costly part).
    """
    n = len(points)
    if n <= BASE_K:
        return points.copy(), np.arange(n)
    init: Any = "k-means++"
    if len(previous) == BASE_K:
        init = np.asarray(previous, dtype=np.float64)
    elif n > BASE_SAMPLE:
        sample = np.sort(np.random.default_rng(SEED).choice(n, BASE_SAMPLE, replace=False))
        init = _kmeans(points[sample], "k-means++", max_iter=50).cluster_centers_
    kmeans = _kmeans(points, init, max_iter=BASE_ITERATIONS if n > BASE_SAMPLE else 50)
    labels = kmeans.labels_
    centers = kmeans.cluster_centers_
    # Empty clusters cannot happen with scikit-learn's relocation, but keep it safe.
    used = np.unique(labels)
    remap = np.full(BASE_K, -1)
    remap[used] = np.arange(len(used))
    return centers[used], remap[labels]


def _kmeans(points: np.ndarray, init: Any, *, max_iter: int) -> KMeans:
    kmeans = KMeans(n_clusters=BASE_K, init=init, n_init=1, random_state=SEED, max_iter=max_iter)
    return kmeans.fit(points)


def _weighted_silhouette(points: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> float:
    if len(np.unique(labels)) < 2 or len(points) <= len(np.unique(labels)):
        return -1.0
    scores = silhouette_samples(points, labels)
    return float(np.average(scores, weights=weights))


def _weighted_kmeans(
    points: np.ndarray, weights: np.ndarray, k: int, init: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    kmeans = KMeans(
        n_clusters=k,
        init=init if init is not None else "k-means++",
        n_init=1 if init is not None else 4,
        random_state=SEED,
    )
    labels = kmeans.fit_predict(points, sample_weight=weights)
    return kmeans.cluster_centers_, labels


def choose_groups(
    centers: np.ndarray, sizes: np.ndarray, state: State
) -> tuple[int, np.ndarray, np.ndarray, State]:
    """Weighted k-means of the base clusters for k = 2..kmax, best silhouette, smoothed k."""
    n_base = len(centers)
    # No more groups than distinct positions: identical voters make one group, not
    # a group and an empty one.
    distinct = len(np.unique(centers, axis=0)) if n_base else 0
    k_max = min(MAX_GROUPS, 2 + n_base // 12, n_base - 1, distinct)
    candidates: dict[int, tuple[float, np.ndarray, np.ndarray]] = {}
    previous = np.asarray(state.group_centers, dtype=np.float64)
    for k in range(2, k_max + 1):
        init = previous if len(previous) == k else None
        group_centers, labels = _weighted_kmeans(centers, sizes, k, init)
        if len(np.unique(labels)) == k:  # else a group would be empty
            candidates[k] = (_weighted_silhouette(centers, labels, sizes), group_centers, labels)
    if not candidates:
        labels = np.zeros(n_base, dtype=np.int64)
        center = np.average(centers, axis=0, weights=sizes)[None, :] if n_base else np.zeros((1, 2))
        return 1, labels, center, State(k=1)
    best = max(candidates, key=lambda k: (candidates[k][0], -k))
    # The k smoother: keep the current k until another one wins several runs in a row.
    new_state = State(k=state.k, candidate_k=state.candidate_k, candidate_runs=state.candidate_runs)
    if state.k not in candidates:
        new_state.k, new_state.candidate_k, new_state.candidate_runs = best, best, 0
    elif best == state.k:
        new_state.candidate_k, new_state.candidate_runs = best, 0
    else:
        runs = state.candidate_runs + 1 if state.candidate_k == best else 1
        new_state.candidate_k, new_state.candidate_runs = best, runs
        if runs >= K_SMOOTHING_RUNS:
            new_state.k, new_state.candidate_runs = best, 0
    k = new_state.k
    _score, group_centers, labels = candidates[k]
    group_centers, labels = _keep_numbers(group_centers, labels, previous)
    return k, labels, group_centers, new_state


def _keep_numbers(
    centers: np.ndarray, labels: np.ndarray, previous: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Renumber groups so each keeps the number of the nearest group of the last run."""
    k = len(centers)
    if len(previous):
        cost = ((centers[:, None, :] - previous[None, :, :]) ** 2).sum(axis=2)
        new_idx, old_idx = linear_sum_assignment(cost)
        order = np.full(k, -1)
        order[new_idx] = old_idx
        free = iter(sorted(set(range(k)) - set(order[order >= 0].tolist())))
        order = np.array([o if 0 <= o < k else next(free) for o in order])
    else:
        # First run: number groups by size is not known here; left to right on the map.
        order = np.argsort(np.argsort(centers[:, 0]))
    renamed = np.empty_like(centers)
    renamed[order] = centers
    return renamed, order[labels]


# --- 7-8. Representative statements and consensus ------------------------------------------


def prop_test(successes: np.ndarray, n: np.ndarray) -> np.ndarray:
    """One-proportion z-like statistic with a +1 prior: 2·sqrt(n+1)·((s+1)/(n+1) − ½)."""
    return 2 * np.sqrt(n + 1) * ((successes + 1) / (n + 1) - 0.5)


def two_prop_test(
    succ_in: np.ndarray, succ_out: np.ndarray, n_in: np.ndarray, n_out: np.ndarray
) -> np.ndarray:
    """Two-proportion z-test between a group and the rest, +1 on all four counts."""
    s1, s2, n1, n2 = succ_in + 1, succ_out + 1, n_in + 1, n_out + 1
    p1, p2 = s1 / n1, s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    denominator = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return np.divide(p1 - p2, denominator, out=np.zeros_like(p1), where=denominator > 0)


def group_counts(
    matrix: Matrix, group_of_row: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(agree, disagree, seen) counts, each k × statements, for clustered people only."""
    m = matrix.shape[1]
    groups = group_of_row[matrix.rows]
    cols, votes = matrix.cols, matrix.votes
    in_group = groups >= 0
    if not in_group.all():
        groups, cols, votes = groups[in_group], cols[in_group], votes[in_group]
    # One count of (group, statement, vote) codes; vote + 1 is 0 disagree, 1 pass, 2 agree.
    codes = (groups * m + cols) * 3 + (votes.astype(np.int64) + 1)
    counts = np.bincount(codes, minlength=k * m * 3).reshape(k, m, 3)
    return counts[:, :, 2], counts[:, :, 0], counts.sum(axis=2)


def representative_statements(
    agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray, excluded: np.ndarray
) -> list[list[tuple[int, str, float, float, float, float]]]:
    """Per group: up to 5 (statement index, direction, p, p_test, r, r_test), agrees first."""
    total_a, total_d, total_s = agree.sum(axis=0), disagree.sum(axis=0), seen.sum(axis=0)
    result = []
    for g in range(agree.shape[0]):
        na, nd, ns = agree[g], disagree[g], seen[g]
        ra_rest, rd_rest, rs_rest = total_a - na, total_d - nd, total_s - ns
        chosen = []
        for direction, n_dir, n_rest in (("agree", na, ra_rest), ("disagree", nd, rd_rest)):
            p = (n_dir + 1) / (ns + 2)
            p_test = prop_test(n_dir, ns)
            r = p / ((1 + n_rest) / (2 + rs_rest))
            r_test = two_prop_test(n_dir, n_rest, ns, rs_rest)
            ok = (r_test > Z_90) & (p_test > Z_90) & ~excluded & (ns > 0)
            for j in np.flatnonzero(ok):
                chosen.append((int(j), direction, p[j], p_test[j], r[j], r_test[j]))
        chosen.sort(key=lambda c: (c[1] != "agree", -(c[2] * c[3] * c[4] * c[5]), c[0]))
        result.append(chosen[:MAX_REPRESENTATIVE])
    return result


def consensus(
    agree: np.ndarray, disagree: np.ndarray, seen: np.ndarray, excluded: np.ndarray
) -> tuple[list[int], list[int]]:
    """Statements most people agree (disagree) with: p > ½ and p_test > 1.2816, top 5."""
    out = []
    for counts in (agree, disagree):
        p = (counts + 1) / (seen + 2)
        p_test = prop_test(counts, seen)
        ok = np.flatnonzero((p > 0.5) & (p_test > Z_90) & ~excluded & (seen > 0))
        ranked = sorted(ok, key=lambda j: (-(p[j] * p_test[j]), j))
        out.append([int(j) for j in ranked[:MAX_CONSENSUS]])
    return out[0], out[1]


def group_informed_consensus(counts: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """Product over groups of (A_g + 1) / (S_g + 2): high only if every group agrees."""
    return np.prod((counts + 1) / (seen + 2), axis=0)


# --- 9. What to show next ------------------------------------------------------------------


def priorities(
    agree: np.ndarray, passes: np.ndarray, seen: np.ndarray, extremity: np.ndarray
) -> np.ndarray:
    """Pol.is priority: new and divisive statements first."""
    p = (passes + 1) / (seen + 2)
    a = (agree + 1) / (seen + 2)
    importance = (1 - p) * (extremity + 1) * a
    return (importance * (1 + 8 * np.power(2.0, -seen / 5))) ** 2


# --- Putting it together -----------------------------------------------------------------


def convex_hull(points: np.ndarray) -> list[tuple[float, float]]:
    """Andrew's monotone chain; fewer than three distinct points give them back."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(points) > 8:
        points = _drop_inner(points)
    unique = sorted({(float(x), float(y)) for x, y in points})
    if len(unique) < 3:
        return unique

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for point in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    upper: list[tuple[float, float]] = []
    for point in reversed(unique):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return lower[:-1] + upper[:-1]


def _drop_inner(points: np.ndarray) -> np.ndarray:
    """Drop the points strictly inside the quadrilateral of the leftmost, lowest,
    rightmost and highest points (Akl–Toussaint): they cannot be on the hull."""
    x, y = points[:, 0], points[:, 1]
    corners = points[[np.argmin(x), np.argmin(y), np.argmax(x), np.argmax(y)]]
    inside = np.ones(len(points), dtype=bool)
    for a, b in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        inside &= (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]) > 0
    return points[~inside]


def analyse(
    participant_ids: Sequence[Any] | np.ndarray,
    statement_ids: Sequence[Any] | np.ndarray,
    votes: Sequence[int] | np.ndarray,
    *,
    statements: Sequence[Any] | None = None,
    excluded: Sequence[Any] = (),
    state: State | None = None,
) -> Result:
    """Analyse votes given in time order (a person may vote again: the last vote counts).

    ``excluded`` statements (moderated out, meta) count in the totals but not in the map.

    Runs on one thread (BLAS and OpenMP): the results then do not depend on the number
    of cores, and the analysis does not fight the web workers for them. On a busy
    2-core machine, scikit-learn's k-means was twice as fast on one thread as on two.
    """
    with threadpool_limits(limits=1):
        return _analyse(participant_ids, statement_ids, votes, statements, excluded, state)


def _analyse(
    participant_ids: Sequence[Any] | np.ndarray,
    statement_ids: Sequence[Any] | np.ndarray,
    votes: Sequence[int] | np.ndarray,
    statements: Sequence[Any] | None,
    excluded: Sequence[Any],
    state: State | None,
) -> Result:
    started = time.perf_counter()
    state = state or State()
    matrix = latest_votes(participant_ids, statement_ids, votes, statements)
    n, m = matrix.shape
    excluded_mask = _member(matrix.statements, list(excluded))

    vote_counts = np.bincount(matrix.rows, minlength=n)
    previous = _member(matrix.participants, state.clustered)
    active_statements = int((~excluded_mask).sum())
    mask = clustered_mask(vote_counts, active_statements, previous)

    if n == 0 or m == 0:
        return _empty(matrix, state, started)

    xy, components, extremity, means = project(matrix, excluded_mask)
    statement_list = matrix.statements.tolist()
    clustered_rows = np.flatnonzero(mask)
    group_of_row = np.full(n, -1, dtype=np.int64)
    groups: list[Group] = []
    new_state = State(clustered=matrix.participants[mask].tolist())

    base_centers = np.zeros((0, 2))
    group_labels = np.zeros(0, dtype=np.int64)
    sizes = np.zeros(0)
    if len(clustered_rows) >= 2:
        points = xy[clustered_rows]
        base_centers, base_labels = base_clusters(points, state.base_centers)
        sizes = np.bincount(base_labels, minlength=len(base_centers)).astype(np.float64)
        _k, group_labels, group_centers, smoothed = choose_groups(base_centers, sizes, state)
        group_of_row[clustered_rows] = group_labels[base_labels]
        new_state.base_centers = base_centers.tolist()
        new_state.group_centers = group_centers.tolist()
        new_state.k, new_state.candidate_k = smoothed.k, smoothed.candidate_k
        new_state.candidate_runs = smoothed.candidate_runs
        n_groups = len(group_centers)
    else:
        n_groups = 0

    agree_g, disagree_g, seen_g = (
        group_counts(matrix, group_of_row, n_groups)
        if n_groups
        else (np.zeros((0, m), int), np.zeros((0, m), int), np.zeros((0, m), int))
    )
    reps = (
        representative_statements(agree_g, disagree_g, seen_g, excluded_mask)
        if n_groups > 1
        else [[] for _ in range(n_groups)]
    )
    for g in range(n_groups):
        rows = np.flatnonzero(group_of_row == g)
        groups.append(
            Group(
                id=g,
                size=len(rows),
                center=(float(group_centers[g][0]), float(group_centers[g][1])),
                hull=convex_hull(xy[rows]),
                members=matrix.participants[rows].tolist(),
                representative=[
                    Representative(
                        statement=statement_list[j],
                        direction=direction,
                        share=float(
                            (agree_g if direction == "agree" else disagree_g)[g, j]
                            / max(seen_g[g, j], 1)
                        ),
                        p=float(p),
                        p_test=float(pt),
                        r=float(r),
                        r_test=float(rt),
                    )
                    for j, direction, p, pt, r, rt in reps[g]
                ],
            )
        )

    # Consensus over everyone who voted (Pol.is uses all participants here).
    everyone = np.zeros(n, dtype=np.int64)
    agree_all, disagree_all, seen_all = group_counts(matrix, everyone, 1)
    passes_all = seen_all - agree_all - disagree_all
    consensus_agree, consensus_disagree = consensus(
        agree_all[0], disagree_all[0], seen_all[0], excluded_mask
    )
    informed_agree = group_informed_consensus(agree_g, seen_g) if n_groups else np.zeros(m)
    informed_disagree = group_informed_consensus(disagree_g, seen_g) if n_groups else np.zeros(m)
    priority = priorities(agree_all[0], passes_all[0], seen_all[0], extremity)
    priority[excluded_mask] = 0.0
    stats = [
        StatementStats(
            statement=statement_list[j],
            agree=int(agree_all[0, j]),
            disagree=int(disagree_all[0, j]),
            passes=int(passes_all[0, j]),
            extremity=float(extremity[j]),
            priority=float(priority[j]),
            group_informed_agree=float(informed_agree[j]),
            group_informed_disagree=float(informed_disagree[j]),
            by_group={
                g: (int(agree_g[g, j]), int(disagree_g[g, j]), int(seen_g[g, j]))
                for g in range(n_groups)
            },
        )
        for j in range(m)
    ]
    return Result(
        participants=matrix.participants.tolist(),
        xy=xy,
        group_of=dict(
            zip(
                matrix.participants[clustered_rows].tolist(),
                group_of_row[clustered_rows].tolist(),
                strict=True,
            )
        ),
        groups=groups,
        consensus_agree=[statement_list[j] for j in consensus_agree],
        consensus_disagree=[statement_list[j] for j in consensus_disagree],
        statements=stats,
        state=new_state,
        n_votes=len(matrix.votes),
        seconds=time.perf_counter() - started,
        statement_ids=statement_list,
        components=components,
        means=means,
        base_centers=base_centers,
        base_groups=group_labels,
        base_sizes=sizes,
    )


def place(
    votes: dict[Any, int],
    statement_ids: Sequence[Any],
    components: np.ndarray,
    means: np.ndarray,
    excluded: Sequence[Any] = (),
) -> tuple[float, float] | None:
    """Where one person's votes put them on the current map (same projection as everyone)."""
    index = {sid: j for j, sid in enumerate(statement_ids)}
    skip = set(excluded)
    cols = [index[sid] for sid in votes if sid in index and sid not in skip]
    if not cols:
        return None
    values = np.array([votes[statement_ids[j]] for j in cols], dtype=np.float64)
    centred = values - means[cols]
    xy = components[:, cols] @ centred
    n_active = max(sum(1 for sid in statement_ids if sid not in skip), 1)
    xy *= math.sqrt(n_active / len(cols))
    return float(xy[0]), float(xy[1])


def _member(ids: np.ndarray, wanted: list[Any]) -> np.ndarray:
    """Which of ``ids`` are in ``wanted`` (vectorised when the types agree)."""
    if not wanted:
        return np.zeros(len(ids), dtype=bool)
    try:
        return np.isin(ids, np.asarray(wanted, dtype=ids.dtype))
    except (TypeError, ValueError):
        keep = set(wanted)
        return np.fromiter((_plain(i) in keep for i in ids), dtype=bool, count=len(ids))


def _plain(value: Any) -> Any:
    """numpy scalars to Python ones (JSON, dict keys)."""
    return value.item() if isinstance(value, np.generic) else value


def _empty(matrix: Matrix, state: State, started: float) -> Result:
    return Result(
        participants=[_plain(p) for p in matrix.participants],
        xy=np.zeros((len(matrix.participants), 2)),
        group_of={},
        groups=[],
        consensus_agree=[],
        consensus_disagree=[],
        statements=[],
        state=state,
        n_votes=len(matrix.votes),
        seconds=time.perf_counter() - started,
    )
