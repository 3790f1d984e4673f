"""Checks one AI value, or a whole set of AIs, against the GS1 Barcode Syntax Dictionary.

Shared by the encoder (refuse to print) and the scan parser (refuse to accept), so both sides agree on what
a correct element string is. Functions return a problem sentence (or None) instead of raising, because the
encoder and the parser wrap it in different exceptions.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from .check_digits import check_digit
from .syntax import CHARSETS, AIDefinition, Component, lookup, matches_pattern

# How an AI is named in messages for people; the rest are named "AI (nnnn)".
FIELD_NAMES = {
    "00": "SSCC",
    "01": "GTIN",
    "02": "GTIN of contained items",
    "10": "Lot",
    "11": "Production date",
    "13": "Packaging date",
    "15": "Best before date",
    "17": "Expiry date",
    "21": "Serial number",
    "37": "Count",
}

_MESSAGES = {
    "unknown_ai": "({ai}) is not a GS1 Application Identifier",
    "empty": "{name} ({ai}) is empty",
    "too_short": "must be {length} characters long",
    "too_long": "must be at most {length} characters (got {got})",
    "exact": "must be exactly {length} digits (got {got})",
    "digits": "must contain digits only",
    "charset": "contains characters not allowed in GS1 barcodes: {chars}",
    "check_digit": "check digit should be {expected}",
    "date": "is not a valid date (YYMMDD)",
    "date8": "is not a valid date (YYYYMMDD)",
    "time": "is not a valid time",
    "nonzero": "must not be zero",
    "zero": "must start with 0",
    "piece": "piece number must be between 1 and the total",
    "yesno": "must be 0 or 1",
    "gtin_length": "must be 14 digits (pad a GTIN-8, -12 or -13 with leading zeros)",
    "requires": "{name} ({ai}) needs {options} in the same barcode",
    "excludes": "{name} ({ai}) must not be combined with ({other}) in one barcode",
}

_CHARSET_NAMES = {"N": "digits", "X": "CSET 82", "Y": "CSET 39", "Z": "base64url"}


def field_name(ai: str) -> str:
    return FIELD_NAMES.get(ai, f"AI ({ai})")


def describe(ai: str, value: str, problem: str) -> str:
    """'GTIN 09521234543214: check digit should be 3' — the AI, the offending value, the reason."""
    return f"{field_name(ai)} {value}: {problem}"


def _full_year(yy: int, today: dt.date | None = None) -> int:
    """Century of a YY year, GS1 General Specifications §7.12 (a sliding 50-years-back/49-ahead window)."""
    current = (today or dt.date.today()).year
    century, current_yy = divmod(current, 100)
    difference = yy - current_yy
    if 51 <= difference <= 99:
        century -= 1
    elif -99 <= difference <= -50:
        century += 1
    return century * 100 + yy


def parse_yymmdd(value: str, *, day_zero: str | None = None) -> dt.date | None:
    """Date of a YYMMDD field, or None when invalid.

    Day 00 is allowed only for the ``yymmd0`` AIs (11, 13, 15, 16, 17, ...): §3.4.2-§3.4.7 say "if it is not
    necessary to specify the day, the day field can be filled with two zeros". ``day_zero`` picks the date it
    stands for: "last" (an expiry or best-before: the product is good to the end of the month — the reading
    GS1 gives for AI 15/16/17) or "first" (production: the earliest the lot can have been made).
    """
    if len(value) != 6 or not value.isascii() or not value.isdigit():
        return None
    year, month, day = _full_year(int(value[:2])), int(value[2:4]), int(value[4:])
    if not 1 <= month <= 12:
        return None
    if day == 0 and day_zero is not None:
        day = calendar.monthrange(year, month)[1] if day_zero == "last" else 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _valid_yyyymmdd(value: str) -> bool:
    try:
        dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return False
    return True


def _lint(linter: str, part: str) -> str | None:
    """Problem found by one dictionary linter, or None. Linters that need registries lotline does not hold
    (gcppos1/2 — the GS1 Company Prefix list, iso3166/iso4217 country and currency lists, iban, ...) are
    not run: a value failing them still scans the same, it is only semantically doubtful."""
    if linter == "csum":
        expected = check_digit(part[:-1])
        return None if part[-1] == expected else _MESSAGES["check_digit"].format(expected=expected)
    if linter in ("yymmd0", "yymmdd"):
        ok = parse_yymmdd(part, day_zero="last" if linter == "yymmd0" else None)
        return None if ok else _MESSAGES["date"]
    if linter == "yyyymmdd":
        return None if _valid_yyyymmdd(part) else _MESSAGES["date8"]
    if linter == "hhmi":
        return None if int(part[:2]) < 24 and int(part[2:]) < 60 else _MESSAGES["time"]
    if linter == "hh":
        return None if int(part) < 24 else _MESSAGES["time"]
    if linter in ("mi", "ss"):
        return None if int(part) < 60 else _MESSAGES["time"]
    if linter == "nonzero":
        return None if int(part) != 0 else _MESSAGES["nonzero"]
    if linter == "zero":
        return None if part == "0" else _MESSAGES["zero"]
    if linter == "yesno":
        return None if part in ("0", "1") else _MESSAGES["yesno"]
    if linter == "pieceoftotal":
        piece, total = int(part[:2]), int(part[2:])
        return None if 1 <= piece <= total else _MESSAGES["piece"]
    return None


def _check_component(component: Component, part: str) -> str | None:
    if len(part) < component.min_length:
        return _MESSAGES["too_short"].format(length=component.min_length)
    allowed = CHARSETS[component.charset]
    bad = sorted({c for c in part if c not in allowed})
    if bad:
        if component.charset == "N":
            return _MESSAGES["digits"]
        shown = ", ".join(repr(c) for c in bad)
        return _MESSAGES["charset"].format(chars=shown) + f" ({_CHARSET_NAMES[component.charset]})"
    for linter in component.linters:
        problem = _lint(linter, part)
        if problem:
            return problem
    return None


def check_value(ai: str, value: str) -> str | None:
    """The first problem with ``value`` as the data of ``ai`` (a full sentence), or None when it is valid."""
    definition = lookup(ai)
    if definition is None:
        return _MESSAGES["unknown_ai"].format(ai=ai)
    if not value:
        return _MESSAGES["empty"].format(name=field_name(ai), ai=ai)
    problem = _check_value(definition, value)
    return describe(ai, value, problem) if problem else None


def _check_value(definition: AIDefinition, value: str) -> str | None:
    if definition.max_length == 14 and definition.ai in ("01", "02", "03") and len(value) != 14:
        return _MESSAGES["gtin_length"]
    fixed = all(not c.optional and c.min_length == c.max_length for c in definition.components)
    if fixed and len(value) != definition.max_length and definition.components[0].charset == "N":
        return _MESSAGES["exact"].format(length=definition.max_length, got=len(value))
    if len(value) > definition.max_length:
        return _MESSAGES["too_long"].format(length=definition.max_length, got=len(value))
    rest = value
    for component in definition.components:
        if not rest and component.optional:
            break
        part, rest = rest[: component.max_length], rest[component.max_length :]
        problem = _check_component(component, part)
        if problem:
            return problem
    if rest:
        return _MESSAGES["too_long"].format(length=definition.max_length, got=len(value))
    return None


def _present(pattern: str, ais: Iterable[str]) -> bool:
    return any(matches_pattern(ai, pattern) for ai in ais)


def check_associations(ais: list[str]) -> str | None:
    """First violated ``req=``/``ex=`` rule among the AIs of one message, or None.

    Example: a lot (10) alone is meaningless — ``req=01,02,03,8006,8026`` — it must travel with the GTIN
    it belongs to. The dictionary says these rules apply over all carriers on one item, so a caller that
    splits data across several barcodes checks the union, not each barcode.
    """
    for ai in ais:
        definition = lookup(ai)
        if definition is None:
            continue
        for pattern in definition.excludes:
            for other in ais:
                if other != ai and matches_pattern(other, pattern):
                    return _MESSAGES["excludes"].format(name=field_name(ai), ai=ai, other=other)
        if definition.requires and not any(
            all(_present(p, ais) for p in group) for group in definition.requires
        ):
            options = " or ".join("+".join(f"({p})" for p in group) for group in definition.requires)
            return _MESSAGES["requires"].format(name=field_name(ai), ai=ai, options=options)
    return None
