"""Any table as CSV or XLSX bytes (pure: no Django; openpyxl for XLSX).

The one table writer: the import kinds' exports and templates (lotline.imports.exports), the FSMA 204 sheet
(lotline.interop.fsma_export) and the list pages all call write_table. It lives here, below both the imports
and the interop apps, so neither has to import the other for it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from .quantities import format_amount

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def write_table(header: Sequence[str], rows: Iterable[Sequence[object]], fmt: str) -> bytes:
    """Any table as CSV (UTF-8 with BOM, so Excel reads the accents) or XLSX."""
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([_csv_cell(c) for c in row] for row in rows)
        return ("\ufeff" + out.getvalue()).encode()
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(list(header))
        for row in rows:
            sheet.append([_xlsx_cell(c) for c in row])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    raise ValueError(f"Export format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def _csv_cell(value: object) -> object:
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return "" if value is None else value


def _xlsx_cell(value: object) -> object:
    if isinstance(value, Decimal):
        return value.normalize() if value == value.to_integral_value() else value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (date, datetime)):
        return value.isoformat()  # text keeps the offset a spreadsheet date cell would drop
    return value
