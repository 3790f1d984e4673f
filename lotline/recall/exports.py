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


def to_pdf(snapshot: dict[str, Any], title: str = "") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    tz = snapshot["timezone"]
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title or snapshot["description"],
    )
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
            ("FONTSIZE", (0, 0), (-1, -1), 7),
            ("LEADING", (0, 0), (-1, -1), 8.5),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

    def table(header: list[str], rows: list[list[Any]], widths: list[float] | None = None) -> LongTable:
        body = [[Paragraph(esc(str(c)), small) for c in header]]
        # Paragraphs wrap but cost ~1 ms each; short values (most cells) go in as plain text.
        body += [[cell(text(c)) for c in row] for row in rows]
        t = LongTable(body, repeatRows=1, colWidths=[w * mm for w in widths] if widths else None)
        t.setStyle(grid)
        return t

    def cell(value: str) -> Any:
        return Paragraph(esc(value), small) if len(value) > 14 else value

    story: list[Any] = [Paragraph(esc(title or snapshot["description"]), styles["Title"])]
    story.append(table([_("What"), _("Value")], summary_rows(snapshot, title)))
    lot_cols = [0, 1, 3, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]
    sections = [
        (
            _("Affected lots"),
            [lot_header()[i] for i in lot_cols],
            [[lot_row(lot)[i] for i in lot_cols] for lot in snapshot["lots"]],
        ),
        (_("Shipments"), shipment_header(), [shipment_row(s, tz) for s in snapshot["shipments"]]),
        (
            _("Customers (recall letters)"),
            customer_header(),
            [customer_row(c) for c in snapshot["customers"]],
        ),
        (
            _("Ambiguous links (the scope includes them to be safe)"),
            [_("Input lot"), _("Output lot"), _("Work order")],
            [[a["parent"], a["child"], a["work_order"]] for a in snapshot["ambiguous_links"]],
        ),
    ]
    # Lot, item, status, work order, supplier's lot, delivery, unit, six quantities, locations, unexplained,
    # flags — in mm of the 273 mm a landscape A4 leaves.
    lot_widths = [22, 16, 16, 18, 18, 16, 10, 12, 12, 12, 12, 12, 12, 30, 14, 41]
    for name, header, rows in sections:
        story += [Spacer(1, 4 * mm), Paragraph(esc(name), styles["Heading2"])]
        widths = lot_widths if name == _("Affected lots") else None
        story.append(table(header, rows, widths) if rows else Paragraph(esc(_("None.")), styles["BodyText"]))
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
