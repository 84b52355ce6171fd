"""Benchmark data for local decisions: many proposals and supports, or many ballots.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python bench/generate_decisions.py proposals \
        [--proposals 5000 --supports 200000] [--slug bench-proposals]
    DATABASE_URL=sqlite:////tmp/x.sqlite3 python bench/generate_decisions.py ballots \
        [--ballots 100000 --projects 200] [--slug bench-tally]

Each prints one line of JSON with what it made. From Python (Django set up by the
caller): :func:`generate_proposals`, :func:`generate_ballots`.

Proposals: a published process in its supports phase (in Lyon when ``seed_demo`` ran,
else in a city made for it) with 8 categories and 10 districts; proposals in several
languages spread over the proposals phase, and supports by a pool of
``bench-decisions-NNNNN@example.org`` accounts (no usable password), skewed the way
real supports are (a few proposals draw thousands, most a few dozen). ``support_count``
matches the ``Support`` rows; proposals over the threshold are under evaluation, some
of them answered (accepted or rejected, with a reason), 1% withdrawn by their authors.

Ballots: a process whose voting phase ended yesterday, a budget with ``projects``
projects and ``ballots`` secret ballots of 5 to 10 projects each (chosen by the
projects' popularity), with random keys and random UUIDs, as ``cast_ballot`` leaves
them; no receipts (closing a vote does not read them). Rows are written with
``executemany`` (``bulk_create`` is several times slower at this size).

An earlier process with the same slug is deleted first. The randomness is seeded.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_forum import _timestamps_as_given, setup_django  # noqa: E402

PROPOSALS_SLUG = "bench-proposals"
TALLY_SLUG = "bench-tally"
THRESHOLD = 100
CHUNK = 10_000
LANGUAGES = ["fr", "fr", "pl", "en", "de", "it", "es"]
WORDS = [
    "arbres",
    "vélo",
    "parc",
    "école",
    "quartier",
    "rue",
    "place",
    "jardin",
    "bibliothèque",
    "bancs",
    "ombre",
    "fontaine",
    "piste",
    "trottoir",
    "lumière",
    "tram",
    "bus",
    "sport",
    "jeunesse",
    "culture",
    "marché",
    "propreté",
    "tri",
    "eau",
]


def _city() -> Any:
    from metroagora.network.models import City

    city = City.objects.filter(slug="lyon").first()
    if city is None:
        city, _created = City.objects.get_or_create(
            slug="bench-city",
            defaults={
                "name": {"en": "Bench City", "_original": "en"},
                "country": "FR",
                "region": "west",
                "population": 1_000_000,
                "latitude": 45.76,
                "longitude": 4.84,
            },
        )
    return city


def _process(slug: str, phase: str, title: str) -> Any:
    """A published process with every phase; ``phase`` is open now (or, for "after-voting",
    the voting phase ended yesterday)."""
    from django.utils import timezone

    from metroagora.decisions.models import PHASE_ORDER, Process, ProcessPhase
    from metroagora.forum.models import Debate

    Debate.objects.filter(proposal__process__slug=slug).delete()
    Process.objects.filter(slug=slug).delete()
    process = Process.objects.create(
        city=_city(),
        slug=slug,
        title={"en": title, "_original": "en"},
        description={"en": "Generated for the benchmarks.", "_original": "en"},
        participation="registered",
        support_threshold=THRESHOLD,
        status="published",
    )
    now = timezone.now()
    current = (
        PHASE_ORDER.index("voting") + 1 if phase == "after-voting" else PHASE_ORDER.index(phase)
    )
    for index, kind in enumerate(PHASE_ORDER):
        starts = now + timedelta(days=20 * (index - current) - 10)
        if phase == "after-voting":
            starts += timedelta(days=9)  # the voting phase ended yesterday
        ProcessPhase.objects.create(
            process=process, kind=kind, starts_at=starts, ends_at=starts + timedelta(days=20)
        )
    return process


def _people(count: int) -> list[int]:
    from django.contrib.auth.hashers import make_password

    from metroagora.accounts.models import User

    emails = [f"bench-decisions-{index:05d}@example.org" for index in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        (
            User(email=email, display_name=f"Bench Resident {index}", password=unusable)
            for index, email in enumerate(emails)
            if email not in existing
        ),
        batch_size=2_000,
    )
    return list(User.objects.filter(email__in=emails).order_by("pk").values_list("pk", flat=True))


def _shares(rng: random.Random, count: int, total: int, skew: float = 1.1) -> list[int]:
    """``total`` split over ``count`` items, Zipf-like, in random order; sums exactly."""
    weights = [1.0 / (rank + 20) ** skew for rank in range(count)]
    rng.shuffle(weights)
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    for index in rng.sample(range(count), total - sum(shares)):
        shares[index] += 1
    return shares


def generate_proposals(
    slug: str = PROPOSALS_SLUG,
    proposals: int = 5_000,
    supports: int = 200_000,
    seed: int = 2026,
) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from metroagora.decisions.models import (
        Category,
        District,
        Proposal,
        ProposalState,
    )

    rng = random.Random(seed)
    started = time.perf_counter()
    counts = _shares(rng, proposals, supports)
    pool = max(2_000, min(20_000, supports // 10), max(counts) + 1)
    with transaction.atomic():
        process = _process(slug, "supports", f"Benchmark: {proposals:,} proposals")
        city = process.city
        categories = Category.objects.bulk_create(
            Category(process=process, name={"en": f"Theme {n}", "_original": "en"})
            for n in range(8)
        )
        districts = []
        for n in range(10):
            district, _created = District.objects.get_or_create(
                city=city, slug=f"bench-district-{n}", defaults={"name": f"Bench district {n}"}
            )
            districts.append(district)
        people = _people(pool)
        now = timezone.now()
        opened = process.phase("proposals").starts_at
        phase_span = (process.phase("proposals").ends_at - opened).total_seconds()
        rows = []
        for index, count in enumerate(counts):
            words = rng.sample(WORDS, 4)
            created = opened + timedelta(seconds=rng.uniform(0, phase_span))
            state = ProposalState.PUBLISHED
            answer, reason, reached = "", "", None
            if count >= THRESHOLD:
                state, reached = ProposalState.EVALUATING, now - timedelta(days=rng.randint(1, 9))
                roll = rng.random()
                if roll < 0.3:
                    state = answer = ProposalState.ACCEPTED
                    reason = "Feasible within the budget; the services will cost it precisely."
                elif roll < 0.5:
                    state = answer = ProposalState.REJECTED
                    reason = "Already planned by the city: no need for the participatory budget."
            elif rng.random() < 0.01:
                state = ProposalState.WITHDRAWN
            rows.append(
                Proposal(
                    process=process,
                    author_id=people[index % len(people)],
                    title=f"{words[0].capitalize()} et {words[1]} : proposition {index}",
                    body=" ".join(rng.choice(WORDS) for _ in range(60)),
                    language=rng.choice(LANGUAGES),
                    category=categories[index % len(categories)],
                    district=districts[rng.randrange(len(districts))],
                    estimated_cost=Decimal(rng.randrange(5, 900) * 1000),
                    state=state,
                    support_count=count,
                    threshold_reached_at=reached,
                    answer=answer,
                    answer_reason=reason,
                    answered_at=reached + timedelta(hours=6) if answer and reached else None,
                    created_at=created,
                    updated_at=created,
                )
            )
        with _timestamps_as_given(Proposal):
            made = Proposal.objects.bulk_create(rows, batch_size=1_000)
        sql = "INSERT INTO decisions_support (proposal_id, user_id, created_at) VALUES (%s, %s, %s)"
        adapt = connection.ops.adapt_datetimefield_value
        supports_open = process.phase("supports").starts_at
        batch: list[tuple[int, int, Any]] = []
        with connection.cursor() as cursor:
            for proposal, count in zip(made, counts, strict=True):
                at = adapt(supports_open + timedelta(minutes=rng.randint(0, 9 * 24 * 60)))
                for person in rng.sample(people, count):
                    batch.append((proposal.pk, person, at))
                if len(batch) >= CHUNK:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    visible = sum(1 for row in rows if row.state != ProposalState.WITHDRAWN)
    in_category = sum(
        1 for row in rows if row.state != ProposalState.WITHDRAWN and row.category == categories[0]
    )
    return {
        "slug": slug,
        "proposals": proposals,
        "visible": visible,
        "supports": supports,
        "people": len(people),
        "most_supports": max(counts),
        "evaluating_or_answered": sum(1 for c in counts if c >= THRESHOLD),
        "category": categories[0].pk,
        "in_category": in_category,
        "seconds": round(time.perf_counter() - started, 2),
    }


def generate_ballots(
    slug: str = TALLY_SLUG,
    ballots: int = 100_000,
    projects: int = 200,
    seed: int = 2026,
) -> dict[str, Any]:
    from django.db import connection, transaction

    from metroagora.decisions.models import Ballot, BallotChoice, Budget, BudgetProject

    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        process = _process(slug, "after-voting", f"Benchmark: {ballots:,} ballots")
        budget = Budget.objects.create(
            process=process,
            title={"en": "Benchmark budget", "_original": "en"},
            amount=Decimal(15_000_000),
            currency="EUR",
            min_projects=5,
            max_projects=10,
        )
        made = BudgetProject.objects.bulk_create(
            BudgetProject(
                budget=budget,
                title={"en": f"Project {n}", "_original": "en"},
                cost=Decimal(rng.randrange(20, 1_000) * 1_000),
            )
            for n in range(projects)
        )
        ids = [project.pk for project in made]
        popularity = [rng.paretovariate(1.5) for _ in ids]
        prep = Ballot._meta.pk.get_db_prep_value
        choice_prep = BallotChoice._meta.pk.get_db_prep_value
        ballot_rows: list[tuple[Any, int, str]] = []
        choice_rows: list[tuple[Any, Any, int]] = []
        total_choices = 0
        with connection.cursor() as cursor:
            for _n in range(ballots):
                ballot_id = prep(uuid.UUID(int=rng.getrandbits(128), version=4), connection)
                key = f"{rng.getrandbits(256):064x}"
                ballot_rows.append((ballot_id, budget.pk, key))
                wanted = rng.randint(5, 10)
                chosen: set[int] = set()
                while len(chosen) < wanted:
                    chosen.update(rng.choices(ids, weights=popularity, k=wanted - len(chosen)))
                for project in chosen:
                    choice_id = choice_prep(
                        uuid.UUID(int=rng.getrandbits(128), version=4), connection
                    )
                    choice_rows.append((choice_id, ballot_id, project))
                total_choices += len(chosen)
                if len(choice_rows) >= CHUNK * 5:
                    _write_ballots(cursor, ballot_rows, choice_rows)
                    ballot_rows, choice_rows = [], []
            _write_ballots(cursor, ballot_rows, choice_rows)
    return {
        "slug": slug,
        "budget": budget.pk,
        "ballots": ballots,
        "projects": projects,
        "choices": total_choices,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _write_ballots(cursor: Any, ballots: list[Any], choices: list[Any]) -> None:
    if ballots:
        cursor.executemany(
            "INSERT INTO decisions_ballot (id, budget_id, key) VALUES (%s, %s, %s)", ballots
        )
    if choices:
        cursor.executemany(
            "INSERT INTO decisions_ballotchoice (id, ballot_id, project_id) VALUES (%s, %s, %s)",
            choices,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    many = sub.add_parser("proposals", help="a process with many proposals and supports")
    many.add_argument("--slug", default=PROPOSALS_SLUG)
    many.add_argument("--proposals", type=int, default=5_000)
    many.add_argument("--supports", type=int, default=200_000)
    vote = sub.add_parser("ballots", help="a budget with many ballots, its vote over")
    vote.add_argument("--slug", default=TALLY_SLUG)
    vote.add_argument("--ballots", type=int, default=100_000)
    vote.add_argument("--projects", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    if args.what == "proposals":
        result = generate_proposals(args.slug, args.proposals, args.supports)
    else:
        result = generate_ballots(args.slug, args.ballots, args.projects)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
