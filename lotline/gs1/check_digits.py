"""GS1 mod-10 check digits (GS1 General Specifications §7.9.1) for GTIN, SSCC, GLN and friends.

From the right, digits are weighted 3, 1, 3, 1, ...; the check digit brings the sum up to a multiple of 10.
Worked example, GTIN 0952123454321_: weighted sum of 0952123454321 is 77, so the check digit is 3
(77 + 3 = 80) and the GTIN is 09521234543213.
"""

from __future__ import annotations


def check_digit(digits: str) -> str:
    """The check digit to append to ``digits`` (all the digits before the check digit)."""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"check digits are computed over digits only, got {digits!r}")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str(-total % 10)


def has_valid_check_digit(number: str) -> bool:
    """True when the last digit of ``number`` is the correct mod-10 check digit of the others."""
    return (
        len(number) >= 2 and number.isascii() and number.isdigit() and check_digit(number[:-1]) == number[-1]
    )


def normalize_gtin(gtin: str) -> str:
    """A GTIN-8/12/13/14 as the 14-digit form used in AI (01) and Digital Link (zero-padded, §3.3.2).

    Raises ValueError naming the problem when it is not digits, has the wrong length or check digit.
    """
    value = gtin.strip()
    if not value.isascii() or not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValueError(f"GTIN {gtin}: must be 8, 12, 13 or 14 digits")
    if not has_valid_check_digit(value):
        raise ValueError(f"GTIN {gtin}: check digit should be {check_digit(value[:-1])}")
    return value.zfill(14)
