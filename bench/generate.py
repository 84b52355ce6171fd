"""Benchmark data: many events, and one event with many registrations.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python bench/generate.py [--events 5000]

Run after ``manage.py migrate``, ``seed_demo`` and ``seed_demo_events`` (cities, the
demo project and the topics must exist). ``bench/run.py`` runs it against the
throw-away database of its load test. It adds, in one transaction and with
``bulk_create`` in batches:

- ``--events`` public and a few draft events (slugs ``bench-NNNN-<city>``) spread over
  the demo cities, about three in five in the past (held, a few cancelled) and the
  rest upcoming (published), of every kind, with one to three topics (rows of the
  through table inserted in bulk), spoken languages and English titles;
- ``bench-big-event``: a published international event in Lyon three weeks from now,
  with ``--registrations`` confirmed registrations (unique check-in codes and tokens,
  residents of the host country and participants invited by partner cities).

Earlier ``bench-*`` events are deleted first, so the script can be re-run. Dates are
relative to now; the randomness is seeded. Standard library + Django + tqdm only.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
BIG_EVENT_SLUG = "bench-big-event"
BIG_EVENT_CITY = "lyon"
BATCH_SIZE = 500

# Local time zone and spoken language per country of the demo cities.
TIME_ZONES = {
    "BE": "Europe/Brussels",
    "CZ": "Europe/Prague",
    "DE": "Europe/Berlin",
    "DK": "Europe/Copenhagen",
    "EE": "Europe/Tallinn",
    "ES": "Europe/Madrid",
    "FI": "Europe/Helsinki",
    "FR": "Europe/Paris",
    "GR": "Europe/Athens",
    "HU": "Europe/Budapest",
    "IE": "Europe/Dublin",
    "IT": "Europe/Rome",
    "NL": "Europe/Amsterdam",
    "PL": "Europe/Warsaw",
    "PT": "Europe/Lisbon",
    "SE": "Europe/Stockholm",
}
SPOKEN = {
    "BE": "fr",
    "CZ": "cs",
    "DE": "de",
    "DK": "da",
    "EE": "et",
    "ES": "es",
    "FI": "fi",
    "FR": "fr",
    "GR": "el",
    "HU": "hu",
    "IE": "en",
    "IT": "it",
    "NL": "nl",
    "PL": "pl",
    "PT": "pt",
    "SE": "sv",
}
# (kind, weight, title pattern)
KINDS = [
    ("local", 50, "{topic}: neighbourhood meeting in {city}"),
    ("international", 15, "{topic}: international forum in {city}"),
    ("forum", 20, "{topic}: forum session in {city}"),
    ("online", 15, "{topic}: online session hosted by {city}"),
]
VENUES = ["Town hall", "Public library", "Community centre", "University aula", "Youth house"]
DESCRIPTION = (
    "Residents, city officials and civil society discuss **{topic}** in {city}: what the "
    "city does today, what works elsewhere in the network, and what to try next.\n\n"
    "- Short presentations by the city and by a partner city\n"
    "- Discussion in small groups, with interpretation where announced\n"
    "- Conclusions sent to the city council\n"
)

T = TypeVar("T")


def batches(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metroagora.settings")
    import django

    django.setup()


def generate(events: int = 5_000, registrations: int = 2_000, seed: int = 2025) -> dict[str, Any]:
    """Create the benchmark data (see the module docstring); returns counts and timings."""
    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    from metroagora.events import demo
    from metroagora.events.models import (
        Event,
        EventKind,
        EventStatus,
        Project,
        Registration,
        RegistrationStatus,
        Session,
        Topic,
        new_code,
        new_token,
    )
    from metroagora.network.models import City, PartnerOrganisation

    rng = random.Random(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    cities = list(City.objects.order_by("slug"))
    topics = list(Topic.objects.order_by("slug"))
    if not cities or BIG_EVENT_CITY not in {c.slug for c in cities}:
        raise SystemExit("no demo cities: run manage.py seed_demo first")
    if not topics:
        raise SystemExit("no topics: run manage.py seed_demo_events first")
    project = Project.objects.filter(slug=demo.PROJECT_SLUG).first()
    association = PartnerOrganisation.objects.filter(supports_network=True).first()
    kinds = [k for k, _w, _t in KINDS]
    weights = [w for _k, w, _t in KINDS]
    titles = {k: t for k, _w, t in KINDS}
    started = time.perf_counter()
    stats: dict[str, Any] = {}

    with transaction.atomic():
        deleted, _per_model = Event.objects.filter(slug__startswith="bench-").delete()
        stats["deleted"] = deleted

        # --- Many events ---------------------------------------------------------
        plans: list[tuple[Event, list[int]]] = []
        for i in range(events):
            city = cities[i % len(cities)]
            country = str(city.country)
            kind = rng.choices(kinds, weights)[0]
            past = rng.random() < 0.6
            if past:  # up to three years back
                start = now - timedelta(days=rng.randint(1, 3 * 365), hours=rng.randint(0, 12))
                status = EventStatus.CANCELLED if rng.random() < 0.04 else EventStatus.HELD
            else:  # up to a year ahead
                start = now + timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 12))
                draw = rng.random()
                status = (
                    EventStatus.DRAFT
                    if draw < 0.03
                    else EventStatus.CANCELLED
                    if draw < 0.05
                    else EventStatus.PUBLISHED
                )
            start = start.replace(hour=rng.choice([7, 8, 9, 14, 15, 16]))  # UTC
            city_name = city.name.get("en") or str(city.name)
            chosen = rng.sample(topics, k=rng.choice([0, 1, 1, 1, 2, 2, 3]))
            topic_name = chosen[0].name.get("en") if chosen else "Future of Europe"
            local = SPOKEN.get(country, "en")
            languages = sorted({local, "en"})
            if i % 7 == 0:  # a few events with a third language
                languages = sorted({*languages, rng.choice(["fr", "de", "it"])})
            online = kind == EventKind.ONLINE
            event = Event(
                slug=f"bench-{i:04d}-{city.slug}",
                title={
                    "en": titles[kind].format(topic=topic_name, city=city_name),
                    "_original": "en",
                },
                kind=kind,
                status=status,
                city=city,
                project=project if kind == EventKind.INTERNATIONAL and rng.random() < 0.3 else None,
                description={
                    "en": DESCRIPTION.format(topic=topic_name.lower(), city=city_name),
                    "_original": "en",
                },
                starts_at=start,
                ends_at=start + timedelta(hours=rng.choice([2, 2, 3, 4, 6, 8])),
                time_zone=TIME_ZONES.get(country, "Europe/Brussels"),
                venue_name="" if online else rng.choice(VENUES),
                venue_address="" if online else f"{rng.randint(1, 120)} Main street, {city_name}",
                latitude=None if online else city.latitude + rng.uniform(-0.05, 0.05),
                longitude=None if online else city.longitude + rng.uniform(-0.05, 0.05),
                online_url=f"https://meet.example.org/bench-{i:04d}" if online else "",
                languages=languages,
                interpretation=["en"] if kind == EventKind.INTERNATIONAL else [],
                capacity=rng.choice([None, None, 40, 80, 150, 300]),
                registration_deadline=None if past else start - timedelta(days=1),
            )
            plans.append((event, [t.pk for t in chosen]))
        with tqdm(total=events, desc="events", unit="event", file=sys.stdout) as bar:
            for chunk in batches(plans):
                Event.objects.bulk_create([event for event, _ids in chunk])
                bar.update(len(chunk))
        through = Event.topics.through
        links = [
            through(event_id=event.pk, topic_id=topic_id)
            for event, topic_ids in plans
            for topic_id in topic_ids
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        if association:
            partner_through = Event.partners.through
            partner_through.objects.bulk_create(
                [
                    partner_through(event_id=event.pk, partnerorganisation_id=association.pk)
                    for event, _ids in plans
                    if event.kind == EventKind.INTERNATIONAL
                ],
                batch_size=BATCH_SIZE,
            )
        stats["events"] = len(plans)
        stats["topic_links"] = len(links)
        stats["upcoming_public"] = sum(
            1 for e, _ in plans if e.ends_at >= now and e.status != EventStatus.DRAFT
        )

        # --- One event with many registrations -----------------------------------
        by_slug = {c.slug: c for c in cities}
        host = by_slug[BIG_EVENT_CITY]
        partners = [c for c in cities if c.slug != BIG_EVENT_CITY]
        start = (now + timedelta(days=21)).replace(hour=7)
        big = Event.objects.create(
            slug=BIG_EVENT_SLUG,
            title={
                "en": "European Citizens' Assembly on the Future of Cities",
                "fr": "Assemblée citoyenne européenne sur l'avenir des villes",
                "_original": "en",
            },
            kind=EventKind.INTERNATIONAL,
            status=EventStatus.PUBLISHED,
            city=host,
            project=project,
            description={
                "en": DESCRIPTION.format(topic="the future of cities", city="Lyon"),
                "_original": "en",
            },
            starts_at=start,
            ends_at=start + timedelta(hours=9),
            time_zone="Europe/Paris",
            venue_name="Palais des congrès",
            venue_address="50 quai Charles de Gaulle, 69006 Lyon",
            latitude=45.7838,
            longitude=4.8525,
            languages=["en", "fr"],
            interpretation=["en", "fr", "it", "pl", "es"],
            capacity=registrations + 500,
            registration_deadline=start - timedelta(days=2),
            accessibility={
                "en": "Step-free access, induction loop, quiet room.",
                "_original": "en",
            },
        )
        big.topics.set(topics[:3])
        if association:
            big.partners.add(association)
        Session.objects.bulk_create(
            Session(
                event=big,
                starts_at=start + timedelta(hours=a),
                ends_at=start + timedelta(hours=b),
                title=title,
                speakers=speakers,
                room=room,
            )
            for a, b, title, speakers, room in [
                (0, 1, "Welcome and introduction", "Mayor of Lyon", "Auditorium"),
                (1, 3, "Working groups: housing, mobility, climate", "Facilitators", "Rooms A-F"),
                (4, 6, "What the partner cities tried", "Milan, Warsaw, Helsinki", "Auditorium"),
                (6, 8, "Recommendations and vote", "", "Auditorium"),
            ]
        )
        codes = set(Registration.objects.values_list("code", flat=True))
        people: list[Registration] = []
        for index in range(registrations):
            sender = rng.choice(partners) if rng.random() < 0.35 else None
            if sender is not None:
                country = str(sender.country)
                residence = sender.name.get(sender.name.original or "en") or str(sender.name)
            else:
                country = str(host.country)
                residence = rng.choice(demo.NEARBY.get(BIG_EVENT_CITY, ["Lyon"]))
            given, family = demo.NAMES.get(country, demo.NAMES["FR"])
            name = f"{rng.choice(given)} {rng.choice(family)}"
            consent = rng.random() < 0.55
            code = new_code()
            while code in codes:
                code = new_code()
            codes.add(code)
            people.append(
                Registration(
                    event=big,
                    name=name,
                    email=f"participant{index:04d}@bench.example.org",
                    language=demo.UI_LANGUAGE.get(country, "en"),
                    status=RegistrationStatus.CONFIRMED,
                    code=code,
                    token=new_token(),
                    organisation=rng.choice(demo.ORGANISATIONS),
                    residence_city=residence,
                    residence_country=country,
                    role=rng.choice(demo.ROLES),
                    invited_by=sender,
                    demographics_consent=consent,
                    age_bracket=rng.choice(demo.AGES) if consent else "",
                    gender=rng.choice(demo.GENDERS) if consent else "",
                    photo_consent=rng.random() < 0.7,
                    confirmed_at=now - timedelta(minutes=registrations - index),
                )
            )
        with tqdm(total=registrations, desc="registrations", unit="reg", file=sys.stdout) as bar:
            for group in batches(people):
                Registration.objects.bulk_create(group)
                bar.update(len(group))
        stats["registrations"] = len(people)
        stats["international"] = sum(1 for r in people if r.invited_by is not None)
    stats["seconds"] = time.perf_counter() - started
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5_000, help="events to create")
    parser.add_argument(
        "--registrations", type=int, default=2_000, help=f"registrations of {BIG_EVENT_SLUG}"
    )
    parser.add_argument("--seed", type=int, default=2025, help="random seed")
    args = parser.parse_args()
    setup_django()
    stats = generate(args.events, args.registrations, args.seed)
    print(
        f"bench data: {stats['events']:,} events ({stats['upcoming_public']:,} upcoming "
        f"and public, {stats['topic_links']:,} topic links), {BIG_EVENT_SLUG} with "
        f"{stats['registrations']:,} confirmed registrations ({stats['international']:,} "
        f"invited by partner cities), in {stats['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
