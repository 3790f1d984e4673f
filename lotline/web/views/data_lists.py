"""The desk lists as sheets: ``?export=csv|xlsx`` on /desk/lots/, work-orders/, shipments/, deliveries/
exports the whole filtered list (every page) with lotline.imports.exports.write_table."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from lotline.imports.exports import CONTENT_TYPES, FORMATS, write_table


def local(moment):
    return timezone.localtime(moment).isoformat() if moment else ""


def lot_rows(lots) -> Iterable[list]:
    for x in lots:
        yield [
            x.number,
            x.item.code,
            x.item.name,
            x.status,
            x.origin,
            x.supplier.code if x.supplier_id else "",
            x.supplier_lot,
            x.work_order.number if x.work_order_id else "",
            local(x.created_at),
            x.expires_on,
        ]


def work_order_rows(orders) -> Iterable[list]:
    for w in orders:
        yield [
            w.number,
            w.item.code,
            w.status,
            w.machine.code if w.machine_id else "",
            w.quantity_planned,
            w.item.unit,
            w.due_date,
            w.customer_ref,
        ]


def shipment_rows(shipments) -> Iterable[list]:
    for s in shipments:
        lots = sorted({line.lot.number for line in s.lines.all()})
        yield [s.number, s.customer.code, s.customer.name, local(s.shipped_at), " ".join(lots)]


def delivery_rows(deliveries) -> Iterable[list]:
    for d in deliveries:
        lots = sorted(lot.number for lot in d.lots.all())
        yield [d.reference, d.supplier.code, d.supplier.name, local(d.received_at), " ".join(lots)]


SHEETS: dict[str, tuple[list[str], Callable[..., Iterable[list]]]] = {
    "lots": (
        [
            "lot",
            "item",
            "item_name",
            "status",
            "origin",
            "supplier",
            "supplier_lot",
            "work_order",
            "created_at",
            "expires_on",
        ],
        lot_rows,
    ),
    "work_orders": (
        ["work_order", "item", "status", "machine", "quantity_planned", "unit", "due_date", "customer_ref"],
        work_order_rows,
    ),
    "shipments": (["document", "customer", "customer_name", "shipped_at", "lots"], shipment_rows),
    "deliveries": (["delivery_note", "supplier", "supplier_name", "received_at", "lots"], delivery_rows),
}


def list_export(request: HttpRequest, name: str, queryset) -> HttpResponse | None:
    """The sheet when the list was asked for as one (?export=csv|xlsx), else None (render the page)."""
    fmt = request.GET.get("export", "")
    if fmt not in FORMATS:
        return None
    header, rows = SHEETS[name]
    response = HttpResponse(write_table(header, rows(queryset), fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="lotline-{name.replace("_", "-")}.{fmt}"'
    return response
