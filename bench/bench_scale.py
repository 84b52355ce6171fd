"""Every public page and every API list at scale, under 20 concurrent clients.

    python bench/bench_scale.py [--quick]      # printed
    python bench/run.py --only scale [--quick]  # the same step, with its report
    (bench/run.py calls ``scale_benchmarks``)

1. Data: a throw-away SQLite database is migrated and seeded with the demo (every
   ``seed_demo*`` command: they make the kinds ``seed_scale`` does not, such as
   best-practice transfers, EU funding's projects, partner searches and guides, the
   website's news and pages, videos, newsletter issues and publications), then
   ``seed_scale --size large`` (``small`` in quick mode, which also rebuilds the search
   index: see SEARCH_INDEX), ``refresh_impact`` (the dashboard's figures),
   ``build_open_data`` (the open-data page lists its files) and ``collectstatic``.
2. Pages, built in a subprocess from the URL configuration
   (``metroagora.tests.urlconf.url_patterns``) and the authorisation matrix
   (``metroagora/tests/authorization_matrix.py``): a URL pattern is measured when the
   matrix says an anonymous visitor gets a 200 for a GET; its arguments are the
   matrix's own (``"event.slug"``: the slug of ``event``), with each named object
   (``event``, ``city``, ``debate``...) picked from the generated data by PICKERS (the
   largest of its kind where that is cheap to find). A pattern that is not public,
   needs a secret (a token sent by e-mail) or an object the data does not have is
   listed in the report with the reason. The admin is staff only and not listed one
   by one. API lists: ``bench/bench_api.py``'s endpoints at page size 50, with the
   objects of its own data replaced by the largest of the generated data.
3. Gunicorn with production settings (run.py's ``Server``: 2 sync workers) serves
   them; every address must answer 200 first. Each is loaded by CLIENTS keep-alive
   clients (run.py's ``load``) for a short warm-up and a fixed duration; ``/healthz``
   (the trivial Django view) runs first and last, and the mean of the two is the
   reference for each page's throughput ratio. Budget: at least MIN_RATIO of the
   reference and no errors, for every address; the whole step within STEP_BUDGET_S.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Check, last_json, setup_django, timed_load  # noqa: E402
from bench.run import (  # noqa: E402
    REQUEST_TIMEOUT_S,
    WORKERS,
    LoadResult,
    Server,
    cpu_snapshot,
    get,
    loadavg,
    machine_info,
    other_cpu_share,
    step,
)

SIZE = {"quick": "small", "full": "large"}
CLIENTS = 20
# About 110 addresses (plus /healthz twice) and the seeding must fit in the step's time
# budget, so each address gets a short warm-up and a few seconds measured. Only the
# requests that start after the warm-up and end before the deadline count: with 20
# clients on 2 workers a request waits behind about 10 others, so a window much
# shorter than 10 service times measures nothing (0.5 s did, on a busy machine).
WARMUP_S = {"quick": 0.3, "full": 0.5}
DURATION_S = {"quick": 1.5, "full": 2.0}
STEP_BUDGET_S = {"quick": 180.0, "full": 600.0}
# /healthz is one request through the middleware and a SELECT 1 (about 1 ms of worker
# time); a page of a large network renders a full template over a few indexed queries
# (5 to 20 ms). 5% of the trivial view's throughput (20 ms of worker time per request)
# is the floor below which a page would need a cache or a better query at this size.
MIN_RATIO = 0.05
REFERENCE = "/healthz"
# The demo, in the Makefile's order (each needs the ones before it): seed_scale needs
# seed_demo; the others make the kinds seed_scale does not (best-practice transfers, EU
# funding's projects, partner searches and guides, the website's news and pages,
# videos, newsletter issues, publications).
DEMO_SEEDS = [
    "seed_demo",
    "seed_demo_events",
    "seed_demo_forum",
    "seed_demo_practices",
    "seed_demo_opinions",
    "seed_demo_funding",
    "seed_demo_decisions",
    "seed_demo_website",
    "seed_demo_videos",
    "seed_demo_newsletter",
    "seed_demo_publications",
]
# Rebuilding the search index for the large set (a million contributions) takes about
# 15 minutes on 2 cores (docs/scale.md), beyond the step's budget: in full mode the
# index holds the demo data only (the Search section measures 100,000 documents).
SEARCH_INDEX = {"quick": True, "full": False}
QUERIES = {"search:results": "q=workshop"}  # a word of the generated events' titles
SECRET_ARGUMENTS = frozenset({"token", "key", "uidb36"})
# Not pages: the admin (staff only; unnamed admin patterns are keyed by their route),
# the API (its lists are measured from bench_api's list) and the reference itself.
ADMIN = ("admin:", "admin/")
NOT_LISTED = (*ADMIN, "api-1:", "healthz")


# --- Building the list of pages (pure, tested in bench/test_bench_scale.py) -------------


class Unavailable(Exception):
    """An object a page needs is not in the generated data (the message says which)."""


@dataclass(frozen=True)
class Page:
    key: str  # the URL pattern's name (``events:detail``) or route
    path: str
    label: str = ""


@dataclass(frozen=True)
class Skipped:
    key: str
    route: str
    reason: str


class Objects:
    """The generated data's objects under the test world's names (``event``, ``city``).

    Each is picked once, on first use, by its picker; a name without a picker, or one
    whose picker finds nothing, raises ``Unavailable``.
    """

    def __init__(self, pickers: Mapping[str, Callable[[], Any]]):
        self._pickers = pickers
        self._picked: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._pickers:
            raise Unavailable(f"no object is picked for `{name}`")
        if name not in self._picked:
            self._picked[name] = self._pickers[name]()
        if self._picked[name] is None:
            raise Unavailable(f"the generated data has no {name.replace('_', ' ')}")
        return self._picked[name]

    def picked(self) -> dict[str, str]:
        return {name: str(obj) for name, obj in self._picked.items() if obj is not None}


def _public_case(entry: Any) -> Any:
    """The first case of a matrix entry where an anonymous GET gets a 200, or None."""
    for case in entry.cases:
        if case.get is not None and case.get.get("anonymous") == 200:
            return case
    return None


def _refusal(entry: Any) -> str:
    answers = sorted({str(c.get.get("anonymous")) for c in entry.cases if c.get is not None})
    return ", ".join(answers) if answers else "no GET checked"


def plan_pages(
    patterns: Mapping[str, str],
    matrix: Mapping[str, Any],
    objects: Any,
    reverse: Callable[[str, dict[str, Any]], str],
    queries: Mapping[str, str] | None = None,
    expand: Mapping[str, Iterable[dict[str, Any]]] | None = None,
) -> tuple[list[Page], list[Skipped]]:
    """The public GET pages of ``patterns`` (key -> route), and the others with a reason.

    ``matrix``: key -> authorisation matrix entry; ``objects``: what the entries'
    arguments name (``Objects``); ``reverse(key, kwargs)``: the address; ``queries``:
    a query string per key; ``expand``: key -> several sets of arguments (one page
    each) instead of the matrix's.
    """
    queries = queries or {}
    expand = expand or {}
    pages: list[Page] = []
    skipped: list[Skipped] = []
    for key, route in patterns.items():
        if key.startswith(NOT_LISTED):
            continue
        entry = matrix.get(key)
        if entry is None:
            skipped.append(Skipped(key, route, "no entry in the authorisation matrix"))
            continue
        case = _public_case(entry)
        if case is None:
            skipped.append(
                Skipped(key, route, f"not public: anonymous visitors get {_refusal(entry)}")
            )
            continue
        secrets = sorted(SECRET_ARGUMENTS & set(case.kwargs))
        if secrets:
            skipped.append(
                Skipped(
                    key,
                    route,
                    f"its address holds a secret ({', '.join(secrets)}): a personal link",
                )
            )
            continue
        try:
            if case.path:
                paths = [case.path]
            elif key in expand:
                paths = [reverse(key, kwargs) for kwargs in expand[key]]
            else:
                paths = [reverse(key, case.resolve_kwargs(objects))]
        except Unavailable as missing:
            skipped.append(Skipped(key, route, str(missing)))
            continue
        query = queries.get(key) or case.query
        for path in paths:
            pages.append(Page(key, f"{path}?{query}" if query else path, case.label))
    return pages, skipped


def api_lists(endpoints: Iterable[tuple[str, str]], slugs: Mapping[str, str]) -> list[Page]:
    """bench_api's list endpoints, with its own objects' slugs replaced (``slugs``)."""
    lists = []
    for path, label in endpoints:
        address, _, query = path.partition("?")
        parts = [slugs.get(part, part) for part in address.split("/")]
        new = "/".join(parts) + (f"?{query}" if query else "")
        lists.append(Page("api", new, label))
    return lists


@dataclass(frozen=True)
class Row:
    """One address's figures against the reference, and whether it is within budget."""

    path: str
    rps: float
    ratio: float
    p50_ms: float
    p95_ms: float
    errors: int
    ok: bool


