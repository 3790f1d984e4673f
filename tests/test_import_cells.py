"""What a bad file or cell is told: the real problem in plain words, at its row and column — never "The sheet
has no lot_number column" for a PDF, "This value is required" for a formula, or Python's own words."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from lotline.core.models import Item, Lot
from lotline.imports.runner import commit, dry_run

STOCK_HEADER = ["lot_number", "item", "quantity", "unit"]
NOT_A_SPREADSHEET = (
    "The file is not a CSV or XLSX spreadsheet; save the sheet as CSV UTF-8 or XLSX and try again."
)
NOT_UTF8 = "The file is UTF-16 text, not UTF-8; save the sheet as CSV UTF-8 (or XLSX) and try again."
DAMAGED = (
    "The file is not a readable workbook: it is damaged, cut short or not a spreadsheet. "
    "Save it again as XLSX and try again."
)


def xlsx(header: list[str], *rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems(report) -> list[tuple[int, str, str, str]]:
    return [(e.row, e.column, e.code, e.message) for e in report.errors]


# -- a TRUE cell is no number --------------------------------------------------------------------------------


def test_a_true_cell_as_the_quantity_is_refused_not_booked_as_one(plant):
    """It passed the dry run and committed 1 kg."""
    data = xlsx(STOCK_HEADER, ["K1", "STEEL", True, "kg"], ["K2", "STEEL", False, "kg"])
    expected = [
        (2, "quantity", "bad_quantity", "TRUE is a yes/no value, not a number."),
        (3, "quantity", "bad_quantity", "FALSE is a yes/no value, not a number."),
    ]
    assert problems(dry_run("opening_stock", data, "stock.xlsx", site=plant.site)) == expected
    report = commit("opening_stock", data, "stock.xlsx", site=plant.site)
    assert (problems(report), report.committed) == (expected, False)
    assert not Lot.objects.exists()


def test_a_true_cell_is_refused_wherever_a_number_belongs(plant):
    items = xlsx(["code", "name", "kind", "unit", "shelf_life_days"], ["NUT", "Nut", "raw", "pcs", True])
    assert problems(commit("items", items, "items.xlsx")) == [
        (2, "shelf_life_days", "bad_number", "TRUE is a yes/no value, not a number.")
    ]
    machines = xlsx(["code", "name", "hours_per_day"], ["PRESS1", "Press", True])
    assert problems(commit("machines", machines, "machines.xlsx")) == [
        (2, "hours_per_day", "bad_quantity", "TRUE is a yes/no value, not a number.")
    ]
    assert not Item.objects.filter(code="NUT").exists()


def test_a_true_cell_still_means_yes_where_yes_or_no_belongs(plant):
    report = commit(
        "items",
        xlsx(["code", "name", "kind", "unit", "is_food"], ["SALT", "Salt", "raw", "kg", True]),
        "i.xlsx",
    )
    assert report.committed and Item.objects.get(code="SALT").is_food


# -- files that are no spreadsheet ---------------------------------------------------------------------------

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (PDF, "stock.pdf", NOT_A_SPREADSHEET),
        (PDF, "stock.csv", NOT_A_SPREADSHEET),
        (PDF, "stock.xlsx", NOT_A_SPREADSHEET),
        (PNG, "stock.png", NOT_A_SPREADSHEET),
        (bytes(range(256)) * 4, "stock.bin", NOT_A_SPREADSHEET),
        ("lot_number,item,quantity\nK1,STEEL,5\n".encode("utf-16"), "stock.csv", NOT_UTF8),
        ("lot_number,item,quantity\nK1,STEEL,5\n".encode("utf-16-le"), "stock.csv", NOT_UTF8),
        ("lot_number\titem\tquantity\nK1\tSTEEL\t5\n".encode("utf-16-be"), "stock.txt", NOT_UTF8),
    ],
    ids=["pdf", "pdf-named-csv", "pdf-named-xlsx", "png", "binary", "utf16-bom", "utf16le", "utf16be"],
)
def test_a_file_that_is_no_spreadsheet_is_named_so(plant, data, name, message):
    """They all said "The sheet has no lot_number column." (three times)."""
    report = dry_run("opening_stock", data, name, site=plant.site)
    assert problems(report) == [(0, "", "unreadable", message)]
    assert str(report.errors[0]) == message  # no "row 0" in front of a whole-file problem


@pytest.mark.parametrize("cut", [10, 100, 0.5, -30])
def test_a_truncated_workbook_is_damaged_in_plain_words(plant, cut):
    """It was "not a readable workbook (t)" or "(Cannot detect file format)": calamine's internals."""
    whole = xlsx(STOCK_HEADER, ["K1", "STEEL", 5, "kg"])
    size = int(len(whole) * cut) if isinstance(cut, float) else cut % len(whole)
    report = dry_run("opening_stock", whole[:size], "stock.xlsx", site=plant.site)
    assert problems(report) == [(0, "", "unreadable", DAMAGED)]


