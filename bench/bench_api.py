"""API list endpoints under load, at page size 50.

    python bench/bench_api.py [--quick]      # printed
    (bench/run.py calls ``api_benchmarks``)

A throw-away SQLite database is migrated and seeded with the demo network and demo
events, then the bench data of the page load test (``bench/generate.py``: 5,000 more
events; ``bench/generate_forum.py``: a debate with 10,000 contributions) and this
file's own (``--create-api-data``): 60 more cities, debates, opinion maps, processes
and EU programmes (so that every list fills a page of 50), 200 published best
practices, an opinion map with 800 statements, a published participatory process with
2,000 proposals by 400 people, 3,000 calls for proposals (open, forthcoming and closed,
two topics each), 1,000 funded projects with three participants each, 200 published
publications with a PDF in two languages (and 20 drafts), 500 news posts (and 20
drafts) and 300 published videos with captions in two languages. Gunicorn serves it
with production settings (2 sync workers, as for the pages), and each list endpoint is
loaded by CLIENTS keep-alive clients asking for ``limit=50``. Every answer must be a
200 with 50 results (checked before measuring).

From the outputs issue: API list endpoints under 50 ms median at page size 50. The
read rate limit (``api.read``, per address) is raised for the run: every client comes
from 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    CONCURRENCY,
    REQUEST_TIMEOUT_S,
    WARMUP_S,
    Server,
    cpu_snapshot,
    get,
    load,
    other_cpu_share,
    step,
)

Check = tuple[str, str, str, bool]

PAGE_SIZE = 50
API_P50_MS = 50.0
CLIENTS = CONCURRENCY
DURATION_S = {"quick": 3.0, "full": 8.0}
EVENTS = {"quick": 1_000, "full": 5_000}
CONTRIBUTIONS = {"quick": 2_000, "full": 10_000}
PRACTICES = 200
STATEMENTS = 800
PROPOSALS = 2_000
PROPOSERS = 400
CALLS = 3_000
FUNDED_PROJECTS = 1_000
PUBLICATIONS = 200
NEWS = 500
VIDEOS = 300
DRAFTS = 20
EXTRA = 60  # more cities, debates, maps, processes and programmes than a page holds
MAP_SLUG = "bench-api-map"
PROCESS_SLUG = "bench-api-process"
DEBATE_SLUG = "bench-big-debate"  # bench/generate_forum.py's


def endpoints(mode: str) -> list[tuple[str, str]]:
    """(path, label) of every list measured; the deep page is in the middle of the events."""
    middle = EVENTS[mode] // 2
    return [
        ("/api/v1/cities", "cities"),
        ("/api/v1/events?when=all", "events, all"),
        (f"/api/v1/events?when=all&offset={middle}", f"events, all, offset {middle:,}"),
        ("/api/v1/debates", "debates"),
        (f"/api/v1/debates/{DEBATE_SLUG}/contributions", "contributions of the big debate"),
        (f"/api/v1/debates/{DEBATE_SLUG}/contributions?sort=agreed", "the same, most agreed"),
        ("/api/v1/opinion-maps", "opinion maps"),
        (f"/api/v1/opinion-maps/{MAP_SLUG}/statements", f"a map's {STATEMENTS} statements"),
        ("/api/v1/practices", "best practices"),
        ("/api/v1/processes", "participatory processes"),
        (f"/api/v1/processes/{PROCESS_SLUG}/proposals", f"{PROPOSALS:,} proposals, most supported"),
        (f"/api/v1/processes/{PROCESS_SLUG}/proposals?sort=newest", "the same, newest first"),
        ("/api/v1/programmes", "EU programmes, with their open calls"),
        ("/api/v1/calls", f"open calls of {CALLS:,}, next deadline first"),
        (f"/api/v1/calls?status=all&offset={CALLS // 2}", f"all calls, offset {CALLS // 2:,}"),
        ("/api/v1/funded-projects", f"{FUNDED_PROJECTS:,} funded projects"),
        ("/api/v1/publications", "publications, with their PDFs"),
        ("/api/v1/news", "news posts"),
        ("/api/v1/videos", "videos, with their captions"),
    ]


def _with_limit(path: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}limit={PAGE_SIZE}"


# --- Data (run in a subprocess with Django set up) -------------------------------------


def create_api_data() -> None:
    """Practices, an opinion map, a process with proposals, funding and publications, in bulk."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metroagora.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from metroagora.accounts.models import User
    from metroagora.decisions.models import PHASE_ORDER, Process, ProcessPhase, Proposal
    from metroagora.forum.models import Debate
    from metroagora.network.models import City
    from metroagora.opinions.models import OpinionMap, Statement
    from metroagora.practices.models import Practice, PracticeStatus

    started = time.perf_counter()
    rng = random.Random(2025)
    now = timezone.now()
    with transaction.atomic():
        City.objects.bulk_create(
            City(
                slug=f"bench-city-{n:02d}",
                name={"en": f"Bench city {n}", "_original": "en"},
                country="BE",
                region="west",
                population=100_000 + n,
                latitude=50.0 + n / 100,
                longitude=4.0 + n / 100,
            )
            for n in range(EXTRA)
        )
        cities = list(City.objects.order_by("pk"))
        Debate.objects.bulk_create(
            Debate(
                slug=f"bench-api-debate-{n:02d}",
                question={"en": f"Benchmark question {n}?", "_original": "en"},
                city=cities[n % len(cities)],
            )
            for n in range(EXTRA)
        )
        OpinionMap.objects.bulk_create(
            OpinionMap(
                slug=f"bench-api-map-{n:02d}",
                title={"en": f"Benchmark map {n}", "_original": "en"},
                city=cities[n % len(cities)],
            )
            for n in range(EXTRA)
        )
        Practice.objects.bulk_create(
            Practice(
                slug=f"bench-practice-{n:04d}",
                city=cities[n % len(cities)],
                title={"en": f"Benchmark practice {n}", "_original": "en"},
                summary={"en": "How a city did something worth copying.", "_original": "en"},
                transferability=rng.choice(["high", "medium", "low"]),
                languages=["en"],
                status=PracticeStatus.PUBLISHED,
                published_at=now - timedelta(hours=n),
            )
            for n in range(PRACTICES)
        )
        opinion_map = OpinionMap.objects.create(
            slug=MAP_SLUG, title={"en": "Benchmark: what should the API do?", "_original": "en"}
        )
        Statement.objects.bulk_create(
            Statement(
                opinion_map=opinion_map,
                text=f"API benchmark statement number {n}",
                normalised=f"api benchmark statement number {n}",
                language="en",
                is_seed=True,
            )
            for n in range(STATEMENTS)
        )
        processes = Process.objects.bulk_create(
            Process(
                city=cities[n % len(cities)],
                slug=PROCESS_SLUG if n == 0 else f"bench-api-process-{n:02d}",
                title={"en": f"Benchmark: ideas for the city {n}", "_original": "en"},
                participation="registered",
                status="published",
            )
            for n in range(EXTRA)
        )
        ProcessPhase.objects.bulk_create(
            ProcessPhase(
                process=process,
                kind=kind,
                starts_at=now + timedelta(days=(i - 1) * 10 - 5),
                ends_at=now + timedelta(days=(i - 1) * 10 + 5),
            )
            for process in processes
            for i, kind in enumerate(PHASE_ORDER)
        )
        process = processes[0]
        people = User.objects.bulk_create(
            User(email=f"proposer{n:04d}@bench.example.org", display_name=f"Proposer {n}")
            for n in range(PROPOSERS)
        )
        Proposal.objects.bulk_create(
            (
                Proposal(
                    process=process,
                    author=people[n % PROPOSERS],
                    title=f"Benchmark proposal {n}",
                    body="Plant trees along the street to give shade in summer.",
                    language="en",
                    estimated_cost=Decimal(rng.randrange(1_000, 200_000)),
                    support_count=rng.randrange(0, 500),
                )
                for n in range(PROPOSALS)
            ),
            batch_size=500,
        )
        create_funding_data(rng, now, cities)
        create_publications_data(now, cities)
    print(json.dumps({"seconds": time.perf_counter() - started}))


