"""PDF with a layout per label: a delivery's lots may mix items with and without GTINs (a GS1 DataMatrix
next to a plain QR on one sheet), which lotline.labels.render_pdf — one spec per document — cannot do."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from lotline.labels import LabelContent, LabelSpec
from lotline.labels.content import MM
from lotline.labels.pdf import draw_label
from lotline.lib.pdf_fonts import pdf_fonts


def render_mixed_pdf(labels: Sequence[tuple[LabelContent, LabelSpec]], title: str) -> bytes:
    """One label per page at each spec's size, or — when the specs carry a sheet (all the same one) —
    filled into sheet pages in order."""
    buffer = io.BytesIO()
    # DejaVu Sans from the start: the canvas's default Helvetica would be listed (unused) in every PDF.
    canvas = Canvas(buffer, pageCompression=1, initialFontName=pdf_fonts()[0])
    canvas.setTitle(title)
    canvas.setCreator("lotline")
    sheet = labels[0][1].sheet if labels else None
    for drawn, (content, spec) in enumerate(labels):
        size = spec.label_size
        width, height = size.width_mm * MM, size.height_mm * MM
        if sheet is None:
            if drawn:
                canvas.showPage()
            canvas.setPageSize((width, height))
            draw_label(canvas, content, spec, 0, 0, width, height)
            continue
        assert spec.sheet == sheet, "one sheet layout per document"
        slot = drawn % sheet.per_page
        if drawn and slot == 0:
            canvas.showPage()
        page_height = sheet.page_height_mm * MM
        canvas.setPageSize((sheet.page_width_mm * MM, page_height))
        column, row = slot % sheet.columns, slot // sheet.columns
        x = (sheet.left_mm + column * sheet.column_pitch_mm) * MM
        y_top = page_height - (sheet.top_mm + row * sheet.row_pitch_mm) * MM
        draw_label(canvas, content, spec, x, y_top - height, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
