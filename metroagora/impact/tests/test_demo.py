"""refresh_impact after the demo seeds: the demo's dashboard has meaningful figures."""

import io

import pytest
from django.core.management import call_command

from metroagora.impact import metrics as m
from metroagora.impact.models import ImpactFigure
from metroagora.impact.tests.conftest import figure
from metroagora.network.models import City

pytestmark = pytest.mark.django_db


def test_the_demo_network_and_events_give_figures_to_show(django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo_events", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("refresh_impact", "--no-progress", stdout=io.StringIO())
    assert figure(m.ATTENDANCES) > 100
    assert figure(m.PEOPLE_TAKING_PART) > 100
    assert figure(m.COUNTRIES) >= 5
    assert figure(m.EVENTS_HELD) >= 4
    # enough people consented for the diversity figures to be shown, not all withheld
    shown = ImpactFigure.objects.filter(city=None, metric=m.BY_AGE, value__isnull=False)
    assert shown.count() >= 3
    lyon = City.objects.get(slug="lyon")
    assert figure(m.ATTENDANCES, lyon) > 50
