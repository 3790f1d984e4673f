"""GS1 mod-10 check digits and SSCC construction, against published GS1 examples."""

import pytest

from lotline.gs1 import GS1EncodeError, build_sscc, check_digit, has_valid_check_digit, normalize_gtin


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("0952123454321", "3"),  # GTIN 09521234543213, GS1 Digital Link standard examples
        ("10614141123456789", "7"),  # SSCC 106141411234567897, GS1 General Specifications §2.2.1
        ("629104150021", "3"),  # GTIN-13 6291041500213, General Specifications §7.9.1 worked example
        ("0000000000000", "0"),
    ],
)
def test_check_digit_of_published_examples(body, expected):
    assert check_digit(body) == expected
    assert has_valid_check_digit(body + expected)


def test_worked_example_by_hand():
    # 0 9 5 2 1 2 3 4 5 4 3 2 1 from the left; weights from the right are 3,1,3,...
    digits = [0, 9, 5, 2, 1, 2, 3, 4, 5, 4, 3, 2, 1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    assert total == 77
    assert check_digit("0952123454321") == str((10 - total % 10) % 10) == "3"


@pytest.mark.parametrize("number", ["09521234543214", "106141411234567890", "", "0952123454321A"])
def test_invalid_numbers(number):
    assert not has_valid_check_digit(number)


def test_normalize_gtin_pads_and_checks():
    assert normalize_gtin("9521234543213") == "09521234543213"
    assert normalize_gtin("09521234543213") == "09521234543213"
    with pytest.raises(ValueError, match="GTIN 09521234543214: check digit should be 3"):
        normalize_gtin("09521234543214")
    with pytest.raises(ValueError, match="8, 12, 13 or 14 digits"):
        normalize_gtin("12345")


def test_build_sscc_published_example():
    assert build_sscc(1, "0614141", 123456789) == "106141411234567897"
    assert build_sscc(1, "0614141", "000123456789") == "106141411234567897"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((10, "0614141", 1), "extension digit"),
        ((0, "12345", 1), "Company Prefix"),
        ((0, "0614141", "12A"), "serial reference must be digits"),
        ((0, "0614141", 10**9), "room for 9 digits"),
    ],
)
def test_build_sscc_refuses(args, message):
    with pytest.raises(GS1EncodeError, match=message):
        build_sscc(*args)
