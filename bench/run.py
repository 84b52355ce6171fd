"""MetroAgora benchmarks: function benchmarks, then a load test of a production-like server.

    python bench/run.py [--quick] [--only STEP,...] [--output FILE]
    make bench [QUICK=1] [ONLY=scale,api]

1. Function benchmarks: ``bench/test_bench_functions.py`` under pytest-benchmark.
2. Load test: a throw-away SQLite database (migrated, seeded with the demo network and
   demo events, then ``bench/generate.py``: 5,000 more events and one event with 2,000
   registrations, and ``bench/generate_forum.py``: a Forum debate with 10,000
   contributions, 2,000 of them top-level), static files collected into a temporary
   STATIC_ROOT, gunicorn with production settings (DEBUG=false) on 127.0.0.1, and a
   small, bounded load generator written here (threads + keep-alive ``http.client``
   connections).
3. Search: ``bench/generate_search.py`` indexes 100,000 synthetic documents (5,000 in
   quick mode) from scratch into a throw-away SQLite file, and into a throw-away
   PostgreSQL database when one is reachable (``BENCH_POSTGRES_URL``, by default the
   CI's ``postgres://root@127.0.0.1:5432/test``), then times a set of ~50 queries.
   Then opinion maps: ``bench/bench_opinions.py`` (analysis of synthetic conversations
   of 33,500 x 800 x 2M and 100,000 x 2,000 x 10M votes, time and peak memory) and
   ``bench/bench_opinion_votes.py`` (20 voters over HTTP, and a full recompute of a
   2-million-vote map loaded from SQLite). Then local decisions:
   ``bench/bench_decisions.py`` (the proposals list of a process with 5,000 proposals
   and 200,000 supports over HTTP, with its query count; closing a vote of 100,000
   ballots over 200 projects, and the count alone). Then EU funding:
   ``bench/bench_funding.py`` (importing 10,000 portal topics and re-importing them,
   ranking every open call for a city, the calls list over HTTP). Then the API:
   ``bench/bench_api.py`` (every list endpoint at page size 50 over HTTP). Then the impact
   dashboard: ``bench/bench_impact.py`` (its pages over HTTP with large data, and
   computing its figures). Then publications: ``bench/bench_publications.py`` (a
   100-page publication with 200 images rendered to PDF by its background task).
   Then every page at scale: ``bench/bench_scale.py`` (``seed_scale --size large``,
   small in quick mode; every public GET page of the URL configuration and every API
   list under 20 clients, as a ratio of ``/healthz`` measured at the start and the
   end of the same run; at most 10 minutes with the seeding, 3 in quick mode).
4. The report is rewritten with the figures, the machine and the method, and every
   budget is printed as PASS or FAIL. A FAIL does not fail the command; only a broken
   setup (a page that does not answer 200, gunicorn not starting) does. The report is
   ``docs/benchmarks.md`` for a full run of every step only; a quick run writes
   ``var/benchmarks-quick.md`` and a run of some steps (``--only``)
   ``var/benchmarks-partial.md`` (``--output`` chooses another file), so that they
   never replace the committed full report.

Steps for ``--only``: functions, load, search, opinions, decisions, funding, api,
impact, publications, scale (``load`` and ``functions`` together give the page
budgets of the load test).

Everything runs on this machine, against 127.0.0.1 only. Gunicorn is always stopped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
PY = sys.executable

# Load test parameters.
WORKERS = 2
CONCURRENCY = 4
WARMUP_S = 1.0
DURATION_S = {"quick": 3.0, "full": 10.0}
MAX_REQUESTS_PER_CLIENT = 200_000  # a hard bound besides the duration
REQUEST_TIMEOUT_S = 10.0
# Data added by bench/generate.py after seed_demo and seed_demo_events.
BENCH_EVENTS = 5_000
BENCH_REGISTRATIONS = 2_000
BIG_EVENT = "/en/events/bench-big-event/"
EVENTS_LIST = "/en/events/"
EVENTS_DEEP = "/en/events/?when=all&page=150"
EVENTS_CITY = "/en/events/?city=lyon&when=all"
# Data added by bench/generate_forum.py: one debate, top-level contributions + replies.
BENCH_CONTRIBUTIONS = 10_000
BENCH_TOP_LEVEL = 2_000
FORUM_LIST = "/en/forum/"
BIG_DEBATE = "/en/forum/bench-big-debate/"
DEBATE_AGREED = "/en/forum/bench-big-debate/?sort=agreed"
DEBATE_AGAINST = "/en/forum/bench-big-debate/?stance=against&page=20"
URLS = [
    ("/healthz", "trivial Django view (SELECT 1): the reference"),
    ("/en/", "home page: the network, next events, open debates, practices, figures"),
    ("/en/network/", "network overview with map"),
    ("/en/cities/", "city list"),
    ("/en/cities/milan/", "city page"),
    ("/map/europe.svg", "base map SVG (country outlines)"),
    (EVENTS_LIST, "events list, first page of upcoming events"),
    (EVENTS_DEEP, "events list, all events, page 150 (offset 2,980)"),
    (EVENTS_CITY, "events list filtered by city (Lyon), all events"),
    (BIG_EVENT, f"event page, event with {BENCH_REGISTRATIONS:,} registrations"),
    (FORUM_LIST, "Forum debate list"),
    (
        BIG_DEBATE,
        f"debate with {BENCH_CONTRIBUTIONS:,} contributions, first page (newest threads)",
    ),
    (DEBATE_AGREED, "the same debate, first page sorted by most agreed"),
    (DEBATE_AGAINST, "the same debate, threads against, page 20"),
]
# Text each page must contain, so that we measure the data we think we measure
# (the paginator quietly serves the last page for a page number out of range).
CONTRIBUTION = b'class="contribution'
EXPECT: dict[str, tuple[bytes, ...]] = {
    EVENTS_DEEP: (b"Page 150 of",),
    EVENTS_CITY: (b"bench-",),
    BIG_EVENT: (f"{BENCH_REGISTRATIONS} of".encode(),),
    FORUM_LIST: (b"Benchmark: should cities have a direct say",),
    BIG_DEBATE: (CONTRIBUTION, f"{BENCH_TOP_LEVEL} threads".encode(), b"Page 1 of"),
    DEBATE_AGREED: (CONTRIBUTION, f"{BENCH_TOP_LEVEL} threads".encode(), b"Page 1 of"),
    DEBATE_AGAINST: (CONTRIBUTION, b"Page 20 of"),
}
# Extra concurrency levels, full mode only: the overview under more and less load, and
# the event pages and the big debate with a single client (their service time, without
# queueing).
SWEEPS = [
    ("/en/network/", [1, 8]),
    (EVENTS_LIST, [1]),
    (EVENTS_DEEP, [1]),
    (BIG_EVENT, [1]),
    (BIG_DEBATE, [1]),
]

# Budgets, checked against the run at CONCURRENCY clients.
HOME_P50_MS = 100.0  # the outputs issue: the home page under 100 ms median
OVERVIEW_P95_MS = 150.0
# /healthz does ~0.6 ms of work; a page renders a full template (~5 ms in-process),
# so 10% of the trivial view's throughput is the floor we hold pages to.
OVERVIEW_MIN_RATIO = 0.10
CITY_P95_MS = 100.0
# From the events issue: with 5,000 events and one event with 2,000 registrations, list
# and event pages served in under 100 ms median on SQLite on a 2-core machine.
EVENTS_P50_MS = 100.0
# From the Forum issue: a debate with 10,000 contributions (2,000 top-level, the rest
# replies): the first page is served in under 150 ms median on SQLite on 2 cores.
FORUM_P50_MS = 150.0
# From the events issue, for an event with 2,000 registrations (function benchmarks in
# bench/test_bench_events_reports.py, median): participant list as CSV or XLSX in under
# 1 s, signed attendance list as PDF in under 10 s.
REPORT_BUDGETS_S = [
    ("event_report_csv_2000", "participant list CSV (2,000 registrations)", 1.0),
    ("event_report_xlsx_2000", "participant list XLSX (2,000 registrations)", 1.0),
    ("attendance_pdf_2000", "attendance list PDF (2,000 registrations)", 10.0),
]

# From the search issue: with 100,000 indexed documents in six languages, median query
# under 30 ms and p95 under 100 ms on SQLite and on PostgreSQL on 2 cores; indexing
# 100,000 documents from scratch under 2 minutes.
SEARCH_DOCS = {"quick": 5_000, "full": 100_000}
SEARCH_MEDIAN_MS = 30.0
SEARCH_P95_MS = 100.0
SEARCH_INDEX_S = 120.0
BENCH_POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test")

START = time.monotonic()
# The steps, in order (``--only`` picks some of them).
ONLY_ALL = [
    "functions",
    "load",
    "search",
    "opinions",
    "decisions",
    "funding",
    "api",
    "impact",
    "publications",
    "scale",
]


def step(message: str) -> None:
    print(f"[{time.monotonic() - START:6.1f}s] {message}", flush=True)


# --------------------------------------------------------------------------------------
# Machine
# --------------------------------------------------------------------------------------


def loadavg() -> float:
    """1-minute load average (0.0 where unknown): other work competing for the cores."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def _proc_stat(pid: int | str) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # fields from 3 (state) on


