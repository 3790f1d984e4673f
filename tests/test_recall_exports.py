"""The recall-scope document exported as CSV, XLSX and PDF, read back and checked."""

import csv
import io
import subprocess
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lotline.core.models import Party
from lotline.core.services import produce, ship
from lotline.recall.exports import to_csv, to_pdf, to_xlsx
from lotline.recall.scope import ScopeSource, compute_scope, snapshot_of
from lotline.recall.services import create_case
from tests.core_fixtures import receive_lot
from tests.test_recall_scope import make_golden


def golden_snapshot(plant):
    make_golden(plant)
    return snapshot_of(compute_scope(ScopeSource(lot_numbers=["S1"])))


def sections(rows):
    """{section title: [header, *rows]} from the CSV's '# Title' rows."""
    found, current = {}, None
    for row in rows:
        if row and row[0].startswith("# "):
            current = found.setdefault(row[0][2:], [])
        elif row and current is not None:
            current.append(row)
    return found


def test_csv_parses_back_to_the_scope(plant):
    snapshot = golden_snapshot(plant)

    data = to_csv(snapshot, "RC-1 Cracked bar")

    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Recall scope", "RC-1 Cracked bar"]
    assert rows[1] == ["Suspect lots", "S1"]
    parts = sections(rows)
    lots = parts["Affected lots"]
    assert lots[0][:2] == ["Lot", "Item"]
    assert [(r[0], r[11], r[12], r[14], r[16], r[17], r[18]) for r in lots[1:]] == [
        ("S1", "500", "100", "0", "400", "RACK-A: 400", "0"),
        ("B1", "50", "50", "0", "0", "", "0"),
        ("B2", "50", "40", "0", "10", "RACK-A: 10", "0"),
        ("F1", "50", "0", "30", "20", "RACK-A: 20", "0"),
        ("F2", "40", "10", "20", "9", "RACK-A: 9", "0"),
        ("F3", "10", "5", "0", "3", "RACK-A: 3", "0"),
    ]
    # Shipment times are in the site's time zone (Warsaw, UTC+1 in March).
    assert parts["Shipments"][1:] == [
        ["INV-1", "2026-03-02 07:08", "BIKES", "Bikes Ltd", "F1", "SHAFT", "30", "pcs"],
        ["INV-2", "2026-03-02 07:11", "CARS", "Cars GmbH", "F2", "SHAFT", "20", "pcs"],
    ]
    assert [r[:4] for r in parts["Customers"][1:]] == [
        ["BIKES", "Bikes Ltd", "Ann", "ann@bikes.test"],
        ["CARS", "Cars GmbH", "", ""],
    ]
    assert parts["Ambiguous links"][1:] == [["S1", "B2", "WO-001"]]


def test_xlsx_has_a_sheet_per_section_with_decimal_numbers(plant):
    snapshot = golden_snapshot(plant)

    book = load_workbook(io.BytesIO(to_xlsx(snapshot)))

    assert book.sheetnames == ["Summary", "Lots", "Shipments", "Customers", "Ambiguous links"]
    lots = list(book["Lots"].iter_rows(values_only=True))
    assert [(r[0], r[11], r[16]) for r in lots[1:]] == [
        ("S1", 500, 400),
        ("B1", 50, 0),
        ("B2", 50, 10),
        ("F1", 50, 20),
        ("F2", 40, 9),
        ("F3", 10, 3),
    ]
    assert lots[5][15] == -1 and lots[5][19] == "-1 pcs adjusted: not traced to a consumer or customer"
    shipments = list(book["Shipments"].iter_rows(values_only=True))
    assert [(r[0], r[3], r[6]) for r in shipments[1:]] == [
        ("INV-1", "Bikes Ltd", 30),
        ("INV-2", "Cars GmbH", 20),
    ]
    summary = dict(book["Summary"].iter_rows(values_only=True))
    assert (summary["Affected lots"], summary["Customers"], summary["Ambiguous links"]) == (6, 2, 1)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "scope.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_names_lots_shipments_customers_and_ambiguous_links(plant, tmp_path):
    snapshot = golden_snapshot(plant)

    text = pdf_text(to_pdf(snapshot, "RC-1 Cracked bar"), tmp_path)

    assert "RC-1 Cracked bar" in text
    for expected in (
        "Affected lots",
        "F3",
        "RACK-A: 400",
        "INV-1",
        "INV-2",
        "Bikes Ltd",
        "ann@bikes.test",
        "Cars GmbH",
        "Ambiguous links",
        "WO-001",
        "adjusted: not traced",
    ):
        assert expected in text, expected
    assert Decimal(snapshot["elapsed_ms"]) >= 0


