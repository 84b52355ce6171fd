"""Local decisions under load: the proposals list over HTTP, and closing a big vote.

    python bench/bench_decisions.py [--quick]      # both, printed
    (bench/run.py calls ``decision_benchmarks``)

1. Proposals list: a throw-away SQLite database, migrated and seeded with ``seed_demo``,
   then ``bench/generate_decisions.py proposals``: a process in its supports phase with
   5,000 proposals and 200,000 supports (1,000 and 40,000 in quick mode), and a small
   process with 30 proposals. Gunicorn with production settings (2 sync workers, as for
   the other pages) serves the list: page 1 (sorted by supports, the default), a deep
   page, and one category sorted by supports; each URL is loaded by 4 clients, then by 1
   (full mode), with ``bench/run.py``'s load generator. The number of database queries
   of each page is counted in-process (Django test client, ``CaptureQueriesContext``)
   on the big process and on the small one: it must be the same, whatever the size.
2. Closing a vote: the same database gets ``bench/generate_decisions.py ballots``:
   a budget with 200 projects and 100,000 secret ballots of 5 to 10 projects each
   (10,000 in quick mode), its voting phase over. In a fresh process: the pure count
   ``tally.winning_set`` (median of 20), ``services.compute_results`` (reads only,
   median of 3), and ``services.close_budget`` (count, winners and writes in one
   transaction) run 3 times: the first closes the vote and creates the implementation
   records of the winners, the next ones recount the same ballots; the budget is
   checked on the slowest run. The process loads the URL conf first, as a server or a
   task worker does once when it starts (timed and reported apart). Its query count is recorded.

From the decisions issue, on SQLite on 2 cores: the proposals list (5,000 proposals,
200,000 supports) in under 100 ms median, with a constant number of queries; closing a
vote of 100,000 ballots over 200 projects in under 2 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    Check,
    count_queries,
    last_json,
    setup_django,
    timed_load,
)
from bench.run import (  # noqa: E402
    CONCURRENCY,
    DURATION_S,
    REQUEST_TIMEOUT_S,
    Server,
    get,
    step,
)

SIZES = {
    "quick": {"proposals": 1_000, "supports": 40_000, "ballots": 10_000, "projects": 200},
    "full": {"proposals": 5_000, "supports": 200_000, "ballots": 100_000, "projects": 200},
}
SMALL = {"proposals": 30, "supports": 300}
BIG_SLUG = "bench-proposals"
SMALL_SLUG = "bench-proposals-small"
LIST_P50_MS = 100.0
CLOSE_S = 2.0
PAGE_SIZE = 20


def _list_urls(slug: str, made: dict[str, Any]) -> list[tuple[str, str, bytes]]:
    """(url, what, text the page must contain) for a generated process."""
    pages = -(-made["visible"] // PAGE_SIZE)
    deep = max(1, pages * 4 // 5)
    base = f"/en/decisions/{slug}/proposals/"
    return [
        (base, "page 1, sorted by supports", b"Page 1 of"),
        (
            f"{base}?page={deep}",
            f"page {deep} (offset {(deep - 1) * PAGE_SIZE:,})",
            f"Page {deep} of".encode(),
        ),
        (
            f"{base}?category={made['category']}&sort=supports",
            f"one category ({made['in_category']:,} proposals), sorted by supports",
            f"{made['in_category']} proposals".encode(),
        ),
    ]


# --- In a subprocess with Django set up --------------------------------------------------


def explain(slug: str, category: int) -> None:
    """SQLite's plan for the list queries (printed; for the notes and for debugging)."""
    setup_django()
    from django.db import connection

    from metroagora.decisions import selectors
    from metroagora.decisions.models import Process

    process = Process.objects.get(slug=slug)
    plans = {}
    for label, filters, page in (
        ("page 1", {}, 1),
        ("category", {"category": category}, 1),
    ):
        queryset = selectors.filter_proposals(process, filters)
        rows = selectors.proposal_page(queryset, "supports", page).object_list
        for name, sql_params in (
            ("count", queryset.order_by().values("pk").query.sql_with_params()),
            ("rows", rows.query.sql_with_params()),  # type: ignore[attr-defined]
        ):
            sql, params = sql_params
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plans[f"{label} {name}"] = [row[-1] for row in cursor.fetchall()]
    print(json.dumps(plans))