def create_funding_data(rng: random.Random, now: datetime, cities: list[Any]) -> None:
    """Programmes, calls in every state with topics, funded projects with participants."""
    from metroagora.events.models import Topic
    from metroagora.funding.models import (
        Call,
        CallSource,
        FundedProject,
        Programme,
        ProjectParticipant,
        closing_time,
    )

    Programme.objects.bulk_create(
        Programme(
            slug=f"bench-programme-{n:02d}",
            short_name=f"BENCH{n:02d}",
            name={"en": f"Benchmark programme {n}", "_original": "en"},
            description={"en": "A programme for the benchmark.", "_original": "en"},
            budget_eur=1_000_000_000 + n,
            city_fit=n % 4,
        )
        for n in range(EXTRA)
    )
    programmes = list(Programme.objects.order_by("pk"))
    topics = list(Topic.objects.order_by("pk"))
    calls = []
    for n in range(CALLS):
        # Two in five closed, two open, one forthcoming; deadlines spread over a year.
        state = n % 5
        if state < 2:
            opens, deadline = now - timedelta(days=200 + n % 100), now - timedelta(days=1 + n % 150)
        elif state < 4:
            opens, deadline = now - timedelta(days=30), now + timedelta(hours=1 + n * 3)
        else:
            opens, deadline = now + timedelta(days=10 + n % 60), now + timedelta(days=120 + n % 90)
        calls.append(
            Call(
                identifier=f"BENCH-2026-CALL-{n:05d}",
                title=f"Benchmark call {n}: nature-based solutions for urban heat",
                programme=programmes[n % len(programmes)],
                call_identifier=f"BENCH-2026-{n % 40:02d}",
                call_title="Benchmark calls 2026",
                action_type="Research and Innovation Action",
                opens_at=opens,
                deadline=deadline,
                closes_at=closing_time(deadline, None, "single-stage"),
                budget_eur=rng.randrange(1, 50) * 1_000_000,
                keywords=["Cities", "Climate adaptation", f"Keyword {n % 30}"],
                description="<p>What the call funds, in a few paragraphs.</p>",
                url=f"https://ec.europa.eu/topic-details/BENCH-2026-CALL-{n:05d}",
                source=CallSource.IMPORTED,
            )
        )
    Call.objects.bulk_create(calls, batch_size=500)
    Through = Call.topics.through
    Through.objects.bulk_create(
        (
            Through(call_id=pk, topic_id=topics[(pk + k) % len(topics)].pk)
            for pk in Call.objects.filter(identifier__startswith="BENCH-").values_list(
                "pk", flat=True
            )
            for k in (0, 7)
        ),
        batch_size=1000,
    )
    FundedProject.objects.bulk_create(
        (
            FundedProject(
                source="cordis",
                source_id=f"bench-{n}",
                programme=programmes[n % len(programmes)],
                call_identifier=f"BENCH-2020-CALL-{n:05d}",
                acronym=f"BENCH{n}",
                title=f"Benchmark project {n}: cooler schoolyards",
                starts_on=(now - timedelta(days=n * 2)).date(),
                total_cost=Decimal(rng.randrange(500_000, 9_000_000)),
                eu_contribution=Decimal(rng.randrange(400_000, 8_000_000)),
                summary="What the project did.",
            )
            for n in range(FUNDED_PROJECTS)
        ),
        batch_size=500,
    )
    projects = list(
        FundedProject.objects.filter(source_id__startswith="bench-").values_list("pk", flat=True)
    )
    ProjectParticipant.objects.bulk_create(
        (
            ProjectParticipant(
                project_id=pk,
                city=cities[(i + k) % len(cities)] if k < 2 else None,
                name=f"Participant {k} of project {i}",
                country="IT",
                role="coordinator" if k == 0 else "participant",
                eu_contribution=Decimal(rng.randrange(50_000, 900_000)) if k else None,
            )
            for i, pk in enumerate(projects)
            for k in range(3)
        ),
        batch_size=1000,
    )


