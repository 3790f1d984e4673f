"""FSMA 204: KDEs of receiving, transformation and shipping of food lots; missing KDEs; the sortable sheet."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from lotline.core.models import Item
from lotline.interop.fsma_export import fsma_report, fsma_spreadsheet
from tests.test_epcis_export import build_ledger


@pytest.fixture
def food(plant):
    Item.objects.filter(code__in=["STEEL", "BLANK"]).update(is_food=True)  # pretend: cucumbers → slices
    plant.site.address = "1 Mill Road, Springfield"
    plant.site.save()
    plant.supplier.address = "9 Farm Lane"
    plant.supplier.save()
    return build_ledger(plant)


def test_kdes_of_each_critical_tracking_event(food):
    rows, _gaps = fsma_report()
    by_type = [
        (r.values["event_type"], r.values["traceability_lot_code"], r.values["internal_lot_number"])
        for r in rows
    ]
    assert by_type == [
        ("Receiving", "H-778", "S1"),
        ("Receiving", "A-1", "S2"),
        ("Transformation", "B1", "B1"),
        ("Transformation", "B2", "B2"),
        ("Transformation", "F1", "F1"),
        ("Shipping", "F1", "F1"),
    ]
    receiving = rows[0].values
    assert receiving["tlc_source"] == "SteelCo" and receiving["previous_source"] == "SteelCo"
    assert receiving["reference_document_type"] == "Delivery note"
    assert receiving["reference_document_number"] == "DN-1"
    assert (receiving["quantity"], receiving["unit"], receiving["event_date"]) == (100, "kg", "2026-03-02")
    shaft = rows[4].values
    assert shaft["input_traceability_lot_codes"] == "B1"
    assert shaft["reference_document_number"] == "WO-002"
    shipping = rows[5].values
    assert (shipping["next_recipient"], shipping["reference_document_number"]) == ("Bikes Ltd", "DESP-1")


def test_completeness_lists_missing_kdes(food):
    _rows, gaps = fsma_report()
    assert [(g.event_type, g.lot, g.missing) for g in gaps] == [
        ("Receiving", "S2", ("tlc_source_address", "counterparty_address")),  # Acme has no address
        ("Shipping", "F1", ("counterparty_address",)),  # nor Bikes Ltd
    ]


def test_sortable_spreadsheet_for_a_product_and_date_range(food):
    since = datetime(2026, 3, 2, tzinfo=UTC)
    until = datetime(2026, 3, 3, tzinfo=UTC)
    sheet = fsma_spreadsheet("csv", product_code="STEEL", since=since, until=until).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(sheet)))
    assert [(r["event_type"], r["traceability_lot_code"]) for r in table] == [
        ("Receiving", "H-778"),
        ("Receiving", "A-1"),
    ]
    blank = fsma_spreadsheet("csv", product_code="BLANK", since=since, until=until).decode("utf-8-sig")
    assert [(r["event_type"], r["traceability_lot_code"]) for r in csv.DictReader(io.StringIO(blank))] == [
        ("Transformation", "B1"),
        ("Transformation", "B2"),
        ("Transformation", "F1"),  # F1 was made from B1
    ]
    assert fsma_spreadsheet("csv", product_code="STEEL", since=until).decode("utf-8-sig").count("\n") == 1