def time_tally(slug: str) -> None:
    """winning_set, compute_results and close_budget, timed in this fresh process."""
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import get_resolver

    from metroagora.decisions import services, tally
    from metroagora.decisions.models import Budget, Implementation

    budget = Budget.objects.get(process__slug=slug)
    results: dict[str, Any] = {}
    # A serving process or a task worker loads the URL conf (and with it the API's
    # routers, which import scikit-learn) once, before its first request or job; the
    # first ``get_absolute_url`` would otherwise pay for that here. Timed apart.
    started = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018
    results["url_conf_s"] = time.perf_counter() - started
    timings = []
    for _round in range(3):
        started = time.perf_counter()
        outcome = services.compute_results(budget)
        timings.append(time.perf_counter() - started)
    results["compute_results_s"] = timings
    costs = {r.project_id: r.cost for r in outcome.results}
    votes = {r.project_id: r.votes for r in outcome.results}
    timings = []
    for _round in range(20):
        started = time.perf_counter()
        tally.winning_set(costs, votes, budget.amount)
        timings.append(time.perf_counter() - started)
    results["winning_set_s"] = timings
    timings = []
    for _round in range(3):
        budget.refresh_from_db()
        started = time.perf_counter()
        closed = services.close_budget(None, budget)
        timings.append(time.perf_counter() - started)
    results["close_budget_s"] = timings
    with CaptureQueriesContext(connection) as captured:
        services.close_budget(None, budget)
    results["close_budget_queries"] = len(captured.captured_queries)
    results["ballots"] = closed.ballots
    results["winners"] = sum(1 for r in closed.results if r.selected)
    results["votes"] = sum(r.votes for r in closed.results)
    results["spent"] = str(closed.spent)
    results["amount"] = str(budget.amount)
    results["implementations"] = Implementation.objects.filter(project__budget=budget).count()
    print(json.dumps(results))


# --- Orchestration -----------------------------------------------------------------------


def _start(server: Server, patience: float = 120.0) -> None:
    """``server.start()``, giving gunicorn longer to answer on a busy machine."""
    try:
        server.start()
    except SystemExit:
        if server.proc is None or server.proc.poll() is not None:
            raise
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            try:
                if get(server.port, "/healthz", timeout=2)[0] == 200:
                    step("  /healthz answers 200 (slow start: the machine is busy)")
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise


