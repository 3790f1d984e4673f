"""Pure EPCIS mapping pieces: class-id parsing both ways, units, and no Django in the pure modules."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

from lotline.gs1.check_digits import check_digit
from lotline.interop.epcis_model import (
    ClassId,
    IdScheme,
    LotRef,
    parse_class_id,
    parse_party_id,
    quantity_element,
    unit_of,
)


def test_lot_class_ids_round_trip():
    ids = IdScheme("https://trace.example.com")
    with_gtin = LotRef("L/1", "SHAFT", "Shaft", "pcs", gtin="9521234543213")
    without = LotRef("B-7", "BLANK", "Blank", "kg")
    assert ids.lot_class(with_gtin) == "https://id.gs1.org/01/09521234543213/10/L%2F1"
    assert ids.lot_class(without) == "https://trace.example.com/item/BLANK/lot/B-7"
    assert parse_class_id(ids.lot_class(with_gtin)) == ClassId(lot="L/1", gtin="09521234543213")
    assert parse_class_id(ids.lot_class(without)) == ClassId(lot="B-7", item_code="BLANK")


def test_lgtin_urn_gives_the_gtin_with_its_check_digit():
    # Company prefix 0614141, indicator 1 + item reference 12345 → 1 0614141 12345 + check digit.
    assert check_digit("1061414112345") == "9"  # lotline.gs1's own implementation agrees
    assert parse_class_id("urn:epc:class:lgtin:0614141.112345.400") == ClassId(
        lot="400", gtin="10614141123459"
    )
    assert parse_class_id("urn:epc:class:lgtin:12.34.5") is None
    assert parse_class_id("urn:epc:id:sgtin:0614141.112345.400") is None


def test_parties_and_units():
    assert parse_party_id("https://id.gs1.org/417/4012345000009") == ("gln", "4012345000009")
    assert parse_party_id("https://id.lotline.example/party/STEELCO") == ("code", "STEELCO")
    assert unit_of("KGM") == "kg" and unit_of(None) == "pcs" and unit_of("XYZ") is None
    element = quantity_element(LotRef("A", "STEEL", "Steel", "kg"), Decimal("-2.5"), IdScheme())
    assert (element.quantity, element.uom) == (Decimal("2.5"), "KGM")
    assert quantity_element(LotRef("A", "NUT", "Nut", "pcs"), Decimal(3), IdScheme()).uom is None


def test_the_mapping_modules_do_not_import_django():
    code = (
        "import sys, lotline.interop.epcis_model, lotline.interop.epcis_json, lotline.interop.epcis_xml, "
        "lotline.interop.fsma; print(any(m.startswith('django') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