def test_a_workbook_named_csv_is_read_as_the_workbook_it_is(plant):
    data = xlsx(
        STOCK_HEADER + ["supplier", "supplier_lot", "delivery_ref"],
        ["K1", "STEEL", 5, "kg", "STEELCO", "H1", "D1"],
    )
    report = commit("opening_stock", data, "stock.csv", site=plant.site)
    assert (report.errors, report.committed) == ([], True)


def test_a_cell_over_the_csv_field_limit_names_its_row(plant):
    """It was a traceback ending in "_csv.Error: field larger than field limit (131072)"."""
    data = ('lot_number,item,quantity\nK1,STEEL,5\nK2,"' + "x" * 140_000 + '",5\n').encode()
    report = dry_run("opening_stock", data, "stock.csv", site=plant.site)
    message = "A cell is longer than 131072 characters; check for a quotation mark that is not closed."
    assert problems(report) == [(3, "", "unreadable", message)]
    assert str(report.errors[0]) == f"row 3: {message}"


def test_the_command_prints_one_plain_line_per_problem(plant, tmp_path):
    path = tmp_path / "stock.csv"
    path.write_bytes(PDF)
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_data", "opening_stock", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert refused.value.returncode == 2
    assert out.getvalue() == NOT_A_SPREADSHEET + "\n"


# -- cells that read as empty but are not --------------------------------------------------------------------


def test_a_formula_without_a_saved_result_is_named(plant):
    """openpyxl and report generators save formulas without their result; it said "This value is required"."""
    data = xlsx(STOCK_HEADER, ["K1", "STEEL", "=2*3", "kg"], ["K2", "STEEL", 4, '=LOWER("KG")'])
    assert problems(dry_run("opening_stock", data, "stock.xlsx", site=plant.site)) == [
        (
            2,
            "quantity",
            "formula_without_value",
            "The cell holds the formula =2*3 without a saved result; open the file in a spreadsheet program, "
            "save it and import it again.",
        ),
        (
            3,
            "unit",
            "formula_without_value",
            'The cell holds the formula =LOWER("KG") without a saved result; open the file in a spreadsheet '
            "program, save it and import it again.",
        ),
    ]


def test_an_infinite_or_nan_quantity_is_not_a_number(plant):
    """openpyxl writes infinity and NaN as an empty number cell; it said "This value is required"."""
    data = xlsx(STOCK_HEADER, ["K1", "STEEL", float("inf"), "kg"], ["K2", "STEEL", float("nan"), "kg"])
    message = "The cell holds no usable number (infinite or not a number)."
    assert problems(dry_run("opening_stock", data, "stock.xlsx", site=plant.site)) == [
        (2, "quantity", "bad_number", message),
        (3, "quantity", "bad_number", message),
    ]


def test_an_error_cell_is_named(plant):
    data = xlsx(STOCK_HEADER, ["K1", "STEEL", "#DIV/0!", "kg"])
    assert problems(dry_run("opening_stock", data, "stock.xlsx", site=plant.site)) == [
        (2, "quantity", "cell_error", "The cell shows the error #DIV/0! instead of a value.")
    ]


def test_a_formula_with_its_saved_result_is_read_as_that_value(plant):
    """Excel and LibreOffice save the result next to the formula: that is a value like any other."""
    header = STOCK_HEADER + ["supplier", "supplier_lot", "delivery_ref"]
    data = with_sheet_xml(
        xlsx(header, ["K1", "STEEL", "=2*3", "kg", "STEELCO", "H1", "D1"]),
        lambda xml: xml.replace(b"<f>2*3</f><v></v>", b"<f>2*3</f><v>6</v>"),
    )
    report = commit("opening_stock", data, "stock.xlsx", site=plant.site)
    assert (report.errors, report.committed) == ([], True)
    assert Lot.objects.get(number="K1").balances.get().quantity == 6


def with_sheet_xml(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed (and checked to have changed)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                changed = change(content)
                assert changed != content
                content = changed
            target.writestr(name, content)
    return out.getvalue()
