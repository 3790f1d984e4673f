"""GS1 Digital Link URIs: key qualifier order, query attributes, percent-encoding, configurable domain."""

import pytest

from lotline.gs1 import GS1EncodeError, build_digital_link


def test_standard_example():
    uri = build_digital_link({"01": "09521234543213", "10": "ABC123", "17": "261231"})
    assert uri == "https://id.gs1.org/01/09521234543213/10/ABC123?17=261231"


def test_qualifiers_follow_22_10_21_whatever_the_input_order():
    uri = build_digital_link({"21": "S1", "17": "261231", "01": "09521234543213", "10": "L1", "22": "V"})
    assert uri == "https://id.gs1.org/01/09521234543213/22/V/10/L1/21/S1?17=261231"


def test_percent_encoding_of_reserved_characters():
    uri = build_digital_link({"01": "09521234543213", "10": "A/B%C&D?E", "3103": "001250"})
    assert uri == "https://id.gs1.org/01/09521234543213/10/A%2FB%25C%26D%3FE?3103=001250"


def test_unreserved_characters_stay():
    assert build_digital_link({"01": "09521234543213", "10": "a-b.c_d"}).endswith("/10/a-b.c_d")


def test_custom_domain_with_path():
    uri = build_digital_link({"01": "09521234543213"}, domain="https://labels.example.com/dl/")
    assert uri == "https://labels.example.com/dl/01/09521234543213"


def test_sscc_key():
    assert build_digital_link({"00": "106141411234567897"}) == "https://id.gs1.org/00/106141411234567897"


@pytest.mark.parametrize(
    ("fields", "domain", "message"),
    [
        ({"01": "09521234543214"}, "https://id.gs1.org", "check digit should be 3"),
        ({"01": "09521234543213"}, "id.gs1.org", "must start with https://"),
        ({"01": "09521234543213", "00": "106141411234567897"}, "https://id.gs1.org", "exactly one"),
        ({"01": "09521234543213", "235": "X", "10": "L"}, "https://id.gs1.org", "key qualifiers"),
    ],
)
def test_refusals(fields, domain, message):
    with pytest.raises(GS1EncodeError, match=message):
        build_digital_link(fields, domain=domain)
