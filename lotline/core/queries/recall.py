"""Recall scope: every lot, quantity, shipment and customer that suspect lots reached.

One recursive statement (the forward trace) finds the affected lots; one aggregate statement over their
ledger lines gives made / used / scrapped / shipped / on hand per location, with shipments and customers.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import connection

from lotline.core.models import Delivery, EventKind, Lot, Machine

from .sql import id_set
from .trace import Trace, TraceLink, TraceLot, as_datetime, as_decimal, trace

ZERO = Decimal(0)
MADE_KINDS = {EventKind.RECEIVE, EventKind.PRODUCE, EventKind.SPLIT, EventKind.MERGE}
USED_KINDS = {EventKind.CONSUME, EventKind.SPLIT, EventKind.MERGE}


@dataclass
class AffectedLot:
    """A lot in the recall scope with its quantities (in the item's unit)."""

    lot: TraceLot
    made: Decimal = ZERO
    used: Decimal = ZERO
    scrapped: Decimal = ZERO
    shipped: Decimal = ZERO
    adjusted: Decimal = ZERO
    on_hand_by_location: dict[str, Decimal] = field(default_factory=dict)

    @property
    def on_hand(self) -> Decimal:
        return sum(self.on_hand_by_location.values(), ZERO)

    @property
    def unexplained(self) -> Decimal:
        """Mass balance: made − used − shipped − scrapped − on hand + adjustments (0 when it adds up)."""
        return self.made - self.used - self.shipped - self.scrapped - self.on_hand + self.adjusted


@dataclass(frozen=True)
class ShipmentLine:
    """A quantity of an affected lot that left on a shipment."""

    shipment: str
    shipped_at: datetime
    customer_code: str
    customer: str
    lot_number: str
    item_code: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class Customer:
    """Who gets a recall letter, and how to reach them."""

    code: str
    name: str
    contact_name: str
    email: str
    phone: str
    address: str
    shipments: tuple[str, ...]


@dataclass
class RecallScope:
    """The answer to "where did it go?" for a set of suspect lots."""

    description: str
    suspects: list[TraceLot]
    lots: list[AffectedLot]
    shipments: list[ShipmentLine]
    customers: list[Customer]
    links: list[TraceLink]
    elapsed_ms: float
    trace: Trace

    @property
    def ambiguous_links(self) -> list[TraceLink]:
        return [link for link in self.links if link.ambiguous]

    @property
    def on_hand_lots(self) -> list[AffectedLot]:
        return [lot for lot in self.lots if lot.on_hand > 0]

    @property
    def lot_numbers(self) -> list[str]:
        return [a.lot.number for a in self.lots]

    def describe_link(self, link: TraceLink) -> str:
        return f"{self.trace.number_of(link.parent_id)} → {self.trace.number_of(link.child_id)}"


def recall_scope(lots: list[Lot], description: str = "") -> RecallScope:
    """The recall scope of one or more suspect lots (forward, any depth)."""
    started = time.perf_counter()
    if not lots:
        empty = Trace("forward", [], [], [], 0.0)
        return RecallScope(description, [], [], [], [], [], 0.0, empty)
    forward = trace(lots, "forward")
    affected = {lot.id: AffectedLot(lot) for lot in forward.lots}
    shipments: list[ShipmentLine] = []
    customers: dict[str, dict] = {}
    for row in fetch_line_totals(list(affected)):
        lot_id, kind, direction, location, quantity = row[:5]
        quantity = as_decimal(quantity) or ZERO
        entry = affected[lot_id]
        if kind in MADE_KINDS and direction > 0:
            entry.made += quantity
        elif kind in USED_KINDS and direction < 0:
            entry.used -= quantity
        elif kind == EventKind.SHIP:
            entry.shipped -= quantity
            if quantity:
                add_shipment(row, entry.lot, -quantity, shipments, customers)
        elif kind == EventKind.SCRAP:
            entry.scrapped -= quantity
        elif kind == EventKind.ADJUST:
            entry.adjusted += quantity
        if location is not None and quantity:
            entry.on_hand_by_location[location] = entry.on_hand_by_location.get(location, ZERO) + quantity
    for entry in affected.values():
        entry.on_hand_by_location = {k: v for k, v in sorted(entry.on_hand_by_location.items()) if v}
    shipments = merge_shipment_lines(shipments)
    customer_list = [
        Customer(**{k: v for k, v in c.items() if k != "shipments"}, shipments=tuple(sorted(c["shipments"])))
        for c in sorted(customers.values(), key=lambda c: c["name"])
    ]
    elapsed_ms = (time.perf_counter() - started) * 1000
    return RecallScope(
        description=description or ", ".join(lot.number for lot in forward.roots),
        suspects=forward.roots,
        lots=list(affected.values()),
        shipments=shipments,
        customers=customer_list,
        links=forward.links,
        elapsed_ms=elapsed_ms,
        trace=forward,
    )


def fetch_line_totals(lot_ids: list[int]) -> list[tuple]:
    """Ledger lines of the affected lots summed per lot, kind, direction, location and shipment."""
    subselect, params = id_set(connection.vendor, lot_ids)
    statement = f"""
        SELECT el.lot_id, el.kind, el.direction, loc.code, SUM(el.quantity),
               sh.number, sh.shipped_at, p.code, p.name, p.contact_name, p.email, p.phone, p.address
        FROM core_eventline el
        LEFT JOIN core_location loc ON loc.id = el.location_id
        LEFT JOIN core_shipment sh ON sh.id = el.shipment_id
        LEFT JOIN core_party p ON p.id = sh.customer_id
        WHERE el.lot_id IN ({subselect}) AND el.quantity <> 0
        GROUP BY el.lot_id, el.kind, el.direction, loc.code, sh.number, sh.shipped_at,
                 p.code, p.name, p.contact_name, p.email, p.phone, p.address
        ORDER BY el.lot_id"""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def add_shipment(
    row: tuple, lot: TraceLot, quantity: Decimal, shipments: list[ShipmentLine], customers: dict[str, dict]
) -> None:
    number, shipped_at, code, name, contact, email, phone, address = row[5:13]
    shipments.append(
        ShipmentLine(
            number, as_datetime(shipped_at), code, name, lot.number, lot.item_code, quantity, lot.unit
        )
    )
    customer = customers.setdefault(
        code,
        {
            "code": code,
            "name": name,
            "contact_name": contact,
            "email": email,
            "phone": phone,
            "address": address,
            "shipments": set(),
        },
    )
    customer["shipments"].add(number)


def merge_shipment_lines(lines: list[ShipmentLine]) -> list[ShipmentLine]:
    """One line per shipment and lot (a lot taken from two racks is one line on the document)."""
    totals: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    first: dict[tuple, ShipmentLine] = {}
    for line in lines:
        key = (line.shipment, line.lot_number)
        totals[key] += line.quantity
        first.setdefault(key, line)
    merged = [ShipmentLine(**{**first[k].__dict__, "quantity": q}) for k, q in totals.items() if q]
    return sorted(merged, key=lambda s: (s.shipped_at, s.shipment, s.lot_number))


def recall_for_delivery(delivery: Delivery) -> RecallScope:
    """Everything made from any lot of one supplier delivery."""
    lots = list(Lot.objects.filter(delivery=delivery))
    return recall_scope(lots, f"{delivery.supplier.name} delivery {delivery.reference}")


def recall_for_window(
    start: datetime, end: datetime, *, machine: Machine | None = None, operator_id: int | None = None
) -> RecallScope:
    """Lots made on a machine and/or by an operator within a time window, and everything they reached."""
    lots = Lot.objects.filter(created_at__gte=start, created_at__lt=end, origin=Lot.Origin.PRODUCED)
    parts = []
    if machine is not None:
        lots = lots.filter(machine=machine)
        parts.append(machine.code)
    if operator_id is not None:
        lots = lots.filter(lines__event__kind=EventKind.PRODUCE, lines__event__user_id=operator_id).distinct()
        parts.append(f"operator #{operator_id}")
    label = " ".join(parts) or "all machines"
    return recall_scope(list(lots), f"{label}, {start.isoformat()} – {end.isoformat()}")
