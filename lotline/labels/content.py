"""What goes on a label (LabelContent) and how it is laid out (LabelSpec). Plain data: no Django, no core.

The caller (a view, the API, a print job) turns a lot or a shipment into LabelContent; renderers only draw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

SymbolKind = Literal["qr", "code128", "gs1_datamatrix", "gs1_128", "gs1_qr", "dl_qr"]
SYMBOL_KINDS: tuple[SymbolKind, ...] = (
    "qr",  # plain QR of the internal lot number
    "code128",  # plain Code 128 of the internal lot number
    "gs1_datamatrix",  # GS1 DataMatrix, ]d2
    "gs1_128",  # GS1-128, ]C1
    "gs1_qr",  # GS1 QR Code, ]Q3
    "dl_qr",  # plain QR holding a GS1 Digital Link URI
)
GS1_SYMBOLS = frozenset({"gs1_datamatrix", "gs1_128", "gs1_qr", "dl_qr"})

TEXT_FIELDS = (
    "lot_number",
    "item",
    "quantity",
    "date",
    "expiry",
    "supplier",
    "site",
    "gtin",
    "sscc",
    "extra",
)

MM = 72 / 25.4  # PDF points per millimetre

_MESSAGES = {
    "unknown_symbol": "Unknown label symbol {symbol!r}; choose one of {choices}",
    "unknown_field": "Unknown label field {name!r}; choose from {choices}",
}


class LabelError(ValueError):
    """A label cannot be produced correctly (missing GTIN, data too long for the symbol, ...)."""


@dataclass(frozen=True)
class LabelSize:
    """Physical size of one label, in millimetres."""

    name: str
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class SheetLayout:
    """A sheet of office labels: page size, grid and the position of the first label (mm)."""

    name: str
    page_width_mm: float
    page_height_mm: float
    columns: int
    rows: int
    label: LabelSize
    left_mm: float
    top_mm: float
    column_pitch_mm: float
    row_pitch_mm: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


SIZE_100X50 = LabelSize("100x50mm", 100.0, 50.0)
SIZE_4X6 = LabelSize("4x6in", 101.6, 152.4)  # portrait, the shipping-label standard
# Avery L7160 geometry (63.5 x 38.1 mm, 21 per A4) and Avery 5160 (2 5/8 x 1 in, 30 per Letter).
SHEET_A4_3X7 = SheetLayout(
    "A4 3x7", 210.0, 297.0, 3, 7, LabelSize("63.5x38.1mm", 63.5, 38.1), 7.25, 15.15, 66.0, 38.1
)
SHEET_LETTER_3X10 = SheetLayout(
    "Letter 3x10", 215.9, 279.4, 3, 10, LabelSize("2.625x1in", 66.675, 25.4), 4.7625, 12.7, 69.85, 25.4
)


@dataclass(frozen=True)
class LabelContent:
    """One label's data. Set ``sscc`` (and usually ``item_count``) for a pallet / logistic unit label."""

    lot_number: str
    item_code: str
    item_name: str
    quantity: Decimal
    unit: str
    date_label: str = "Produced"
    date: dt.date | None = None
    expiry: dt.date | None = None
    supplier_name: str = ""
    supplier_lot: str = ""
    site_name: str = ""
    gtin: str | None = None
    sscc: str | None = None
    item_count: int | None = None  # trade items on the pallet, AI (37) with (02)
    extra_lines: tuple[str, ...] = ()
    # GS1 AI that ``date`` goes into in GS1 symbols: "11" production, "13" packaging; None: not encoded.
    date_ai: str | None = "11"


