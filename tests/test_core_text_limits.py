"""Text longer than its column, and a shipment document reused from another site: refused by the core
services with a plain message, nothing written, on SQLite (which would have stored it) and PostgreSQL
(which would have failed with a 500)."""

from __future__ import annotations

from lotline.core.models import Location, Site
from lotline.core.services import find_lot, hold, receive, scrap, ship
from tests.core_fixtures import assert_refused, receive_lot


def receipt(plant, **changes):
    fields = {"supplier_lot": "H1", "delivery_ref": "DN-1"} | changes
    return lambda: receive(plant.ctx(), item=plant.steel, quantity="5", supplier=plant.supplier, **fields)


def test_texts_longer_than_their_column_are_refused(plant):
    assert_refused(
        receipt(plant, supplier_lot="H" * 61),
        "too_long",
        field="supplier_lot",
        message="The supplier's lot number is 61 characters long; at most 60 fit.",
    )
    assert_refused(
        receipt(plant, delivery_ref="D" * 100_000),
        "too_long",
        field="delivery_ref",
        message="The delivery note number is 100000 characters long; at most 60 fit.",
    )
    # Trimmed first: spaces around a value that fits are not counted against it.
    assert receipt(plant, supplier_lot="  " + "H" * 60 + "  ")().lot.supplier_lot == "H" * 60

    coil = receive_lot(plant, "S1", "50")
    assert_refused(
        lambda: ship(plant.ctx(), customer=plant.customer, document="X" * 41, lines=[(coil, "1")]),
        "too_long",
        field="document",
        message="The document number is 41 characters long; at most 40 fit.",
    )
    assert_refused(
        lambda: hold(plant.ctx(), lots=[coil], reason="Cracks", reference="R" * 61),
        "too_long",
        field="reference",
        message="The reference is 61 characters long; at most 60 fit.",
    )
    assert_refused(
        lambda: scrap(plant.ctx(), lot=coil, quantity="1", reason="x" * 1001),
        "too_long",
        field="reason",
        message="The reason is 1001 characters long; at most 1000 fit.",
    )


def test_a_document_shipped_from_another_site_takes_no_lines_from_here(plant):
    hall = Site.objects.create(code="W2", name="Hall two", timezone="Europe/Warsaw")
    Location.objects.create(site=hall, code="W2-IN", is_default=True)
    there = receive_lot(plant, "S9", "10", site=hall, delivery="DN-W2")
    ship(plant.ctx(site=hall), customer=plant.customer, document="DESP-W2", lines=[(there, "2")])
    here = receive_lot(plant, "S1", "10")
    assert_refused(
        lambda: ship(plant.ctx(), customer=plant.customer, document="DESP-W2", lines=[(here, "1")]),
        "wrong_site",
        field="document",
        message="Document DESP-W2 was shipped from another site; use a new document number.",
    )


def test_a_lot_number_a_scanner_would_read_as_a_gtin_is_refused(plant):
    assert_refused(
        receipt(plant, lot_number="0104012345678901"),
        "bad_lot_number",
        field="lot_number",
        message="Lot number 0104012345678901 would be read as a GS1 barcode",
    )
    # Digits that are no valid GTIN stay a plain lot number.
    assert receipt(plant, lot_number="0104012345678902")().lot.number == "0104012345678902"


def test_an_unknown_lot_is_named_readably_whatever_was_scanned(plant):
    receive_lot(plant, "S1", "10")
    page = assert_refused(lambda: find_lot("X" * 60_000), "unknown_lot")
    assert page.message == f"No lot {'X' * 39}… is known here."  # not a 60,000-character message (or a 500)
    assert assert_refused(lambda: find_lot("🐛"), "unknown_lot").message == "No lot 🐛 is known here."
