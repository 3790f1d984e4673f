"""What each barcode on a label holds, and its module matrix (drawn by the PDF renderer).

The payload is decided once here, so PDF and ZPL print the same data and the tests know exactly what a
scanner must read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import zxingcpp

from lotline.gs1 import (
    GS,
    ElementString,
    GS1Error,
    build_digital_link,
    encode_element_string,
    normalize_gtin,
)

from .content import GS1_SYMBOLS, LabelContent, LabelError, LabelSpec

# GS1 General Specifications §5.4.1: a GS1-128 symbol holds at most 48 data characters (AIs included,
# FNC1 separators not). Longer data must be split over two symbols, which lotline does not do for you.
GS1_128_MAX_DATA = 48

_MESSAGES = {
    "no_gtin": "Item {item}: a {symbol} label needs a GTIN; use a plain QR or Code 128 label instead",
    "bad_data": "Lot {lot}: {reason}",
    "too_long_128": (
        "Lot {lot}: {count} characters do not fit in one GS1-128 barcode (at most 48); "
        "use GS1 DataMatrix or fewer fields"
    ),
    "weight": "Lot {lot}: net weight {quantity} kg cannot be written in AI (310n)",
    "not_ascii": "Lot {lot}: Code 128 can only hold printable ASCII characters",
    "empty_lot": "A label needs a lot number",
}

_FORMATS = {
    "qr": zxingcpp.BarcodeFormat.QRCode,
    "dl_qr": zxingcpp.BarcodeFormat.QRCode,
    "gs1_qr": zxingcpp.BarcodeFormat.QRCode,
    "code128": zxingcpp.BarcodeFormat.Code128,
    "gs1_128": zxingcpp.BarcodeFormat.Code128,
    "gs1_datamatrix": zxingcpp.BarcodeFormat.DataMatrix,
}
SYMBOLOGY_IDENTIFIERS = {
    "qr": "]Q1",
    "dl_qr": "]Q1",
    "gs1_qr": "]Q3",
    "code128": "]C0",
    "gs1_128": "]C1",
    "gs1_datamatrix": "]d2",
}


@dataclass(frozen=True)
class SymbolPayload:
    """One label's barcode: ``text`` is exactly what a reader transmits after ``symbology_identifier``."""

    kind: str
    text: str
    symbology_identifier: str
    element_string: ElementString | None = None

    @property
    def is_linear(self) -> bool:
        return self.kind in ("code128", "gs1_128")


def _net_weight(quantity: Decimal, lot: str) -> tuple[str, str]:
    """(310n) net weight in kg: n = decimals, value = 6 digits. 12.5 kg -> ("3101", "000125")."""
    decimals = max(0, -quantity.normalize().as_tuple().exponent)  # type: ignore[operator]
    scaled = quantity.scaleb(decimals)
    if decimals > 5 or quantity < 0 or scaled >= 1_000_000:
        raise LabelError(_MESSAGES["weight"].format(lot=lot, quantity=quantity))
    return f"310{decimals}", f"{int(scaled):06d}"


def gs1_fields(content: LabelContent, spec: LabelSpec) -> dict[str, str]:
    """AI -> value for a GS1 symbol of ``content``: item label (01)…, pallet label (00)(02)(37)…"""
    fields: dict[str, str] = {}
    gtin = normalize_gtin(content.gtin) if content.gtin else None
    if content.sscc:
        fields["00"] = content.sscc
        if gtin and content.item_count is not None:
            fields["02"] = gtin
            fields["37"] = str(content.item_count)
    elif gtin:
        fields["01"] = gtin
    else:
        raise LabelError(_MESSAGES["no_gtin"].format(item=content.item_code, symbol=spec.symbol))
    has_item = "01" in fields or "02" in fields
    if has_item and content.date and content.date_ai:
        fields[content.date_ai] = content.date.strftime("%y%m%d")
    if has_item and content.expiry:
        fields["17"] = content.expiry.strftime("%y%m%d")
    if "01" in fields and spec.encode_net_weight and content.unit.lower() == "kg":
        ai, value = _net_weight(content.quantity, content.lot_number)
        fields[ai] = value
    if has_item:
        fields["10"] = content.lot_number
    return fields


