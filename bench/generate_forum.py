"""Benchmark data for the Forum: one debate with many contributions.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python bench/generate_forum.py [--total 10000]

From Python (Django set up by the caller)::

    from bench.generate_forum import generate_big_debate
    generate_big_debate()  # slug "bench-big-debate", 10,000 contributions

The debate gets ``top_level`` contributions at depth 0 and the rest as replies at
depth 1 (about two thirds) and depth 2, spread unevenly over the threads as in a real
debate (a few threads draw most replies). Roots, parents, depths and reply counts are
planned in Python before anything is written, so everything is consistent without a
single UPDATE per row; ``agree_count`` matches the ``Reaction`` rows created for it.
Contributions are in several languages with random stances; about 1% are hidden by a
moderator and 0.5% deleted by their authors; a few top-level ones are official
responses by a verified policymaker. Dates run from ``days`` ago until now, replies
after their parent. Authors come from a pool of ``bench-forum-NNNN@example.org``
accounts (created once, without a usable password).

An earlier debate with the same slug is deleted first, so the function can be re-run.
The randomness is seeded. Standard library + Django only.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIG_DEBATE_SLUG = "bench-big-debate"
BATCH_SIZE = 1_000
AUTHORS = 300

# language -> (weight, sentences people write)
LANGUAGES: dict[str, tuple[int, list[str]]] = {
    "en": (
        30,
        [
            "Cities should have a direct say in how the money is spent.",
            "I am not convinced: more levels of decision means more delays.",
            "In our neighbourhood the last project took four years to start.",
            "Publish every project and its budget as open data first.",
            "Young people are rarely asked, and they live with the results longest.",
            "This worked in Helsinki, but can it work in a city without that tradition?",
        ],
    ),
    "it": (
        15,
        [
            "Le città conoscono i quartieri meglio di qualsiasi ministero.",
            "Servono tecnici nei comuni, altrimenti i fondi tornano indietro.",
            "Sono d'accordo, ma con regole chiare per i comuni più piccoli.",
            "A Milano la priorità resta la casa, poi i trasporti.",
        ],
    ),
    "fr": (
        12,
        [
            "Les métropoles montent déjà les projets : qu'elles aient aussi leur mot à dire.",
            "Attention à ne pas oublier les territoires ruraux.",
            "Un budget participatif européen serait un signal fort.",
            "La consultation existe, mais elle arrive trop tard.",
        ],
    ),
    "de": (
        10,
        [
            "Mehr Mitsprache heißt auch mehr Verantwortung für die Städte.",
            "Die Verfahren sind schon jetzt zu langsam.",
            "Transparenz ist wichtiger als neue Gremien.",
        ],
    ),
    "es": (
        10,
        [
            "Las ciudades aplicamos las políticas: deberíamos decidirlas también.",
            "Consultar no es decidir.",
            "La vivienda asequible debería ser una prioridad europea.",
        ],
    ),
    "pl": (
        10,
        [
            "Fundusze spójności zmieniły nasze miasta nie do poznania.",
            "Małe gminy potrzebują pomocy w pisaniu wniosków.",
            "Budżet obywatelski pokazuje, że mieszkańcy umieją wybierać.",
        ],
    ),
    "nl": (4, ["Steden moeten meer te zeggen hebben.", "Eerst open data, dan de rest."]),
    "pt": (4, ["Lisboa mostra que o orçamento participativo funciona.", "Concordo em parte."]),
    "cs": (3, ["Praha by to ráda vyzkoušela.", "Kdo zaplatí národní podíl?"]),
    "fi": (2, ["OmaStadi näyttää, että asukkaat osaavat päättää."]),
}
STANCES = (["for"] * 5) + (["against"] * 3) + (["neutral"] * 2)
HIDE_REASON = "Personal attack on other participants (house rules, point 2)."


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metroagora.settings")
    import django

    django.setup()


@contextmanager
def _timestamps_as_given(*models: Any) -> Iterator[None]:
    """Let bulk_create keep the given created_at / updated_at instead of "now"."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _authors(count: int) -> list[Any]:
    from django.contrib.auth.hashers import make_password

    from metroagora.accounts.models import User

    emails = [f"bench-forum-{index:04d}@example.org" for index in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(email=email, display_name=f"Bench Person {index}", password=unusable)
            for index, email in enumerate(emails)
            if email not in existing
        ],
        batch_size=BATCH_SIZE,
    )
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    policymaker = users[0]
    if not policymaker.is_verified_policymaker:
        policymaker.is_verified_policymaker = True
        policymaker.save(update_fields=["is_verified_policymaker"])
    return users


def _text(rng: random.Random, sentences: list[str], index: int) -> str:
    words = [rng.choice(sentences) for _ in range(rng.choice([1, 1, 2, 2, 3, 5]))]
    return " ".join(words) + f" ({index})"


def _parents(rng: random.Random, count: int, pool: int) -> list[int]:
    """For ``count`` replies, the index of their parent among ``pool``: a few popular."""
    weights = [rng.paretovariate(1.2) for _ in range(pool)]
    return rng.choices(range(pool), weights=weights, k=count)