def cpu_snapshot(server_pid: int | None) -> tuple[float, float, float]:
    """(machine busy, machine total, this benchmark's own) CPU time in clock ticks.

    "Own" is this process (the load generator threads) plus gunicorn's master and
    workers; the rest of "busy" is other work on the machine. Zeros where /proc is
    unavailable.
    """
    try:
        fields = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        user, nice, system, idle, iowait, irq, softirq, steal = fields
        busy = user + nice + system + irq + softirq + steal
        total = busy + idle + iowait
        pids: list[int | str] = ["self"]
        if server_pid:
            pids.append(server_pid)
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        if int(_proc_stat(entry.name)[1]) == server_pid:
                            pids.append(entry.name)
                    except (OSError, ValueError, IndexError):
                        continue
        own = 0.0
        for pid in pids:
            try:
                st = _proc_stat(pid)
                own += float(st[11]) + float(st[12])  # utime + stime
            except (OSError, ValueError, IndexError):
                continue
        return busy, total, own
    except (OSError, ValueError):
        return 0.0, 0.0, 0.0


def other_cpu_share(before: tuple[float, float, float], after: tuple[float, float, float]):
    """Share of the machine's CPU capacity used by other processes between two snapshots."""
    busy, total, own = (a - b for a, b in zip(after, before, strict=True))
    return max(0.0, busy - own) / total if total > 0 else 0.0


