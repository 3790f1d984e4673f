"""Encoding GS1 element strings: FNC1/GS placement, HRI, and refusing anything that would be wrong."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lotline.gs1 import GS, GS1EncodeError, build_digital_link, check_digit, encode_element_string, parse_scan
from lotline.gs1.syntax import CSET_82


def test_fixed_length_first_and_gs_only_between_variable_fields():
    encoded = encode_element_string({"01": "09521234543213", "10": "ABC123", "17": "261231"})
    # (17) is fixed-length: it moves before the lot, so no separator is needed at all.
    assert encoded.data == "0109521234543213" + "17261231" + "10ABC123"
    assert encoded.hri == "(01)09521234543213(17)261231(10)ABC123"
    assert encoded.bracketed == "[01]09521234543213[17]261231[10]ABC123"


def test_gs_after_variable_field_that_is_not_last():
    encoded = encode_element_string({"01": "09521234543213", "10": "ABC123", "21": "S1"})
    assert encoded.data == f"010952123454321310ABC123{GS}21S1"
    assert encoded.fields == (("01", "09521234543213"), ("10", "ABC123"), ("21", "S1"))


def test_pallet_message_with_count():
    encoded = encode_element_string(
        {"00": "106141411234567897", "02": "09521234543213", "37": "48", "10": "L1"}
    )
    assert encoded.data == f"0010614141123456789702095212345432133748{GS}10L1"


def test_day_00_allowed_for_expiry():
    assert encode_element_string({"01": "09521234543213", "17": "261200"}).data.endswith("17261200")


def test_net_weight_310n():
    assert encode_element_string({"01": "09521234543213", "3103": "001250"}).hri.endswith("(3103)001250")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"01": "09521234543214"}, "GTIN 09521234543214: check digit should be 3"),
        ({"01": "9521234543213"}, "must be 14 digits"),
        ({"01": "09521234543213", "10": "A" * 21}, "Lot A{21}: must be at most 20 characters"),
        ({"01": "09521234543213", "10": "AB C"}, r"Lot AB C: contains characters not allowed.*' '"),
        ({"01": "09521234543213", "10": "Lös"}, "not allowed in GS1 barcodes: 'ö'"),
        ({"01": "09521234543213", "10": "A[1]"}, r"'\[', '\]'"),
        ({"01": "09521234543213", "17": "261331"}, "Expiry date 261331: is not a valid date"),
        ({"01": "09521234543213", "17": "260230"}, "not a valid date"),
        ({"01": "09521234543213", "11": "260600"}, None),  # production date 00 is allowed too
        ({"01": "09521234543213", "17": "2612"}, "must be exactly 6 digits"),
        ({"00": "106141411234567897", "02": "09521234543213", "37": "123456789"}, "at most 8"),
        ({"00": "106141411234567897", "02": "09521234543213", "37": "12a"}, "digits only"),
        ({"01": "09521234543213", "3106": "001250"}, r"\(3106\) is not a GS1 Application Identifier"),
        ({"01": "09521234543213", "3103": "1250"}, "exactly 6 digits"),
        ({"10": "ABC"}, r"Lot \(10\) needs \(01\) or \(02\)"),
        ({"01": "09521234543213", "37": "5"}, r"must not be combined with \(37\)"),
        ({"01": "09521234543213", "3102": "001250", "3103": "001250"}, "must not be combined"),
        ({"01": "09521234543213", "10": ""}, r"Lot \(10\) is empty"),
        ({}, "Nothing to encode"),
    ],
)
def test_refusals(fields, message):
    if message is None:
        encode_element_string(fields)
        return
    with pytest.raises(GS1EncodeError, match=message):
        encode_element_string(fields)


def test_non_string_value_refused():
    with pytest.raises(GS1EncodeError, match="must be text"):
        encode_element_string({"01": 9521234543213})  # type: ignore[dict-item]


def test_associations_can_be_relaxed_for_split_labels():
    assert encode_element_string({"10": "ABC", "17": "261231"}, require_associations=False).data


# -- round trip: what we encode, the parser reads back identically -------------------------------------

_today = dt.date.today()
gtins = st.text("0123456789", min_size=13, max_size=13).map(lambda body: body + check_digit(body))
lots = st.text(sorted(CSET_82), min_size=1, max_size=20)
dates = st.dates(dt.date(_today.year - 40, 1, 1), dt.date(_today.year + 40, 12, 31))


@settings(max_examples=200, deadline=None)
@given(gtin=gtins, lot=lots, expiry=dates, serial=st.none() | lots)
def test_round_trip_encode_then_parse(gtin, lot, expiry, serial):
    fields = {"01": gtin, "10": lot, "17": expiry.strftime("%y%m%d")}
    if serial is not None:
        fields["21"] = serial
    encoded = encode_element_string(fields)
    for scanned in ("]d2" + encoded.data, "]C1" + encoded.data, "]Q3" + encoded.data):
        result = parse_scan(scanned)
        assert result.kind == "gs1"
        assert (result.gtin, result.lot, result.expiry, result.serial) == (gtin, lot, expiry, serial)
        assert dict(result.elements) == fields
    if "(" not in lot and (serial is None or "(" not in serial):
        assert dict(parse_scan(encoded.hri).elements) == fields
    link = parse_scan(build_digital_link(fields))
    assert link.kind == "digital_link" and dict(link.elements) == fields
