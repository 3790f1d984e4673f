"""Classify and parse whatever a scanner or camera read: an internal lot number, a GS1 element string, or a
GS1 Digital Link URI.

Inputs seen on the floor:

- ``]d2010952123454321310ABC123\\x1d17261231`` — symbology identifier (ISO/IEC 15424) of a GS1 symbol
  (``]C1`` GS1-128, ``]d2`` GS1 DataMatrix, ``]Q3`` GS1 QR, ``]e0`` GS1 DataBar, ``]J1`` GS1 DotCode) then
  the element string with GS (``\\x1d``) after variable-length fields;
- the same without the identifier (many wedge scanners are configured not to send it);
- ``(01)09521234543213(10)ABC123`` — the human readable form, typed or pasted;
- ``https://id.gs1.org/01/09521234543213/10/ABC123?17=261231`` — a Digital Link in a plain QR;
- ``L-240611-0042`` — an internal lot number in a plain QR or Code 128.

biip splits element strings and Digital Links; every value is then re-checked with lotline's own
dictionary-driven validation (biip only *reports* a wrong GTIN check digit in ``gtin_error``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from biip import ParseError as BiipParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_messages import GS1Message

from .check_digits import has_valid_check_digit
from .element_string import GS
from .errors import GS1ParseError
from .syntax import lookup, match_ai_prefix
from .validate import check_associations, check_value, parse_yymmdd

ScanKind = Literal["lot_number", "gs1", "digital_link"]

GS1_SYMBOLOGY_IDENTIFIERS = frozenset({"]C1", "]d2", "]Q3", "]e0", "]J1"})
_SYMBOLOGY_ID_RE = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_HRI_AI_RE = re.compile(r"\((\d{2,4})\)")
# A bare string starting with SSCC or GTIN digits whose check digit holds is taken as GS1 data, not as a
# lot number: the chance that an internal lot number looks like that by accident is ~1 in 10.
_BARE_GS1_RE = re.compile(r"^(?:00(\d{18})|0[12](\d{14}))")

_MESSAGES = {
    "empty": "Nothing was scanned.",
    "control": "The scan contains control characters; check the scanner's settings.",
    "structure": (
        "This GS1 barcode could not be read ({detail}). If a lot or serial number is followed by other "
        "data, the scanner may be dropping the group separator (GS)."
    ),
    "hri": "This GS1 text could not be read: {detail}.",
    "not_dl": "This code holds a web address, not a GS1 Digital Link: {uri}",
    "value": "This GS1 barcode has an invalid value: {problem}.",
    "overlong": (
        "This GS1 barcode has an invalid value: {problem}. The scanner may be dropping the group "
        "separator (GS) that ends a lot or serial number."
    ),
    "duplicate": "This GS1 barcode holds AI ({ai}) twice with different values.",
    "association": "This GS1 barcode is incomplete: {problem}.",
}


@dataclass(frozen=True)
class ScanResult:
    """What a scan says, in lotline's terms. ``elements`` keeps every AI, including ones not mapped here."""

    kind: ScanKind
    raw: str
    lot: str | None = None
    gtin: str | None = None
    expiry: dt.date | None = None
    production_date: dt.date | None = None
    serial: str | None = None
    sscc: str | None = None
    count: int | None = None
    net_weight_kg: Decimal | None = None
    symbology_identifier: str | None = None
    elements: tuple[tuple[str, str], ...] = ()


def _split_hri(text: str) -> list[tuple[str, str]]:
    """'(01)…(10)…' -> pairs. A predefined-length AI takes exactly its length; a variable one runs to the
    next '(nn)' that names a known AI (so a lot may itself contain parentheses, e.g. 'A(1)')."""
    pairs: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _HRI_AI_RE.match(text, pos)
        if m is None or lookup(m.group(1)) is None:
            raise GS1ParseError(_MESSAGES["hri"].format(detail=f"no AI at {text[pos:]!r}"))
        ai, pos = m.group(1), m.end()
        definition = lookup(ai)
        assert definition is not None
        if definition.predefined_length:
            end = pos + definition.max_length
        else:
            end = len(text)
            for nxt in _HRI_AI_RE.finditer(text, pos):
                if lookup(nxt.group(1)) is not None:
                    end = nxt.start()
                    break
        pairs.append((ai, text[pos:end]))
        pos = end
    return pairs


