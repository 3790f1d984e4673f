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

from lotline.core.models import Delivery, EventKind, Location, Lot, Machine

from .rows import ZERO, as_datetime, as_quantity, without_gc_pauses
from .sql import id_set
from .trace import Trace, TraceLink, TraceLot, trace

MADE_KINDS = {EventKind.RECEIVE, EventKind.PRODUCE, EventKind.SPLIT, EventKind.MERGE}
USED_KINDS = {EventKind.CONSUME, EventKind.SPLIT, EventKind.MERGE}


def add_to_buckets(balance, kind: str, direction: int, quantity: Decimal) -> None:
    """Count a (summed) ledger line in its bucket: made, used, shipped, scrapped or adjusted.

    ``balance`` is anything with those five Decimal attributes (AffectedLot here, the recall desk's mass
    balance). Lines moving stock between locations count in no bucket; they only move on-hand.
    """
    if kind in MADE_KINDS and direction > 0:
        balance.made += quantity
    elif kind in USED_KINDS and direction < 0:
        balance.used -= quantity
    elif kind == EventKind.SHIP:
        balance.shipped -= quantity
    elif kind == EventKind.SCRAP:
        balance.scrapped -= quantity
    elif kind == EventKind.ADJUST:
        balance.adjusted += quantity


@dataclass(slots=True)
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


@without_gc_pauses
def recall_scope(lots: list[Lot], description: str = "", forward: Trace | None = None) -> RecallScope:
    """The recall scope of one or more suspect lots (forward, any depth). ``forward`` is their forward
    trace when the caller has it already (the trace page), so it is not walked twice."""
    started = time.perf_counter()
    if not lots:
        empty = Trace("forward", [], [], [], 0.0)
        return RecallScope(description, [], [], [], [], [], 0.0, empty)
    forward = forward or trace(lots, "forward")
    affected = {lot.id: AffectedLot(lot) for lot in forward.lots}
    totals = fetch_line_totals(list(affected))
    locations, shipments = fetch_places({row[3] for row in totals}, {row[4] for row in totals})
    shipped: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for lot_id, kind, direction, location_id, shipment_id, total in totals:
        quantity = as_quantity(total)
        if not quantity:
            continue
        entry = affected[lot_id]
        add_to_buckets(entry, kind, direction, quantity)
        if kind == EventKind.SHIP:
            shipped[(shipment_id, lot_id)] -= quantity
        if location_id is not None:
            code = locations[location_id]
            entry.on_hand_by_location[code] = entry.on_hand_by_location.get(code, ZERO) + quantity
    for entry in affected.values():
        places = entry.on_hand_by_location
        if len(places) > 1 or (places and not next(iter(places.values()))):  # most lots sit in one place
            entry.on_hand_by_location = {k: v for k, v in sorted(places.items()) if v}
    lines = shipment_lines(shipped, shipments, affected)
    return RecallScope(
        description=description or ", ".join(lot.number for lot in forward.roots),
        suspects=forward.roots,
        lots=list(affected.values()),
        shipments=lines,
        customers=customers_of(lines, shipments),
        links=forward.links,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        trace=forward,
    )


def fetch_line_totals(lot_ids: list[int]) -> list[tuple]:
    """The affected lots' ledger lines summed per (lot, kind, direction, location, shipment).

    Grouped by ids only: names and contacts are looked up once per place afterwards, which measured several
    times cheaper than grouping by a dozen text columns.
    """
    subselect, params = id_set(connection.vendor, lot_ids)
    statement = f"""
        SELECT lot_id, kind, direction, location_id, shipment_id, SUM(quantity)
        FROM core_eventline
        WHERE lot_id IN ({subselect}) AND quantity <> 0
        GROUP BY lot_id, kind, direction, location_id, shipment_id"""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


@dataclass(frozen=True, slots=True)
class ShipmentInfo:
    number: str
    shipped_at: datetime
    customer: Customer


SHIPMENT_SQL = """SELECT s.id, s.number, s.shipped_at,
        c.code, c.name, c.contact_name, c.email, c.phone, c.address
    FROM core_shipment s JOIN core_party c ON c.id = s.customer_id
    WHERE s.id IN ({ids})"""


def fetch_places(
    location_ids: set[int | None], shipment_ids: set[int | None]
) -> tuple[dict[int, str], dict[int, ShipmentInfo]]:
    """Location codes, and each shipment with its customer's contacts (plain SQL and tuples: a popular
    coil's recall names hundreds of shipments, and the ORM cost more than the query)."""
    locations = dict(Location.objects.filter(pk__in=location_ids - {None}).values_list("pk", "code"))
    wanted = sorted(shipment_ids - {None})
    shipments: dict[int, ShipmentInfo] = {}
    if wanted:
        subselect, params = id_set(connection.vendor, wanted)
        with connection.cursor() as cursor:
            cursor.execute(SHIPMENT_SQL.format(ids=subselect), params)
            for pk, number, shipped_at, code, name, contact, email, phone, address in cursor.fetchall():
                customer = Customer(code, name, contact, email, phone, address, ())
                shipments[pk] = ShipmentInfo(number, as_datetime(shipped_at), customer)
    return locations, shipments


def shipment_lines(
    shipped: dict[tuple[int, int], Decimal],
    shipments: dict[int, ShipmentInfo],
    affected: dict[int, AffectedLot],
) -> list[ShipmentLine]:
    """One line per shipment and lot (a lot taken from two racks is one line on the document)."""
    lines = []
    for (shipment_id, lot_id), quantity in shipped.items():
        if not quantity:
            continue  # shipped and the shipment corrected: nothing left the plant
        shipment, lot = shipments[shipment_id], affected[lot_id].lot
        lines.append(
            ShipmentLine(
                shipment.number,
                shipment.shipped_at,
                shipment.customer.code,
                shipment.customer.name,
                lot.number,
                lot.item_code,
                quantity,
                lot.unit,
            )
        )
    return sorted(lines, key=lambda s: (s.shipped_at, s.shipment, s.lot_number))


def customers_of(lines: list[ShipmentLine], shipments: dict[int, ShipmentInfo]) -> list[Customer]:
    """Every customer an affected lot reached, with the documents it came on, by name."""
    documents: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        documents[line.customer_code].add(line.shipment)
    reached = {s.customer.code: s.customer for s in shipments.values() if s.customer.code in documents}
    return [
        Customer(
            c.code, c.name, c.contact_name, c.email, c.phone, c.address, tuple(sorted(documents[c.code]))
        )
        for c in sorted(reached.values(), key=lambda c: c.name)
    ]


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
