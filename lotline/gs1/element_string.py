"""Encode AI/value pairs as a GS1 element string — the data of GS1-128, GS1 DataMatrix and GS1 QR.

FNC1 placement (GS1 General Specifications §5.10.1, §7.8.5): a symbol starts with FNC1 (the symbology
identifier ]C1/]d2/]Q3 says so to the reader), then element strings follow each other. AIs of predefined
length (flag ``*`` in the Syntax Dictionary: 00, 01, 11, 17, 310n, ...) end where their length says. Every
other AI (10 lot, 21 serial, 37 count, ...) needs a separator — FNC1 in the symbol, transmitted by the
reader as GS (ASCII 29, ``\\x1d``) — unless it is the last one. So fixed-length AIs go first and the
separator is only written between a variable-length field and what follows it.

Worked example, {"01": "09521234543213", "10": "ABC123", "17": "261231", "21": "S1"}:

    01 09521234543213          fixed, no separator
    17 261231                  fixed (moved before the lot), no separator
    10 ABC123 <GS>             variable and not last: separator
    21 S1                      variable but last: none
    -> "010952123454321317261231" "10ABC123\\x1d21S1"

Without the separator a reader would take "ABC12321S1" as the lot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import GS1EncodeError
from .syntax import lookup
from .validate import check_associations, check_value

GS = "\x1d"

_MESSAGES = {
    "no_fields": "Nothing to encode: no GS1 Application Identifiers given",
    "not_text": "AI ({ai}) value must be text, got {kind}",
}


@dataclass(frozen=True)
class ElementString:
    """An encoded GS1 message in the forms lotline needs."""

    fields: tuple[tuple[str, str], ...]  # in encoded order (fixed-length AIs first)
    data: str  # as a reader transmits it after the symbology identifier, GS between fields
    hri: str  # human readable interpretation, "(01)09521234543213(10)ABC123"

    @property
    def bracketed(self) -> str:
        """ "[01]09521234543213[10]ABC123": the input form of zint/zxing-cpp's GS1 mode. Square brackets are
        not in CSET 82, so unlike the HRI a value containing "(" cannot be mistaken for an AI."""
        return "".join(f"[{ai}]{value}" for ai, value in self.fields)


def encode_element_string(fields: Mapping[str, str], *, require_associations: bool = True) -> ElementString:
    """Validate ``fields`` (AI -> value, in the caller's order) and encode them.

    Raises GS1EncodeError naming the field and the reason for the first problem found: unknown AI, wrong
    length, characters outside the AI's character set, wrong check digit, impossible date, or (unless
    ``require_associations`` is False, for data deliberately split over several barcodes) an AI missing its
    required partner (``req=``) or combined with an excluded one (``ex=``).
    """
    if not fields:
        raise GS1EncodeError(_MESSAGES["no_fields"])
    fixed: list[tuple[str, str]] = []
    variable: list[tuple[str, str]] = []
    for ai, value in fields.items():
        if not isinstance(value, str):
            raise GS1EncodeError(_MESSAGES["not_text"].format(ai=ai, kind=type(value).__name__))
        problem = check_value(ai, value)
        if problem:
            raise GS1EncodeError(problem)
        definition = lookup(ai)
        assert definition is not None  # check_value refuses unknown AIs
        (fixed if definition.predefined_length else variable).append((ai, value))
    if require_associations:
        problem = check_associations(list(fields))
        if problem:
            raise GS1EncodeError(problem)
    ordered = tuple(fixed + variable)
    fixed_ais = {ai for ai, _ in fixed}
    parts = []
    for index, (ai, value) in enumerate(ordered):
        parts.append(ai + value)
        is_last = index == len(ordered) - 1
        if not is_last and ai not in fixed_ais:
            parts.append(GS)
    return ElementString(
        fields=ordered,
        data="".join(parts),
        hri="".join(f"({ai}){value}" for ai, value in ordered),
    )
