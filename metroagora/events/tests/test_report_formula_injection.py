"""The participant list (CSV and XLSX): what people typed into the registration form
cannot run as a spreadsheet formula; numbers stay numbers."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil","x")'


@pytest.fixture
def event():
    event = EventFactory(slug="formula-forum", status="held")
    RegistrationFactory(
        event=event,
        name=EVIL,
        organisation="@SUM(A1)",
        residence_city="-2+3",
        checked_in_at=timezone.now(),
    )
    return event


@pytest.fixture
def admin(client):
    user = with_two_factor(UserFactory(is_superuser=True, is_staff=True))
    client.force_login(user)
    return user


def _get(client, name):
    with translation.override("en"):
        response = client.get(reverse(name, args=["formula-forum"]))
    assert response.status_code == 200
    return response


def test_the_csv_puts_a_quote_before_formulas(client, event, admin):
    text = _get(client, "events:report_csv").content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(header, row, strict=True))
    assert cells["Name"] == "'" + EVIL
    assert cells["Organisation"] == "'@SUM(A1)"
    assert cells["City of residence"] == "'-2+3"


def test_the_xlsx_holds_texts_never_formulas_and_numbers_stay_numbers(client, event, admin):
    workbook = load_workbook(io.BytesIO(_get(client, "events:report_xlsx").content))
    header, row = list(workbook["Participants"].iter_rows())
    cells = {h.value: c for h, c in zip(header, row, strict=True)}
    for column, typed in (
        ("Name", EVIL),
        ("Organisation", "@SUM(A1)"),
        ("City of residence", "-2+3"),
    ):
        assert cells[column].data_type == "s"  # a text, not "f" (a formula)
        assert cells[column].value == typed  # shown as typed, without a visible '
        assert cells[column].quotePrefix  # and stays text if someone edits the cell
    figures = {r[0].value: r[1] for r in workbook["Figures"].iter_rows() if len(r) > 1}
    assert figures["Attended"].data_type == "n"
    assert figures["Attended"].value == 1
