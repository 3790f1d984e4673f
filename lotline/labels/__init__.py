"""Lot and pallet labels: PDF (ReportLab) and ZPL (Zebra). No Django, no lotline.core: callers pass
plain LabelContent; barcodes come from lotline.gs1 and zxing-cpp."""

from .content import (
    SHEET_A4_3X7,
    SHEET_LETTER_3X10,
    SIZE_4X6,
    SIZE_100X50,
    SYMBOL_KINDS,
    TEXT_FIELDS,
    LabelContent,
    LabelError,
    LabelSize,
    LabelSpec,
    SheetLayout,
    SymbolKind,
    text_lines,
)
from .pdf import render_pdf
from .printer import PrinterError, send_zpl
from .renderer import LabelRenderer, PdfRenderer, ZplRenderer
from .symbols import SymbolPayload, gs1_fields, symbol_payload
from .zpl import escape_field, render_label_zpl, render_zpl

__all__ = [
    "SHEET_A4_3X7",
    "SHEET_LETTER_3X10",
    "SIZE_100X50",
    "SIZE_4X6",
    "SYMBOL_KINDS",
    "TEXT_FIELDS",
    "LabelContent",
    "LabelError",
    "LabelRenderer",
    "LabelSize",
    "LabelSpec",
    "PdfRenderer",
    "PrinterError",
    "SheetLayout",
    "SymbolKind",
    "SymbolPayload",
    "ZplRenderer",
    "escape_field",
    "gs1_fields",
    "render_label_zpl",
    "render_pdf",
    "render_zpl",
    "send_zpl",
    "symbol_payload",
    "text_lines",
]
