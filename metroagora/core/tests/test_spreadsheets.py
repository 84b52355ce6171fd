"""Spreadsheet cells without formula injection (metroagora/core/spreadsheets.py). No database."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from metroagora.core.spreadsheets import (
    csv_writer,
    is_dangerous,
    restore_cell,
    safe_cell,
    safe_row,
    xlsx_row,
)

DANGEROUS = [
    ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1)", "'@SUM(1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    (" =1", "' =1"),  # leading space: LibreOffice may trim it
    ("\u00a0 \n=1", "'\u00a0 \n=1"),  # other whitespace too
    ('"=1', "'\"=1"),  # a leading quote
    ("'=1", "''=1"),  # already quoted: quoted again, so that restore_cell is exact
    ("\uff1d1", "'\uff1d1"),  # fullwidth equals: some spreadsheets make it "="
    ("\uff0b1", "'\uff0b1"),
    ("\uff0dcmd", "'\uff0dcmd"),
    ("\uff20SUM(1)", "'\uff20SUM(1)"),
    ("-", "'-"),
    ("\t", "'\t"),
]

SAFE = [
    "Plain text",
    "",
    "Anna-Maria O'Neill",  # dashes and quotes inside are harmless
    "a=b",
    "'quoted'",
    "https://example.org/?a=1",
    "2026-05-01",
]


@pytest.mark.parametrize(("value", "expected"), DANGEROUS)
def test_it_neutralises_dangerous_texts(value, expected):
    assert is_dangerous(value)
    assert safe_cell(value) == expected


@pytest.mark.parametrize("value", SAFE)
def test_it_leaves_safe_texts_alone(value):
    assert not is_dangerous(value)
    assert safe_cell(value) == value


@pytest.mark.parametrize(
    "value",
    [
        -3,
        -2.5,
        Decimal("-1200.50"),
        0,
        True,
        None,
        date(2026, 5, 1),
        datetime(2026, 5, 1, 9, 30, tzinfo=UTC),
        timedelta(hours=-1),
        b"-1",
    ],
)
def test_it_keeps_numbers_dates_and_none_as_they_are(value):
    assert safe_cell(value) is value


def test_other_objects_are_checked_as_their_text():
    class Name:
        def __str__(self):
            return "=1+1"

    assert safe_cell(Name()) == "'=1+1"


@pytest.mark.parametrize("value", [v for v, _ in DANGEROUS] + SAFE + ["''=1", "'-", "'"])
def test_restoring_gives_back_the_original_text(value):
    assert restore_cell(safe_cell(value)) == value


def test_a_row_keeps_numbers_and_neutralises_texts():
    assert safe_row(["=1", -4, "ok", None]) == ["'=1", -4, "ok", None]


def test_the_csv_writer_neutralises_every_text_cell():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["@SUM(A1)", -7, Decimal("-1.5")])
    writer.writerows([["-2+3", "name"]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["'@SUM(A1)", "-7", "-1.5"], ["'-2+3", "name"]]
    assert out.getvalue().splitlines()[0].endswith(",-7,-1.5")  # numbers: unquoted


def test_the_csv_writer_returns_the_line_for_streaming():
    class Echo:
        def write(self, value):
            return value

    assert csv_writer(Echo()).writerow(["=1", 2]) == "'=1,2\r\n"


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_rows_hold_texts_never_formulas(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("x") if write_only else workbook.active
    sheet.append(xlsx_row(sheet, ['=HYPERLINK("http://evil","x")', "@SUM(A1)", "plain", -3, 2.5]))
    out = io.BytesIO()
    workbook.save(out)
    read = load_workbook(io.BytesIO(out.getvalue()))
    cells = next(read[sheet.title].iter_rows())
    assert [c.data_type for c in cells] == ["s", "s", "s", "n", "n"]
    assert cells[0].value == '=HYPERLINK("http://evil","x")'
    assert cells[0].quotePrefix and cells[1].quotePrefix and not cells[2].quotePrefix
    assert (cells[3].value, cells[4].value) == (-3, 2.5)
