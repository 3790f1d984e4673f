"""The recall-scope document as CSV, XLSX and PDF — all three printed from the same snapshot.

A snapshot (lotline.recall.scope.snapshot_of) holds quantities as text; they go into the spreadsheet as
Decimals (numbers a planner can sum), never through float. Times are shown in the site's time zone.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .scope import totals


def local_time(value: str, tz_name: str) -> str:
    moment = parse_datetime(value)
    if moment is None:
        return value
    return moment.astimezone(ZoneInfo(tz_name)).strftime("%Y-%m-%d %H:%M")


def lot_header() -> list[str]:
    return [
        _("Lot"),
        _("Item"),
        _("Item name"),
        _("Status"),
        _("Origin"),
        _("Depth"),
        _("Work order"),
        _("Supplier"),
        _("Supplier's lot"),
        _("Delivery"),
        _("Unit"),
        _("Made"),
        _("Consumed"),
        _("Scrapped"),
        _("Shipped"),
        _("Adjusted"),
        _("On hand"),
        _("On hand by location"),
        _("Unexplained"),
        _("Flags"),
    ]


def lot_row(lot: dict[str, Any]) -> list[Any]:
    locations = "; ".join(f"{loc}: {qty}" for loc, qty in lot["on_hand_by_location"].items())
    return [
        lot["number"],
        lot["item_code"],
        lot["item_name"],
        lot["status"],
        lot["origin"],
        lot["depth"],
        lot["work_order"],
        lot["supplier"],
        lot["supplier_lot"],
        lot["delivery"],
        lot["unit"],
        Decimal(lot["made"]),
        Decimal(lot["used"]),
        Decimal(lot["scrapped"]),
        Decimal(lot["shipped"]),
        Decimal(lot["adjusted"]),
        Decimal(lot["on_hand"]),
        locations,
        Decimal(lot["unexplained"]),
        "; ".join(lot["flags"]),
    ]


def shipment_header() -> list[str]:
    return [
        _("Document"),
        _("Shipped at"),
        _("Customer code"),
        _("Customer"),
        _("Lot"),
        _("Item"),
        _("Quantity"),
        _("Unit"),
    ]


def shipment_row(s: dict[str, Any], tz: str) -> list[Any]:
    return [
        s["shipment"],
        local_time(s["shipped_at"], tz),
        s["customer_code"],
        s["customer"],
        s["lot_number"],
        s["item_code"],
        Decimal(s["quantity"]),
        s["unit"],
    ]


def customer_header() -> list[str]:
    return [_("Code"), _("Customer"), _("Contact"), _("E-mail"), _("Phone"), _("Address"), _("Documents")]


def customer_row(c: dict[str, Any]) -> list[Any]:
    return [
        c["code"],
        c["name"],
        c["contact_name"],
        c["email"],
        c["phone"],
        c["address"],
        ", ".join(c["shipments"]),
    ]


def summary_rows(snapshot: dict[str, Any], title: str) -> list[list[Any]]:
    t = totals(snapshot)
    tz = snapshot["timezone"]
    return [
        [_("Recall scope"), title or snapshot["description"]],
        [_("Suspect lots"), ", ".join(snapshot["suspects"])],
        [_("Computed at"), f"{local_time(snapshot['computed_at'], tz)} ({tz})"],
        [_("Computation took (ms)"), Decimal(snapshot["elapsed_ms"])],
        [_("Affected lots"), t["lots"]],
        [_("Lots on hand"), t["on_hand_lots"]],
        [_("Shipments"), t["shipments"]],
        [_("Customers"), t["customers"]],
        [_("Ambiguous links"), t["ambiguous"]],
        [_("Lots with mass-balance flags"), t["flagged"]],
    ]


def to_csv(snapshot: dict[str, Any], title: str = "") -> bytes:
    """Sections (summary, lots, shipments, customers, ambiguous links), each under a title row."""
    out = io.StringIO()
    writer = csv.writer(out)
    tz = snapshot["timezone"]
    writer.writerows(summary_rows(snapshot, title))
    sections = [
        (_("Affected lots"), lot_header(), [lot_row(lot) for lot in snapshot["lots"]]),
        (_("Shipments"), shipment_header(), [shipment_row(s, tz) for s in snapshot["shipments"]]),
        (_("Customers"), customer_header(), [customer_row(c) for c in snapshot["customers"]]),
        (
            _("Ambiguous links"),
            [_("Input lot"), _("Output lot"), _("Work order")],
            [[a["parent"], a["child"], a["work_order"]] for a in snapshot["ambiguous_links"]],
        ),
    ]
    for name, header, rows in sections:
        writer.writerow([])
        writer.writerow([f"# {name}"])
        writer.writerow(header)
        writer.writerows(rows)
    # A BOM so Excel opens UTF-8 (customer names with umlauts) correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(snapshot: dict[str, Any], title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    tz = snapshot["timezone"]
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    for row in summary_rows(snapshot, title):
        summary.append(row)
    sheets = [
        (_("Lots"), lot_header(), [lot_row(lot) for lot in snapshot["lots"]]),
        (_("Shipments"), shipment_header(), [shipment_row(s, tz) for s in snapshot["shipments"]]),
        (_("Customers"), customer_header(), [customer_row(c) for c in snapshot["customers"]]),
        (
            _("Ambiguous links"),
            [_("Input lot"), _("Output lot"), _("Work order")],
            [[a["parent"], a["child"], a["work_order"]] for a in snapshot["ambiguous_links"]],
        ),
    ]
    for name, header, rows in sheets:
        sheet = book.create_sheet(name[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        if rows:
            sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# PDF tables: columns that must never wrap (lot numbers, documents, codes, quantities, times) are as wide as
# their widest value; the "flexible" ones (names, addresses, locations, flags) wrap between words and share
# what is left. Reportlab would otherwise split "42CM4-30-261016-001Q" mid-number or let "DN-2026-0815" run
# into the next cell. A scope too wide for 7 pt is set smaller, down to 5.5 pt.
PDF_FONT_SIZES = (7.0, 6.5, 6.0, 5.5)
CELL_PAD = 2.0  # points left and right of each cell
PDF_SUSPECTS = 40  # suspects named in the PDF summary; the rest are in the lots table
MIN_FLEXIBLE = 40.0  # points: a flexible column narrower than this is a column of one word per line
LOT_COLUMNS = [0, 1, 3, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]  # lot_header() columns printed
FLEXIBLE = {
    "summary": frozenset({1}),
    "lots": frozenset({13, 15}),  # on hand by location, flags
    "shipments": frozenset({3}),  # customer
    "customers": frozenset({1, 2, 4, 5, 6}),  # name, contact, phone, address, documents
    "ambiguous": frozenset(),
}


def column_widths(
    header: list[str],
    rows: list[list[str]],
    flexible: frozenset[int],
    available: float,
    fonts: tuple[str, str],
    size: float,
) -> list[float] | None:
    """Column widths in points for ``rows`` (text) at ``size``, or None when they cannot fit ``available``
    without breaking a word or a fixed value. Headers wrap between words, never inside one."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    regular, bold = fonts
    natural: list[float] = []
    least: list[float] = []
    for index, title in enumerate(header):
        values = [row[index] for row in rows]
        head = max((stringWidth(word, bold, size) for word in title.split()), default=0.0)
        widest = max((stringWidth(value, regular, size) for value in values), default=0.0)
        if index in flexible:
            word = max((stringWidth(w, regular, size) for v in values for w in v.split()), default=0.0)
            least.append(max(head, word, min(widest, MIN_FLEXIBLE)) + 2 * CELL_PAD)
        else:
            least.append(max(head, widest) + 2 * CELL_PAD)
        natural.append(max(head, widest, least[-1] - 2 * CELL_PAD) + 2 * CELL_PAD)
    if sum(least) > available:
        return None
    if sum(natural) <= available:
        return natural
    # Flexible columns start at their least width and share the rest in proportion to what they lack.
    spare = available - sum(least)
    lacking = sum(natural[i] - least[i] for i in flexible)
    return [
        least[i] + (spare * (natural[i] - least[i]) / lacking if i in flexible and lacking else 0.0)
        for i in range(len(header))
    ]