def create_publications_data(now: datetime, cities: list[Any]) -> None:
    """Published publications with PDFs in two languages, news and videos with captions
    (the files are names only: the lists never open them)."""
    from metroagora.publications.models import (
        NewsPost,
        Publication,
        PublicationStatus,
        PublicationVersion,
        RenderStatus,
        TrackKind,
        Video,
        VideoSource,
        VideoTrack,
    )

    def both(english: str, french: str) -> dict[str, str]:
        return {"en": english, "fr": french, "_original": "en"}

    publications = Publication.objects.bulk_create(
        Publication(
            slug=f"bench-publication-{n:04d}",
            title=both(f"Benchmark report {n}", f"Rapport de test {n}"),
            subtitle=both("What the network learned", "Ce que le réseau a appris"),
            status=PublicationStatus.DRAFT if n >= PUBLICATIONS else PublicationStatus.PUBLISHED,
            published_at=None if n >= PUBLICATIONS else now - timedelta(days=n),
        )
        for n in range(PUBLICATIONS + DRAFTS)
    )
    PublicationVersion.objects.bulk_create(
        (
            PublicationVersion(
                publication=publication,
                number=number,
                language=language,
                status=RenderStatus.DONE,
                progress=100,
                pdf=f"publications/pdf/2026/{publication.slug}-{number}-{language}.pdf",
                page_count=40,
                is_published=number == 2,
            )
            for publication in publications
            for number in (1, 2)
            for language in ("en", "fr")
        ),
        batch_size=500,
    )
    NewsPost.objects.bulk_create(
        (
            NewsPost(
                slug=f"bench-news-{n:04d}",
                title=both(f"Benchmark news {n}", f"Nouvelle de test {n}"),
                summary=both("Two cities start a joint project.", "Deux villes commencent."),
                body=both("The whole story.", "Toute l'histoire."),
                city=cities[n % len(cities)] if n % 3 else None,
                published_at=None if n >= NEWS else now - timedelta(hours=n),
            )
            for n in range(NEWS + DRAFTS)
        ),
        batch_size=500,
    )
    videos = Video.objects.bulk_create(
        Video(
            slug=f"bench-video-{n:04d}",
            title=both(f"Benchmark talk {n}", f"Intervention de test {n}"),
            source=VideoSource.YOUTUBE,
            url="https://www.youtube.com/watch?v=abcdefghijk",
            speakers="Anna Rossi, Jan Kowalski",
            languages=["en", "it"],
            duration_seconds=1800 + n,
            published=n < VIDEOS,
        )
        for n in range(VIDEOS + DRAFTS)
    )
    VideoTrack.objects.bulk_create(
        (
            VideoTrack(
                video=video,
                language=language,
                kind=TrackKind.CAPTIONS,
                file=f"videos/tracks/2026/{video.slug}-{language}.vtt",
                cue_count=300,
            )
            for video in videos
            for language in ("en", "fr")
        ),
        batch_size=500,
    )


