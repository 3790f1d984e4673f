"""Optional columns are optional for real: a sheet without any one of them imports (no KeyError traceback),
and a column the sheet lacks leaves that field of an existing record as it is."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from lotline.core.models import Item, Machine, Site
from lotline.core.services import receive
from lotline.imports.kinds import KINDS
from lotline.imports.runner import commit, dry_run

PARTY = {
    "code": "NEWCO",
    "name": "New Co",
    "address": "Main St 1, Gdańsk",
    "country": "PL",
    "contact_name": "Ewa",
    "email": "ewa@newco.test",
    "phone": "+48 58 555 0100",
    "gln": "5901234123457",
}
# One good row per kind, every column filled (against the test plant of conftest.py plus `stock` below).
FULL: dict[str, dict[str, str]] = {
    "items": {
        "code": "NUT",
        "name": "Nut M8",
        "kind": "raw",
        "unit": "pcs",
        "gtin": "4006381333931",
        "shelf_life_days": "30",
        "lot_pattern": "NUT-{SEQ:4}",
        "is_food": "yes",
    },
    "suppliers": PARTY,
    "customers": PARTY,
    "machines": {"code": "PRESS1", "name": "Press", "site": "HQ", "group": "Presses", "hours_per_day": "16"},
    "opening_stock": {
        "lot_number": "K1",
        "item": "STEEL",
        "quantity": "12.5",
        "unit": "kg",
        "location": "RACK-B",
        "received_at": "2026-03-02 12:00",
        "expires_on": "2027-03-01",
        "supplier": "STEELCO",
        "supplier_lot": "H-1",
        "delivery_ref": "DN-9",
    },
    "consumptions": {
        "work_order": "WO-001",
        "lot": "S1",
        "quantity": "4",
        "unit": "kg",
        "consumed_at": "2026-03-02 12:00",
        "item": "SHAFT",
        "machine": "CNC1",
    },
    "productions": {
        "work_order": "WO-001",
        "item": "SHAFT",
        "machine": "CNC1",
        "lot_number": "OUT1",
        "quantity": "10",
        "unit": "pcs",
        "produced_at": "2026-03-02 12:00",
        "expires_on": "2027-03-01",
        "input_lot": "S1",
        "input_quantity": "4",
    },
    "shipments": {
        "document": "DS-1",
        "customer": "BIKES",
        "lot": "SH1",
        "quantity": "2",
        "unit": "pcs",
        "shipped_at": "2026-03-02 12:00",
    },
}
OPTIONAL = [(kind.name, c.name) for kind in KINDS.values() for c in kind.columns if not c.required]
# Optional columns that another column's value makes necessary: an input lot needs its quantity, a receipt
# from a supplier needs their lot number and the delivery note. The error names the absent column.
NEEDED_BY_ANOTHER = {
    ("productions", "input_quantity"): [
        (2, "input_quantity", "missing_value", "Give the quantity of the input lot.")
    ],
    ("opening_stock", "supplier_lot"): [
        (2, "supplier_lot", "missing_supplier_lot", "Enter the supplier's lot number.")
    ],
    ("opening_stock", "delivery_ref"): [
        (2, "delivery_ref", "missing_delivery", "Enter the delivery note number.")
    ],
}


def sheet(row: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(row))
    writer.writerow(list(row.values()))
    return out.getvalue().encode()


@pytest.fixture
def stock(plant):
    """A steel lot to consume, a shaft lot to ship and a work order to book on."""
    for item, number, quantity in ((plant.steel, "S1", "100"), (plant.shaft, "SH1", "10")):
        receive(
            plant.ctx(),
            item=item,
            quantity=quantity,
            supplier=plant.supplier,
            supplier_lot=f"X-{number}",
            delivery_ref="D0",
            lot_number=number,
        )
    plant.work_order()  # WO-001: shafts on the lathe
    return plant


def test_the_rows_cover_every_column_of_every_kind():
    """So a column added to a kind is added here too, and the parametrised test below covers it."""
    assert {name: list(row) for name, row in FULL.items()} == {n: k.header for n, k in KINDS.items()}
    assert ("items", "gtin") in OPTIONAL and ("productions", "lot_number") in OPTIONAL


@pytest.mark.parametrize(("kind", "missing"), OPTIONAL, ids=[f"{k}-{c}" for k, c in OPTIONAL])
def test_a_sheet_without_an_optional_column_imports(stock, kind, missing):
    row = {name: value for name, value in FULL[kind].items() if name != missing}
    expected = NEEDED_BY_ANOTHER.get((kind, missing), [])
    checked = dry_run(kind, sheet(row), f"{kind}.csv", site=stock.site)
    assert [(e.row, e.column, e.code, e.message) for e in checked.errors] == expected
    report = commit(kind, sheet(row), f"{kind}.csv", site=stock.site)
    assert [(e.row, e.column, e.code, e.message) for e in report.errors] == expected
    assert (report.committed, report.created) == ((False, 0) if expected else (True, 1))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_sheet_of_only_the_required_columns_imports(stock, kind):
    row = {c.name: FULL[kind][c.name] for c in KINDS[kind].columns if c.required}
    report = commit(kind, sheet(row), f"{kind}.csv", site=stock.site)
    assert (report.errors, report.committed, report.created) == ([], True, 1)


def test_the_command_imports_items_without_optional_columns(plant, tmp_path):
    """It was a KeyError traceback and exit 1, even with --dry-run."""
    path = tmp_path / "items.csv"
    path.write_text("code,name,kind,unit\nNUT,Nut M8,raw,pcs\n")
    out = io.StringIO()
    call_command("import_data", "items", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("1 rows, 0 errors — dry run: would import")
    call_command("import_data", "items", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Item.objects.get(code="NUT").name == "Nut M8"


def test_a_column_the_sheet_lacks_leaves_the_field_as_it_is(plant):
    Item.objects.create(
        code="SALT", name="Salt", kind=Item.Kind.RAW, unit="kg", gtin="4006381333931", is_food=True
    )
    report = commit(
        "items", sheet({"code": "SALT", "name": "Sea salt", "kind": "raw", "unit": "kg"}), "i.csv"
    )
    assert report.committed
    salt = Item.objects.get(code="SALT")
    assert (salt.name, salt.gtin, salt.is_food) == ("Sea salt", "4006381333931", True)
    # An empty cell in a column the sheet has still clears the field.
    row = {"code": "SALT", "name": "Sea salt", "kind": "raw", "unit": "kg", "gtin": "", "is_food": ""}
    assert commit("items", sheet(row), "i.csv").committed
    salt.refresh_from_db()
    assert (salt.gtin, salt.is_food) == ("", False)


def test_a_machine_keeps_its_site_and_group_when_the_sheet_has_no_such_columns(plant):
    hall = Site.objects.create(code="HALL2", name="Hall 2", timezone="Europe/Warsaw")
    Machine.objects.create(site=hall, code="PRESS1", name="Press", group="Presses")
    report = commit("machines", sheet({"code": "PRESS1", "name": "Big press"}), "m.csv", site=plant.site)
    assert report.committed
    press = Machine.objects.get(code="PRESS1")
    assert (press.name, press.site.code, press.group) == ("Big press", "HALL2", "Presses")