def to_pdf(snapshot: dict[str, Any], title: str = "") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    from lotline.lib.pdf_fonts import pdf_fonts

    fonts = regular, bold = pdf_fonts()
    tz = snapshot["timezone"]
    styles = getSampleStyleSheet()
    heading = styles["Heading2"].clone("heading", fontName=bold)
    body_style = styles["BodyText"].clone("body", fontName=regular)
    out = io.BytesIO()
    margin = 12 * mm
    page = landscape(A4)
    available = page[0] - 2 * margin
    doc = SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title or snapshot["description"],
    )

    def table(header: list[str], rows: list[list[Any]], flexible: frozenset[int]) -> LongTable:
        cells = [[text(c) for c in row] for row in rows]
        for size in PDF_FONT_SIZES:
            widths = column_widths(header, cells, flexible, available, fonts, size)
            if widths is not None:
                break
        else:  # wider than the page even at 5.5 pt: let reportlab share the width (long words overflow)
            widths = None
        # splitLongWords=0: a lot number is never broken across lines.
        small = body_style.clone("small", fontSize=size, leading=size * 1.25, splitLongWords=0)
        head = small.clone("head", fontName=bold)
        body = [[Paragraph(esc(c), head) for c in header]]
        # Paragraphs wrap but cost ~1 ms each: only a flexible value wider than its column gets one.
        body += [
            [
                Paragraph(esc(value), small)
                if index in flexible
                and (widths is None or stringWidth(value, regular, size) > widths[index] - 2 * CELL_PAD)
                else value
                for index, value in enumerate(row)
            ]
            for row in cells
        ]
        numbers = [
            ("ALIGN", (index, 1), (index, -1), "RIGHT")
            for index in range(len(header))
            if rows and all(isinstance(row[index], (Decimal, int)) for row in rows)
        ]
        t = LongTable(body, repeatRows=1, colWidths=widths, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                numbers
                + [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                    ("FONTNAME", (0, 0), (-1, -1), regular),
                    ("FONTSIZE", (0, 0), (-1, -1), size),
                    ("LEADING", (0, 0), (-1, -1), size * 1.25),
                    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    story: list[Any] = [
        Paragraph(esc(title or snapshot["description"]), styles["Title"].clone("title", fontName=bold))
    ]
    summary = summary_rows(snapshot, title)
    suspects = snapshot["suspects"]
    if len(suspects) > PDF_SUSPECTS:
        # A table cell cannot break across pages: a time window can name hundreds of suspects, which would
        # not fit on one. The affected-lots table below lists every one of them (depth 0).
        summary[1][1] = ngettext(
            "%(lots)s and %(count)d more (all are in the affected lots below)",
            "%(lots)s and %(count)d more (all are in the affected lots below)",
            len(suspects) - PDF_SUSPECTS,
        ) % {"lots": ", ".join(suspects[:PDF_SUSPECTS]), "count": len(suspects) - PDF_SUSPECTS}
    story.append(table([_("What"), _("Value")], summary, FLEXIBLE["summary"]))
    sections = [
        (
            _("Affected lots"),
            [lot_header()[i] for i in LOT_COLUMNS],
            [[lot_row(lot)[i] for i in LOT_COLUMNS] for lot in snapshot["lots"]],
            FLEXIBLE["lots"],
        ),
        (
            _("Shipments"),
            shipment_header(),
            [shipment_row(s, tz) for s in snapshot["shipments"]],
            FLEXIBLE["shipments"],
        ),
        (
            _("Customers (recall letters)"),
            customer_header(),
            [customer_row(c) for c in snapshot["customers"]],
            FLEXIBLE["customers"],
        ),
        (
            _("Ambiguous links (the scope includes them to be safe)"),
            [_("Input lot"), _("Output lot"), _("Work order")],
            [[a["parent"], a["child"], a["work_order"]] for a in snapshot["ambiguous_links"]],
            FLEXIBLE["ambiguous"],
        ),
    ]
    for name, header, rows, flexible in sections:
        story += [Spacer(1, 4 * mm), Paragraph(esc(name), heading)]
        story.append(table(header, rows, flexible) if rows else Paragraph(esc(_("None.")), body_style))
    doc.build(story)
    return out.getvalue()


def text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def esc(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (to_pdf, "application/pdf"),
}
