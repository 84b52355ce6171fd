"""The CSV downloads of the network's and a city's figures."""

import csv
import io

import pytest

from metroagora.impact import metrics as m
from metroagora.impact.services import refresh_impact_figures
from metroagora.impact.tests.conftest import sign_in
from metroagora.network.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshed(world):
    refresh_impact_figures()
    return world


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode())))


def find(table, metric, key="", month="all time"):
    return [row for row in table if row[2] == metric and row[4] == key and row[1] == month]


def test_the_network_csv_has_every_figure_with_labels(client, refreshed):
    table = rows(client.get("/en/impact/figures.csv"))
    assert table[0] == ["Scope", "Month", "Code", "Figure", "Key", "Breakdown", "Value", "Note"]
    (row,) = find(table, m.PEOPLE_TAKING_PART)
    assert row == [
        "network",
        "all time",
        m.PEOPLE_TAKING_PART,
        "People taking part",
        "",
        "",
        "9",
        "",
    ]
    (row,) = find(table, m.BY_REGION, "south")
    assert row[5] == "South" and row[6] == "6"
    monthly = [row for row in table if row[2] == m.CONTRIBUTIONS and row[1] != "all time"]
    assert sum(int(row[6]) for row in monthly) == 4


def test_withheld_figures_are_empty_with_a_note(client, refreshed):
    table = rows(client.get("/en/impact/figures.csv"))
    (row,) = find(table, m.BY_COUNTRY, "IT")
    assert row[5] == "Italy"
    assert row[6] == ""
    assert row[7] == "fewer than 5"


def test_the_city_csv_has_the_detail_for_its_coordinators_only(client, refreshed, roles):
    path = f"/en/impact/{refreshed.milan.slug}/figures.csv"
    public = rows(client.get(path))
    assert {row[0] for row in public[1:]} == {refreshed.milan.slug}
    assert not [row for row in public if row[2] in m.DETAIL]
    MembershipFactory(user=roles.coordinator, city=refreshed.milan, role="coordinator")
    sign_in(client, roles.coordinator)
    detailed = rows(client.get(path))
    (row,) = find(detailed, m.EVENT_ATTENDED, str(refreshed.event.pk))
    assert row[5] == str(refreshed.event.title) and row[6] == "3"
    sign_in(client, roles.other_coordinator)
    assert not [row for row in rows(client.get(path)) if row[2] in m.DETAIL]


def test_names_cannot_run_as_spreadsheet_formulas(client, refreshed, roles):
    refreshed.event.title = {"en": "=HYPERLINK(1)", "_original": "en"}
    refreshed.event.save()
    MembershipFactory(user=roles.coordinator, city=refreshed.milan, role="coordinator")
    sign_in(client, roles.coordinator)
    table = rows(client.get(f"/en/impact/{refreshed.milan.slug}/figures.csv"))
    (row,) = find(table, m.EVENT_ATTENDED, str(refreshed.event.pk))
    assert row[5] == "'=HYPERLINK(1)"


def test_the_csv_comes_in_every_language(client, refreshed):
    table = rows(client.get("/fr/impact/figures.csv"))
    assert len(table[0]) == 8
    totals = [r for r in table if r[2] == m.PEOPLE_TAKING_PART and not r[1][:1].isdigit()]
    assert [r[6] for r in totals] == ["9"]
