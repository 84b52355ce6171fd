"""The demo: programmes, at least 50 calls in every state, and the rest for the demo cities."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from metroagora.funding.demo import seed_demo_funding
from metroagora.funding.models import Call, FundedProject, Guide, PartnerSearch, Watch

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_needs_the_network():
    with pytest.raises(CommandError, match="Run manage.py seed_demo first"):
        call_command("seed_demo_funding", stdout=io.StringIO())


def test_the_demo_holds_calls_in_every_state_and_the_rest(network):
    summary = seed_demo_funding()
    assert summary.calls >= 50
    assert summary.open >= 10 and summary.forthcoming >= 5 and summary.closed >= 10
    assert summary.two_stage >= 2
    statuses = {call.status for call in Call.objects.all()}
    assert statuses == {"open", "forthcoming", "closed"}
    assert Call.objects.filter(source="manual").exists()
    assert Call.objects.filter(deadline_model="multiple cut-off").exists()
    assert any(call.portal_status_is_stale for call in Call.objects.all())
    assert Guide.objects.count() >= 5
    assert Watch.objects.filter(city__slug="lyon").count() >= 3
    assert PartnerSearch.objects.count() >= 3
    assert FundedProject.objects.filter(participants__city__slug="lyon").exists()
    assert summary.applications >= 8


def test_the_command_loads_once_with_if_empty(network):
    out = io.StringIO()
    call_command("seed_demo_funding", "--if-empty", stdout=out)
    assert "Demo funding loaded:" in out.getvalue()
    count = Call.objects.count()
    out = io.StringIO()
    call_command("seed_demo_funding", "--if-empty", stdout=out)
    assert "already has calls" in out.getvalue()
    assert Call.objects.count() == count


def test_running_it_again_gives_the_same_demo(network):
    now = timezone.now()
    first = seed_demo_funding(now)
    second = seed_demo_funding(now)
    assert (first.calls, first.projects, first.watches) == (
        second.calls,
        second.projects,
        second.watches,
    )