def python_speed() -> str:
    """How fast this machine runs plain Python, to compare reports made on different
    machines of the same nominal size (their speed varies from one to the next): the
    best of 5 runs of a summing loop."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return f"{2_000_000 / best / 1e6:.1f} million loop iterations a second (best of 5)"


def machine_info() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    logical = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = logical
    import django
    import gunicorn

    return {
        "CPU": cpu,
        "Cores": f"{usable} usable ({logical} logical)",
        "Memory": mem,
        "OS": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "Gunicorn": gunicorn.__version__,
        "Database": f"SQLite {sqlite3.sqlite_version} (file, WAL, synchronous=NORMAL)",
    }


# --------------------------------------------------------------------------------------
# 1. Function benchmarks
# --------------------------------------------------------------------------------------


def run_function_benchmarks(quick: bool, tmp: Path) -> list[dict]:
    out = tmp / "functions.json"
    cmd = [
        PY,
        "-m",
        "pytest",
        "bench/test_bench_functions.py",
        "bench/test_bench_events_reports.py",
        "-p",
        "no:cacheprovider",
        "-q",
        "--no-header",
        f"--benchmark-json={out}",
        "--benchmark-columns=min,median,mean,max,ops,rounds",
        "--benchmark-sort=name",
    ]
    if quick:
        cmd += ["--benchmark-max-time=0.2", "--benchmark-min-rounds=5"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DATABASE_URL", None)  # pytest-django builds its own in-memory test database
    if quick:
        env["BENCH_QUICK"] = "1"  # fewer rounds of the slow benchmarks (attendance PDF)
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0 or not out.exists():
        print(proc.stdout[-4000:], proc.stderr[-4000:], sep="\n")
        raise SystemExit(f"function benchmarks failed (exit {proc.returncode})")
    data = json.loads(out.read_text())
    results = []
    for bench in data["benchmarks"]:
        s = bench["stats"]
        results.append(
            {
                "name": bench["name"].removeprefix("test_"),
                "min": s["min"],
                "median": s["median"],
                "mean": s["mean"],
                "max": s["max"],
                "stddev": s["stddev"],
                "ops": s["ops"],
                "rounds": s["rounds"],
            }
        )
    return results


# --------------------------------------------------------------------------------------
# 2. Load test
# --------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    path: str
    concurrency: int
    duration: float
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: int = 0
    other_cpu: float = 0.0  # share of the CPU used by other processes meanwhile
    error_samples: list[str] = field(default_factory=list)
    bytes: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.duration if self.duration else 0.0

    def pct(self, q: float) -> float:
        """Latency percentile in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))
        return ordered[index] * 1000

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.latencies) * 1000 if self.latencies else float("nan")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def load(port: int, path: str, concurrency: int, duration: float, warmup: float) -> LoadResult:
    """``concurrency`` clients, each one keep-alive connection, requesting back to back.

    Bounded by time (warm-up + duration) and by MAX_REQUESTS_PER_CLIENT per client.
    Requests that start during the warm-up are not recorded; the measured window is
    [warm-up end, deadline], and throughput counts responses completed in it.
    """
    result = LoadResult(path, concurrency, duration)
    lock = threading.Lock()
    start_barrier = threading.Barrier(concurrency + 1)
    timing: dict[str, float] = {}

    def client() -> None:
        latencies: list[float] = []
        errors: list[str] = []
        nbytes = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
        start_barrier.wait()
        measure_from, deadline = timing["measure_from"], timing["deadline"]
        try:
            for _ in range(MAX_REQUESTS_PER_CLIENT):
                t0 = time.perf_counter()
                if t0 >= deadline:
                    break
                error = ""
                body = b""
                try:
                    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                    resp = conn.getresponse()
                    body = resp.read()
                    t1 = time.perf_counter()
                    if resp.status != 200:
                        error = f"HTTP {resp.status}"
                    if resp.will_close:  # e.g. gunicorn sync workers: no keep-alive
                        conn.close()  # http.client reconnects on the next request
                except (OSError, http.client.HTTPException) as exc:
                    t1 = time.perf_counter()
                    error = f"{type(exc).__name__}: {exc}"
                    conn.close()
                if t0 < measure_from or t1 > deadline:
                    continue  # warm-up, or finished after the measured window
                if error:
                    errors.append(error)
                else:
                    latencies.append(t1 - t0)
                    nbytes += len(body)
        finally:
            conn.close()
            with lock:
                result.latencies.extend(latencies)
                result.errors += len(errors)
                result.error_samples.extend(errors[: 3 - len(result.error_samples)])
                result.bytes += nbytes

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    now = time.perf_counter()
    timing["measure_from"] = now + warmup
    timing["deadline"] = now + warmup + duration
    start_barrier.wait()
    for t in threads:
        t.join(timeout=warmup + duration + REQUEST_TIMEOUT_S + 5)
    return result