def symbol_payload(content: LabelContent, spec: LabelSpec) -> SymbolPayload:
    """Validated barcode data for one label; raises LabelError with the reason when it can't be right."""
    if not content.lot_number:
        raise LabelError(_MESSAGES["empty_lot"])
    sid = SYMBOLOGY_IDENTIFIERS[spec.symbol]
    if spec.symbol not in GS1_SYMBOLS:
        if spec.symbol == "code128" and not all(" " <= c <= "~" for c in content.lot_number):
            raise LabelError(_MESSAGES["not_ascii"].format(lot=content.lot_number))
        return SymbolPayload(spec.symbol, content.lot_number, sid)
    try:
        fields = gs1_fields(content, spec)
        if spec.symbol == "dl_qr":
            uri = build_digital_link(fields, domain=spec.digital_link_domain)
            return SymbolPayload(spec.symbol, uri, sid)
        element = encode_element_string(fields)
    except (GS1Error, ValueError) as exc:
        if isinstance(exc, LabelError):
            raise
        raise LabelError(_MESSAGES["bad_data"].format(lot=content.lot_number, reason=exc)) from exc
    if spec.symbol == "gs1_128":
        count = len(element.data.replace(GS, ""))
        if count > GS1_128_MAX_DATA:
            raise LabelError(_MESSAGES["too_long_128"].format(lot=content.lot_number, count=count))
    return SymbolPayload(spec.symbol, element.data, sid, element)


@dataclass(frozen=True)
class ModuleMatrix:
    """Dark modules of a symbol as rows of (start, length) runs; linear symbols have one row."""

    width: int
    height: int
    runs: tuple[tuple[tuple[int, int], ...], ...]


def _runs(row: bytes) -> tuple[tuple[int, int], ...]:
    runs = []
    start = None
    for x, value in enumerate(row):
        if value < 128 and start is None:
            start = x
        elif value >= 128 and start is not None:
            runs.append((start, x - start))
            start = None
    if start is not None:
        runs.append((start, len(row) - start))
    return tuple(runs)


def module_matrix(payload: SymbolPayload) -> ModuleMatrix:
    """The symbol's modules, made by zxing-cpp (zint inside). GS1 data goes in as "[01]…[10]…", the only
    way to get a GS1 symbol (``gs1=True``; ``options="gs1"`` is silently ignored). Quiet zones are
    included for linear symbols (10 modules each side, §5.4.4.4) and left to the layout for 2D ones."""
    fmt = _FORMATS[payload.kind]
    if payload.kind == "gs1_datamatrix":
        # Square sizes only: left alone, zint may pick a DMRE rectangle (e.g. 8x64, ISO/IEC 21471) that many
        # scanners cannot read and that zxing reports as "]d8". Only the keyword works; options= is ignored.
        assert payload.element_string is not None
        barcode = zxingcpp.create_barcode(payload.element_string.bracketed, fmt, gs1=True, force_square=True)
    elif payload.element_string is not None:
        barcode = zxingcpp.create_barcode(payload.element_string.bracketed, fmt, gs1=True)
    elif payload.kind in ("qr", "dl_qr"):
        barcode = zxingcpp.create_barcode(payload.text, fmt, ec_level="M")
    else:
        barcode = zxingcpp.create_barcode(payload.text, fmt)
    view = memoryview(barcode.to_image(scale=1, add_quiet_zones=payload.is_linear))  # type: ignore[arg-type]
    height, width = view.shape  # type: ignore[misc]
    data = view.tobytes()
    if payload.is_linear:
        return ModuleMatrix(width, 1, (_runs(data[:width]),))
    rows = tuple(_runs(data[y * width : (y + 1) * width]) for y in range(height))
    return ModuleMatrix(width, height, rows)