def assess(
    results: Iterable[LoadResult], reference_rps: float, min_ratio: float = MIN_RATIO
) -> list[Row]:
    rows = []
    for r in results:
        ratio = r.rps / reference_rps if reference_rps > 0 else 0.0
        ok = ratio >= min_ratio and r.errors == 0 and r.requests > 0
        rows.append(Row(r.path, r.rps, ratio, r.pct(50), r.pct(95), r.errors, ok))
    return rows


def reference_rps(first: LoadResult, last: LoadResult) -> float:
    """The mean throughput of the trivial view measured at the start and at the end."""
    return statistics.fmean([first.rps, last.rps])


# --- The generated data's objects (run in a subprocess with Django set up) ---------------


def pickers() -> dict[str, Callable[[], Any]]:
    """World name -> a function returning a public object of the generated data, or None."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from metroagora.decisions.models import Budget, Implementation, Process, Proposal
    from metroagora.events.models import EventStatus
    from metroagora.events.selectors import public_events
    from metroagora.forum.models import Contribution, Debate, Visibility
    from metroagora.funding.models import Call, FundedProject, Guide, PartnerSearch, Programme
    from metroagora.network.models import City
    from metroagora.opinions.models import OpinionMap
    from metroagora.practices.models import Transfer
    from metroagora.practices.selectors import published
    from metroagora.publications.models import (
        NewsletterIssue,
        NewsPost,
        Publication,
        PublicationPart,
        PublicationStatus,
        Video,
    )
    from metroagora.publications.models import (
        Page as WebPage,
    )

    now = timezone.now()
    published_process = Q(process__status="published")

    def biggest(queryset: Any, relation: str) -> Any:
        return queryset.annotate(n=Count(relation)).order_by("-n", "pk").first()

    def city() -> Any:  # the city with the most events
        return biggest(City.objects.all(), "events")

    def event() -> Any:  # the public upcoming event with the most registrations
        upcoming = public_events().filter(status=EventStatus.PUBLISHED, ends_at__gte=now)
        return biggest(upcoming, "registrations")

    def debate() -> Any:
        return biggest(Debate.objects.all(), "contributions")

    def contribution() -> Any:  # the biggest thread of the biggest debate
        found = debate()
        top = Contribution.objects.filter(debate=found, parent=None, visibility=Visibility.VISIBLE)
        return biggest(top, "replies")

    def opinion_map() -> Any:
        return biggest(OpinionMap.objects.all(), "participants")

    def process() -> Any:
        return biggest(Process.objects.filter(status="published"), "proposals")

    def proposal() -> Any:
        return Proposal.objects.filter(process=process()).order_by("-support_count", "pk").first()

    def partner_search() -> Any:
        return PartnerSearch.objects.order_by("-pk").first()

    def publication() -> Any:  # published, with a cover and a published PDF in English
        return (
            Publication.objects.filter(status=PublicationStatus.PUBLISHED)
            .exclude(cover="")
            .filter(versions__is_published=True, versions__language="en")
            .order_by("-published_at", "pk")
            .first()
        )

    def video() -> Any:  # published, with a file, a poster and English captions
        return (
            Video.objects.filter(published=True, tracks__language="en")
            .exclude(file="")
            .exclude(poster="")
            .order_by("pk")
            .first()
        )

    return {
        "city": city,
        "event": event,
        "debate": debate,
        "contribution": contribution,
        "practice": lambda: published().order_by("-published_at", "pk").first(),
        "transfer": lambda: Transfer.objects.order_by("pk").first(),
        "opinion_map": opinion_map,
        "process": process,
        "proposal": proposal,
        "budget": lambda: biggest(
            Budget.objects.filter(published_process, closed_at=None), "projects"
        ),
        "closed_budget": lambda: biggest(
            Budget.objects.filter(published_process).exclude(closed_at=None), "projects"
        ),
        "implementation": lambda: (
            Implementation.objects.filter(published_process).order_by("pk").first()
        ),
        "call": lambda: Call.objects.filter(deadline__gte=now).order_by("deadline", "pk").first(),
        "programme": lambda: biggest(Programme.objects.all(), "calls"),
        "partner_search": partner_search,
        "funded_project": lambda: biggest(FundedProject.objects.all(), "participants"),
        "guide": lambda: Guide.objects.filter(is_published=True).order_by("pk").first(),
        "publication": publication,
        "publication_part": lambda: (
            PublicationPart.objects.filter(publication=publication())
            .exclude(image="")
            .order_by("pk")
            .first()
        ),
        "video": video,
        "sent_issue": lambda: (
            NewsletterIssue.objects.exclude(sent_at=None).order_by("-sent_at").first()
        ),
        "news": lambda: (
            NewsPost.objects.filter(published_at__lte=now).order_by("-published_at").first()
        ),
        "page": lambda: WebPage.objects.filter(published=True).order_by("pk").first(),
    }


def plan(mode: str) -> None:
    """Print the pages, the skipped patterns and the API lists as JSON."""
    setup_django()
    from django.urls import reverse
    from django.utils import translation

    from bench.bench_api import DEBATE_SLUG, MAP_SLUG, PROCESS_SLUG, endpoints
    from metroagora.publications.website_sitemaps import SITEMAPS
    from metroagora.tests.authorization_matrix import MATRIX
    from metroagora.tests.urlconf import url_patterns

    def english(key: str, kwargs: dict[str, Any]) -> str:
        with translation.override("en"):
            return reverse(key, kwargs=kwargs)

    objects = Objects(pickers())
    patterns = {key: route for key, (route, _view) in url_patterns().items()}
    pages, skipped = plan_pages(
        patterns,
        MATRIX,
        objects,
        english,
        queries=QUERIES,
        expand={"sitemap_section": [{"section": name} for name in SITEMAPS]},
    )
    slugs = {
        DEBATE_SLUG: objects.debate.slug,
        MAP_SLUG: objects.opinion_map.slug,
        PROCESS_SLUG: objects.process.slug,
    }
    api = api_lists(endpoints(mode), slugs)
    admin = sum(1 for key in patterns if key.startswith(ADMIN))
    print(
        json.dumps(
            {
                "pages": [[p.key, p.path, p.label] for p in pages],
                "skipped": [[s.key, s.route, s.reason] for s in skipped],
                "api": [[p.path, p.label] for p in api],
                "objects": objects.picked(),
                "admin_patterns": admin,
            }
        )
    )


# --- The step ----------------------------------------------------------------------------


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _prepare(server: Server, mode: str) -> dict[str, tuple[float, float]]:
    """Migrate and seed the throw-away database; the wall and CPU seconds of each command.

    The CPU time (of the command's process, where SQLite works too) is about what the
    wall time would be on an idle machine.
    """
    took: dict[str, tuple[float, float]] = {}

    def timed(label: str, *args: str, timeout: float = 300) -> str:
        step(f"  {label}")
        started, cpu = time.monotonic(), _children_cpu()
        out = server.run("manage.py", *args, timeout=timeout)
        took[label] = (time.monotonic() - started, _children_cpu() - cpu)
        step(f"    {took[label][0]:.1f} s (CPU {took[label][1]:.1f} s)")
        return out

    # collectstatic reads no database: it runs beside the seeding, on the second core.
    static_started = time.monotonic()
    static = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**server.env, "DJANGO_SETTINGS_MODULE": "metroagora.settings"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    timed("migrate", "migrate", "--noinput", "-v", "0")
    for command in DEMO_SEEDS:
        timed(command, command)
    index = ["--index"] if SEARCH_INDEX[mode] else []
    out = timed(
        f"seed_scale --size {SIZE[mode]}",
        "seed_scale",
        "--size",
        SIZE[mode],
        "--no-progress",
        *index,
        timeout=1800,
    )
    summary = [line for line in out.splitlines() if " data added to " in line]
    if summary:
        step(f"    {summary[-1].strip()}")
    timed("refresh_impact", "refresh_impact", "--no-progress", timeout=600)
    timed("build_open_data", "build_open_data", "--no-progress", timeout=600)
    cpu = _children_cpu()  # a child's CPU time counts once it has been waited for
    static_out, _ = static.communicate(timeout=600)
    if static.returncode != 0:
        print(static_out[-3000:])
        raise SystemExit(f"collectstatic failed (exit {static.returncode})")
    took["collectstatic (beside the seeding)"] = (
        time.monotonic() - static_started,
        _children_cpu() - cpu,
    )
    return took


def _check_answers(server: Server, pages: list[Page], api: list[Page]) -> dict[str, int]:
    """Every address answers 200 (stop otherwise); the number of results of each API list."""
    bad = []
    results: dict[str, int] = {}
    for page in [*pages, *api]:
        try:
            status, body = get(server.port, page.path, timeout=REQUEST_TIMEOUT_S * 3)
        except OSError as error:
            bad.append(f"{page.path}: {type(error).__name__}: {error}")
            continue
        if status != 200:
            bad.append(f"{page.path}: HTTP {status}\n{body[:300].decode(errors='replace')}")
        elif page.key == "api":
            results[page.path] = len(json.loads(body).get("results", []))
    if bad:
        time.sleep(0.5)
        raise SystemExit(
            "pages do not answer 200 under production settings:\n"
            + "\n".join(bad)
            + f"\n--- gunicorn log ---\n{server.log()}"
        )
    return results


def _with_limit(path: str) -> str:
    from bench.bench_api import _with_limit as with_limit

    return with_limit(path)


def scale_benchmarks(quick: bool, tmp: Path | None = None) -> tuple[list[Check], str, list[str]]:
    """Budget rows, a paragraph of notes, and the report's section (Markdown lines)."""
    mode = "quick" if quick else "full"
    started = time.monotonic()
    own_tmp = tempfile.TemporaryDirectory(prefix="metroagora-scale-") if tmp is None else None
    work = Path(own_tmp.name if own_tmp else tmp)  # type: ignore[arg-type]
    server = Server(work, "sync", 1)
    server.env["RATE_LIMIT_API_READ"] = "100000000/m"  # every client is 127.0.0.1
    warmup, duration = WARMUP_S[mode], DURATION_S[mode]
    try:
        step(f"  migrate into {server.env['DATABASE_URL']}")
        took = _prepare(server, mode)
        step("  pages from the URL configuration and the authorisation matrix")
        planned = last_json(server.run("bench/bench_scale.py", "--plan", mode))
        pages = [Page(key, path, label) for key, path, label in planned["pages"]]
        api = [Page("api", _with_limit(path), label) for path, label in planned["api"]]
        step(
            f"    {len(pages)} pages, {len(api)} API lists, "
            f"{len(planned['skipped'])} patterns skipped"
        )
        server.start()
        api_results = _check_answers(server, pages, api)
        seeded = time.monotonic() - started
        load_before = loadavg()
        cpu_before = cpu_snapshot(server.pid)
        first = timed_load(server, REFERENCE, CLIENTS, duration, warmup)
        measured = [timed_load(server, p.path, CLIENTS, duration, warmup) for p in [*pages, *api]]
        last = timed_load(server, REFERENCE, CLIENTS, duration, warmup)
        other = other_cpu_share(cpu_before, cpu_snapshot(server.pid))
        load_after = loadavg()
    finally:
        server.stop()
        if own_tmp:
            own_tmp.cleanup()
    elapsed = time.monotonic() - started
    reference = reference_rps(first, last)
    rows = assess(measured, reference)
    failed = [row for row in rows if not row.ok]
    worst = min(rows, key=lambda row: row.ratio) if rows else None
    checks: list[Check] = [
        (
            f"scale ({SIZE[mode]}): every page and API list at {CLIENTS} clients, throughput "
            f"relative to `{REFERENCE}`, and no errors",
            f"{len(rows) - len(failed)} of {len(rows)} within budget"
            + (f"; lowest `{worst.path}` {worst.ratio:.1%}" if worst else ""),
            f">= {MIN_RATIO:.0%}, 0 errors",
            not failed and bool(rows),
        ),
        (
            f"scale ({SIZE[mode]}): the whole step, seeding included",
            f"{elapsed:.0f} s",
            f"<= {STEP_BUDGET_S[mode]:.0f} s",
            elapsed <= STEP_BUDGET_S[mode],
        ),
    ]
    for row in failed:  # the section's table has them all; the budgets table one line
        step(
            f"  FAIL {row.path}: {row.ratio:.1%} of {REFERENCE}, "
            f"p95 {_fmt_ms(row.p95_ms)} ms, {row.errors} errors"
        )
    context = {
        "mode": mode,
        "planned": planned,
        "pages": pages,
        "api": api,
        "api_results": api_results,
        "rows": rows,
        "first": first,
        "last": last,
        "reference": reference,
        "took": took,
        "seeded": seeded,
        "elapsed": elapsed,
        "other": other,
        "load": (load_before, load_after),
        "measured": measured,
    }
    notes = (
        f"Scale: {len(rows)} addresses at {CLIENTS} clients on the {SIZE[mode]} generated "
        f"network took {elapsed:.0f} s including {seeded:.0f} s of seeding; "
        f"{len(failed)} below {MIN_RATIO:.0%} of `{REFERENCE}` or with errors."
    )
    return checks, notes, section(context)


def _fmt_ms(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.1f}"


def section(c: dict[str, Any]) -> list[str]:
    """The report's section on this step."""
    mode = c["mode"]
    machine = machine_info()
    first, last = c["first"], c["last"]
    w = [f"## Every page at scale ({SIZE[mode]} network, {CLIENTS} clients)\n"]
    w.append(
        f"`bench/bench_scale.py`: a throw-away SQLite database, migrated, seeded with "
        f"{', '.join(f'`{s}`' for s in DEMO_SEEDS)} and `seed_scale --size {SIZE[mode]}` "
        "(docs/scale.md)"
        + (", which rebuilt the search index" if SEARCH_INDEX[mode] else "")
        + ", then `refresh_impact`, `build_open_data` and `collectstatic`; gunicorn with "
        f"production settings and {WORKERS} sync workers, as for the load test above. "
        "The pages come from the URL configuration: every pattern the authorisation "
        "matrix opens to anonymous visitors for a GET, with its arguments filled from "
        "the generated data (objects below); the API lists are those of "
        "`bench/bench_api.py` at `limit=50`. Every address answered 200 before it was "
        f"measured. Each: {CLIENTS} keep-alive clients, {WARMUP_S[mode]:g} s warm-up "
        f"then {DURATION_S[mode]:g} s measured (short, so that about "
        f"{len(c['rows'])} addresses and the seeding fit in the step's "
        f"{STEP_BUDGET_S[mode] / 60:g}-minute budget).\n"
    )
    w.append(
        f"- Machine: {machine['CPU']}, {machine['Cores']}, {machine['Memory']}, "
        f"{machine['OS']}, Python {machine['Python']}, {machine['Database']}"
    )
    w.append(
        f"- Load average {c['load'][0]:.2f} before the measurements, {c['load'][1]:.2f} after; "
        f"other processes used {c['other']:.0%} of the CPU during them"
    )
    took = ", ".join(
        f"{label} {wall:.0f} s (CPU {cpu:.0f} s)" for label, (wall, cpu) in c["took"].items()
    )
    cpu_total = sum(cpu for _wall, cpu in c["took"].values())
    w.append(
        f"- Step: {c['elapsed']:.0f} s in all (budget {STEP_BUDGET_S[mode]:.0f} s); "
        f"seeding and checks {c['seeded']:.0f} s, of which the commands' CPU time "
        f"{cpu_total:.0f} s (each about its wall time on an idle machine; collectstatic "
        f"runs beside the others): {took}"
    )
    w.append(
        f"- Reference `{REFERENCE}` (the trivial Django view): {first.rps:.0f} req/s at the "
        f"start (p95 {_fmt_ms(first.pct(95))} ms), {last.rps:.0f} req/s at the end "
        f"(p95 {_fmt_ms(last.pct(95))} ms); their mean, {c['reference']:.0f} req/s, is "
        "the reference of each ratio"
    )
    objects = c["planned"]["objects"]
    if objects:
        w.append(
            "- Objects picked: "
            + "; ".join(f"`{name}`: {text}" for name, text in sorted(objects.items()))
        )
    w.append("")
    w.append(
        f"Budget: each address at least {MIN_RATIO:.0%} of the reference's throughput "
        "(the trivial view does about 1 ms of worker time; 5% is 20 ms per request, "
        "where a page of a large network would need a cache or a better query) and no "
        "errors. A FAIL does not fail `make bench`. *requests*: the requests that started "
        "after the warm-up and ended within the measured window (0: none did, the page "
        "is slower than the window allows at this concurrency, or the machine was busy).\n"
    )
    w.append(
        "| Kind | Address | req/s | vs reference | p50 ms | p95 ms | requests | errors "
        "| other CPU | Result |"
    )
    w.append("|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|")
    kinds = [p.key for p in c["pages"]] + [
        f"API ({c['api_results'].get(p.path, 0)} results)" for p in c["api"]
    ]
    for kind, row, result in zip(kinds, c["rows"], c["measured"], strict=True):
        w.append(
            f"| {kind} | `{row.path}` | {row.rps:.0f} | {row.ratio:.1%} "
            f"| {_fmt_ms(row.p50_ms)} | {_fmt_ms(row.p95_ms)} | {result.requests} "
            f"| {row.errors} "
            f"| {result.other_cpu:.0%} | {'PASS' if row.ok else '**FAIL**'} |"
        )
    w.append("")
    w.append("### Patterns not measured\n")
    w.append(
        f"The admin's {c['planned']['admin_patterns']} patterns (staff only) and the API's "
        "operations other than its lists are not listed. Every other pattern of the URL "
        "configuration that is not measured above, by reason:\n"
    )
    by_reason: dict[str, list[str]] = {}
    for key, _route, reason in c["planned"]["skipped"]:
        by_reason.setdefault(reason, []).append(key)
    w.append("| Reason | Patterns |")
    w.append("|---|---|")
    for reason, keys in sorted(by_reason.items(), key=lambda item: (-len(item[1]), item[0])):
        w.append(f"| {reason} | {', '.join(f'`{k}`' for k in keys)} |")
    w.append("")
    return w


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--plan", choices=["quick", "full"], help="print the pages (JSON)")
    args = parser.parse_args()
    if args.plan:
        plan(args.plan)
        return
    checks, notes, _section = scale_benchmarks(args.quick)
    for label, measured, budget, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {measured} (budget {budget})")
    print(notes)


if __name__ == "__main__":
    main()
