"""Reading an uploaded table: CSV (any of , ; tab, UTF-8 with or without BOM, or Windows-1252) or a workbook
via calamine.

A file that is no table at all — a PDF or a photo uploaded by mistake, UTF-16 text, a damaged workbook — is
refused with a TableError in plain words; without that check a PDF read as CSV "has no lot_number column".
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.utils.translation import gettext as _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
# A zip (XLSX, ODS) or OLE2 (XLS) container named .csv is still read as the workbook it is.
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
# Files people upload by mistake, told apart by their first bytes: PDF, PNG, JPEG, GIF, TIFF, WebP, gzip,
# 7-Zip, RAR. (Other binaries fail the control-character test below.)
NOT_A_TABLE_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # also the start of UTF-32 LE; either way not UTF-8
SNIFF = 4096  # bytes looked at to tell text from binary
# Control characters other than tab, line feed and carriage return: text has (almost) none, binary about 12%.
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TableError(ValueError):
    """The file cannot be read as a table at all; ``row`` is the sheet row at fault when there is one."""

    def __init__(self, message: str, row: int = 0) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class BadCell:
    """A workbook cell that calamine reads as empty but which is not: a formula without a saved result, an
    error such as #DIV/0!, or a number the writing program could not store (infinity, NaN). The runner
    reports it in the cell's row and column instead of "This value is required"."""

    code: str
    message: str
    shown: str  # what the cell holds, so the row is not taken for a blank line

    def __str__(self) -> str:
        return self.shown


@dataclass
class Table:
    header: list[str]
    rows: list[
        list[object]
    ]  # cell values: str for CSV; str/int/float/bool/date/datetime/BadCell from workbooks


def read_table(data: bytes, filename: str) -> Table:
    if data.startswith(NOT_A_TABLE_MAGIC):
        raise TableError(not_a_spreadsheet())
    if filename.lower().endswith(WORKBOOK_SUFFIXES) or data.startswith(WORKBOOK_MAGIC):
        return _read_workbook(data)
    return _read_csv(data)


def not_a_spreadsheet() -> str:
    return _("The file is not a CSV or XLSX spreadsheet; save the sheet as CSV UTF-8 or XLSX and try again.")


def _looks_like_utf16(head: bytes) -> bool:
    """UTF-16 text without a BOM: every other byte of Latin text is a NUL."""
    if len(head) < 4:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > len(head) // 4 and min(even, odd) < len(head) // 20


def _read_csv(data: bytes) -> Table:
    head = data[:SNIFF]
    if head.startswith(UTF16_BOMS) or _looks_like_utf16(head):
        raise TableError(
            _("The file is UTF-16 text, not UTF-8; save the sheet as CSV UTF-8 (or XLSX) and try again.")
        )
    if len(CONTROL.findall(head)) * 10 > len(head):
        raise TableError(not_a_spreadsheet())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # old Excel "CSV (Windows)" exports
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            rows.append(list(record))
    except csv.Error as exc:
        # csv's own words ("field larger than field limit (131072)") name neither the row nor the cause.
        row = len(rows) + 1  # the record being read; the header is row 1, as in parse_rows
        if "field limit" in str(exc):
            message = _(
                "A cell is longer than %(limit)d characters; check for a quotation mark that is not closed."
            ) % {"limit": csv.field_size_limit()}
        else:
            message = _("The row cannot be read as CSV; check its quotation marks.")
        raise TableError(message, row) from None
    if not rows:
        raise TableError(_("The file is empty."))
    return Table([str(h) for h in rows[0]], rows[1:])


def _read_workbook(data: bytes) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own error types for every kind of broken file
        # Its messages ("Cannot detect file format", "t") mean nothing to the person who uploaded the file.
        raise TableError(
            _(
                "The file is not a readable workbook: it is damaged, cut short or not a spreadsheet. "
                "Save it again as XLSX and try again."
            )
        ) from None
    if not rows:
        raise TableError(_("The file is empty."))
    rows = [list(r) for r in rows]
    for (row, column), bad in _hidden_values(data).items():
        while len(rows) <= row:
            rows.append([])
        cells = rows[row]
        if len(cells) <= column:
            cells.extend([None] * (column + 1 - len(cells)))
        if cells[column] is None or cells[column] == "":
            cells[column] = bad
    return Table(["" if h is None else str(h) for h in rows[0]], rows[1:])


# -- XLSX cells that read as empty but are not ---------------------------------------------------------------

RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# A cheap look before parsing: a formula, an error cell, or an empty value element.
SUSPECT = re.compile(rb'<(?:\w+:)?f[\s>/]|\st="e"|<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</')
REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The zip member of the workbook's first sheet (calamine's sheet 0), or None when it cannot be told."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    first = next((el for el in workbook.iter() if _local(el.tag) == "sheet"), None)
    if first is None:
        return None
    target = next(
        (el.get("Target") for el in rels if el.get("Id") == first.get(RELATIONSHIP_ID)),
        None,
    )
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _position(reference: str) -> tuple[int, int] | None:
    match = REFERENCE.fullmatch(reference)
    if match is None:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, column - 1


def _hidden_values(data: bytes) -> dict[tuple[int, int], BadCell]:
    """(row, column) → BadCell for the first sheet of an XLSX, 0-based like calamine's rows.

    Programs that write XLSX (openpyxl, report generators) store formulas without their result, and openpyxl
    writes infinity and NaN as an empty number; calamine reads all of these, and error cells, as "".
    """
    if not data.startswith(WORKBOOK_MAGIC[0]):
        return {}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        part = _first_sheet_part(archive)
        xml = archive.read(part) if part else b""
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return {}
    if not SUSPECT.search(xml) or b"<!DOCTYPE" in xml:  # no sheet has a DTD; do not expand one
        return {}
    found: dict[tuple[int, int], BadCell] = {}
    try:
        for _event, element in ElementTree.iterparse(io.BytesIO(xml)):
            name = _local(element.tag)
            if name == "row":
                element.clear()  # keep memory flat on a 100 000-row sheet
            if name != "c":
                continue
            children = {_local(child.tag): child for child in element}
            value = children.get("v")
            value_text = (value.text or "").strip() if value is not None else ""
            formula = children.get("f")
            if formula is not None and not value_text:
                shown = f"={formula.text}" if formula.text else "=…"  # a shared formula's copies have no text
                bad = BadCell(
                    "formula_without_value",
                    _(
                        "The cell holds the formula %(formula)s without a saved result; open the file in a "
                        "spreadsheet program, save it and import it again."
                    )
                    % {"formula": shown},
                    shown,
                )
            elif element.get("t") == "e":
                shown = value_text or "#VALUE!"
                bad = BadCell(
                    "cell_error",
                    _("The cell shows the error %(error)s instead of a value.") % {"error": shown},
                    shown,
                )
            elif value is not None and not value_text and element.get("t", "n") == "n":
                bad = BadCell(
                    "bad_number",
                    _("The cell holds no usable number (infinite or not a number)."),
                    "NaN",
                )
            else:
                continue
            where = _position(element.get("r", ""))
            if where is not None:
                found[where] = bad
    except ElementTree.ParseError:
        return found
    return found
