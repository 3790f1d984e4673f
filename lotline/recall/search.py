"""One search box for the recall desk: lot numbers (ours or the supplier's), suppliers, delivery notes,
work orders, shipment documents and customers — typed or scanned (GS1 barcodes and Digital Links are read
for their lot number or SSCC). More than LIMIT hits of a kind: the first LIMIT, and how many in all."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from lotline.core.models import Delivery, Lot, Party, Shipment, WorkOrder
from lotline.core.queries.lots import shipped_per_lot
from lotline.gs1.errors import GS1ParseError
from lotline.gs1.scan import parse_scan

LIMIT = 20


@dataclass
class Hit:
    """Something the search found, with the lots it leads to."""

    kind: str  # lot, supplier_lot, supplier, delivery, work_order, shipment, customer
    label: str
    detail: str = ""
    lots: list[str] = field(default_factory=list)
    object_id: int | None = None
    exact: bool = False
    documents: list[str] = field(default_factory=list)  # customer: its shipment documents (newest first)
    deliveries: list[tuple[int, str]] = field(default_factory=list)  # supplier: (id, delivery note)


class Hits(list):
    """The hits, and per kind how many matched in all when more than LIMIT did (``more``)."""

    def __init__(self, hits=(), more: dict[str, int] | None = None) -> None:
        super().__init__(hits)
        self.more: dict[str, int] = more or {}


def capped(queryset, kind: str, more: dict[str, int]) -> list:
    """The first LIMIT rows; when there are more, note how many match in all."""
    rows = list(queryset[: LIMIT + 1])
    if len(rows) > LIMIT:
        more[kind] = queryset.count()
    return rows[:LIMIT]


def read_scan(text: str) -> tuple[str, str | None]:
    """(what to search for, SSCC if the scan was a pallet label)."""
    try:
        result = parse_scan(text, require_associations=False)
    except GS1ParseError:
        return text.strip(), None
    if result.kind == "lot_number":
        return (result.lot or "").strip(), None
    return (result.lot or result.sscc or "").strip(), result.sscc


def search(text: str) -> Hits:
    """Everything matching the text, exact matches first within each kind."""
    term, sscc = read_scan(text)
    if not term:
        return Hits()
    upper = term.upper()
    hits: list[Hit] = []
    more: dict[str, int] = {}
    lots = capped(
        Lot.objects.select_related("item").filter(number__istartswith=term).order_by("number"), "lot", more
    )
    hits += [
        Hit("lot", lot.number, f"{lot.item.code} {lot.item.name}", [lot.number], lot.pk, lot.number == upper)
        for lot in lots
    ]
    for lot in (
        Lot.objects.select_related("item", "supplier")
        .filter(supplier_lot__iexact=term)
        .order_by("number")[:LIMIT]
    ):
        hits.append(
            Hit(
                "supplier_lot", lot.supplier_lot, f"{lot.supplier} → {lot.number}", [lot.number], lot.pk, True
            )
        )
    suppliers = capped(
        Party.objects.filter(role__in=[Party.Role.SUPPLIER, Party.Role.BOTH])
        .filter(Q(code__iexact=term) | Q(name__icontains=term))
        .order_by("name"),
        "supplier",
        more,
    )
    for supplier in suppliers:
        deliveries = list(supplier.deliveries.order_by("-received_at").values_list("pk", "reference")[:LIMIT])
        numbers = list(
            Lot.objects.filter(Q(supplier=supplier) | Q(delivery__supplier=supplier))
            .order_by("-created_at", "number")
            .values_list("number", flat=True)[: LIMIT * 5]
        )
        hits.append(
            Hit(
                "supplier",
                supplier.name,
                supplier.code,
                numbers,
                supplier.pk,
                supplier.code.upper() == upper or supplier.name.upper() == upper,
                deliveries=deliveries,
            )
        )
    for delivery in capped(
        Delivery.objects.select_related("supplier").filter(reference__istartswith=term).order_by("reference"),
        "delivery",
        more,
    ):
        numbers = list(delivery.lots.order_by("number").values_list("number", flat=True))
        hits.append(
            Hit(
                "delivery",
                delivery.reference,
                delivery.supplier.name,
                numbers,
                delivery.pk,
                delivery.reference.upper() == upper,
            )
        )
    for wo in capped(
        WorkOrder.objects.select_related("item").filter(number__istartswith=term).order_by("number"),
        "work_order",
        more,
    ):
        numbers = list(wo.output_lots.order_by("number").values_list("number", flat=True))
        hits.append(
            Hit(
                "work_order",
                wo.number,
                f"{wo.item.code} {wo.item.name}",
                numbers,
                wo.pk,
                wo.number.upper() == upper,
            )
        )
    shipments = capped(
        Shipment.objects.select_related("customer")
        .filter(Q(number__istartswith=term) | Q(sscc=sscc or term))
        .order_by("number"),
        "shipment",
        more,
    )
    hits += [shipment_hit(s, s.number.upper() == upper or s.sscc == (sscc or term)) for s in shipments]
    customers = capped(
        Party.objects.filter(role__in=[Party.Role.CUSTOMER, Party.Role.BOTH])
        .filter(Q(code__iexact=term) | Q(name__icontains=term))
        .order_by("name"),
        "customer",
        more,
    )
    for customer in customers:
        documents = list(customer.shipments.order_by("-shipped_at").values_list("number", flat=True)[:LIMIT])
        hits.append(
            Hit(
                "customer",
                customer.name,
                customer.code,
                [],
                customer.pk,
                customer.code.upper() == upper,
                documents=documents,
            )
        )
    return Hits(sorted(hits, key=lambda h: not h.exact), more)


def shipment_hit(shipment: Shipment, exact: bool) -> Hit:
    """The shipment with the lots still on it: a lot whose ship lines were corrected away is not listed."""
    numbers = sorted(row.lot.number for row in shipped_per_lot(shipment.lines.select_related("lot")))
    return Hit("shipment", shipment.number, shipment.customer.name, numbers, shipment.pk, exact)


def single_lot(hits: list[Hit]) -> str | None:
    """The lot to open straight away: the only exact lot hit (a scan of a label lands on its trace)."""
    exact = [h for h in hits if h.exact and h.kind in ("lot", "supplier_lot")]
    if len(exact) == 1 and len([h for h in hits if h.exact]) == 1:
        return exact[0].lots[0]
    return None