class Server:
    """Temporary database + static files + gunicorn; ``stop()`` always cleans up."""

    def __init__(self, tmp: Path, worker_class: str, threads: int):
        self.tmp = tmp
        self.port = free_port()
        self.worker_class = worker_class
        self.threads = threads
        self.proc: subprocess.Popen | None = None
        self.log_path = tmp / "gunicorn.log"
        self.data_summary = ""
        self.forum_summary = ""
        self.env = {
            **os.environ,
            "DEBUG": "false",
            "TESTING": "false",
            # TLS is terminated by the reverse proxy in production; here we speak
            # plain HTTP to gunicorn directly, so no SSL redirect and no secure cookies.
            "HTTPS": "false",
            "SECURE_SSL_REDIRECT": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.env.pop("CACHE_URL", None)

    def run(self, *args: str, timeout: float = 300) -> str:
        """Run a Python script (``manage.py ...``, ``bench/...``) against the temporary DB."""
        proc = subprocess.run(
            [PY, *args],
            cwd=ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": "metroagora.settings"},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-3000:], sep="\n")
            raise SystemExit(f"{' '.join(args)} failed (exit {proc.returncode})")
        return proc.stdout

    def manage(self, *args: str) -> str:
        return self.run("manage.py", *args)

    def prepare(self) -> None:
        step(f"  migrate into {self.env['DATABASE_URL']}")
        self.manage("migrate", "--noinput", "-v", "0")
        step("  seed_demo")
        self.manage("seed_demo")
        step("  seed_demo_events")
        self.manage("seed_demo_events")
        step(
            f"  bench/generate.py: {BENCH_EVENTS:,} events, one with "
            f"{BENCH_REGISTRATIONS:,} registrations"
        )
        out = self.run(
            "bench/generate.py",
            "--events",
            str(BENCH_EVENTS),
            "--registrations",
            str(BENCH_REGISTRATIONS),
        )
        self.data_summary = out.strip().splitlines()[-1] if out.strip() else ""
        step(f"    {self.data_summary}")
        step(
            f"  bench/generate_forum.py: a debate with {BENCH_CONTRIBUTIONS:,} contributions "
            f"({BENCH_TOP_LEVEL:,} top-level)"
        )
        out = self.run(
            "bench/generate_forum.py",
            "--total",
            str(BENCH_CONTRIBUTIONS),
            "--top-level",
            str(BENCH_TOP_LEVEL),
        )
        self.forum_summary = out.strip().splitlines()[-1] if out.strip() else ""
        step(f"    {self.forum_summary}")
        step(f"  collectstatic into {self.env['STATIC_ROOT']}")
        self.manage("collectstatic", "--noinput", "-v", "0")

    def command(self) -> list[str]:
        cmd = [
            PY,
            "-m",
            "gunicorn",
            "metroagora.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            self.worker_class,
            "--backlog",
            "256",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ]
        if self.worker_class == "gthread":
            cmd += ["--threads", str(self.threads)]
        return cmd

    def start(self) -> None:
        step(f"  gunicorn: {WORKERS} {self.worker_class} workers on 127.0.0.1:{self.port}")
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited (code {self.proc.returncode}):\n{self.log()}")
            try:
                status, _body = get(self.port, "/healthz", timeout=2)
                if status == 200:
                    step("  /healthz answers 200")
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer /healthz within 120 s:\n{self.log()}")

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        step("  stopping gunicorn")
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # our own process group only
            self.proc.wait(timeout=5)


def check_pages(server: Server) -> None:
    """Every page must answer 200 before we measure it; otherwise report and stop."""
    bad = []
    for path, _label in URLS:
        status, body = get(server.port, path, timeout=REQUEST_TIMEOUT_S)
        if status != 200:
            bad.append(f"{path}: HTTP {status}\n{body[:500].decode(errors='replace')}")
        else:
            missing = [marker for marker in EXPECT.get(path, ()) if marker not in body]
            if missing:
                bad.append(f"{path}: the page does not contain {missing!r}")
    if bad:
        time.sleep(0.5)
        raise SystemExit(
            "pages do not answer 200 under production settings:\n"
            + "\n".join(bad)
            + f"\n--- gunicorn log ---\n{server.log()}"
        )


def run_load_test(quick: bool, tmp: Path, worker_class: str, threads: int):
    duration = DURATION_S["quick" if quick else "full"]
    server = Server(tmp, worker_class, threads)
    results: list[LoadResult] = []
    sweep: list[LoadResult] = []
    try:
        server.prepare()
        server.start()
        check_pages(server)
        for path, _label in URLS:
            step(f"  {path}: {CONCURRENCY} clients, {WARMUP_S:g} s warm-up + {duration:g} s")
            before = cpu_snapshot(server.pid)
            r = load(server.port, path, CONCURRENCY, duration, WARMUP_S)
            r.other_cpu = other_cpu_share(before, cpu_snapshot(server.pid))
            results.append(r)
            step(
                f"    {r.rps:8.1f} req/s  p50 {r.pct(50):6.1f} ms  p95 {r.pct(95):6.1f} ms"
                f"  p99 {r.pct(99):6.1f} ms  errors {r.errors}  other CPU {r.other_cpu:.0%}"
            )
        if not quick:
            for path, levels in SWEEPS:
                for conc in levels:
                    step(f"  {path}: {conc} clients, {WARMUP_S:g} s warm-up + {duration:g} s")
                    before = cpu_snapshot(server.pid)
                    r = load(server.port, path, conc, duration, WARMUP_S)
                    r.other_cpu = other_cpu_share(before, cpu_snapshot(server.pid))
                    sweep.append(r)
                    step(
                        f"    {r.rps:8.1f} req/s  p50 {r.pct(50):6.1f} ms"
                        f"  p95 {r.pct(95):6.1f} ms  p99 {r.pct(99):6.1f} ms  errors {r.errors}"
                        f"  other CPU {r.other_cpu:.0%}"
                    )
        errors_in_log = [
            line for line in server.log().splitlines() if "Traceback" in line or "ERROR" in line
        ]
        if errors_in_log:
            print("gunicorn logged errors:\n" + server.log())
    finally:
        server.stop()
    return results, sweep, server


# --------------------------------------------------------------------------------------
# 3. Search
# --------------------------------------------------------------------------------------


def _postgres_admin_url() -> str | None:
    """The PostgreSQL server to create the throw-away database on, if it answers."""
    try:
        import psycopg

        with psycopg.connect(BENCH_POSTGRES_URL, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
        return BENCH_POSTGRES_URL
    except Exception:  # noqa: BLE001 - any failure means: not reachable, skip it
        return None


def _run_search(database_url: str, docs: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "TESTING": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "metroagora.settings",
    }
    for args, timeout in (
        (["manage.py", "migrate", "--noinput", "-v", "0"], 300),
        (
            ["bench/generate_search.py", "--docs", str(docs)],
            1800,
        ),
    ):
        proc = subprocess.run(
            [PY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-3000:], sep="\n")
            raise SystemExit(f"{' '.join(args)} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_search_benchmark(quick: bool, tmp: Path) -> list[dict]:
    """Indexing and query times of search, on SQLite and (when reachable) PostgreSQL."""
    docs = SEARCH_DOCS["quick" if quick else "full"]
    results = []
    step(f"  SQLite: index {docs:,} documents, then run the queries")
    results.append(_run_search(f"sqlite:///{tmp / 'search.sqlite3'}", docs))
    step(_search_line(results[-1]))
    admin = _postgres_admin_url()
    if admin is None:
        step(f"  PostgreSQL not reachable at {BENCH_POSTGRES_URL}: not measured")
        return results
    import psycopg

    name = f"metroagora_bench_search_{secrets.token_hex(4)}"
    base = admin.rsplit("/", 1)[0]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        step(f"  PostgreSQL: index {docs:,} documents, then run the queries")
        results.append(_run_search(f"{base}/{name}", docs))
        step(_search_line(results[-1]))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return results


def _search_line(r: dict) -> str:
    return (
        f"    {r['vendor']}: indexing {r['docs']:,} documents {r['indexing_s']:.1f} s, "
        f"queries median {r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms"
    )


# --------------------------------------------------------------------------------------
# 4. Budgets and report
# --------------------------------------------------------------------------------------


def budgets(
    results: list[LoadResult],
    sweep: list[LoadResult],
    functions: list[dict],
    search: list[dict] | None = None,
) -> list[tuple[str, str, str, bool]]:
    by_path = {r.path: r for r in results}
    ceiling = by_path["/healthz"].rps
    home = by_path["/en/"]
    overview, city = by_path["/en/network/"], by_path["/en/cities/milan/"]
    ratio = overview.rps / ceiling if ceiling else 0.0
    checks = [
        (
            f"`/en/` (home page: network, next events, open debates, latest practices, "
            f"headline figures; with the bench events and debate) p50 at {CONCURRENCY} clients",
            f"{home.pct(50):.1f} ms (p95 {home.pct(95):.1f} ms)",
            f"< {HOME_P50_MS:g} ms",
            home.pct(50) < HOME_P50_MS,
        ),
        (
            f"`/en/network/` (network overview) p95 at {CONCURRENCY} clients",
            f"{overview.pct(95):.1f} ms",
            f"< {OVERVIEW_P95_MS:g} ms",
            overview.pct(95) < OVERVIEW_P95_MS,
        ),
        (
            "`/en/network/` throughput relative to `/healthz`",
            f"{ratio:.0%}",
            f">= {OVERVIEW_MIN_RATIO:.0%}",
            ratio >= OVERVIEW_MIN_RATIO,
        ),
        (
            f"`/en/cities/milan/` (city page) p95 at {CONCURRENCY} clients",
            f"{city.pct(95):.1f} ms",
            f"< {CITY_P95_MS:g} ms",
            city.pct(95) < CITY_P95_MS,
        ),
    ]
    for path, what in (
        (EVENTS_LIST, "events list, first page"),
        (EVENTS_DEEP, "events list, page 150"),
        (EVENTS_CITY, "events list, filtered by city"),
        (BIG_EVENT, f"event page, {BENCH_REGISTRATIONS:,} registrations"),
    ):
        r = by_path[path]
        checks.append(
            (
                f"`{path}` ({what}) p50 at {CONCURRENCY} clients",
                f"{r.pct(50):.1f} ms",
                f"< {EVENTS_P50_MS:g} ms",
                r.pct(50) < EVENTS_P50_MS,
            )
        )
    debate = by_path[BIG_DEBATE]
    checks.append(
        (
            f"`{BIG_DEBATE}` (Forum debate with {BENCH_CONTRIBUTIONS:,} contributions, "
            f"first page) p50 at {CONCURRENCY} clients",
            f"{debate.pct(50):.1f} ms",
            f"< {FORUM_P50_MS:g} ms",
            debate.pct(50) < FORUM_P50_MS,
        )
    )
    fn = {f["name"]: f for f in functions}
    for name, what, limit in REPORT_BUDGETS_S:
        if name in fn:
            median = fn[name]["median"]
            checks.append(
                (f"{what}: `{name}` median", f"{median:.2f} s", f"< {limit:g} s", median < limit)
            )
        else:
            checks.append((f"{what}: `{name}` median", "not measured", f"< {limit:g} s", False))
    for found in search or []:
        db = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(found["vendor"], found["vendor"])
        queries = f"{found['queries']} queries on {found['docs']:,} documents"
        checks += [
            (
                f"search, {db}: indexing {found['docs']:,} documents from scratch",
                f"{found['indexing_s']:.1f} s",
                f"< {SEARCH_INDEX_S:g} s",
                found["indexing_s"] < SEARCH_INDEX_S,
            ),
            (
                f"search, {db}: median of {queries}",
                f"{found['median_ms']:.1f} ms",
                f"< {SEARCH_MEDIAN_MS:g} ms",
                found["median_ms"] < SEARCH_MEDIAN_MS,
            ),
            (
                f"search, {db}: p95 of {queries}",
                f"{found['p95_ms']:.1f} ms",
                f"< {SEARCH_P95_MS:g} ms",
                found["p95_ms"] < SEARCH_P95_MS,
            ),
        ]
    everything = [*results, *sweep]
    checks.append(
        (
            "errors during the load test",
            str(sum(r.errors for r in everything)),
            "0",
            all(r.errors == 0 for r in everything),
        )
    )
    return checks


def fmt_time(seconds: float) -> str:
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


FUNCTION_LABELS = {
    "city_for_page": "`selectors.city_for_page('milan').first()` (3 queries)",
    "europe_map_project_1000_points": "`EuropeMap.project` × 1,000 points",
    "load_europe_map_cold": "`load_europe_map()` cold (cache cleared: read + parse JSON)",
    "load_europe_map_warm": "`load_europe_map()` warm (lru_cache hit)",
    "network_overview": "`selectors.network_overview()` on the demo DB (2 queries)",
    "render_markdown_2kb": "`render_markdown()` on 2 KB of Markdown (+ nh3 sanitising)",
    "sqlite_connection_setup": "SQLite connect + project PRAGMAs + `SELECT 1` + close",
    "translated_text_resolve": "`TranslatedText.resolve` × 8 languages (incl. fallbacks)",
    "event_report_2000_participants": "`reports.event_report` on 2,000 participants and "
    "1,200 feedback answers (pure Python)",
    "event_report_page_2000": "event report page (HTML view), 2,000 registrations",
    "event_report_csv_2000": "participant list CSV (view), 2,000 registrations",
    "event_report_xlsx_2000": "participant list XLSX (view), 2,000 registrations",
    "attendance_pdf_2000": "signed attendance list PDF (view, WeasyPrint), 2,000 registrations",
}


def search_report(search: list[dict]) -> list[str]:
    w = ["## Search\n"]
    docs = search[0]["docs"]
    w.append(
        f"`bench/generate_search.py`: {docs:,} synthetic documents (practices, debates, "
        "contributions, events; 15/5/60/20%) in the six UI languages, a third with "
        "translations, built from a shared list of civic concepts with several word forms "
        "each, function words, city names and a long tail of rare words, with Zipf-like "
        "frequencies (the most common words are in half of the documents), indexed "
        "through the search backend from an empty index in date order, in one "
        "transaction, as `rebuild_search_index` does (stemming included; generating the "
        "text is not). Then each query runs once to warm up and "
        f"{search[0]['rounds']} times measured, in-process (`backend.search()`: counts "
        "per type when cheap, total, one ranked page of 20).\n"
    )
    w.append(
        "| Database | Documents | Words | Indexing | Median | p95 | Slowest "
        "| CPU indexing | CPU median | CPU p95 | Load average |"
    )
    w.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in search:
        w.append(
            f"| {r['vendor']} | {r['docs']:,} | {r['words']:,} | {r['indexing_s']:.1f} s "
            f"| {r['median_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {r['max_ms']:.1f} ms "
            f"| {r['indexing_cpu_s']:.1f} s | {r['cpu_median_ms']:.1f} ms "
            f"| {r['cpu_p95_ms']:.1f} ms | {r['load_average']:.2f} |"
        )
    w.append(
        "\n*CPU*: time on a core of the benchmark process plus, on PostgreSQL, the server "
        "process serving it (`/proc/<pid>/schedstat`): what the wall-clock figures would be "
        "without other processes competing for the cores. Budgets are checked on the "
        "wall clock.\n"
    )
    vendors = [r["vendor"] for r in search]
    w.append("| Query | Words | Matches | " + " | ".join(f"{v} ms" for v in vendors) + " |")
    w.append("|---|---|---:|" + "---:|" * len(vendors))
    for i, q in enumerate(search[0]["per_query"]):
        cells = " | ".join(f"{r['per_query'][i]['median_ms']:.1f}" for r in search)
        words = q["query"].replace("|", "\\|")
        w.append(f"| {q['label']} | `{words}` | {q['total']:,} | {cells} |")
    w.append("")
    return w


def report_head(
    quick: bool,
    machine: dict[str, str],
    checks,
    started: dt.datetime,
    elapsed: float,
    only: list[str],
) -> list[str]:
    """The report's title, date, machine and budgets table."""
    command = "python bench/run.py" + (" --quick" if quick else "")
    if only != ONLY_ALL:
        command += f" --only {','.join(only)}"
    w = ["# Benchmarks\n"]
    w.append(
        f"Generated by `make bench` (`{command}`); the file is overwritten on each run. "
        + (
            "**Quick mode**: short measurements, figures are indicative only.\n"
            if quick
            else "Full mode.\n"
        )
    )
    w.append(f"- Date: {started:%Y-%m-%d %H:%M %Z} (run took {elapsed:.0f} s)")
    for key, value in machine.items():
        w.append(f"- {key}: {value}")
    w.append("")

    w.append("## Budgets\n")
    w.append("| Check | Measured | Budget | Result |")
    w.append("|---|---:|---:|:---:|")
    for label, measured, budget, ok in checks:
        w.append(f"| {label} | {measured} | {budget} | {'PASS' if ok else '**FAIL**'} |")
    w.append(
        "\nBudgets are checked, printed as PASS/FAIL and recorded here; a FAIL does not "
        "fail `make bench`.\n"
    )
    return w


def write_partial_report(
    *,
    path: Path,
    quick: bool,
    machine: dict[str, str],
    checks,
    started: dt.datetime,
    elapsed: float,
    only: list[str],
    sections: list[list[str]],
    notes: list[str],
) -> None:
    """The report of a run of some steps only (``--only``): their budgets and sections."""
    w = report_head(quick, machine, checks, started, elapsed, only)
    for lines in sections:
        w.extend(lines)
    if notes:
        w.append("## Notes\n")
        w.extend(f"- {n}" for n in notes)
        w.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(w))


def write_report(
    *,
    quick: bool,
    machine: dict[str, str],
    functions: list[dict],
    results: list[LoadResult],
    sweep: list[LoadResult],
    checks,
    server: Server,
    started: dt.datetime,
    elapsed: float,
    busy: bool,
    search: list[dict] | None = None,
    extra_notes: list[str] | None = None,
    sections: list[list[str]] | None = None,
    output: Path = DOC,
) -> None:
    duration = DURATION_S["quick" if quick else "full"]
    ceiling = next(r.rps for r in results if r.path == "/healthz")
    labels = dict(URLS)
    w = report_head(quick, machine, checks, started, elapsed, ONLY_ALL)

    w.append("## Load test\n")
    worker_desc = f"{WORKERS} `{server.worker_class}` workers"
    if server.worker_class == "gthread":
        worker_desc += f" × {server.threads} threads"
    w.append(
        f"gunicorn {machine['Gunicorn']} serving `metroagora.wsgi:application` with "
        f"{worker_desc} on 127.0.0.1, production settings (`DEBUG=false`, hashed and "
        "compressed static files served by WhiteNoise, random `SECRET_KEY`, "
        "`ALLOWED_HOSTS=127.0.0.1`), on a fresh SQLite file migrated and seeded with "
        "`seed_demo`, `seed_demo_events`, `bench/generate.py` and "
        "`bench/generate_forum.py`. `HTTPS=false`: in "
        "production TLS is terminated by the reverse proxy in front of gunicorn, so the "
        "benchmark talks plain HTTP to gunicorn and skips the SSL redirect; proxy and TLS "
        "costs are not included.\n"
    )
    w.append(
        f"Data: the demo network and demo events, plus `bench/generate.py`: "
        f"{BENCH_EVENTS:,} events spread over the demo cities (about 60% past and held or "
        "cancelled, the rest upcoming and published, a few drafts; every kind; up to "
        "three topics each) and `bench-big-event`, an upcoming international event in Lyon "
        f"with {BENCH_REGISTRATIONS:,} confirmed registrations. Generator output: "
        f"*{server.data_summary or 'not recorded'}*.\n"
    )
    w.append(
        "Forum: `bench/generate_forum.py` adds `bench-big-debate`, a debate with "
        f"{BENCH_CONTRIBUTIONS:,} contributions: {BENCH_TOP_LEVEL:,} top-level, the rest "
        "replies at depth 1 (two thirds) and 2, spread unevenly over the threads (a few "
        "threads draw most replies), in ten languages with random stances, agreements "
        "(`Reaction` rows), about 1% hidden by a moderator, 0.5% deleted, a few official "
        "responses; the debate list then holds that debate only (the demo debates are not "
        f"loaded). Generator output: *{server.forum_summary or 'not recorded'}*.\n"
    )
    w.append(
        f"Load: {CONCURRENCY} concurrent clients (Python threads, one keep-alive "
        f"`http.client` connection each, reconnecting when the server closes it), "
        f"requesting one URL back to back, {WARMUP_S:g} s warm-up then {duration:g} s "
        "measured per URL, anonymous requests. Latency is per request as seen by the "
        "client; an error is a non-200 answer or a connection failure. The client runs on "
        "the same machine and competes with gunicorn for the CPU cores, so the figures "
        "are a lower bound for a server with dedicated cores.\n"
    )
    w.append(
        "| URL | What | req/s | vs `/healthz` | p50 ms | p95 ms | p99 ms | mean ms "
        "| requests | errors | KB/resp | other CPU |"
    )
    w.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        kb = r.bytes / r.requests / 1024 if r.requests else 0
        ratio = r.rps / ceiling if ceiling else 0
        w.append(
            f"| `{r.path}` | {labels[r.path]} | {r.rps:.0f} | {ratio:.0%} | {r.pct(50):.1f} "
            f"| {r.pct(95):.1f} | {r.pct(99):.1f} | {r.mean_ms:.1f} | {r.requests} "
            f"| {r.errors} | {kb:.1f} | {r.other_cpu:.0%} |"
        )
    w.append(
        "\n*other CPU*: share of the machine's CPU capacity used by processes other than "
        "gunicorn and the load generator during that measurement (from `/proc/stat`); "
        "well above 0% means the figure on that line is pessimistic.\n"
    )
    if sweep:
        w.append("### Other concurrency levels\n")
        w.append(
            "The overview under less and more load, and the event pages and the big "
            "debate with one client (their service time, without queueing behind other "
            "requests).\n"
        )
        w.append("| URL | Clients | req/s | p50 ms | p95 ms | p99 ms | errors | other CPU |")
        w.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        main_runs = {r.path: r for r in results}
        for path, _levels in SWEEPS:
            runs = [r for r in sweep if r.path == path]
            if path in main_runs:
                runs.append(main_runs[path])
            for r in sorted(runs, key=lambda r: r.concurrency):
                w.append(
                    f"| `{r.path}` | {r.concurrency} | {r.rps:.0f} | {r.pct(50):.1f} "
                    f"| {r.pct(95):.1f} | {r.pct(99):.1f} | {r.errors} | {r.other_cpu:.0%} |"
                )
        w.append("")

    if search:
        w.extend(search_report(search))
    for lines in sections or []:
        w.extend(lines)
    w.append("## Function benchmarks\n")
    w.append(
        "pytest-benchmark, in-process (no HTTP, no middleware), on pytest-django's "
        "in-memory SQLite test database: `bench/test_bench_functions.py` seeded with "
        "`seed_demo`; `bench/test_bench_events_reports.py` with an event of 2,000 "
        "confirmed registrations built by its fixture, the views called with a "
        "`RequestFactory` request of a network admin (queries, building, rendering). "
        "The attendance PDF runs " + ("1 round in quick mode" if quick else "3 rounds") + ".\n"
    )
    w.append("| Function | min | median | mean | max | ops/s | rounds |")
    w.append("|---|---:|---:|---:|---:|---:|---:|")
    for f in functions:
        label = FUNCTION_LABELS.get(f["name"], f"`{f['name']}`")
        w.append(
            f"| {label} | {fmt_time(f['min'])} | {fmt_time(f['median'])} "
            f"| {fmt_time(f['mean'])} | {fmt_time(f['max'])} | {f['ops']:,.0f} "
            f"| {f['rounds']} |"
        )
    w.append("")

    w.append("## Notes\n")
    by_path = {r.path: r for r in results}
    fn = {f["name"]: f for f in functions}
    other = max((r.other_cpu for r in [*results, *sweep]), default=0.0)
    if busy or other > 0.2:
        w.append(
            f"- **The machine was busy**: load average {machine['Load average before the run']}"
            f" before the run, other processes used up to {other:.0%} of the CPU during the "
            "load test. The figures are pessimistic and noisier than on an idle machine; "
            "re-run to compare."
        )
    notes = [
        *(extra_notes or []),
        f"`/healthz` ({ceiling:.0f} req/s) is the reference: one Django request through "
        "the whole middleware stack plus one `SELECT 1`. Each page's ratio to it shows "
        "what the page itself costs.",
    ]
    faster = [r.path for r in results if r.path != "/healthz" and r.rps > ceiling]
    if faster and "sqlite_connection_setup" in fn:
        notes.append(
            f"{', '.join(f'`{p}`' for p in faster)} beat `/healthz` as "
            f"{'it does' if len(faster) == 1 else 'they do'} not "
            "touch the database: with SQLite the settings leave `CONN_MAX_AGE` at 0, so "
            "every request that queries opens a new connection and runs the `PRAGMA` "
            f"init command, {fmt_time(fn['sqlite_connection_setup']['median'])} "
            "in-process (function benchmark `sqlite_connection_setup`)."
        )
    for path, selector in (
        ("/en/network/", "network_overview"),
        ("/en/cities/milan/", "city_for_page"),
    ):
        res = by_path.get(path)
        if selector in fn and res and res.rps:
            busy_ms = 1000 * WORKERS / res.rps
            sel_ms = fn[selector]["median"] * 1000
            notes.append(
                f"`{path}`: {res.rps:.0f} req/s on {WORKERS} workers is about {busy_ms:.1f} ms "
                f"of worker time per request; its selector (`{selector}`) takes "
                f"{sel_ms:.2f} ms in-process ({sel_ms / busy_ms:.0%}), so most of the cost "
                "is template rendering, middleware and HTTP handling."
            )
    event_pages = [by_path[p] for p in (EVENTS_LIST, EVENTS_DEEP, EVENTS_CITY, BIG_EVENT)]
    if all(r.rps for r in event_pages):
        costs = ", ".join(
            f"`{r.path}` {1000 * WORKERS / r.rps:.1f} ms" for r in event_pages if r.rps
        )
        single = {r.path: r for r in sweep if r.concurrency == 1}
        alone = ", ".join(
            f"`{p}` {single[p].pct(50):.1f} ms"
            for p in (EVENTS_LIST, EVENTS_DEEP, BIG_EVENT)
            if p in single
        )
        notes.append(
            "Events issue budget (list and event pages under 100 ms median with "
            f"{BENCH_EVENTS:,} events and an event with {BENCH_REGISTRATIONS:,} "
            f"registrations, SQLite, 2 cores): checked at {CONCURRENCY} clients like the "
            "other budgets, so the median includes queueing behind other requests. Worker "
            f"time per request: {costs}."
            + (f" Median with a single client (no queueing): {alone}." if alone else "")
        )
    forum_pages = [by_path[p] for p in (BIG_DEBATE, DEBATE_AGREED, DEBATE_AGAINST)]
    if all(r.rps for r in forum_pages):
        costs = ", ".join(f"`{r.path}` {1000 * WORKERS / r.rps:.1f} ms" for r in forum_pages)
        alone_run = next((r for r in sweep if r.path == BIG_DEBATE and r.concurrency == 1), None)
        notes.append(
            f"Forum issue budget (a debate with {BENCH_CONTRIBUTIONS:,} contributions, "
            f"{BENCH_TOP_LEVEL:,} top-level: first page under {FORUM_P50_MS:g} ms median, "
            f"SQLite, 2 cores): checked at {CONCURRENCY} clients like the other budgets. "
            f"Worker time per request: {costs}."
            + (
                f" Median of the first page with a single client (no queueing): "
                f"{alone_run.pct(50):.1f} ms."
                if alone_run
                else ""
            )
        )
    if "load_europe_map_cold" in fn:
        notes.append(
            f"Loading the map cold costs {fmt_time(fn['load_europe_map_cold']['median'])}, "
            "paid once per worker process thanks to `lru_cache`; warm calls are "
            f"{fmt_time(fn['load_europe_map_warm']['median'])}."
        )
    notes.append(
        f"With {WORKERS} workers and {CONCURRENCY} clients, requests queue in gunicorn: "
        "latency is roughly (clients / workers) × service time, so p95 budgets at "
        f"{CONCURRENCY} clients include queueing."
    )
    if server.worker_class == "sync":
        notes.append(
            "Sync workers close the connection after each response (no keep-alive), so "
            "each request includes a new TCP connection on the loopback interface. "
            "`--worker-class gthread` is available for comparison."
        )
    for n in notes:
        w.append(f"- {n}")
    w.append("")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(w))


def report_path(quick: bool, only: list[str], output: str | None) -> Path:
    """Where the report goes: docs/benchmarks.md for a full run of every step only.

    A quick run, or a run of some steps, writes under var/ (not versioned) unless
    ``--output`` says otherwise, so that it never replaces the committed full report.
    """
    if output:
        return Path(output).resolve()
    if not quick and only == ONLY_ALL:
        return DOC
    return ROOT / "var" / ("benchmarks-quick.md" if quick else "benchmarks-partial.md")


def parse_only(value: str) -> list[str]:
    steps = [s.strip() for s in value.split(",") if s.strip()]
    unknown = sorted(set(steps) - set(ONLY_ALL))
    if unknown or not steps:
        raise argparse.ArgumentTypeError(
            f"unknown step(s) {', '.join(unknown) or '(none)'}; steps: {', '.join(ONLY_ALL)}"
        )
    return [s for s in ONLY_ALL if s in steps]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs")
    parser.add_argument(
        "--only",
        type=parse_only,
        default=ONLY_ALL,
        help=f"comma-separated steps to run (default: all): {','.join(ONLY_ALL)}",
    )
    parser.add_argument(
        "--output",
        help="report file (default: docs/benchmarks.md for a full run of every step, "
        "var/benchmarks-quick.md or var/benchmarks-partial.md otherwise)",
    )
    parser.add_argument(
        "--worker-class",
        default="sync",
        choices=["sync", "gthread"],
        help="gunicorn worker class (default: sync)",
    )
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker")
    args = parser.parse_args()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    # The domain benchmarks import ``bench.run``: let them share this module (one clock
    # for the progress lines) rather than load a second copy.
    sys.modules.setdefault("bench.run", sys.modules[__name__])
    started = dt.datetime.now().astimezone()
    mode = "quick" if args.quick else "full"
    only: list[str] = args.only
    out = report_path(args.quick, only, args.output)
    step(f"MetroAgora benchmarks ({mode} mode" + ("" if only == ONLY_ALL else f", {only}") + ")")
    machine = machine_info()
    load_before = loadavg()
    machine["Load average before the run"] = f"{load_before:.2f}"
    machine["Python speed"] = python_speed()
    step(f"Python speed: {machine['Python speed']}")
    step(f"machine: {machine['CPU']}, {machine['Cores']}, {machine['Memory']}")
    busy = load_before > 0.5 * (os.cpu_count() or 1)
    if busy:
        step(f"warning: load average {load_before:.2f}, other processes are using the CPU")
    checks: list = []
    notes: list[str] = []
    sections: list[list[str]] = []
    functions: list[dict] = []
    results: list[LoadResult] = []
    sweep: list[LoadResult] = []
    server: Server | None = None
    search: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="metroagora-bench-"))

    def domain(name: str, title: str, run) -> None:
        """A domain benchmark (bench/bench_*.py): its checks, notes and section, if any."""
        if name not in only:
            return
        step(f"[3/4] {title}")
        work = tmp / name
        work.mkdir()
        found = run(args.quick, work)
        if isinstance(found, list):  # checks only
            checks.extend(found)
            return
        checks.extend(found[0])
        notes.append(found[1])
        if len(found) > 2:
            sections.append(found[2])

    try:
        if "functions" in only:
            step("[1/4] function benchmarks (pytest-benchmark)")
            functions = run_function_benchmarks(args.quick, tmp)
            for f in functions:
                step(f"    {f['name']:<34} median {fmt_time(f['median']):>10}")
        if "load" in only:
            step("[2/4] load test")
            results, sweep, server = run_load_test(args.quick, tmp, args.worker_class, args.threads)
        if "search" in only:
            step("[3/4] search")
            search = run_search_benchmark(args.quick, tmp)
        from bench.bench_api import api_benchmarks
        from bench.bench_decisions import decision_benchmarks
        from bench.bench_funding import funding_benchmarks
        from bench.bench_impact import impact_benchmarks
        from bench.bench_opinion_votes import opinion_vote_benchmarks
        from bench.bench_opinions import opinion_benchmarks
        from bench.bench_publications import publication_benchmarks
        from bench.bench_scale import scale_benchmarks

        if "opinions" in only:
            step("[3/4] opinion maps: analysis sizes, voting over HTTP, recompute from SQLite")
            checks.extend(opinion_benchmarks(args.quick))
        domain("opinions", "opinion maps: 20 voters over HTTP", opinion_vote_benchmarks)
        domain(
            "decisions",
            "local decisions: proposals list over HTTP, closing a big vote",
            decision_benchmarks,
        )
        domain(
            "funding",
            "EU funding: importing 10,000 topics, ranking, the calls list",
            funding_benchmarks,
        )
        domain("api", "API: list endpoints at page size 50", api_benchmarks)
        domain(
            "impact",
            "impact dashboard: pages over HTTP, computing the figures",
            impact_benchmarks,
        )
        domain(
            "publications",
            "publications: a 100-page PDF with 200 images, by its background task",
            publication_benchmarks,
        )
        domain(
            "scale",
            "scale: every page and API list on the generated network, 20 clients",
            scale_benchmarks,
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    step("[4/4] budgets and report")
    if "functions" in only and "load" in only:
        checks = budgets(results, sweep, functions, search) + checks
    for label, measured, budget, ok in checks:
        print(
            f"  {'PASS' if ok else 'FAIL'}  {label.replace('`', '')}: {measured} (budget {budget})"
        )
    elapsed = time.monotonic() - START
    if only == ONLY_ALL and server is not None:
        write_report(
            quick=args.quick,
            machine=machine,
            functions=functions,
            results=results,
            sweep=sweep,
            checks=checks,
            server=server,
            started=started,
            elapsed=elapsed,
            busy=busy,
            search=search,
            extra_notes=notes,
            sections=sections,
            output=out,
        )
    else:
        write_partial_report(
            path=out,
            quick=args.quick,
            machine=machine,
            checks=checks,
            started=started,
            elapsed=elapsed,
            only=only,
            sections=sections,
            notes=notes,
        )
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    step(f"wrote {shown}")


if __name__ == "__main__":
    main()
