"""The figures CSV: names people wrote cannot run as spreadsheet formulas; numbers stay numbers."""

import csv
import io

import pytest

from metroagora.impact import metrics as m
from metroagora.impact.models import ImpactFigure
from metroagora.impact.services import refresh_impact_figures
from metroagora.impact.tests.conftest import sign_in
from metroagora.network.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil","x")'


def test_names_are_neutralised_and_numbers_stay_numbers(client, world, roles):
    world.event.title = {"en": EVIL, "_original": "en"}
    world.event.save()
    world.debate.question = {"en": "@SUM(A1)", "_original": "en"}
    world.debate.save()
    refresh_impact_figures()
    ImpactFigure.objects.filter(
        city=world.milan, metric=m.EVENT_ATTENDED, key=str(world.event.pk), period=None
    ).update(value=-3)  # not a real figure: a negative number must stay a number
    MembershipFactory(user=roles.coordinator, city=world.milan, role="coordinator")
    sign_in(client, roles.coordinator)

    response = client.get(f"/en/impact/{world.milan.slug}/figures.csv")

    assert response.status_code == 200
    text = response.content.decode()
    table = list(csv.reader(io.StringIO(text)))
    (event,) = [r for r in table if r[2] == m.EVENT_ATTENDED and r[1] == "all time"]
    assert event[5] == "'" + EVIL
    assert event[6] == "-3"
    (debate,) = [
        r for r in table if r[2] == m.DEBATE_CONTRIBUTIONS and r[4] == str(world.debate.pk)
    ]
    assert debate[5] == "'@SUM(A1)"
    assert [line for line in text.splitlines() if ",-3," in line]  # unquoted, no "'"
