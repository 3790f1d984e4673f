"""PDF labels with ReportLab: one label per page (label printers) or many per sheet (office printers).

Barcodes are drawn as vector rectangles from the symbol's module matrix, so they stay sharp at any printer
resolution and a 500-label job is one small file. Text is DejaVu Sans (lotline.lib.pdf_fonts): the PDF base
fonts have no "ł" or "ň".

Text is fitted, never silently cut where it matters: the headline (the lot number) spans the label's full
width and shrinks until it fits; the item wraps onto two lines; "exact" lines (quantity, dates, supplier's
lot, GTIN, SSCC) shrink; only names and extra lines are cut with "…" below the minimum size. When a small
label has more lines than fit at that size, the ones that matter least (site, supplier name, GTIN, date of
receipt) are left out first — see TextLine.keep.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from lotline.lib.pdf_fonts import BOLD, pdf_fonts
from lotline.lib.pdf_fonts import REGULAR as FONT

from .content import MM, LabelContent, LabelSpec, TextLine, label_lines
from .symbols import ModuleMatrix, module_matrix, symbol_payload

# Module sizes. A 2D module is capped at 1 mm (bigger gains nothing); below ~0.25 mm (3 pixels at 300 dpi,
# the X-dimension floor of GS1 General Specifications §5.12.3 for most scanning environments) a symbol
# gets hard to read, so the layout shrinks text before it shrinks the symbol that far.
MAX_MODULE_2D = 1.0 * MM
MAX_MODULE_LINEAR = 0.5 * MM
QUIET_ZONE_2D = 2  # modules (DataMatrix needs 1, QR 4 by the book; 2 keeps small labels usable)
# Font sizes in points. Below 5 pt body text is unreadable on a label; the headline (the lot number, read
# across a warehouse aisle) gets at most a fifth of the label's height.
MIN_FONT = 5.0
MIN_HEADLINE = 6.0
MAX_FONT = 12.0
MAX_HEADLINE = 18.0
HEADLINE_SHARE = 0.2
LEADING = 1.2
ASCENT = 0.93  # DejaVu Sans: baseline this many sizes below the top of a line
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class Row:
    """One printed row of text: a line, or one half of a wrapped item line."""

    text: str
    size: float
    font: str = FONT


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


def _fits(text: str, font: str, size: float, width: float) -> bool:
    # A size computed as width / natural width fits exactly: allow for the rounding of that division.
    return bool(stringWidth(text, font, size) <= width + 0.01)


def _ellipsize(text: str, font: str, size: float, width: float) -> str:
    if _fits(text, font, size, width):
        return text
    while text and stringWidth(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _fitted(line: TextLine, font: str, size: float, minimum: float, width: float) -> Row:
    """``line`` on one row at ``size`` or smaller: exact lines shrink as far as needed, others to ``minimum``
    and are then cut."""
    natural = stringWidth(line.text, font, 1.0)
    if natural * size <= width:
        return Row(line.text, size, font)
    fits = width / natural
    if line.fit == "exact" or fits >= minimum:
        return Row(line.text, fits, font)
    return Row(_ellipsize(line.text, font, minimum, width), minimum, font)


def _wrapped(text: str, font: str, size: float, width: float) -> list[Row]:
    """An item name on at most two rows: split between words where the longer half is shortest, shrunk
    (down to MIN_FONT) when even that is too wide; the second row is cut below MIN_FONT."""
    words = text.split()
    if len(words) < 2:
        return [_fitted(TextLine(text, "plain"), font, size, MIN_FONT, width)]
    best_size, best_split = 0.0, 1
    for split in range(1, len(words)):
        longer = max(
            stringWidth(" ".join(words[:split]), font, 1.0), stringWidth(" ".join(words[split:]), font, 1.0)
        )
        if width / longer > best_size:
            best_size, best_split = width / longer, split
    if best_size < MIN_FONT:  # too long for two rows even at the minimum: fill the first, cut the second
        best_split = max(
            [split for split in range(1, len(words)) if _fits(" ".join(words[:split]), font, MIN_FONT, width)]
            or [1]
        )
    row_size = max(MIN_FONT, min(size, best_size))
    first, second = " ".join(words[:best_split]), " ".join(words[best_split:])
    return [
        Row(_ellipsize(first, font, row_size, width), row_size, font),
        Row(_ellipsize(second, font, row_size, width), row_size, font),
    ]


def _rows(lines: list[TextLine], size: float, width: float) -> list[Row]:
    rows: list[Row] = []
    for line in lines:
        if line.fit == "wrap" and stringWidth(line.text, FONT, size) > width:
            rows += _wrapped(line.text, FONT, size, width)
        else:
            rows.append(_fitted(line, FONT, size, MIN_FONT, width))
    return rows


def _height(rows: list[Row]) -> float:
    return sum(row.size * LEADING for row in rows)


def _body_rows(lines: list[TextLine], width: float, height: float) -> list[Row]:
    """The body lines as rows that fit ``width`` x ``height``: as large as the height allows (at most
    MAX_FONT), at least MIN_FONT; if they do not fit even then, the lines that matter least are left out."""
    lines = list(lines)
    while lines:
        size = min(MAX_FONT, height / (len(lines) * LEADING))
        for _attempt in range(4):  # wrapped items add rows, shrunk rows give some back: converges fast
            rows = _rows(lines, max(size, MIN_FONT), width)
            used = _height(rows)
            if used <= height + 0.01 or size <= MIN_FONT:
                break
            size *= height / used
        if used <= height + 0.01:
            return rows
        least = min(line.keep for line in lines)
        del lines[max(index for index, line in enumerate(lines) if line.keep == least)]
    return []


def _headline_row(line: TextLine, width: float, height: float) -> Row:
    size = min(MAX_HEADLINE, max(MIN_HEADLINE, height * HEADLINE_SHARE / LEADING))
    return _fitted(line, BOLD, size, MIN_HEADLINE, width)


def _draw_rows(canvas: Canvas, rows: list[Row], x: float, y_top: float) -> float:
    """Draw ``rows`` downwards from ``y_top``; returns the y below the last one."""
    for row in rows:
        canvas.setFont(row.font, row.size)
        canvas.drawString(x, y_top - row.size * ASCENT, row.text)
        y_top -= row.size * LEADING
    return y_top


def _draw_text(
    canvas: Canvas, lines: list[TextLine], x: float, y_top: float, width: float, height: float
) -> None:
    """Headline and body stacked in one box (linear barcode below it, or a portrait label)."""
    if not lines or width <= 0 or height <= 0:
        return
    headline = _headline_row(lines[0], width, height)
    y = _draw_rows(canvas, [headline], x, y_top)
    _draw_rows(canvas, _body_rows(lines[1:], width, height - headline.size * LEADING), x, y)


def draw_label(
    canvas: Canvas, content: LabelContent, spec: LabelSpec, x: float, y: float, width: float, height: float
) -> None:
    """Draw one label with its lower-left corner at (x, y), size width x height (points)."""
    pdf_fonts()  # registered once per process; a no-op after the first label
    pad = min(width, height) * 0.05
    payload = symbol_payload(content, spec)
    matrix = module_matrix(payload)
    lines = label_lines(content, spec)
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
    # Landscape 2D: the headline across the full width on top, the symbol below it on the left, the rest of
    # the text to its right. Beside the symbol a 20-character lot number would shrink to 5 pt on sheet labels.
    inner_width, inner_height = width - 2 * pad, height - 2 * pad
    headline = _headline_row(lines[0], inner_width, inner_height) if lines else None
    band = headline.size * LEADING + pad if headline else 0.0
    if headline:
        _draw_rows(canvas, [headline], x + pad, y + height - pad)
    below = inner_height - band
    side = min(below, width * 0.45)
    module = min(MAX_MODULE_2D, side / modules)
    side = module * modules
    sym_y_top = y + pad + (below + side) / 2
    _draw_matrix(canvas, matrix, x + pad + QUIET_ZONE_2D * module, sym_y_top - QUIET_ZONE_2D * module, module)
    text_x = x + 2 * pad + side
    body = _body_rows(lines[1:], x + width - pad - text_x, below)
    _draw_rows(canvas, body, text_x, y + pad + below)


def render_pdf(labels: Iterable[LabelContent], spec: LabelSpec) -> bytes:
    """All ``labels`` in one PDF: one per page at ``spec.size``, or filling ``spec.sheet`` pages."""
    buffer = io.BytesIO()
    size = spec.label_size
    width, height = size.width_mm * MM, size.height_mm * MM
    sheet = spec.sheet
    page = (sheet.page_width_mm * MM, sheet.page_height_mm * MM) if sheet else (width, height)
    # The canvas's initial font would otherwise be Helvetica, listed (unused) in every label PDF.
    canvas = Canvas(buffer, pagesize=page, pageCompression=1, initialFontName=pdf_fonts()[0])
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
