"""PDF labels with ReportLab: one label per page (label printers) or many per sheet (office printers).

Barcodes are drawn as vector rectangles from the symbol's module matrix, so they stay sharp at any printer
resolution and a 500-label job is one small file. Text uses the PDF base font Helvetica (Latin-1 only).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from .content import MM, LabelContent, LabelSpec, text_lines
from .symbols import ModuleMatrix, module_matrix, symbol_payload

FONT, BOLD = "Helvetica", "Helvetica-Bold"
# Module sizes. A 2D module is capped at 1 mm (bigger gains nothing); below ~0.25 mm (3 pixels at 300 dpi,
# the X-dimension floor of GS1 General Specifications §5.12.3 for most scanning environments) a symbol
# gets hard to read, so the layout shrinks text before it shrinks the symbol that far.
MAX_MODULE_2D = 1.0 * MM
MAX_MODULE_LINEAR = 0.5 * MM
MIN_FONT = 5.0
QUIET_ZONE_2D = 2  # modules (DataMatrix needs 1, QR 4 by the book; 2 keeps small labels usable)


def _draw_matrix(
    canvas: Canvas,
    matrix: ModuleMatrix,
    x: float,
    y_top: float,
    module: float,
    bar_height: float | None = None,
) -> None:
    path = canvas.beginPath()
    for row_index, runs in enumerate(matrix.runs):
        height = bar_height if bar_height is not None else module
        y = y_top - (row_index + 1) * module if bar_height is None else y_top - bar_height
        for start, length in runs:
            path.rect(x + start * module, y, length * module, height)
    canvas.drawPath(path, stroke=0, fill=1)


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_text(canvas: Canvas, lines: list[str], x: float, y_top: float, width: float, height: float) -> None:
    if not lines or width <= 0 or height <= 0:
        return
    # Below 5 pt text is unreadable on a label: drop trailing lines rather than shrink further.
    fitting = max(1, int((height / MIN_FONT - 0.3) / 1.2))
    lines = lines[:fitting]
    size = min(14.0, height / (len(lines) * 1.2 + 0.3))
    y = y_top - size * 1.15
    for index, line in enumerate(lines):
        font = BOLD if index == 0 else FONT
        line_size = size * 1.15 if index == 0 else size
        canvas.setFont(font, line_size)
        canvas.drawString(x, y, _fit(line, font, line_size, width))
        y -= size * 1.2


def draw_label(
    canvas: Canvas, content: LabelContent, spec: LabelSpec, x: float, y: float, width: float, height: float
) -> None:
    """Draw one label with its lower-left corner at (x, y), size width x height (points)."""
    pad = min(width, height) * 0.05
    payload = symbol_payload(content, spec)
    matrix = module_matrix(payload)
    lines = text_lines(content, spec)
    if payload.is_linear:
        # Barcode across the bottom (quiet zones are part of the matrix), text above it.
        module = min(MAX_MODULE_LINEAR, (width - 2 * pad) / matrix.width)
        bar_height = max(height * 0.35, 6 * MM) if height > 20 * MM else height * 0.45
        bar_x = x + (width - matrix.width * module) / 2
        _draw_matrix(canvas, matrix, bar_x, y + pad + bar_height, module, bar_height)
        _draw_text(canvas, lines, x + pad, y + height - pad, width - 2 * pad, height - 3 * pad - bar_height)
        return
    modules = matrix.width + 2 * QUIET_ZONE_2D
    if height > width:
        # Portrait (4x6 in): symbol centred at the bottom, text on top.
        side = min(width - 2 * pad, height * 0.45)
        module = min(MAX_MODULE_2D, side / modules)
        side = module * modules
        sym_x = x + (width - side) / 2
        _draw_matrix(
            canvas, matrix, sym_x + QUIET_ZONE_2D * module, y + pad + side - QUIET_ZONE_2D * module, module
        )
        _draw_text(canvas, lines, x + pad, y + height - pad, width - 2 * pad, height - 3 * pad - side)
        return
    side = min(height - 2 * pad, width * 0.45)
    module = min(MAX_MODULE_2D, side / modules)
    side = module * modules
    sym_y_top = y + (height + side) / 2
    _draw_matrix(canvas, matrix, x + pad + QUIET_ZONE_2D * module, sym_y_top - QUIET_ZONE_2D * module, module)
    text_x = x + 2 * pad + side
    _draw_text(canvas, lines, text_x, y + height - pad, x + width - pad - text_x, height - 2 * pad)


def render_pdf(labels: Iterable[LabelContent], spec: LabelSpec) -> bytes:
    """All ``labels`` in one PDF: one per page at ``spec.size``, or filling ``spec.sheet`` pages."""
    buffer = io.BytesIO()
    size = spec.label_size
    width, height = size.width_mm * MM, size.height_mm * MM
    sheet = spec.sheet
    page = (sheet.page_width_mm * MM, sheet.page_height_mm * MM) if sheet else (width, height)
    canvas = Canvas(buffer, pagesize=page, pageCompression=1)
    canvas.setTitle(spec.title)
    canvas.setCreator("lotline")
    for drawn, content in enumerate(labels):
        if sheet is None:
            if drawn:
                canvas.showPage()
            draw_label(canvas, content, spec, 0, 0, width, height)
        else:
            slot = drawn % sheet.per_page
            if drawn and slot == 0:
                canvas.showPage()
            column, row = slot % sheet.columns, slot // sheet.columns
            x = (sheet.left_mm + column * sheet.column_pitch_mm) * MM
            y_top = page[1] - (sheet.top_mm + row * sheet.row_pitch_mm) * MM
            draw_label(canvas, content, spec, x, y_top - height, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
