"""Internal lot numbers: per-item patterns with a check character (pure: no Django).

A pattern such as ``{ITEM}-{YYMMDD}-{SEQ:3}{CHECK}`` renders as ``BRK100-261125-007K``. The check character is
ISO/IEC 7064 MOD 37,36 over the letters and digits, so one mistyped character is always caught before anything
is looked up, and two swapped neighbours nearly always (MOD 37,36 is a hybrid system: about 1 swap in 700
still checks out, e.g. USNM601 / USNM610 — tests/test_core_lot_numbers.py measures it). Numbers must also
fit GS1 AI (10): at most 20 characters of GS1's 82-character set — we are stricter and allow only A–Z,
0–9, '-', '.', '/' and '_' so that a number reads the same on every scanner and keyboard layout.
"""

from __future__ import annotations

import re
import string
from datetime import date

ALPHABET = string.digits + string.ascii_uppercase  # value of a character = its index (MOD 37,36)
ALLOWED = re.compile(r"^[A-Z0-9][A-Z0-9\-./_]*$")
MAX_LENGTH = 20  # GS1 AI (10) batch/lot
DEFAULT_PATTERN = "{ITEM}-{YYMMDD}-{SEQ:3}{CHECK}"
TOKEN = re.compile(r"\{(ITEM|SITE|YYYY|YYMMDD|YY|MM|DD|SEQ(?::(\d))?|CHECK)\}")


class LotNumberError(ValueError):
    """A pattern or rendered number that cannot serve as a lot number."""


def check_character(body: str) -> str:
    """ISO/IEC 7064 MOD 37,36 check character over the alphanumerics of ``body``."""
    modulus = 36
    product = modulus
    for char in body.upper():
        if char not in ALPHABET:
            continue  # separators do not count, so "A-1" and "A1" share a check character
        total = (product + ALPHABET.index(char)) % modulus or modulus
        product = (total * 2) % (modulus + 1)
    return ALPHABET[(modulus + 1 - product) % modulus]


def has_valid_check(number: str) -> bool:
    """True when the last character is the check character of the rest (for numbers we generated)."""
    number = number.strip().upper()
    return len(number) >= 2 and check_character(number[:-1]) == number[-1]


def validate_pattern(pattern: str) -> None:
    if "{SEQ" not in pattern:
        raise LotNumberError(
            f"Lot number pattern {pattern!r} needs a {{SEQ}} token, or numbers would repeat."
        )
    leftover = TOKEN.sub("", pattern)
    if "{" in leftover or "}" in leftover:
        raise LotNumberError(
            f"Lot number pattern {pattern!r} has an unknown token; use "
            "{ITEM} {SITE} {YYYY} {YY} {MM} {DD} {YYMMDD} {SEQ} {SEQ:n} {CHECK}."
        )
    if pattern.count("{CHECK}") > 1 or ("{CHECK}" in pattern and not pattern.endswith("{CHECK}")):
        raise LotNumberError(f"Lot number pattern {pattern!r}: {{CHECK}} may appear once, at the end.")


def sequence_scope(pattern: str, item_code: str, site_code: str, day: date) -> str:
    """The key a sequence counts within: the pattern rendered without its sequence and check.

    ``{ITEM}-{YYMMDD}-{SEQ:3}`` restarts at 1 every day per item; ``{ITEM}-{SEQ:6}`` never restarts.
    """
    return _render(pattern, item_code, site_code, day, seq=None)


def render(pattern: str, item_code: str, site_code: str, day: date, seq: int) -> str:
    validate_pattern(pattern)
    number = _render(pattern, item_code, site_code, day, seq=seq)
    if len(number) > MAX_LENGTH:
        raise LotNumberError(
            f"Lot number {number!r} is {len(number)} characters; GS1 allows {MAX_LENGTH}. "
            "Shorten the item code or the pattern."
        )
    if not ALLOWED.match(number):
        raise LotNumberError(
            f"Lot number {number!r} may only contain A-Z, 0-9 and - . / _ (item code {item_code!r}?)."
        )
    return number


def _render(pattern: str, item_code: str, site_code: str, day: date, seq: int | None) -> str:
    def token(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "ITEM":
            return item_code.upper()
        if name == "SITE":
            return site_code.upper()
        if name == "YYYY":
            return f"{day:%Y}"
        if name == "YY":
            return f"{day:%y}"
        if name == "MM":
            return f"{day:%m}"
        if name == "DD":
            return f"{day:%d}"
        if name == "YYMMDD":
            return f"{day:%y%m%d}"
        if name.startswith("SEQ"):
            if seq is None:
                return "#"
            width = int(match.group(2) or 3)
            return str(seq).zfill(width)
        return "" if seq is None else "\0"  # CHECK: filled in below, once the body is known

    body = TOKEN.sub(token, pattern)
    if "\0" in body:
        body = body.replace("\0", "")
        body += check_character(body)
    return body
