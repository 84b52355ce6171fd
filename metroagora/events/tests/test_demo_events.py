"""seed_demo_events on top of seed_demo: believable, reportable figures."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from metroagora.events import report_data, reports
from metroagora.events.models import Event, Feedback, Registration


def _run(*args):
    out = io.StringIO()
    call_command("seed_demo_events", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return _run()


def test_it_prints_a_one_line_summary(demo):
    assert demo.count("\n") == 1
    assert demo.startswith("Demo events loaded: 8 events")


def test_it_creates_past_and_upcoming_events(demo):
    now = timezone.now()
    held = Event.objects.filter(status="held")
    assert held.count() >= 4
    assert all(event.ends_at < now for event in held)
    upcoming = Event.objects.filter(starts_at__gt=now)
    assert upcoming.count() >= 3
    assert upcoming.filter(status="draft").exists()
    online = upcoming.get(kind="online")
    assert online.online_url
    full = upcoming.get(capacity__isnull=False)
    assert full.registrations.filter(status="confirmed").count() == full.capacity
    assert full.registrations.filter(status="waitlisted").exists()
    assert all(event.sessions.exists() for event in held)
    assert all(hasattr(event, "outcome") for event in held)
    assert {e.city.slug for e in Event.objects.all()} >= {"lyon", "milan", "warsaw"}


def test_it_makes_plausible_reports(demo):
    project_events = report_data.project_events(Event.objects.first().project_id)
    pairs = report_data.project_reports(project_events)
    for event, report in pairs:
        if event.status != "held":
            continue
        assert 40 <= report.registered <= 120, event.slug
        assert report.basis == reports.Basis.ATTENDED
        share, fb = report.international_share, report.feedback
        assert share is not None and fb.response_rate is not None and fb.good_share is not None
        assert 0.75 <= report.attended / report.registered <= 0.97
        assert 0.2 <= share <= 0.5, event.slug
        assert report.countries >= 3
        assert 0.4 <= fb.response_rate <= 0.8
        assert fb.good_share >= 0.6
        assert report.age_not_given > 0 and report.by_age_bracket
    project = reports.project_report([r for _e, r in pairs])
    assert project.events >= 6
    assert project.countries >= 8


def test_it_gives_unique_codes_and_respects_consent(demo):
    codes = Registration.objects.values_list("code", flat=True)
    assert len(set(codes)) == len(codes)
    assert not Registration.objects.filter(demographics_consent=False).exclude(age_bracket="")
    assert Feedback.objects.filter(registration__checked_in_at__isnull=True).count() == 0


def test_it_does_nothing_with_if_empty_when_events_exist(demo):
    count = Registration.objects.count()
    assert "already has events" in _run("--if-empty")
    assert Registration.objects.count() == count


def test_it_recreates_the_demo_events_when_run_again(demo):
    count = Event.objects.count()
    _run()
    assert Event.objects.count() == count


def test_it_needs_the_demo_network(db):
    with pytest.raises(CommandError):
        _run()