def test_recall_export_command_prints_a_saved_case(plant, tmp_path):
    make_golden(plant)
    case = create_case(plant.supervisor, ScopeSource(lot_numbers=["S2"]), title="Bad heat")
    out = tmp_path / "case.xlsx"

    call_command("recall_export", "--case", case.number, "--format", "xlsx", "-o", str(out))

    book = load_workbook(out)
    assert [r[0] for r in book["Lots"].iter_rows(values_only=True)][1:] == ["S2", "B2", "F2", "F3"]
    assert dict(book["Summary"].iter_rows(values_only=True))["Recall scope"] == f"{case.number} Bad heat"
    # A file that cannot be written is a plain refusal (exit 2), shared with the data commands.
    with pytest.raises(CommandError) as refused:
        call_command("recall_export", "--case", case.number, "-o", str(tmp_path / "no" / "such" / "dir.csv"))
    assert (
        str(refused.value)
        == f"Cannot write {tmp_path / 'no' / 'such' / 'dir.csv'}: No such file or directory."
    )
    assert refused.value.returncode == 2


def long_names_scope(plant):
    """Lot numbers of the full 20 characters, a delivery note next to the unit, Czech and Polish names."""
    Party.objects.filter(pk=plant.supplier.pk).update(name="Huta Wrocław S.A.")
    Party.objects.filter(pk=plant.customer.pk).update(
        name="Škoda Plzeň s.r.o.", address="Tylova 57, 301 00 Plzeň, Czech Republic"
    )
    coil = receive_lot(
        plant, "42CM4-30-261016-001Q", "1000", delivery="DN-2026-0815", supplier_lot="SUP-UX-001"
    )
    cut = plant.work_order(item=plant.shaft)
    made = produce(
        plant.ctx(work_order=cut), quantity=50, inputs=[(coil, 100)], lot_number="42CM4-30-261/016-02"
    )
    ship(plant.ctx(), customer=plant.customer, document="INV-2026-000123", lines=[(made.lot, 30)])
    return snapshot_of(compute_scope(ScopeSource(lot_numbers=[coil.number])))


def test_pdf_keeps_lot_numbers_words_and_names_whole(plant, tmp_path):
    snapshot = long_names_scope(plant)

    text = pdf_text(to_pdf(snapshot, "RC-2 Lamination"), tmp_path)

    words = text.split()
    # The suspect lot: in the summary and the lots table; the finished lot: in the lots and shipments tables.
    assert words.count("42CM4-30-261016-001Q") == 2
    assert words.count("42CM4-30-261/016-02") == 2
    for whole in ("DN-2026-0815", "SUP-UX-001", "INV-2026-000123"):
        assert whole in words, whole
    for header in ("Consumed", "Scrapped", "Shipped", "Adjusted", "Unexplained", "Delivery", "Unit"):
        assert header in words, header
    assert "kg" in words  # the unit is its own cell, not glued to the delivery note
    assert "Plzeň" in text and "Škoda Plzeň s.r.o." in text
    assert "■" not in text


def test_a_pdf_with_hundreds_of_suspects_names_the_first_and_counts_the_rest(plant, tmp_path):
    """A time-window scope can start from hundreds of lots; one table cell holding them all was taller
    than a page and the PDF failed (500)."""
    snapshot = golden_snapshot(plant)
    snapshot["suspects"] = [f"LOT-{i:04d}" for i in range(600)]
    text = pdf_text(to_pdf(snapshot, "Window"), tmp_path)
    assert (
        "LOT-0000, LOT-0001" in text and "LOT-0039 and 560 more (all are in the affected lots below)" in text
    )
    assert "LOT-0040" not in text
