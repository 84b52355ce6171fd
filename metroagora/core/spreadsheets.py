"""Cells for CSV and XLSX files that officials open in a spreadsheet: no formula injection.

A spreadsheet program runs a cell as a formula when its text begins with ``=``, ``+``,
``-`` or ``@`` (and, depending on the program, after a tab, a carriage return, spaces
or quotes). A name typed into a form such as ``=HYPERLINK("http://evil","x")`` would
then run on the official's computer when they open an export (OWASP, "CSV Injection").

The rule here (OWASP's advice):

- a text cell is *dangerous* when its first character is one of ``= + - @``, a tab or a
  carriage return, or when it is one of those once leading spaces, other whitespace
  and quotes (``"`` and ``'``) are skipped. The fullwidth forms ``＝ ＋ － ＠`` count
  too: some spreadsheets (East Asian input settings) turn them into the ASCII ones;
  prefixing them costs nothing;
- a dangerous text gets one ``'`` put before it, which every spreadsheet shows as text;
- numbers stay numbers: only ``str`` values are changed. An ``int``, ``float`` or
  ``Decimal`` (a negative amount, a vote of -1) is written as it is, so it stays a
  number in the spreadsheet; so do ``None``, booleans, dates and times. Any other
  object is turned into its text (as the ``csv`` module would) and checked like one.

The change can be undone exactly (:func:`restore_cell`): a text that begins with
``'`` and would be dangerous without it loses that ``'``. A text that already began
with ``'=`` is dangerous too (quotes are skipped), so it gets a second ``'``, and
restoring gives it back unchanged.

XLSX files do not need the ``'``: :func:`xlsx_row` writes every text as a text cell
(never a formula) with Excel's own "quote prefix" flag, so the cell shows what the
person typed and stays text when someone edits it.

Pure Python: no Django; openpyxl is imported only by :func:`xlsx_row`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar, overload

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# Skipped before looking for a formula start. Tab and CR are formula starts
# themselves, so they are not skipped (that keeps restore_cell exact).
SKIPPED = "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace() and chr(c) not in "\t\r")
SKIPPED += "\u200b\ufeff\"'"  # zero-width space, byte order mark, quotes
PREFIX = "'"

Kept = TypeVar("Kept", int, float, Decimal, date, time, timedelta, bytes, None)
_KEPT_TYPES = (int, float, Decimal, date, time, timedelta, bytes)


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula."""
    if text[:1] in FORMULA_STARTS:
        return True
    return text.lstrip(SKIPPED)[:1] in FORMULA_STARTS


@overload
def safe_cell(value: str) -> str: ...
@overload
def safe_cell(value: Kept) -> Kept: ...
@overload
def safe_cell(value: object) -> object: ...
def safe_cell(value: object) -> object:
    """``value`` for a spreadsheet cell: a dangerous text gets a leading ``'``.

    Numbers (bool, int, float, Decimal), dates, times, bytes and ``None`` are returned
    as they are; any other object becomes its text first.
    """
    if value is None or isinstance(value, _KEPT_TYPES):
        return value
    text = value if isinstance(value, str) else str(value)
    return PREFIX + text if is_dangerous(text) else text


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`safe_cell`."""
    return [safe_cell(value) for value in values]


def restore_cell(text: str) -> str:
    """Undo :func:`safe_cell` on a text read back from a file written with it."""
    if text.startswith(PREFIX) and is_dangerous(text[len(PREFIX) :]):
        return text[len(PREFIX) :]
    return text


class SafeWriter:
    """A ``csv.writer`` whose rows go through :func:`safe_row` first.

    ``writerow`` returns what the file's ``write`` returned (the line itself for a
    streaming response's echo buffer).
    """

    def __init__(self, file: Any, **options: Any) -> None:
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file: Any, **options: Any) -> SafeWriter:
    """Like ``csv.writer(file, **options)``, with every text cell made safe."""
    return SafeWriter(file, **options)


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append`` (openpyxl, write-only or not) with no formula in it.

    Texts become text cells (openpyxl would make a formula of any text beginning with
    ``=``), flagged with a quote prefix when dangerous so that Excel keeps them as text
    if someone edits the cell; other values are left to openpyxl (numbers stay numbers).
    """
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            if is_dangerous(value):
                cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    return row
