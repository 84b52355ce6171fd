"""A synthetic Pol.is export, for the opinion-analysis benchmarks and import tests.

    python bench/generate_polis.py OUT_DIR [--participants 33500] [--statements 800]
        [--votes 2000000] [--groups 3] [--seed 2026] [--participants-votes]

From Python::

    from bench.generate_polis import generate_polis_export
    generate_polis_export("/tmp/polis-big")  # the 33,500 x 800 x 2M case

The directory gets what Pol.is writes: ``votes.csv`` (timestamp, datetime, comment-id,
voter-id, vote), ``comments.csv`` (timestamp, datetime, comment-id, author-id,
agrees, disagrees, moderated, comment-body), ``summary.csv`` (key,value lines) and,
with ``participants_votes=True``, ``participants-votes.csv`` (one row per voter, one
column per comment; about 30 MB for the big case).

What makes it look like a real conversation:

- people belong to a few opinion groups of unequal size; each statement has a
  stance per group (some divide the groups, some are shared by everyone, the rest
  are mixed), and a person agrees or disagrees with the stance of their group
  most of the time;
- votes per person are skewed (most vote a little, a few vote on nearly everything)
  and so are votes per statement (early statements are shown more);
- about one vote in eight is a pass, and 1% of the rows repeat an earlier vote of
  the same person on the same statement, later (a double click, or a change of mind);
- timestamps are in seconds, as in current Pol.is exports, and increase through the
  file; the datetime column is written the way Pol.is writes it
  (``Tue Nov 14 2023 22:13:20 GMT+0000 (Coordinated Universal Time)``);
- 2% of the statements are moderated out (``moderated`` = -1), 1% are unmoderated
  (0); some statement texts contain commas, quotes or a trailing newline, so the CSV
  quoting is exercised.

numpy and the standard library only, no Django; the output is the same for the same
arguments (seeded).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

START = 1_700_000_000  # 14 November 2023, in seconds like current Pol.is exports
DAYS = 30
PASS_SHARE = 0.12
REPEAT_SHARE = 0.01
REJECTED_SHARE = 0.02
UNMODERATED_SHARE = 0.01

SUBJECTS = [
    "The city",
    "Our neighbourhood",
    "The metropolitan council",
    "Public transport",
    "The housing office",
    "Every school",
    "The region",
    "Local shops",
    "Young people",
    "Older residents",
    "The port authority",
    "Cyclists",
]
VERBS = [
    "should get more money for",
    "should decide on its own about",
    "must be consulted before any change to",
    "would gain a lot from",
    "should stop spending on",
    "should set clearer rules for",
    "should publish open data on",
    "should run a citizens' assembly on",
]
OBJECTS = [
    "night buses",
    "social housing",
    "cycle lanes",
    "green roofs",
    "the old market",
    "school streets",
    "parking fees",
    "tourist flats",
    "street lighting",
    "flood defences",
    "the river banks",
    "free wifi",
    "community gardens",
    "the airport",
]
TOPIC = "How should our metropolis change by 2030?"
DESCRIPTION = (
    "A synthetic conversation written by bench/generate_polis.py: people vote on short "
    "statements about the future of the city, agree, disagree or pass."
)


@dataclass
class Export:
    directory: Path
    participants: int
    statements: int
    votes: int  # rows in votes.csv, repeats included
    repeats: int
    passes: int
    groups: int
    seconds: float


def _js_datetime(timestamp: int) -> str:
    """How Pol.is writes dates: JavaScript's Date.toString() on a server set to UTC."""
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    return moment.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")


