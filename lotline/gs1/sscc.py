"""SSCC (Serial Shipping Container Code, AI 00) builder — GS1 General Specifications §2.2.1, §3.3.1.

An SSCC is 18 digits: extension digit (0-9, chosen freely by the company) + GS1 Company Prefix +
serial reference (the company's own counter) + mod-10 check digit. Prefix and serial reference together
are 16 digits, so a longer company prefix leaves fewer digits for the serial reference.
Worked example: extension 1, prefix 0614141, serial reference 123456789 -> 1 0614141 123456789 + check 7.
"""

from __future__ import annotations

from .check_digits import check_digit
from .errors import GS1EncodeError

_MESSAGES = {
    "extension": "SSCC extension digit must be 0-9, got {value!r}",
    "prefix": "GS1 Company Prefix must be 6 to 12 digits, got {value!r}",
    "serial": "SSCC serial reference must be digits, got {value!r}",
    "too_long": (
        "SSCC serial reference {value} does not fit: with company prefix {prefix} "
        "there is room for {room} digits"
    ),
}


def build_sscc(extension_digit: int, company_prefix: str, serial_reference: int | str) -> str:
    """The 18-digit SSCC; the serial reference is zero-padded on the left to fill its digits."""
    if not isinstance(extension_digit, int) or not 0 <= extension_digit <= 9:
        raise GS1EncodeError(_MESSAGES["extension"].format(value=extension_digit))
    if not (company_prefix.isascii() and company_prefix.isdigit() and 6 <= len(company_prefix) <= 12):
        raise GS1EncodeError(_MESSAGES["prefix"].format(value=company_prefix))
    serial = str(serial_reference)
    if not (serial.isascii() and serial.isdigit()):
        raise GS1EncodeError(_MESSAGES["serial"].format(value=serial_reference))
    room = 16 - len(company_prefix)
    if len(serial.lstrip("0") or "0") > room:
        raise GS1EncodeError(_MESSAGES["too_long"].format(value=serial, prefix=company_prefix, room=room))
    body = f"{extension_digit}{company_prefix}{serial.lstrip('0').zfill(room)}"
    return body + check_digit(body)
