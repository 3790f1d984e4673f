"""Reading an uploaded table: CSV (any of , ; tab, UTF-8 with or without BOM) or a workbook via calamine."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


class TableError(ValueError):
    """The file cannot be read as a table at all."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[object]]  # cell values: str for CSV; str/int/float/bool/date/datetime from workbooks


def read_table(data: bytes, filename: str) -> Table:
    name = filename.lower()
    if name.endswith(WORKBOOK_SUFFIXES):
        return _read_workbook(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # old Excel "CSV (Windows)" exports
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise TableError(_("The file is empty."))
    return Table([str(h) for h in rows[0]], [list(r) for r in rows[1:]])


def _read_workbook(data: bytes) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for every kind of broken file
        raise TableError(_("The file is not a readable workbook (%(error)s).") % {"error": exc}) from None
    if not rows:
        raise TableError(_("The file is empty."))
    return Table(["" if h is None else str(h) for h in rows[0]], [list(r) for r in rows[1:]])