# --- Load ------------------------------------------------------------------------------


def api_benchmarks(quick: bool, tmp: Path | None = None) -> tuple[list[Check], str]:
    """Budget rows (label, measured, budget, within?) and a paragraph of method notes."""
    mode = "quick" if quick else "full"
    own_tmp = tempfile.TemporaryDirectory(prefix="metroagora-api-") if tmp is None else None
    work = Path(own_tmp.name if own_tmp else tmp)  # type: ignore[arg-type]
    server = Server(work, "sync", 1)
    server.env["RATE_LIMIT_API_READ"] = "100000000/m"
    checks: list[Check] = []
    try:
        step(f"  migrate into {server.env['DATABASE_URL']}")
        server.manage("migrate", "--noinput", "-v", "0")
        server.manage("seed_demo")
        server.manage("seed_demo_events")
        events, contributions = EVENTS[mode], CONTRIBUTIONS[mode]
        step(f"  {events:,} events, a debate with {contributions:,} contributions, API data")
        server.run("bench/generate.py", "--events", str(events), "--registrations", "50")
        server.run("bench/generate_forum.py", "--total", str(contributions), "--top-level", "500")
        server.run("bench/bench_api.py", "--create-api-data")
        server.start()
        bad = []
        for path, _label in endpoints(mode):
            status, body = get(server.port, _with_limit(path), timeout=REQUEST_TIMEOUT_S)
            results = json.loads(body).get("results", []) if status == 200 else []
            if status != 200 or len(results) != PAGE_SIZE:
                bad.append(f"{path}: HTTP {status}, {len(results)} results: {body[:300]!r}")
        if bad:
            raise SystemExit("API lists do not answer as expected:\n" + "\n".join(bad))
        duration = DURATION_S[mode]
        for path, label in endpoints(mode):
            url = _with_limit(path)
            step(f"  {url}: {CLIENTS} clients, {WARMUP_S:g} s warm-up + {duration:g} s")
            before = cpu_snapshot(server.pid)
            result = load(server.port, url, CLIENTS, duration, WARMUP_S)
            result.other_cpu = other_cpu_share(before, cpu_snapshot(server.pid))
            step(
                f"    {result.rps:8.1f} req/s  p50 {result.pct(50):6.1f} ms"
                f"  p95 {result.pct(95):6.1f} ms  errors {result.errors}"
            )
            checks.append(
                (
                    f"API `{url}` ({label}) p50 at {CLIENTS} clients",
                    f"{result.pct(50):.1f} ms (p95 {result.pct(95):.1f} ms, "
                    f"{result.rps:.0f} req/s, {result.errors} errors)",
                    f"< {API_P50_MS:g} ms",
                    result.pct(50) < API_P50_MS and result.errors == 0,
                )
            )
    finally:
        server.stop()
        if own_tmp:
            own_tmp.cleanup()
    notes = (
        f"API lists: each list endpoint at `limit={PAGE_SIZE}` with {CLIENTS} keep-alive"
        " clients against gunicorn (2 sync workers, production settings), on a throw-away"
        f" SQLite database with the demo data, {EVENTS[mode]:,} bench events, a debate with"
        f" {CONTRIBUTIONS[mode]:,} contributions, {PRACTICES} best practices, a map with"
        f" {STATEMENTS} statements, a process with {PROPOSALS:,} proposals, {CALLS:,} calls"
        f" for proposals, {FUNDED_PROJECTS:,} funded projects, {PUBLICATIONS} publications,"
        f" {NEWS} news posts and {VIDEOS} videos. Each answer"
        " is one COUNT, one page query and the page's prefetches. The read rate limit is"
        " raised because all clients come from 127.0.0.1."
    )
    return checks, notes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--create-api-data", action="store_true")
    args = parser.parse_args()
    if args.create_api_data:
        create_api_data()
        return
    checks, _notes = api_benchmarks(args.quick)
    for label, measured, budget, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {measured} (budget {budget})")


if __name__ == "__main__":
    main()
