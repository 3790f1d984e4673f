"""One scan field understands everything: lot numbers, GS1 element strings, Digital Links — or says
why not."""

from __future__ import annotations

import pytest

from lotline.core.scanning import interpret_scan, lot_from_scan
from lotline.core.services import LedgerError, receive

GTIN = "09521234543213"


@pytest.fixture
def lot(plant):
    plant.steel.gtin = GTIN
    plant.steel.save()
    return receive(
        plant.ctx(),
        item=plant.steel,
        quantity="10",
        supplier=plant.supplier,
        supplier_lot="H1",
        delivery_ref="DN-1",
    ).lot


@pytest.mark.parametrize(
    "template",
    [
        "{lot}",
        "{lower}",
        "]Q1{lot}",
        f"01{GTIN}10{{lot}}\x1d17261231",
        f"]d201{GTIN}10{{lot}}\x1d17261231",
        f"(01){GTIN}(10){{lot}}",
        f"https://id.gs1.org/01/{GTIN}/10/{{lot}}?17=261231",
        "]Q310{lot}",
    ],
)
def test_every_kind_of_scan_finds_the_lot(lot, template):
    assert lot_from_scan(template.format(lot=lot.number, lower=lot.number.lower())) == lot


def test_a_gs1_scan_of_another_product_is_refused(lot):
    with pytest.raises(LedgerError) as refused:
        lot_from_scan(f"0104012345678901\x1d10{lot.number}")
    assert refused.value.code == "wrong_gtin"


def test_without_a_gtin_on_the_item_another_items_gtin_is_refused_an_unknown_one_let_through(plant, lot):
    plant.steel.gtin = ""
    plant.steel.save()
    plant.shaft.gtin = "4012345678901"  # stored as a GTIN-13; the scan carries it padded to 14
    plant.shaft.save()
    with pytest.raises(LedgerError) as refused:
        lot_from_scan(f"0104012345678901\x1d10{lot.number}")
    assert (refused.value.code, refused.value.message) == (
        "wrong_gtin",
        f"This label is for product 04012345678901, but lot {lot.number} is STEEL Steel bar 40. "
        "Check the label.",
    )
    # A GTIN nobody here uses (the supplier's own product code, say) has nothing to contradict.
    assert lot_from_scan(f"01{GTIN}10{lot.number}") == lot


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("NOPE-1", "unknown_lot"),
        (f"01{GTIN}17261231", "no_lot_in_scan"),
        ("]d2010952123454321910ABC", "unreadable_scan"),  # wrong GTIN check digit
        ("   ", "unreadable_scan"),
    ],
)
def test_scans_that_identify_nothing_are_refused_with_a_reason(lot, text, code):
    with pytest.raises(LedgerError) as refused:
        lot_from_scan(text)
    assert refused.value.code == code
    assert refused.value.message


def test_interpret_keeps_the_gs1_expiry(lot):
    scan = interpret_scan(f"01{GTIN}10SUP-77\x1d17261231")
    assert (scan.kind, scan.lot, scan.expiry.isoformat()) == ("gs1", "SUP-77", "2026-12-31")
