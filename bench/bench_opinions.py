"""Opinion-map analysis benchmark: synthetic Pol.is-sized conversations.

    python bench/bench_opinions.py [--quick] [--details]

Budgets (from the opinion-map issue, on 2 cores):

- 33,500 participants, 800 statements, 2 million votes (the largest known Pol.is
  conversation): analysis in at most 3 s and at most 1.5 GB of memory;
- 100,000 participants, 2,000 statements, 10 million votes: analysis in at most 30 s.

No Django: the data is generated with numpy (:func:`generate`) and handed to
:func:`metroagora.opinions.analysis.analyse` as the three arrays the background task
loads from the database. Each size runs in a fresh child process that loads the arrays
from ``.npy`` files and analyses them twice: a cold run (no previous state) and a warm
run (the state of the cold run, as the next recompute would see it), then summarises
the result. The time checked is the slower of the two analyses; the memory is the
child's peak resident set size (``VmHWM`` in ``/proc/self/status``; ``ru_maxrss`` of
the child would start from the parent's peak, which Linux carries over through
vfork + exec), which includes the interpreter, numpy/scipy/scikit-learn, the input
arrays and both analyses: the honest figure for a worker doing this job.

``bench/run.py`` calls :func:`opinion_benchmarks` and records its rows (label,
measured, budget, PASS?) in ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEED = 7

# (label, measured, budget, within budget?), the row type of bench/run.py's budgets().
Check = tuple[str, str, str, bool]


@dataclass(frozen=True)
class Size:
    participants: int
    statements: int
    votes: int
    seconds: float  # time budget
    memory_mb: float | None  # peak memory budget, if any

    @property
    def label(self) -> str:
        return (
            f"{self.participants:,} participants, {self.statements:,} statements, "
            f"{self.votes:,} votes"
        )


FULL = [
    Size(33_500, 800, 2_000_000, seconds=3.0, memory_mb=1536.0),
    Size(100_000, 2_000, 10_000_000, seconds=30.0, memory_mb=None),
]
# Quick mode: a tenth of each size, same budgets (indicative only).
QUICK = [
    Size(3_350, 80, 200_000, seconds=3.0, memory_mb=1536.0),
    Size(10_000, 200, 1_000_000, seconds=30.0, memory_mb=None),
]


# --- Data ------------------------------------------------------------------------------


def generate(
    participants: int,
    statements: int,
    votes: int,
    *,
    groups: int = 4,
    repeat_share: float = 0.03,
    seed: int = SEED,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A synthetic conversation: (participant ids, statement ids, votes) in time order.

    - ``groups`` opinion groups of unequal size (about 40/30/20/10% for four); each
      group has its own probability of agreeing with each statement, so the groups
      are real but overlap (some statements are consensual, most divide).
    - Skewed activity: statements have a random popularity rank and the votes they
      draw fall off with it (a few are seen by many, most by fewer; here 575 to 9,400
      votes each at the first size), and people's activity is log-normal (many vote a
      little, a few on most statements).
    - About 20% passes, and ``repeat_share`` of the vote rows are a second vote of the
      same person on the same statement later on (the latest counts).
    - Ids are not 0..n-1 (database primary keys of a shared table).

    Exactly ``votes`` rows are returned; the distinct (person, statement) pairs are
    ``votes`` minus the repeats.
    """
    rng = np.random.default_rng(seed)
    distinct = votes - int(votes * repeat_share)
    if distinct > participants * statements * 0.8:
        raise ValueError("too many votes for the matrix")

    # Who votes how much, and which statements draw the votes.
    activity = rng.lognormal(mean=0.0, sigma=1.0, size=participants)
    popularity = 1.0 / (1.0 + np.arange(statements) / (0.15 * statements))
    popularity = rng.permutation(popularity) * rng.uniform(0.5, 1.5, statements)
    activity /= activity.sum()
    popularity /= popularity.sum()

    # Distinct (person, statement) pairs, drawn in batches until there are enough.
    keys = np.zeros(0, dtype=np.int64)
    while len(keys) < distinct:
        batch = int((distinct - len(keys)) * 1.3) + 1000
        rows = rng.choice(participants, size=batch, p=activity)
        cols = rng.choice(statements, size=batch, p=popularity)
        fresh = rows.astype(np.int64) * statements + cols
        keys = np.concatenate([keys, fresh])
        _unique, first = np.unique(keys, return_index=True)
        keys = keys[np.sort(first)]  # keep the drawing order (= time order)
    keys = keys[:distinct]
    rows, cols = keys // statements, keys % statements

    # Opinions: a group per person, an agree probability per group and statement.
    weights = np.arange(groups, 0, -1, dtype=np.float64)
    group = rng.choice(groups, size=participants, p=weights / weights.sum())
    p_agree = rng.beta(0.6, 0.6, size=(groups, statements))
    consensual = rng.random(statements) < 0.1
    p_agree[:, consensual] = rng.uniform(0.8, 0.95, size=(groups, int(consensual.sum())))
    u = rng.random(distinct)
    passed = rng.random(distinct) < 0.2
    values = np.where(u < p_agree[group[rows], cols], 1, -1).astype(np.int8)
    values[passed] = 0

    # Repeats: a later vote on a pair that was already voted on (a change of mind or not).
    n_repeat = votes - distinct
    again = np.sort(rng.choice(distinct, size=n_repeat, replace=True))
    positions = again + rng.integers(1, distinct // 10 + 2, size=n_repeat)
    order = np.argsort(
        np.concatenate([np.arange(distinct, dtype=np.float64), positions + 0.5]),
        kind="stable",
    )
    all_rows = np.concatenate([rows, rows[again]])[order]
    all_cols = np.concatenate([cols, cols[again]])[order]
    all_values = np.concatenate([values, rng.integers(-1, 2, size=n_repeat).astype(np.int8)])
    all_values = all_values[order]

    person_ids = 1_000 + np.arange(participants, dtype=np.int64) * 3
    statement_ids = 50_000 + np.arange(statements, dtype=np.int64) * 7
    return person_ids[all_rows], statement_ids[all_cols], all_values


# --- Measuring ---------------------------------------------------------------------------


CHILD = """
import gc, json, resource, sys, time
sys.path.insert(0, {root!r})
import numpy as np
from metroagora.opinions import analysis
from metroagora.opinions.summary import summarise


def peak_kb():
    # VmHWM: the peak resident set of this process since its exec. ru_maxrss would
    # start from the parent's peak (Linux carries it over through vfork + exec).
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


people = np.load({people!r})
statement_ids = np.load({statement_ids!r})
votes = np.load({votes!r})
everything = np.load({everything!r}).tolist()
excluded = np.load({excluded!r}).tolist()
gc.collect()
baseline = peak_kb()
kwargs = dict(statements=everything, excluded=excluded)


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


started, cpu_started = time.perf_counter(), cpu()
cold = analysis.analyse(people, statement_ids, votes, **kwargs)
cold_s, cold_cpu_s = time.perf_counter() - started, cpu() - cpu_started
started, cpu_started = time.perf_counter(), cpu()
warm = analysis.analyse(people, statement_ids, votes, state=cold.state, **kwargs)
warm_s, warm_cpu_s = time.perf_counter() - started, cpu() - cpu_started
started = time.perf_counter()
summary = summarise(warm, excluded=excluded)
summary_s = time.perf_counter() - started
json.dump(
    {{
        "cold_s": cold_s,
        "warm_s": warm_s,
        "cold_cpu_s": cold_cpu_s,
        "warm_cpu_s": warm_cpu_s,
        "summary_s": summary_s,
        "baseline_kb": baseline,
        "peak_kb": peak_kb(),
        "kept_votes": cold.n_votes,
        "clustered": len(cold.group_of),
        "groups": [g.size for g in cold.groups],
        "warm_groups": [g.size for g in warm.groups],
    }},
    sys.stdout,
)
"""


@dataclass
class Measurement:
    """One child process: a cold and a warm analysis of the same conversation."""

    cold_s: float
    warm_s: float
    cold_cpu_s: float  # CPU time (user + system) of the cold run: on one thread, what
    warm_cpu_s: float  # the wall time would be on an otherwise idle machine
    summary_s: float  # summarise() of the warm result
    baseline_kb: int  # peak RSS after loading the arrays, before analysing
    peak_kb: int  # peak RSS of the whole child (VmHWM)
    kept_votes: int  # after keeping the latest vote per person and statement
    clustered: int
    groups: list[int]  # group sizes, cold run
    warm_groups: list[int]
    load: float  # 1-minute load average before the child started

    @property
    def seconds(self) -> float:
        return max(self.cold_s, self.warm_s)

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024  # KiB


def loadavg() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def measure(size: Size, tmp: Path, rounds: int = 1) -> list[Measurement]:
    """Generate ``size`` once and analyse it in ``rounds`` fresh child processes."""
    people, statement_ids, votes = generate(size.participants, size.statements, size.votes)
    # Every statement of the map: a few new ones nobody voted on yet; 1 in 40 moderated
    # out (excluded from the map, counted in the totals).
    voted = np.unique(statement_ids)
    everything = np.concatenate([voted, voted.max() + 7 * np.arange(1, 6)])
    arrays = {
        "people": people,
        "statement_ids": statement_ids,
        "votes": votes,
        "everything": everything,
        "excluded": voted[::40],
    }
    paths = {}
    for name, array in arrays.items():
        paths[name] = str(tmp / f"{name}.npy")
        np.save(paths[name], array)
    del people, statement_ids, votes, arrays
    code = CHILD.format(root=str(ROOT), **paths)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    results = []
    for _round in range(rounds):
        load = loadavg()
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=900
        )
        if proc.returncode != 0:
            raise RuntimeError(f"opinion benchmark child failed:\n{proc.stderr[-4000:]}")
        results.append(Measurement(**json.loads(proc.stdout), load=load))
    return results