def decision_benchmarks(quick: bool, tmp: Path | None = None) -> tuple[list[Check], str]:
    """Budget rows for ``bench/run.py`` and a paragraph of method notes."""
    mode = "quick" if quick else "full"
    size = SIZES[mode]
    own_tmp = tempfile.TemporaryDirectory(prefix="metroagora-decisions-") if tmp is None else None
    work = Path(own_tmp.name if own_tmp else tmp)  # type: ignore[arg-type]
    server = Server(work, "sync", 1)
    checks: list[Check] = []
    scale = " (quick: 1/5 size)" if quick else ""
    try:
        step(f"  migrate into {server.env['DATABASE_URL']}, seed_demo, collectstatic")
        server.manage("migrate", "--noinput", "-v", "0")
        server.manage("seed_demo")
        server.manage("collectstatic", "--noinput", "-v", "0")
        step(f"  {size['proposals']:,} proposals, {size['supports']:,} supports")
        big = last_json(
            server.run(
                "bench/generate_decisions.py",
                "proposals",
                "--slug",
                BIG_SLUG,
                "--proposals",
                str(size["proposals"]),
                "--supports",
                str(size["supports"]),
            )
        )
        step(f"    {big}")
        small = last_json(
            server.run(
                "bench/generate_decisions.py",
                "proposals",
                "--slug",
                SMALL_SLUG,
                "--proposals",
                str(SMALL["proposals"]),
                "--supports",
                str(SMALL["supports"]),
            )
        )
        big_urls = _list_urls(BIG_SLUG, big)
        small_urls = _list_urls(SMALL_SLUG, small)
        counted = last_json(
            server.run(
                "bench/bench_decisions.py",
                "--count-queries",
                *[url for url, _what, _mark in big_urls + small_urls],
            )
        )
        plans = last_json(
            server.run("bench/bench_decisions.py", "--explain", BIG_SLUG, str(big["category"]))
        )
        step(f"    queries: {counted}")
        _start(server)
        bad = []
        for url, _what, mark in big_urls:
            status, body = get(server.port, url, timeout=REQUEST_TIMEOUT_S)
            if status != 200 or mark not in body:
                bad.append(
                    f"{url}: HTTP {status}, {mark!r} {'found' if mark in body else 'missing'}"
                )
        if bad:
            raise SystemExit("proposal list pages do not answer as expected:\n" + "\n".join(bad))
        duration = DURATION_S[mode]
        for (url, what, _mark), (small_url, _w, _m) in zip(big_urls, small_urls, strict=True):
            result = timed_load(server, url, CONCURRENCY, duration)
            alone = None if quick else timed_load(server, url, 1, duration)
            queries, small_queries = counted[url]["queries"], counted[small_url]["queries"]
            checks.append(
                (
                    f"`{url}` (proposals list, {big['proposals']:,} proposals and "
                    f"{big['supports']:,} supports{scale}: {what}) p50 at {CONCURRENCY} clients",
                    f"{result.pct(50):.1f} ms (p95 {result.pct(95):.1f} ms"
                    + (f"; 1 client: p50 {alone.pct(50):.1f} ms" if alone else "")
                    + f"; {result.errors} errors; in-process CPU {counted[url]['cpu_ms']:.1f} ms"
                    + f"; other CPU {result.other_cpu:.0%})",
                    f"< {LIST_P50_MS:g} ms",
                    result.pct(50) < LIST_P50_MS and result.errors == 0,
                )
            )
            checks.append(
                (
                    f"`{url}`: database queries, vs the same page of a {SMALL['proposals']}-"
                    "proposal process",
                    f"{queries} (small process: {small_queries})",
                    "constant",
                    queries == small_queries,
                )
            )
    finally:
        server.stop()
    step(f"  tally: {size['ballots']:,} ballots over {size['projects']} projects")
    made = last_json(
        server.run(
            "bench/generate_decisions.py",
            "ballots",
            "--ballots",
            str(size["ballots"]),
            "--projects",
            str(size["projects"]),
        )
    )
    step(f"    {made}")
    timed = last_json(server.run("bench/bench_decisions.py", "--time-tally", made["slug"]))
    close = timed["close_budget_s"]
    compute = statistics.median(timed["compute_results_s"])
    pure = statistics.median(timed["winning_set_s"])
    step(
        f"    close_budget {', '.join(f'{s:.2f}' for s in close)} s, compute_results "
        f"{compute:.2f} s, winning_set {pure * 1000:.2f} ms"
    )
    label = (
        f"{made['ballots']:,} ballots ({made['choices']:,} choices) over "
        f"{made['projects']} projects{scale}"
    )
    checks.append(
        (
            f"closing a vote (`services.close_budget`: count, winners, writes), {label}: "
            "slowest of 3",
            f"{max(close):.2f} s (first {close[0]:.2f} s, then "
            f"{', '.join(f'{s:.2f}' for s in close[1:])} s; {timed['close_budget_queries']} "
            f"queries; {timed['winners']} winners; loading the URL conf before, once per "
            f"process: {timed['url_conf_s']:.2f} s)",
            f"< {CLOSE_S:g} s",
            max(close) < CLOSE_S,
        )
    )
    checks.append(
        (
            f"counting alone (`services.compute_results`, reads only), {label}: median of 3",
            f"{compute:.2f} s (pure `tally.winning_set`: {pure * 1000:.2f} ms, median of 20)",
            f"< {CLOSE_S:g} s",
            compute < CLOSE_S,
        )
    )
    if own_tmp:
        own_tmp.cleanup()
    plan_text = "; ".join(f"{name}: {' / '.join(rows)}" for name, rows in plans.items())
    notes = (
        "Local decisions: the proposals list is served by gunicorn (2 sync workers, "
        "production settings) from a throw-away SQLite file seeded with `seed_demo` and "
        f"`bench/generate_decisions.py` ({big['proposals']:,} proposals, {big['supports']:,}"
        f" supports by {big['people']:,} people, up to {big['most_supports']:,} on one "
        f"proposal, {big['evaluating_or_answered']:,} past the threshold); anonymous "
        "requests. Query counts come from one in-process request per page (Django test "
        "client). SQLite's plans for the list: "
        f"{plan_text}. Closing a vote is timed in a fresh process on the same file, "
        f"{made['ballots']:,} ballots written by `bench/generate_decisions.py ballots`; "
        f"{timed['winners']} winning projects spend {timed['spent']} of {timed['amount']}."
    )
    return checks, notes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--count-queries", nargs="+")
    parser.add_argument("--explain", nargs=2)
    parser.add_argument("--time-tally")
    args = parser.parse_args()
    if args.count_queries:
        count_queries(args.count_queries)
    elif args.explain:
        explain(args.explain[0], int(args.explain[1]))
    elif args.time_tally:
        time_tally(args.time_tally)
    else:
        checks, notes = decision_benchmarks(args.quick)
        for label, measured, budget, ok in checks:
            print(f"{'PASS' if ok else 'FAIL'}  {label}: {measured} (budget {budget})")
        print(notes)


if __name__ == "__main__":
    main()
