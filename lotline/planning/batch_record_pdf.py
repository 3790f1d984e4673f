"""The batch record as a PDF (reportlab): what a plant hands an auditor for one work order.

Times are printed in the site's time zone with the zone's name; quantities exactly as recorded.
Text is DejaVu Sans, vendored with lotline (lotline.lib.pdf_fonts), so Polish, Czech and German names print
correctly on any machine.
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lotline.lib.pdf_fonts import pdf_fonts
from lotline.lib.quantities import format_amount
from lotline.planning.queries.batch_record import BatchRecord, LedgerRow


def render_batch_record(record: BatchRecord, *, printed_at: datetime | None = None) -> bytes:
    wo = record.work_order
    zone = ZoneInfo(wo.site.timezone)
    regular, bold = pdf_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=8.5, leading=11)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName=bold, fontSize=15)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=11, spaceBefore=8)

    def when(moment: datetime | None) -> str:
        return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M") if moment else "—"

    def qty(value, unit: str = "") -> str:
        return f"{format_amount(value)} {unit}".strip() if value is not None else "—"

    def table(header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> Table:
        data = [[Paragraph(f"<b>{h}</b>", body) for h in header]]
        data += [[Paragraph(escape(str(cell)), body) for cell in r] for r in rows] or [
            [Paragraph(escape(_("none")), body)] + [""] * (len(header) - 1)
        ]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    def ledger(rows: list[LedgerRow]) -> Table:
        return table(
            [
                _("Time"),
                _("Lot"),
                _("Item"),
                _("Quantity"),
                _("Supplier lot"),
                _("Operator"),
                _("Machine"),
                _("Location"),
            ],
            [
                [
                    when(r.at) + (" " + _("(correction)") if r.correction else ""),
                    r.lot_number,
                    r.item_code,
                    qty(r.quantity, r.unit),
                    r.supplier_lot,
                    r.user,
                    r.machine,
                    r.location,
                ]
                for r in rows
            ],
        )

    story: list = [
        Paragraph(escape(_("Batch record — work order %(wo)s") % {"wo": wo.number}), h1),
        table(
            [_("Item"), _("Site"), _("Status"), _("Machine"), _("Planned start")],
            [
                [
                    f"{wo.item.code} {wo.item.name}",
                    wo.site.name,
                    wo.get_status_display(),
                    wo.machine.code if wo.machine else "—",
                    when(wo.planned_start),
                ]
            ],
        ),
        Spacer(1, 4),
        table(
            [_("Planned"), _("Produced"), _("Scrapped"), _("Due date"), _("Priority"), _("Customer order")],
            [
                [
                    qty(wo.quantity_planned, wo.item.unit),
                    qty(record.produced, wo.item.unit),
                    qty(record.scrapped_total, wo.item.unit),
                    str(wo.due_date or "—"),
                    str(wo.priority),
                    wo.customer_ref or "—",
                ]
            ],
        ),
        Paragraph(escape(_("Recipe")), h2),
    ]
    if wo.recipe is not None:
        story.append(
            Paragraph(
                escape(
                    _("Version %(v)s, expected yield %(y)s, frozen at release.")
                    % {"v": wo.recipe.version, "y": format_amount(wo.recipe.expected_yield)}
                ),
                body,
            )
        )
        story.append(
            table(
                [_("Input"), _("Per unit"), _("Scrap allowance"), _("Alternative for")],
                [
                    [
                        f"{line.component.code} {line.component.name}",
                        qty(line.quantity_per_unit, line.unit),
                        f"{format_amount(line.scrap_pct)} %",
                        line.alternative_for.component.code if line.alternative_for else "",
                    ]
                    for line in record.recipe_lines
                ],
            )
        )
    else:
        story.append(Paragraph(escape(_("No recipe.")), body))
    story += [
        Paragraph(escape(_("Status history")), h2),
        table(
            [_("Time"), _("From"), _("To"), _("By"), _("Note")],
            [[when(at), a, b, person, note] for at, a, b, person, note in record.transitions],
        ),
    ]
    story.append(Paragraph(escape(_("Operations and checklist confirmations")), h2))
    op_rows = []
    for op in record.operations:
        confirmations = "; ".join(
            f"{when(c.at)} {c.user} ({c.machine}): "
            + ", ".join(f"{q} — {_('yes') if done else _('no')}" for q, done in c.answers)
            + (f" [{c.note}]" if c.note else "")
            for c in op.confirmations
        ) or _("not confirmed")
        op_rows.append(
            [
                str(op.sequence),
                op.name,
                op.where,
                f"{format_amount(op.setup_minutes)} + {format_amount(op.run_minutes_per_unit)}/u min",
                confirmations,
            ]
        )
    story.append(
        table(
            [_("No."), _("Operation"), _("Machine"), _("Time"), _("Confirmed")],
            op_rows,
            [12 * mm, 32 * mm, 22 * mm, 28 * mm, None],
        )
    )
    story += [
        Paragraph(escape(_("Input lots")), h2),
        ledger(record.inputs),
        Paragraph(escape(_("Output lots")), h2),
        ledger(record.outputs),
    ]
    if record.scrapped:
        story += [Paragraph(escape(_("Scrap")), h2), ledger(record.scrapped)]
    story += [
        Paragraph(escape(_("Mass balance against the recipe")), h2),
        table(
            [_("Input"), _("Expected for output"), _("Consumed"), _("Difference")],
            [
                [
                    b.item_code,
                    qty(b.expected, b.unit),
                    qty(b.consumed, b.unit),
                    f"{b.difference_pct} %" if b.difference_pct is not None else "—",
                ]
                for b in record.balance
            ],
        ),
    ]
    story += [
        Paragraph(escape(_("Genealogy links")), h2),
        table(
            [_("Input lot"), _("Output lot"), _("Quantity"), _("Basis"), _("Withdrawn")],
            [[p, c, qty(q), basis, _("yes") if void else ""] for p, c, q, basis, void in record.links],
        ),
    ]
    story += [
        Paragraph(escape(_("Holds and releases")), h2),
        table(
            [_("Time"), _("Lot"), _("Status"), _("Reason"), _("Reference"), _("By")],
            [
                [when(at), lot, status, reason, ref, person]
                for at, lot, status, reason, ref, person in record.holds
            ],
        ),
    ]
    if record.plan_changes:
        story += [
            Paragraph(escape(_("Plan changes")), h2),
            table(
                [_("Time"), _("By"), _("From"), _("To")],
                [
                    [
                        when(c.at),
                        c.user.get_username() if c.user else "—",
                        f"{c.from_machine.code if c.from_machine else '—'} {when(c.from_start)}",
                        f"{c.to_machine.code if c.to_machine else '—'} {when(c.to_start)}",
                    ]
                    for c in record.plan_changes
                ],
            ),
        ]
    story += [
        Paragraph(escape(_("Operators")), h2),
        Paragraph(escape(", ".join(record.operators) or "—"), body),
        Paragraph(escape(_("Machines")), h2),
        Paragraph(escape(", ".join(record.machines) or "—"), body),
        Spacer(1, 8),
        Paragraph(
            escape(
                _("Printed %(at)s (%(zone)s).")
                % {"at": when(printed_at or timezone.now()), "zone": wo.site.timezone}
            ),
            body,
        ),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=_("Batch record %(wo)s") % {"wo": wo.number},
        author="lotline",
    )
    doc.build(story)
    return buffer.getvalue()


def escape(text: str) -> str:
    """Paragraph text is a small markup language: a lot note with '<' must not break the record."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