def opinion_benchmarks(quick: bool) -> list[Check]:
    """Budget rows for ``bench/run.py``: time for each size, peak memory where budgeted.

    The time is the median over the rounds of the slower of the cold and warm runs
    (3 rounds for the smaller size, 1 for the larger); the memory is the highest peak.
    """
    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="metroagora-opinions-") as tmp:
        for size, rounds in zip(QUICK if quick else FULL, (3, 1), strict=True):
            runs = measure(size, Path(tmp), rounds)
            seconds = statistics.median(run.seconds for run in runs)
            peak = max(run.peak_mb for run in runs)
            last = runs[-1]
            scale = " (quick: 1/10 size)" if quick else ""
            checks.append(
                (
                    f"opinion analysis, {size.label}{scale}: slower of a cold and a warm run"
                    + (f", median of {rounds}" if rounds > 1 else ""),
                    f"{seconds:.2f} s (cold {last.cold_s:.2f} s, warm {last.warm_s:.2f} s, "
                    f"CPU {last.cold_cpu_s:.2f} s / {last.warm_cpu_s:.2f} s; "
                    f"peak {peak:,.0f} MB; load {last.load:.1f})",
                    f"<= {size.seconds:g} s",
                    seconds <= size.seconds,
                )
            )
            if size.memory_mb is not None:
                checks.append(
                    (
                        f"opinion analysis, {size.label}{scale}: peak memory (child RSS)",
                        f"{peak:,.0f} MB",
                        f"<= {size.memory_mb:,.0f} MB",
                        peak <= size.memory_mb,
                    )
                )
    return checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of each size")
    parser.add_argument("--details", action="store_true", help="every run's figures")
    args = parser.parse_args()
    if args.details:
        with tempfile.TemporaryDirectory(prefix="metroagora-opinions-") as tmp:
            for size, rounds in zip(QUICK if args.quick else FULL, (3, 1), strict=True):
                for run in measure(size, Path(tmp), rounds):
                    print(f"{size.label}: {run}")
        return
    for label, measured, budget, ok in opinion_benchmarks(args.quick):
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {measured} (budget {budget})")


if __name__ == "__main__":
    main()