@dataclass(frozen=True)
class LabelSpec:
    """How to print: which symbol, which text fields, label size or sheet."""

    symbol: SymbolKind = "qr"
    size: LabelSize = SIZE_100X50
    sheet: SheetLayout | None = None  # PDF only: many labels per page; the sheet's label size wins
    fields: tuple[str, ...] = TEXT_FIELDS
    digital_link_domain: str = "https://id.gs1.org"
    encode_net_weight: bool = False  # put (310n) net weight in GS1 symbols when the unit is kg
    title: str = field(default="lotline labels", compare=False)

    def __post_init__(self) -> None:
        if self.symbol not in SYMBOL_KINDS:
            raise LabelError(
                _MESSAGES["unknown_symbol"].format(symbol=self.symbol, choices=", ".join(SYMBOL_KINDS))
            )
        for name in self.fields:
            if name not in TEXT_FIELDS:
                raise LabelError(_MESSAGES["unknown_field"].format(name=name, choices=", ".join(TEXT_FIELDS)))

    @property
    def label_size(self) -> LabelSize:
        return self.sheet.label if self.sheet else self.size


def format_quantity(quantity: Decimal, unit: str) -> str:
    """'12.5 kg' — Decimal as written, without exponent or float rounding."""
    text = format(quantity.normalize(), "f") if quantity == quantity.to_integral() else str(quantity)
    return f"{text} {unit}".strip()


# How a line may be fitted to the label's width (lotline.labels.pdf):
#   "exact": shrinks until it fits, never cut — lot numbers, quantities, dates, supplier's lot, GTIN, SSCC;
#   "wrap":  the item, wrapped onto at most two lines, then shrunk;
#   "plain": shrinks to the minimum size, then is cut with "…" (supplier and site names, extra lines).
LineFit = Literal["exact", "wrap", "plain"]


@dataclass(frozen=True)
class TextLine:
    """One human-readable line of a label, how it may be fitted, and how much it matters: when a small label
    cannot hold every line, the lowest ``keep`` goes first (the GTIN is in the barcode, the site is known)."""

    text: str
    fit: LineFit = "exact"
    keep: int = 5


def label_lines(content: LabelContent, spec: LabelSpec) -> list[TextLine]:
    """The human-readable lines of a label, in print order; the first one is the headline."""
    shown = set(spec.fields)
    lines: list[TextLine] = []
    if "lot_number" in shown:
        lines.append(TextLine(f"Lot {content.lot_number}", keep=9))
    if "item" in shown:
        lines.append(TextLine(f"{content.item_code} {content.item_name}".strip(), "wrap", keep=8))
    if "quantity" in shown:
        quantity = format_quantity(content.quantity, content.unit)
        if content.item_count is not None:
            quantity += f" ({content.item_count} pcs)"
        lines.append(TextLine(quantity, keep=7))
    if "date" in shown and content.date:
        lines.append(TextLine(f"{content.date_label} {content.date.isoformat()}", keep=4))
    if "expiry" in shown and content.expiry:
        lines.append(TextLine(f"Expiry {content.expiry.isoformat()}", keep=6))
    # The supplier's lot has a line of its own: after a long supplier name it used to be cut off, and it is
    # what a recall notice from the supplier names.
    if "supplier" in shown and content.supplier_name:
        lines.append(TextLine(f"Supplier {content.supplier_name}", "plain", keep=2))
    if "supplier" in shown and content.supplier_lot:
        lines.append(TextLine(f"Supplier lot {content.supplier_lot}", keep=6))
    if "site" in shown and content.site_name:
        lines.append(TextLine(content.site_name, "plain", keep=1))
    if "gtin" in shown and content.gtin:
        lines.append(TextLine(f"GTIN {content.gtin}", keep=3))
    if "sscc" in shown and content.sscc:
        lines.append(TextLine(f"SSCC {content.sscc}", keep=7))
    if "extra" in shown:
        lines.extend(TextLine(line, "plain", keep=2) for line in content.extra_lines)
    return lines


def text_lines(content: LabelContent, spec: LabelSpec) -> list[str]:
    """The human-readable lines of a label, in print order; the first one is the headline."""
    return [line.text for line in label_lines(content, spec)]
