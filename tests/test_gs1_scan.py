"""parse_scan: classify lot numbers, GS1 element strings (raw, with identifiers, HRI) and Digital Links."""

import datetime as dt
from decimal import Decimal

import pytest

from lotline.gs1 import GS1ParseError, parse_scan

RAW = "01095212345432131726123110ABC123\x1d21S1"


@pytest.mark.parametrize("prefix", ["]d2", "]C1", "]Q3", "]e0", ""])
def test_element_string_with_or_without_symbology_identifier(prefix):
    result = parse_scan(prefix + RAW + "\r\n")
    assert result.kind == "gs1"
    assert result.gtin == "09521234543213"
    assert result.lot == "ABC123"
    assert result.serial == "S1"
    assert result.expiry == dt.date(2026, 12, 31)
    assert result.symbology_identifier == (prefix or None)
    assert result.raw == prefix + RAW + "\r\n"


def test_hri_form():
    result = parse_scan("(01)09521234543213(10)ABC123(17)261231")
    assert (result.kind, result.gtin, result.lot, result.expiry) == (
        "gs1",
        "09521234543213",
        "ABC123",
        dt.date(2026, 12, 31),
    )


def test_hri_lot_with_parentheses():
    assert parse_scan("(01)09521234543213(10)A(1)B(17)261231").lot == "A(1)B"


def test_digital_link():
    result = parse_scan("https://id.gs1.org/01/09521234543213/10/ABC%2F123?17=261200")
    assert result.kind == "digital_link"
    assert result.lot == "ABC/123"
    assert result.expiry == dt.date(2026, 12, 31)  # day 00 = end of month for an expiry


def test_pallet_sscc_count_weight_and_production_date():
    result = parse_scan("]C10010614141123456789702095212345432131126060031030012503748")
    assert result.sscc == "106141411234567897"
    assert result.count == 48
    assert result.net_weight_kg == Decimal("1.250")
    assert result.production_date == dt.date(2026, 6, 1)  # day 00 = first of month for production


@pytest.mark.parametrize("text", ["L-240611-0042", "]C0L-240611-0042", "]Q1L-240611-0042", "0100"])
def test_plain_lot_numbers(text):
    result = parse_scan(text)
    assert result.kind == "lot_number"
    assert result.lot == text.removeprefix("]C0").removeprefix("]Q1")
    assert result.gtin is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Nothing was scanned"),
        ("  \r\n", "Nothing was scanned"),
        ("]d20109521234543214", "GTIN 09521234543214: check digit should be 3"),
        ("]d2010952123454321317261332", "Expiry date 261332: is not a valid date"),
        ("]d2010952123454321310ABCDEFGHIJKLMNOPQRSTUV17261231", "group separator"),
        ("]C110ABC", r"incomplete: Lot \(10\) needs \(01\)"),
        ("(01)09521234543213(99", "could not be read"),
        ("https://example.com/products/42", "not a GS1 Digital Link"),
        ("LOT\x07", "control characters"),
    ],
)
def test_malformed_scans(text, message):
    with pytest.raises(GS1ParseError, match=message):
        parse_scan(text)


def test_partial_label_accepted_when_associations_relaxed():
    assert parse_scan("]C110ABC", require_associations=False).lot == "ABC"