def _split_raw(data: str) -> list[tuple[str, str]] | None:
    """Our own dictionary-driven split, used only to explain a failure of biip's: None if it fails too."""
    pairs = []
    pos = 0
    while pos < len(data):
        definition = match_ai_prefix(data[pos:])
        if definition is None:
            return None
        pos += len(definition.ai)
        end = pos + definition.max_length if definition.predefined_length else data.find(GS, pos)
        end = len(data) if end < 0 else min(end, len(data))
        pairs.append((definition.ai, data[pos:end]))
        pos = end + (1 if data[end : end + 1] == GS else 0)
    return pairs


def _element_pairs(data: str) -> list[tuple[str, str]]:
    # A leading GS is an FNC1 in first position that some scanners transmit; it carries no data.
    data = data.lstrip(GS)
    try:
        message = GS1Message.parse(data)
    except BiipParseError as exc:
        for ai, value in _split_raw(data) or []:
            problem = check_value(ai, value)
            if problem:  # name the bad field ("Expiry date 261332: ...") rather than biip's regex
                definition = lookup(ai)
                overlong = definition is not None and len(value) > definition.max_length
                key = "overlong" if overlong else "value"
                raise GS1ParseError(_MESSAGES[key].format(problem=problem)) from exc
        raise GS1ParseError(_MESSAGES["structure"].format(detail=str(exc).rstrip("."))) from exc
    return [(es.ai.ai, es.value) for es in message.element_strings]


def _digital_link_pairs(uri: str) -> list[tuple[str, str]]:
    try:
        link = GS1DigitalLinkURI.parse(uri)
    except BiipParseError as exc:
        raise GS1ParseError(_MESSAGES["not_dl"].format(uri=uri)) from exc
    return [(es.ai.ai, es.value) for es in link.element_strings]


def _build(
    kind: ScanKind, raw: str, pairs: list[tuple[str, str]], sid: str | None, strict: bool
) -> ScanResult:
    values: dict[str, str] = {}
    for ai, value in pairs:
        if values.get(ai, value) != value:
            raise GS1ParseError(_MESSAGES["duplicate"].format(ai=ai))
        problem = check_value(ai, value)
        if problem:
            raise GS1ParseError(_MESSAGES["value"].format(problem=problem))
        values[ai] = value
    if strict:
        problem = check_associations(list(values))
        if problem:
            raise GS1ParseError(_MESSAGES["association"].format(problem=problem))
    weight_ai = next((ai for ai in values if ai.startswith("310")), None)
    return ScanResult(
        kind=kind,
        raw=raw,
        lot=values.get("10"),
        gtin=values.get("01"),
        expiry=parse_yymmdd(values["17"], day_zero="last") if "17" in values else None,
        production_date=parse_yymmdd(values["11"], day_zero="first") if "11" in values else None,
        serial=values.get("21"),
        sscc=values.get("00"),
        count=int(values["37"]) if "37" in values else None,
        net_weight_kg=(Decimal(int(values[weight_ai])).scaleb(-int(weight_ai[3])) if weight_ai else None),
        symbology_identifier=sid,
        elements=tuple(values.items()),
    )


def _looks_like_bare_gs1(text: str) -> bool:
    if "\x1d" in text:
        return True
    m = _BARE_GS1_RE.match(text)
    return m is not None and has_valid_check_digit(m.group(1) or m.group(2))


def parse_scan(text: str, *, require_associations: bool = True) -> ScanResult:
    """Classify and parse one scan. Raises GS1ParseError with a message an operator can act on.

    ``require_associations=False`` accepts a GS1 barcode that is only part of a label's data (e.g. the
    second GS1-128 of a logistics label holding (10) and (17) without the GTIN).
    """
    raw = text
    # Keyboard wedges end with Enter; don't use str.strip(): it would also eat GS (\x1d is whitespace).
    text = text.strip(" \t\r\n")
    if not text:
        raise GS1ParseError(_MESSAGES["empty"])
    sid = None
    if _SYMBOLOGY_ID_RE.match(text):
        sid, text = text[:3], text[3:]
        if sid in GS1_SYMBOLOGY_IDENTIFIERS:
            return _build("gs1", raw, _element_pairs(text), sid, require_associations)
    if text.lower().startswith(("https://", "http://")):
        return _build("digital_link", raw, _digital_link_pairs(text), sid, require_associations)
    if _HRI_AI_RE.match(text):
        return _build("gs1", raw, _split_hri(text), sid, require_associations)
    if _looks_like_bare_gs1(text):
        return _build("gs1", raw, _element_pairs(text), sid, require_associations)
    if any(not c.isprintable() for c in text):
        raise GS1ParseError(_MESSAGES["control"])
    return ScanResult(kind="lot_number", raw=raw, lot=text, symbology_identifier=sid)
