"""Event report benchmarks (pytest-benchmark), run by ``bench/run.py``.

    python -m pytest bench/test_bench_events_reports.py -p no:cacheprovider

Budgets from the issue, for an event with 2,000 registrations: the participant list
as CSV or XLSX in under 1 s, the signed attendance list as PDF in under 10 s. The
view benchmarks call the views in-process with a RequestFactory request (queries,
building, rendering; no HTTP, no middleware). The attendance PDF takes seconds per
round: 3 rounds, 1 when ``BENCH_QUICK`` is set (``bench/run.py --quick``).
"""

from __future__ import annotations

import os
import random
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.events import report_views, reports
from metroagora.events.models import Event, Registration, new_code, new_token
from metroagora.network.models import City

REGISTRATIONS = 2_000
PDF_ROUNDS = 1 if os.environ.get("BENCH_QUICK") else 3
COUNTRIES = [
    ("FR", "France"),
    ("IT", "Italy"),
    ("PL", "Poland"),
    ("ES", "Spain"),
    ("FI", "Finland"),
]


def participants(n: int = REGISTRATIONS) -> list[reports.Participant]:
    rng = random.Random(7)
    people = []
    for _ in range(n):
        code, name = rng.choice(COUNTRIES)
        invited = rng.random() < 0.35
        consent = rng.random() < 0.5
        people.append(
            reports.Participant(
                attended=rng.random() < 0.9,
                country=code,
                country_name=name,
                city_of_residence="Town",
                invited_by_city=rng.choice(["Milan", "Warsaw", "Barcelona"]) if invited else None,
                invited_by_country="Italy" if invited else None,
                role=rng.choice(["citizen", "expert", "official", "civil_society"]),
                age_bracket=rng.choice(reports.AGE_ORDER) if consent else "",
                gender=rng.choice(["woman", "man", "non_binary"]) if consent else "",
            )
        )
    return people


def test_event_report_2000_participants(benchmark):
    people = participants()
    answers = [
        reports.FeedbackAnswer(random.Random(i).randint(1, 5), True, "yes") for i in range(1200)
    ]
    report = benchmark(reports.event_report, people, answers)
    assert report.registered == REGISTRATIONS


@pytest.fixture
def big_event(db):
    host = City.objects.create(
        slug="lyon",
        name={"en": "Lyon"},
        country="FR",
        region="west",
        population=1_400_000,
        latitude=45.76,
        longitude=4.84,
    )
    partners = [
        City.objects.create(
            slug=slug,
            name={"en": slug.title()},
            country=country,
            region="south",
            population=1_000_000,
            latitude=45.0,
            longitude=9.0,
        )
        for slug, country in [
            ("milan", "IT"),
            ("warsaw", "PL"),
            ("barcelona", "ES"),
            ("helsinki", "FI"),
        ]
    ]
    start = timezone.now() - timedelta(days=3)
    event = Event.objects.create(
        slug="big-forum",
        title={"en": "Big forum"},
        kind="international",
        status="held",
        city=host,
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        time_zone="Europe/Paris",
        venue_name="Town hall",
    )
    rng = random.Random(42)
    registrations = []
    for i in range(REGISTRATIONS):
        sender = rng.choice(partners) if rng.random() < 0.35 else None
        consent = rng.random() < 0.5
        registrations.append(
            Registration(
                event=event,
                name=f"Participant {i:04d} Surname",
                email=f"p{i}@example.org",
                status="confirmed",
                code=new_code(),
                token=new_token(),
                organisation=rng.choice(["", "University", "Residents' association"]),
                residence_city="Lyon" if sender is None else str(sender.name),
                residence_country="FR" if sender is None else str(sender.country),
                role=rng.choice(["citizen", "expert", "official"]),
                invited_by=sender,
                demographics_consent=consent,
                age_bracket="18-30" if consent else "",
                gender="woman" if consent else "",
                checked_in_at=start if rng.random() < 0.9 else None,
            )
        )
    Registration.objects.bulk_create(registrations, batch_size=500)
    admin = User.objects.create(email="admin@example.org", is_superuser=True, is_staff=True)
    return event, admin


def _request(admin: User):
    request = RequestFactory().get("/en/")
    request.user = admin
    return request


def test_event_report_csv_2000(benchmark, big_event):
    event, admin = big_event
    response = benchmark(report_views.event_report_csv, _request(admin), event.slug)
    assert response.content.count(b"\n") == REGISTRATIONS + 1


def test_event_report_xlsx_2000(benchmark, big_event):
    event, admin = big_event
    response = benchmark(report_views.event_report_xlsx, _request(admin), event.slug)
    assert response.content.startswith(b"PK")


def test_event_report_page_2000(benchmark, big_event):
    event, admin = big_event
    response = benchmark(report_views.event_report, _request(admin), event.slug)
    assert response.status_code == 200


def test_attendance_pdf_2000(benchmark, big_event):
    """The background task that builds the PDF (the page itself only shows its status)."""
    from metroagora.events.models import ReportFile
    from metroagora.events.tasks import build_attendance_pdf

    event, _admin = big_event
    rounds = iter(range(PDF_ROUNDS))

    def fresh_job():
        version = f"bench-{next(rounds)}"
        return (ReportFile.objects.create(event=event, version=version).pk,), {}

    benchmark.pedantic(build_attendance_pdf.call, setup=fresh_job, rounds=PDF_ROUNDS, iterations=1)
    report = ReportFile.objects.filter(event=event).latest("pk")
    assert report.status == "done"
    with report.file.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"
