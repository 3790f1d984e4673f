"""A dry run refuses every quantity a commit would — the core's limits included (at most 1,000,000,000 base
units per booking, whole pieces, six decimals after converting the unit) — at the row and column at fault."""

from __future__ import annotations

import pytest

from lotline.core.models import Event, Lot
from lotline.core.services import receive
from lotline.imports.runner import commit, dry_run

TOO_LARGE = "5000000000000 kg is more than one booking can hold (at most 1,000,000,000 kg)."
HALF_A_SHAFT = "SHAFT is counted in whole pcs; 0.5 is not a whole number."
TOO_FINE = "STEEL is booked in kg with at most six decimal places; 0.000001 is finer than that."

# kind → header, then (row cells, expected column, expected message) per refusal; the sheets run against the
# test plant plus `stock` below. Each refused row stands alone, so every one is reported.
CASES = {
    "opening_stock (received)": (
        "opening_stock",
        "lot_number,item,quantity,unit,supplier,supplier_lot,delivery_ref",
        [
            ("K1,STEEL,5e12,kg,STEELCO,H1,D1", "quantity", TOO_LARGE),
            ("K2,SHAFT,0.5,pcs,STEELCO,H1,D1", "quantity", HALF_A_SHAFT),
            ("K3,STEEL,0.000001,g,STEELCO,H1,D1", "quantity", TOO_FINE),
        ],
    ),
    "opening_stock (imported)": (
        "opening_stock",
        "lot_number,item,quantity,unit",
        [
            ("K1,STEEL,5e12,kg", "quantity", TOO_LARGE),
            ("K2,SHAFT,0.5,pcs", "quantity", HALF_A_SHAFT),
        ],
    ),
    "consumptions": (
        "consumptions",
        "work_order,lot,quantity,unit,consumed_at",
        [
            ("WO-001,S1,5e12,kg,2026-03-02 12:00", "quantity", TOO_LARGE),
            ("WO-001,SH1,0.5,pcs,2026-03-02 12:00", "quantity", HALF_A_SHAFT),
            ("WO-001,S1,0.000001,g,2026-03-02 12:00", "quantity", TOO_FINE),
        ],
    ),
    "productions": (
        "productions",
        "work_order,lot_number,quantity,unit,produced_at,input_lot,input_quantity",
        [
            ("WO-001,OUT1,0.5,pcs,2026-03-02 12:00,,", "quantity", HALF_A_SHAFT),
            ("WO-001,OUT2,1,pcs,2026-03-02 12:00,S1,5e12", "input_quantity", TOO_LARGE),
            ("WO-001,OUT3,1,pcs,2026-03-02 12:00,SH1,0.5", "input_quantity", HALF_A_SHAFT),
        ],
    ),
    "shipments": (
        "shipments",
        "document,customer,lot,quantity,shipped_at",
        [
            ("DS-1,BIKES,SH1,0.5,2026-03-02 12:00", "quantity", HALF_A_SHAFT),
            ("DS-2,BIKES,S1,5e12,2026-03-02 12:01", "quantity", TOO_LARGE),
        ],
    ),
}


@pytest.fixture
def stock(plant):
    for item, number in ((plant.steel, "S1"), (plant.shaft, "SH1")):
        receive(
            plant.ctx(),
            item=item,
            quantity="100",
            supplier=plant.supplier,
            supplier_lot=f"X-{number}",
            delivery_ref="D0",
            lot_number=number,
        )
    plant.work_order()  # WO-001
    return plant


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_dry_run_refuses_what_the_core_refuses_at_row_and_column(stock, case):
    kind, header, rows = CASES[case]
    data = "\n".join([header, *(cells for cells, _column, _message in rows)]).encode() + b"\n"
    expected = [
        (number, column, "bad_quantity", message) for number, (_c, column, message) in enumerate(rows, 2)
    ]
    events, lots = Event.objects.count(), Lot.objects.count()
    checked = dry_run(kind, data, f"{kind}.csv", site=stock.site)
    assert [(e.row, e.column, e.code, e.message) for e in checked.errors] == expected
    report = commit(kind, data, f"{kind}.csv", site=stock.site)
    assert [(e.row, e.column, e.code, e.message) for e in report.errors] == expected
    assert not report.committed
    assert (Event.objects.count(), Lot.objects.count()) == (events, lots)


def test_a_number_of_sixteen_digits_is_far_too_large_not_no_number(stock):
    data = b"lot_number,item,quantity,unit\nK1,STEEL,1e16,kg\n"
    report = dry_run("opening_stock", data, "stock.csv", site=stock.site)
    assert [(e.row, e.column, e.code, e.message) for e in report.errors] == [
        (2, "quantity", "bad_quantity", "1e16 is far too large for a quantity.")
    ]