def _statement_texts(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct statements under 140 characters, a few with commas, quotes or a newline."""
    texts = []
    for index in range(count):
        subject = SUBJECTS[int(rng.integers(len(SUBJECTS)))]
        verb = VERBS[int(rng.integers(len(VERBS)))]
        thing = OBJECTS[int(rng.integers(len(OBJECTS)))]
        text = f"{subject} {verb} {thing} (proposal {index + 1})."
        kind = index % 23
        if kind == 5:
            text = f"{subject}, not the state, {verb} {thing} (proposal {index + 1})."
        elif kind == 11:
            text = f'{subject} {verb} "{thing}" (proposal {index + 1}).'
        elif kind == 17:
            text += "\n"
        texts.append(text)
    return texts


def _votes_per_person(
    rng: np.random.Generator, people: int, statements: int, total: int
) -> np.ndarray:
    """Skewed counts (log-normal), each between 1 and ``statements``, summing to ``total``."""
    if total < people or total > people * statements:
        raise ValueError(
            f"{total:,} distinct votes do not fit {people:,} people and {statements:,} statements"
        )
    raw = rng.lognormal(mean=0.0, sigma=1.1, size=people)
    low, high = 0.0, float(statements) / raw.min()
    for _ in range(80):  # bisection on the scale factor
        scale = (low + high) / 2
        counts = np.clip(np.round(raw * scale), 1, statements)
        if counts.sum() < total:
            low = scale
        else:
            high = scale
    counts = np.clip(np.round(raw * high), 1, statements).astype(np.int64)
    # Fix the rounding difference on the people with room to spare.
    difference = int(counts.sum() - total)
    order = rng.permutation(people)
    for person in order:
        if difference == 0:
            break
        if difference > 0 and counts[person] > 1:
            step = min(difference, int(counts[person]) - 1)
            counts[person] -= step
            difference -= step
        elif difference < 0 and counts[person] < statements:
            step = min(-difference, statements - int(counts[person]))
            counts[person] += step
            difference += step
    return counts


def generate_polis_export(
    directory: str | Path,
    *,
    participants: int = 33_500,
    statements: int = 800,
    votes: int = 2_000_000,
    groups: int = 3,
    seed: int = 2026,
    participants_votes: bool = False,
) -> Export:
    """Write the export (see the module docstring) and return what was written."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    repeats = int(round(votes * REPEAT_SHARE)) if votes >= 100 else 0
    distinct = votes - repeats

    # Opinion groups of unequal size, and each statement's stance per group.
    sizes = np.sort(rng.dirichlet(np.full(groups, 3.0)))[::-1]
    group_of = rng.choice(groups, size=participants, p=sizes)
    kind = rng.choice(3, size=statements, p=[0.35, 0.2, 0.45])  # divisive, shared, mixed
    stance = rng.uniform(-0.6, 0.6, size=(groups, statements))
    split = rng.choice([-1.0, 1.0], size=(groups, statements))
    stance = np.where(kind == 0, 0.9 * split, stance)
    shared = rng.choice([-0.85, 0.85], size=statements)
    stance = np.where(kind == 1, shared, stance)
    pass_rate = np.clip(rng.normal(PASS_SHARE, 0.05, size=statements), 0.02, 0.4)

    # Who votes on what: skewed counts, popular (early) statements shown more.
    counts = _votes_per_person(rng, participants, statements, distinct)
    log_weight = -0.9 * np.log1p(np.arange(statements) / max(statements / 20, 1.0))
    person_rows: list[np.ndarray] = []
    statement_cols: list[np.ndarray] = []
    for first in range(0, participants, 2048):
        last = min(first + 2048, participants)
        keys = log_weight + rng.gumbel(size=(last - first, statements))
        order = np.argsort(-keys, axis=1)
        take = np.arange(statements)[None, :] < counts[first:last, None]
        rows, ranks = np.nonzero(take)
        person_rows.append(rows + first)
        statement_cols.append(order[rows, ranks])
    voter = np.concatenate(person_rows)
    comment = np.concatenate(statement_cols)
    # Within a person, votes come in the order statements were shown.
    group_stance = stance[group_of[voter], comment]
    agree_p = 1.0 / (1.0 + np.exp(-4.0 * group_stance))
    draw = rng.random(len(voter))
    passed = rng.random(len(voter)) < pass_rate[comment]
    value = np.where(passed, 0, np.where(draw < agree_p, 1, -1)).astype(np.int8)

    # Timestamps: people arrive over DAYS days (more at the start), then vote every few
    # seconds; the statement shown k-th comes k steps after their arrival.
    arrival = START + (rng.beta(1.0, 2.5, size=participants) * DAYS * 86400).astype(np.int64)
    position = np.concatenate([np.arange(c) for c in counts])
    gaps = rng.integers(3, 25, size=len(voter))
    timestamp = arrival[voter] + position * 14 + gaps

    # Repeated votes: the same person and statement again, later: half repeat the vote
    # (a double click), half vote anew (a third of those happen to vote the same).
    if repeats:
        again = rng.choice(len(voter), size=repeats, replace=False)
        changed = rng.random(repeats) < 0.5
        new_value = np.where(changed, rng.choice([-1, 0, 1], size=repeats), value[again])
        voter = np.concatenate([voter, voter[again]])
        comment = np.concatenate([comment, comment[again]])
        timestamp = np.concatenate([timestamp, timestamp[again] + rng.integers(1, 900, repeats)])
        value = np.concatenate([value, new_value.astype(np.int8)])
    order = np.lexsort((comment, voter, timestamp))
    voter, comment, timestamp, value = voter[order], comment[order], timestamp[order], value[order]

    # The latest vote per person and statement gives the comment totals.
    key = voter * statements + comment
    _unique, last_from_end = np.unique(key[::-1], return_index=True)
    latest = len(key) - 1 - last_from_end
    agrees = np.bincount(comment[latest][value[latest] == 1], minlength=statements)
    disagrees = np.bincount(comment[latest][value[latest] == -1], minlength=statements)

    # Statements: the first 20 are the moderators' seeds (author 0), the rest by voters.
    moderated = rng.choice(
        [1, -1, 0],
        size=statements,
        p=[1 - REJECTED_SHARE - UNMODERATED_SHARE, REJECTED_SHARE, UNMODERATED_SHARE],
    )
    authors = np.where(
        np.arange(statements) < 20, 0, rng.integers(0, participants, size=statements)
    )
    created = START - 3600 + np.sort(rng.integers(0, DAYS * 86400 // 2, size=statements))
    created[:20] = START - 3600
    texts = _statement_texts(rng, statements)
    with open(out / "comments.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "timestamp",
                "datetime",
                "comment-id",
                "author-id",
                "agrees",
                "disagrees",
                "moderated",
                "comment-body",
            ]
        )
        for index in range(statements):
            writer.writerow(
                [
                    int(created[index]),
                    _js_datetime(int(created[index])),
                    index,
                    int(authors[index]),
                    int(agrees[index]),
                    int(disagrees[index]),
                    int(moderated[index]),
                    texts[index],
                ]
            )

    # votes.csv, written in blocks (the datetime text is cached per second).
    with open(out / "votes.csv", "w", encoding="utf-8", newline="") as handle:
        handle.write("timestamp,datetime,comment-id,voter-id,vote\n")
        block = 200_000
        for first in range(0, len(voter), block):
            stamps = timestamp[first : first + block].tolist()
            comments_block = comment[first : first + block].tolist()
            voters_block = voter[first : first + block].tolist()
            values_block = value[first : first + block].tolist()
            cache: dict[int, str] = {}
            lines = []
            for stamp, cid, pid, vote in zip(
                stamps, comments_block, voters_block, values_block, strict=True
            ):
                text = cache.get(stamp)
                if text is None:
                    text = cache[stamp] = _js_datetime(stamp)
                lines.append(f"{stamp},{text},{cid},{pid},{vote}\n")
            handle.write("".join(lines))

    if participants_votes:
        _write_participants_votes(
            out / "participants-votes.csv",
            voter[latest],
            comment[latest],
            value[latest],
            group_of,
            authors,
            participants,
            statements,
        )

    commenters = len(np.unique(authors))
    with open(out / "summary.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for row in (
            ("topic", TOPIC),
            ("url", "https://pol.is/synthetic"),
            ("views", participants + participants // 3),
            ("voters", participants),
            ("voters-in-conv", int((counts >= min(7, statements)).sum())),
            ("commenters", commenters),
            ("comments", statements),
            ("groups", groups),
            ("conversation-description", DESCRIPTION),
        ):
            writer.writerow(row)

    return Export(
        directory=out,
        participants=participants,
        statements=statements,
        votes=len(voter),
        repeats=repeats,
        passes=int((value == 0).sum()),
        groups=groups,
        seconds=time.perf_counter() - started,
    )


def _write_participants_votes(
    path: Path,
    voter: np.ndarray,
    comment: np.ndarray,
    value: np.ndarray,
    group_of: np.ndarray,
    authors: np.ndarray,
    participants: int,
    statements: int,
) -> None:
    """One row per voter: the latest vote on each statement (1, -1, 0 or blank)."""
    matrix = np.full((participants, statements), 2, dtype=np.int8)  # 2 = no vote
    matrix[voter, comment] = value
    authored = np.bincount(authors, minlength=participants)
    cell = {2: "", 1: "1", -1: "-1", 0: "0"}
    with open(path, "w", encoding="utf-8", newline="") as handle:
        header = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
        handle.write(",".join(header + [str(c) for c in range(statements)]) + "\n")
        for person in range(participants):
            row = matrix[person]
            n_votes = int((row != 2).sum())
            fixed = [
                person,
                int(group_of[person]),
                int(authored[person]),
                n_votes,
                int((row == 1).sum()),
                int((row == -1).sum()),
            ]
            cells = [cell[v] for v in row.tolist()]
            handle.write(",".join([str(v) for v in fixed] + cells) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", help="where to write the export (created if needed)")
    parser.add_argument("--participants", type=int, default=33_500)
    parser.add_argument("--statements", type=int, default=800)
    parser.add_argument("--votes", type=int, default=2_000_000, help="rows in votes.csv")
    parser.add_argument("--groups", type=int, default=3, help="opinion groups (1 to 9)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--participants-votes",
        action="store_true",
        help="also write participants-votes.csv (large for big conversations)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.groups <= 9:
        parser.error("--groups must be between 1 and 9")
    export = generate_polis_export(
        args.directory,
        participants=args.participants,
        statements=args.statements,
        votes=args.votes,
        groups=args.groups,
        seed=args.seed,
        participants_votes=args.participants_votes,
    )
    print(
        f"Pol.is export in {export.directory}: {export.participants:,} participants, "
        f"{export.statements:,} statements, {export.votes:,} votes ({export.repeats:,} "
        f"repeated, {export.passes:,} passes), {export.groups} groups, "
        f"in {export.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
