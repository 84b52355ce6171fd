"""Opinion maps under load: voting over HTTP, and a full recompute from the database.

    python bench/bench_opinion_votes.py [--quick]      # both, printed
    (bench/run.py calls ``opinion_vote_benchmarks``)

1. Voting: a throw-away SQLite database with an open map (anonymous voting, 800
   statements), gunicorn with production settings (2 sync workers; set
   VOTE_WORKER_CLASS=gthread and VOTE_THREADS=N to compare), the background worker
   (``db_worker``) running beside it as in production, and 20 concurrent voters. Each
   voter is a browser: it loads the map's page once (CSRF cookie and token), then posts
   votes one after another on statements in a random order, keeping the cookie
   identity it gets with its first vote. Each vote books a recompute; the worker runs
   at most one every few seconds.
2. Recompute: the same database gets a map the size of the largest known Pol.is
   conversation (33,500 participants, 800 statements, 2 million votes; 1/10 in quick
   mode), inserted with raw SQL, then ``tasks.run_analysis`` (load the votes from the
   database, analyse, store the summary) is timed in a fresh process.

From the opinions issue: at least 200 votes/s with 20 concurrent voters, p95 under
100 ms, on 2 cores; full recompute including loading the votes: at most 10 s on SQLite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PY, REQUEST_TIMEOUT_S, Server, cpu_snapshot, other_cpu_share, step  # noqa: E402

Check = tuple[str, str, str, bool]

VOTERS = 20
VOTE_STATEMENTS = 800
VOTE_DURATION_S = {"quick": 5.0, "full": 20.0}
VOTE_WARMUP_S = 2.0
VOTES_PER_S = 200.0
VOTE_P95_MS = 100.0
RECOMPUTE = {"quick": (3_350, 800, 200_000), "full": (33_500, 800, 2_000_000)}
RECOMPUTE_S = 10.0
MAP_SLUG = "bench-votes"
BIG_SLUG = "bench-big-map"
TOKEN_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- Data (run in a subprocess with Django set up) -------------------------------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metroagora.settings")
    import django

    django.setup()


def create_vote_map() -> None:
    """An open map with anonymous voting and VOTE_STATEMENTS statements."""
    _setup_django()
    from metroagora.opinions.models import OpinionMap, Statement

    opinion_map = OpinionMap.objects.create(
        slug=MAP_SLUG,
        title={"en": "Benchmark: how should Europe decide?", "_original": "en"},
        anonymous_voting=True,
    )
    Statement.objects.bulk_create(
        Statement(
            opinion_map=opinion_map,
            text=f"Benchmark statement number {n} about the future of Europe",
            normalised=f"benchmark statement number {n} about the future of europe",
            language="en",
            is_seed=True,
        )
        for n in range(VOTE_STATEMENTS)
    )
    print(json.dumps({"statements": list(opinion_map.statements.values_list("pk", flat=True))}))


def create_big_map(participants: int, statements: int, votes: int) -> None:
    """A map with ``votes`` votes in three camps, written with raw SQL (fast)."""
    _setup_django()
    from django.conf import settings
    from django.utils import timezone

    from metroagora.opinions.models import OpinionMap, Participant, Statement

    started = time.perf_counter()
    opinion_map = OpinionMap.objects.create(
        slug=BIG_SLUG, title={"en": "Benchmark: a very large map", "_original": "en"}
    )
    Statement.objects.bulk_create(
        (
            Statement(
                opinion_map=opinion_map,
                text=f"Large benchmark statement {n}",
                normalised=f"large benchmark statement {n}",
                language="en",
                is_seed=True,
            )
            for n in range(statements)
        ),
        batch_size=1000,
    )
    Participant.objects.bulk_create(
        (Participant(opinion_map=opinion_map) for _ in range(participants)), batch_size=5000
    )
    statement_ids = list(opinion_map.statements.values_list("pk", flat=True))
    participant_ids = list(opinion_map.participants.values_list("pk", flat=True))
    rng = random.Random(7)
    # Skewed: early statements get far more votes, as in real conversations.
    weights = [1.0 / (1 + n / 40) for n in range(statements)]
    now = timezone.now().isoformat()
    seen: set[tuple[int, int]] = set()
    rows: list[tuple[int, int, int, int, str, str]] = []
    while len(rows) < votes:
        p = rng.randrange(participants)
        s = rng.choices(range(statements), weights)[0] if len(rows) % 8 == 0 else None
        if s is None:
            s = min(int(rng.paretovariate(1.2) * 40) - 40, statements - 1)
        key = (p, s)
        if key in seen:
            continue
        seen.add(key)
        camp, lean = p % 3, (s * 7919) % 3
        value = 1 if camp == lean else -1
        if rng.random() < 0.25:
            value = rng.choice((-1, 0, 1))
        rows.append((participant_ids[p], statement_ids[s], opinion_map.pk, value, now, now))
    db = settings.DATABASES["default"]["NAME"]
    connection = sqlite3.connect(db)
    connection.executemany(
        "INSERT INTO opinions_vote (participant_id, statement_id, opinion_map_id, value,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    connection.close()
    print(json.dumps({"map": opinion_map.pk, "seconds": time.perf_counter() - started}))


def time_recompute() -> None:
    """One full recompute in this fresh process: load from the database, analyse, store."""
    _setup_django()
    import resource

    from metroagora.opinions.models import OpinionMap
    from metroagora.opinions.tasks import run_analysis

    opinion_map = OpinionMap.objects.get(slug=BIG_SLUG)
    started = time.perf_counter()
    result = run_analysis(opinion_map)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "votes": result.n_votes,
                "groups": [g.size for g in result.groups],
                "peak_mb": peak,
            }
        )
    )


# --- Voting load -------------------------------------------------------------------------


@dataclass
class VoteResult:
    duration: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    other_cpu: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.duration if self.duration else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))
        return ordered[index] * 1000


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def vote_load(
    port: int, statement_ids: list[int], voters: int, duration: float, warmup: float
) -> VoteResult:
    result = VoteResult(duration)
    lock = threading.Lock()
    barrier = threading.Barrier(voters + 1)
    timing: dict[str, float] = {}
    page = f"/en/opinions/{MAP_SLUG}/"
    action = f"/en/opinions/{MAP_SLUG}/vote/"

    def voter(seed: int) -> None:
        rng = random.Random(seed)
        jar: dict[str, str] = {}
        latencies: list[float] = []
        errors: list[str] = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
        conn.request("GET", page)
        response = conn.getresponse()
        body = response.read()
        _cookies(response, jar)
        token_match = TOKEN_RE.search(body)
        if not token_match:
            errors.append("the vote page has no form")
        token = token_match.group(1).decode() if token_match else ""
        barrier.wait()
        measure_from, deadline = timing["measure_from"], timing["deadline"]
        order = statement_ids[:]
        rng.shuffle(order)
        position = 0
        try:
            while True:
                t0 = time.perf_counter()
                if t0 >= deadline:
                    break
                statement = order[position % len(order)]
                position += 1
                form = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": token,
                        "statement": statement,
                        "value": rng.choice(("1", "-1", "0")),
                    }
                )
                error = ""
                try:
                    conn.request(
                        "POST",
                        action,
                        body=form,
                        headers={
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": _cookie_header(jar),
                            "HX-Request": "true",
                        },
                    )
                    response = conn.getresponse()
                    response.read()
                    t1 = time.perf_counter()
                    _cookies(response, jar)
                    if response.status != 200:
                        error = f"HTTP {response.status}"
                    if response.will_close:
                        conn.close()
                except (OSError, http.client.HTTPException) as exc:
                    t1 = time.perf_counter()
                    error = f"{type(exc).__name__}: {exc}"
                    conn.close()
                if t0 < measure_from or t1 > deadline:
                    continue
                if error:
                    errors.append(error)
                else:
                    latencies.append(t1 - t0)
        finally:
            conn.close()
            with lock:
                result.latencies.extend(latencies)
                result.errors += len(errors)
                result.error_samples.extend(errors[: 3 - len(result.error_samples)])

    threads = [threading.Thread(target=voter, args=(n,), daemon=True) for n in range(voters)]
    for thread in threads:
        thread.start()
    now = time.perf_counter()
    timing["measure_from"] = now + warmup
    timing["deadline"] = now + warmup + duration
    barrier.wait()
    for thread in threads:
        thread.join(timeout=warmup + duration + REQUEST_TIMEOUT_S + 5)
    return result


def opinion_vote_benchmarks(quick: bool, tmp: Path | None = None) -> tuple[list[Check], str]:
    """Budget rows and a paragraph of method notes."""
    mode = "quick" if quick else "full"
    own_tmp = tempfile.TemporaryDirectory(prefix="metroagora-votes-") if tmp is None else None
    work = Path(own_tmp.name if own_tmp else tmp)  # type: ignore[arg-type]
    server = Server(
        work,
        os.environ.get("VOTE_WORKER_CLASS", "sync"),
        int(os.environ.get("VOTE_THREADS", "1")),
    )
    # 20 voters share 127.0.0.1: the per-address limit on votes is raised for the run.
    server.env["RATE_LIMIT_OPINIONS_VOTE"] = "1000000/m"
    server.env["TASKS_BACKEND"] = "database"
    worker: subprocess.Popen | None = None
    checks: list[Check] = []
    try:
        step(f"  migrate into {server.env['DATABASE_URL']}")
        server.manage("migrate", "--noinput", "-v", "0")
        server.manage("collectstatic", "--noinput", "-v", "0")
        created = server.run("bench/bench_opinion_votes.py", "--create-vote-map")
        statement_ids = json.loads(created.splitlines()[-1])["statements"]
        server.start()
        worker = subprocess.Popen(
            [PY, "manage.py", "db_worker", "--interval", "1"],
            cwd=ROOT,
            env={**server.env, "DJANGO_SETTINGS_MODULE": "metroagora.settings"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        duration = VOTE_DURATION_S[mode]
        step(f"  voting: {VOTERS} voters, {VOTE_WARMUP_S:g} s warm-up + {duration:g} s")
        before = cpu_snapshot(server.pid)
        votes = vote_load(server.port, statement_ids, VOTERS, duration, VOTE_WARMUP_S)
        votes.other_cpu = other_cpu_share(before, cpu_snapshot(server.pid))
        step(
            f"    {votes.rps:7.1f} votes/s  p50 {votes.pct(50):6.1f} ms  p95 {votes.pct(95):6.1f}"
            f" ms  errors {votes.errors} {votes.error_samples}"
        )
        checks.append(
            (
                f"opinion map voting over HTTP, {VOTERS} concurrent voters: throughput",
                f"{votes.rps:.0f} votes/s ({votes.errors} errors)",
                f">= {VOTES_PER_S:g} votes/s",
                votes.rps >= VOTES_PER_S and votes.errors == 0,
            )
        )
        checks.append(
            (
                f"opinion map voting over HTTP, {VOTERS} concurrent voters: p95 latency",
                f"{votes.pct(95):.1f} ms (p50 {votes.pct(50):.1f} ms)",
                f"< {VOTE_P95_MS:g} ms",
                votes.pct(95) < VOTE_P95_MS,
            )
        )
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
        server.stop()
    participants, statements, total = RECOMPUTE[mode]
    step(f"  recompute: {participants:,} participants, {statements} statements, {total:,} votes")
    made = json.loads(
        server.run(
            "bench/bench_opinion_votes.py",
            "--create-big-map",
            str(participants),
            str(statements),
            str(total),
        ).splitlines()[-1]
    )
    step(f"    inserted in {made['seconds']:.1f} s")
    timed = json.loads(
        server.run("bench/bench_opinion_votes.py", "--time-recompute").splitlines()[-1]
    )
    step(f"    recompute {timed['seconds']:.2f} s, groups {timed['groups']}")
    scale = " (quick: 1/10 size)" if quick else ""
    checks.append(
        (
            f"opinion map full recompute from SQLite, {participants:,} participants, "
            f"{statements} statements, {timed['votes']:,} votes{scale}",
            f"{timed['seconds']:.2f} s (peak {timed['peak_mb']:,.0f} MB)",
            f"<= {RECOMPUTE_S:g} s",
            timed["seconds"] <= RECOMPUTE_S,
        )
    )
    if own_tmp:
        own_tmp.cleanup()
    notes = (
        f"Opinion-map voting: {VOTERS} voters, each a keep-alive connection posting htmx votes"
        " back to back (the response is the next statement's card) on a map with"
        f" {VOTE_STATEMENTS} statements, with anonymous voting (cookie identities); gunicorn"
        " 2 sync workers (as for the pages; gthread workers gave a worse p95 here);"
        " the database task worker runs beside it and"
        " recomputes at most every 5 s. The per-address vote limit is raised because all"
        " voters come from 127.0.0.1."
    )
    return checks, notes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--create-vote-map", action="store_true")
    parser.add_argument("--create-big-map", nargs=3, type=int)
    parser.add_argument("--time-recompute", action="store_true")
    args = parser.parse_args()
    if args.create_vote_map:
        create_vote_map()
    elif args.create_big_map:
        create_big_map(*args.create_big_map)
    elif args.time_recompute:
        time_recompute()
    else:
        checks, _notes = opinion_vote_benchmarks(args.quick)
        for label, measured, budget, ok in checks:
            print(f"{'PASS' if ok else 'FAIL'}  {label}: {measured} (budget {budget})")


if __name__ == "__main__":
    main()
