"""The desk lists as sheets: ``?export=csv|xlsx`` on /desk/lots/, work-orders/, shipments/, deliveries/
exports the whole filtered list (every page) with lotline.imports.exports.write_table."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from lotline.core.models import Site, StockBalance
from lotline.core.queries.lots import shipped_per_lot
from lotline.core.queries.rows import as_quantity
from lotline.imports.exports import CONTENT_TYPES, FORMATS, write_table


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local(moment, site: Site) -> str:
    """A time in the site's own time zone, with its offset (the desk pages show the same wall clock)."""
    return timezone.localtime(moment, zone(site.timezone)).isoformat() if moment else ""


def lot_rows(lots) -> Iterable[list]:
    on_hand = (
        StockBalance.objects.filter(lot=OuterRef("pk"))
        .values("lot")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    for x in lots.annotate(on_hand=Subquery(on_hand)):
        yield [
            x.number,
            x.item.code,
            x.item.name,
            str(x.get_status_display()),
            str(x.get_origin_display()),
            as_quantity(x.on_hand),
            x.item.unit,
            x.supplier.code if x.supplier_id else "",
            x.supplier_lot,
            x.work_order.number if x.work_order_id else "",
            local(x.created_at, x.site),
            x.expires_on,
        ]


def work_order_rows(orders) -> Iterable[list]:
    for w in orders:
        yield [
            w.number,
            w.item.code,
            str(w.get_status_display()),
            w.machine.code if w.machine_id else "",
            w.quantity_planned,
            w.item.unit,
            w.due_date,
            w.customer_ref,
        ]


def shipment_rows(shipments) -> Iterable[list]:
    for s in shipments:
        lots = sorted(row.lot.number for row in shipped_per_lot(s.lines.all()))  # net of corrections
        yield [s.number, s.customer.code, s.customer.name, local(s.shipped_at, s.site), " ".join(lots)]


def delivery_rows(deliveries) -> Iterable[list]:
    for d in deliveries:
        lots = sorted(lot.number for lot in d.lots.all())
        yield [d.reference, d.supplier.code, d.supplier.name, local(d.received_at, d.site), " ".join(lots)]


SHEETS: dict[str, tuple[list[str], Callable[..., Iterable[list]]]] = {
    "lots": (
        [
            "lot",
            "item",
            "item_name",
            "status",
            "origin",
            "on_hand",
            "unit",
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