def generate_big_debate(
    slug: str = BIG_DEBATE_SLUG,
    total: int = 10_000,
    top_level: int = 2_000,
    seed: int = 2025,
    days: int = 60,
) -> dict[str, Any]:
    """Create the debate (see the module docstring); returns counts and timings."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from metroagora.events.models import Topic
    from metroagora.forum.models import (
        MAX_DEPTH,
        Contribution,
        Debate,
        Reaction,
        Visibility,
    )
    from metroagora.forum.services import recount_contributions

    if not 0 < top_level <= total:
        raise ValueError("top_level must be between 1 and total")
    assert MAX_DEPTH >= 3, "replies go down to depth 2"
    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    start = now - timedelta(days=days)
    languages = list(LANGUAGES)
    language_weights = [LANGUAGES[lang][0] for lang in languages]
    timings: dict[str, float] = {}

    with transaction.atomic():
        old = Debate.objects.filter(slug=slug).first()
        if old is not None:
            contributions = Contribution.objects.filter(debate=old)
            Reaction.objects.filter(contribution__debate=old).delete()
            contributions.update(parent=None, root=None)
            contributions.delete()
            old.delete()
        timings["delete"] = time.perf_counter() - started
        users = _authors(AUTHORS)
        policymaker, people = users[0], users[1:]
        debate = Debate.objects.create(
            slug=slug,
            question={
                "en": "Benchmark: should cities have a direct say in EU cohesion policy?",
                "_original": "en",
            },
            introduction={"en": "A very large debate, for benchmarks.", "_original": "en"},
        )
        debate.topics.set(Topic.objects.filter(slug="future-of-europe"))

        # Plan the tree: indices per level, then parents, reply counts and dates.
        replies = total - top_level
        depth1 = min(replies, round(replies * 2 / 3)) if top_level else 0
        depth2 = replies - depth1
        levels: list[list[dict[str, Any]]] = [[], [], []]
        span = (now - start).total_seconds()
        for index in range(top_level):
            at = start + timedelta(seconds=span * 0.9 * (index + rng.random()) / top_level)
            levels[0].append({"parent": None, "at": at, "replies": 0})
        for depth, count in ((1, depth1), (2, depth2)):
            above = levels[depth - 1]
            if count and not above:
                raise ValueError(f"too few contributions above depth {depth}")
            for chosen in _parents(rng, count, len(above)):
                above[chosen]["replies"] += 1
                room = (now - above[chosen]["at"]).total_seconds()
                at = above[chosen]["at"] + timedelta(seconds=max(1.0, room * rng.random() * 0.3))
                levels[depth].append({"parent": chosen, "at": at, "replies": 0})
        timings["plan"] = time.perf_counter() - started

        created: list[list[Any]] = [[], [], []]
        reactions: list[tuple[int, int, list[Any]]] = []  # (depth, index, users)
        number = 0
        with _timestamps_as_given(Contribution, Reaction):
            for depth, level in enumerate(levels):
                rows = []
                for index, plan in enumerate(level):
                    number += 1
                    language = rng.choices(languages, weights=language_weights)[0]
                    official = depth == 0 and index % 400 == 7
                    agree = 0
                    if rng.random() < (0.6 if depth == 0 else 0.3):
                        agree = min(len(people) - 1, int(rng.paretovariate(1.1)))
                    fate = rng.random()
                    visibility = Visibility.VISIBLE
                    if fate < 0.01:
                        visibility = Visibility.HIDDEN
                    elif fate < 0.015:
                        visibility = Visibility.DELETED
                    author = policymaker if official else rng.choice(people)
                    voters = rng.sample([u for u in people if u.pk != author.pk], agree)
                    parent = created[depth - 1][plan["parent"]] if depth else None
                    rows.append(
                        Contribution(
                            debate=debate,
                            parent=parent,
                            root_id=parent.root_id if parent is not None else None,
                            depth=depth,
                            author=author,
                            text=""
                            if visibility == Visibility.DELETED
                            else _text(rng, LANGUAGES[language][1], number),
                            language=language,
                            stance="neutral" if official else rng.choice(STANCES),
                            is_official=official,
                            visibility=visibility,
                            moderation_reason=HIDE_REASON
                            if visibility == Visibility.HIDDEN
                            else "",
                            agree_count=len(voters),
                            reply_count=plan["replies"],
                            created_at=plan["at"],
                            updated_at=plan["at"],
                        )
                    )
                    if voters:
                        reactions.append((depth, index, voters))
                created[depth] = Contribution.objects.bulk_create(rows, batch_size=BATCH_SIZE)
                if depth == 0:  # top-level contributions are their own root
                    Contribution.objects.filter(debate=debate, depth=0).update(root_id=F("pk"))
                    for row in created[0]:
                        row.root_id = row.pk
            timings["contributions"] = time.perf_counter() - started
            reaction_rows = []
            for depth, index, voters in reactions:
                contribution = created[depth][index]
                for user in voters:
                    at = contribution.created_at + timedelta(minutes=rng.randint(1, 600))
                    reaction_rows.append(
                        Reaction(contribution=contribution, user=user, created_at=min(at, now))
                    )
            Reaction.objects.bulk_create(reaction_rows, batch_size=BATCH_SIZE)
        timings["reactions"] = time.perf_counter() - started
        recount_contributions([debate.pk])

    return {
        "debate": debate.slug,
        "contributions": total,
        "top_level": top_level,
        "depth1": depth1,
        "depth2": depth2,
        "reactions": len(reaction_rows),
        "seconds": round(time.perf_counter() - started, 2),
        "timings": {name: round(value, 2) for name, value in timings.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slug", default=BIG_DEBATE_SLUG)
    parser.add_argument("--total", type=int, default=10_000)
    parser.add_argument("--top-level", type=int, default=2_000)
    args = parser.parse_args()
    setup_django()
    result = generate_big_debate(args.slug, total=args.total, top_level=args.top_level)
    print(
        f"forum bench data: {result['debate']} with {result['contributions']:,} "
        f"contributions ({result['top_level']:,} top-level, {result['depth1']:,} replies at "
        f"depth 1, {result['depth2']:,} at depth 2), {result['reactions']:,} agreements, "
        f"in {result['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
