"""Spreadsheet import dry run: every bad row reported by sheet row, the user's column and the reason."""

from __future__ import annotations

from decimal import Decimal

from lotline.core.models import Event, Lot
from lotline.core.services import receive
from lotline.imports.runner import commit, dry_run


def csv(text: str) -> bytes:
    return text.strip().encode() + b"\n"


def errors_of(report) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.code) for e in report.errors]


def test_opening_stock_errors_are_named_exactly(plant):
    receive(
        plant.ctx(),
        item=plant.steel,
        quantity="10",
        supplier=plant.supplier,
        supplier_lot="X",
        delivery_ref="D0",
        lot_number="OLD1",
    )
    sheet = csv("""
Lot No,Item,Qty,Unit,Received
L1,STEEL,12.5,kg,2026-03-01 08:00
L2,STEEL,-3,kg,2026-03-01 08:00
L3,NOPE,4,kg,2026-03-01 08:00
L4,STEEL,4,furlong,2026-03-01 08:00
L5,STEEL,4,kg,31.02.2026
L1,STEEL,1,kg,2026-03-01 09:00
OLD1,STEEL,1,kg,2026-03-01 09:00
L8,STEEL,1,pcs,2026-03-01 09:00
""")
    mapping = {"Lot No": "lot_number", "Qty": "quantity", "Received": "received_at"}
    report = dry_run("opening_stock", sheet, "stock.csv", mapping, site=plant.site)
    assert errors_of(report) == [
        (3, "Qty", "negative_quantity"),
        (4, "Item", "unknown_item"),
        (5, "Unit", "unknown_unit"),
        (6, "Received", "bad_date"),
        (7, "Lot No", "duplicate_lot_number"),
        (8, "Lot No", "duplicate_lot_number"),
        (9, "Unit", "unit_mismatch"),
    ]
    assert report.errors[0].message == "The quantity must not be negative."
    assert str(report.errors[1]) == "row 4, column Item: No item NOPE."
    assert report.rows == 8 and not report.committed
    assert not Lot.objects.filter(number="L1").exists()  # a dry run writes nothing


def test_consumption_errors_unknown_lot_and_stock(plant):
    receive(
        plant.ctx(),
        item=plant.steel,
        quantity="10",
        supplier=plant.supplier,
        supplier_lot="X",
        delivery_ref="D0",
        lot_number="S1",
    )
    sheet = csv("""
work_order,lot,quantity,consumed_at,item
WO-9,S1,4,2026-03-02 08:00,BLANK
WO-9,S404,4,2026-03-02 08:05,BLANK
WO-9,S1,7,2026-03-02 08:10,BLANK
WO-10,S1,1,2026-03-02 08:10,
WO-9,S1,,2026-03-02 08:10,BLANK
""")
    report = dry_run("consumptions", sheet, "use.csv", site=plant.site)
    assert errors_of(report) == [
        (3, "lot", "unknown_lot"),
        (4, "quantity", "insufficient_stock"),
        (5, "work_order", "unknown_work_order"),
        (6, "quantity", "missing_value"),
    ]
    assert report.errors[1].message == "Lot S1 has only 6 kg on hand; 7 kg asked for."


def test_missing_column_and_bad_mapping(plant):
    report = dry_run(
        "shipments", csv("document,customer,lot\nD1,BIKES,S1"), "s.csv", {"Menge": "qty"}, site=plant.site
    )
    assert errors_of(report) == [
        (1, "Menge", "unknown_field"),
        (1, "quantity", "missing_column"),
        (1, "shipped_at", "missing_column"),
    ]


def test_commit_is_all_or_nothing(plant):
    sheet = csv("""
lot_number,item,quantity,supplier,supplier_lot,delivery_ref,received_at
R1,STEEL,10,STEELCO,H1,DN-5,2026-03-01 08:00
R2,STEEL,0,STEELCO,H2,DN-5,2026-03-01 08:00
""")
    before = Event.objects.count()
    report = commit("opening_stock", sheet, "r.csv", site=plant.site)
    assert errors_of(report) == [(3, "quantity", "bad_quantity")]
    assert not report.committed and Event.objects.count() == before
    fixed = sheet.replace(b",0,", b",2,")
    report = commit("opening_stock", fixed, "r.csv", site=plant.site)
    assert report.ok and report.committed and report.created == 2
    assert Lot.objects.get(number="R2").supplier_lot == "H2"
    # The same file again records nothing: each row's event id is derived from its content.
    again = commit("opening_stock", fixed, "r.csv", site=plant.site)
    assert again.ok and Event.objects.count() == before + 2
    assert Lot.objects.get(number="R1").balances.get().quantity == Decimal(10)


def test_opening_stock_without_supplier_is_an_imported_lot(plant):
    report = commit(
        "opening_stock",
        csv("lot_number,item,quantity,location\nOS-1,STEEL,25,RACK-B"),
        "o.csv",
        site=plant.site,
    )
    assert report.ok, report.errors
    lot = Lot.objects.get(number="OS-1")
    assert lot.origin == Lot.Origin.IMPORTED
    assert [(b.location.code, b.quantity) for b in lot.balances.all()] == [("RACK-B", Decimal(25))]
    assert commit(
        "opening_stock",
        csv("lot_number,item,quantity,location\nOS-1,STEEL,25,RACK-B"),
        "o.csv",
        site=plant.site,
    ).ok
    assert lot.balances.get().quantity == Decimal(25)
