"""Helpers shared by the domain benchmarks (``bench/bench_*.py``).

Each benchmark runs its measurements in fresh subprocesses (``python bench/bench_x.py
--some-step``) that print one JSON line; the orchestrating process reads that line with
:func:`last_json`, and loads pages over HTTP with :func:`timed_load`.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from typing import Any

from bench.run import WARMUP_S, LoadResult, Server, cpu_snapshot, load, other_cpu_share, step

Check = tuple[str, str, str, bool]  # (label, measured, budget, within budget?)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metroagora.settings")
    import django

    django.setup()


def last_json(out: str) -> Any:
    """The JSON printed on the last line of a step's output."""
    return json.loads(out.strip().splitlines()[-1])


def count_queries(urls: list[str]) -> None:
    """Render each URL in-process (Django test client, after a warm-up request): print
    its number of queries, and the CPU time of this process per request (median of 10;
    other work on the machine barely changes it, unlike the time on the clock)."""
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        queries = len(captured.captured_queries)  # now: the next request clears the log
        cpu = []
        for _round in range(10):
            started = time.process_time()
            client.get(url)
            cpu.append(time.process_time() - started)
        counts[url] = {"queries": queries, "cpu_ms": round(statistics.median(cpu) * 1000, 1)}
    print(json.dumps(counts))


def timed_load(
    server: Server, path: str, clients: int, duration: float, warmup: float = WARMUP_S
) -> LoadResult:
    """``clients`` keep-alive clients on ``path`` for ``duration`` seconds, printed."""
    step(f"  {path}: {clients} clients, {warmup:g} s warm-up + {duration:g} s")
    before = cpu_snapshot(server.pid)
    result = load(server.port, path, clients, duration, warmup)
    result.other_cpu = other_cpu_share(before, cpu_snapshot(server.pid))
    step(
        f"    {result.rps:8.1f} req/s  p50 {result.pct(50):6.1f} ms  p95 {result.pct(95):6.1f} ms"
        f"  errors {result.errors}  other CPU {result.other_cpu:.0%}"
    )
    return result
