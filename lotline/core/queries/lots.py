"""Reads about one lot, work order or shipment for the operator and supervisor screens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from lotline.core.models import Event, EventKind, EventLine, Lot, Site, WorkOrder

ZERO = Decimal(0)


@dataclass
class LotQuantity:
    """A lot with a quantity (consumed into, made by or shipped on something)."""

    lot: Lot
    quantity: Decimal = ZERO
    machine: int | None = None


@dataclass
class WorkOrderProgress:
    consumed: list[LotQuantity] = field(default_factory=list)
    produced: list[LotQuantity] = field(default_factory=list)


def work_order_progress(order: WorkOrder) -> WorkOrderProgress:
    """What a work order has consumed (per lot) and produced so far; corrected events are left out."""
    lines = (
        EventLine.objects.filter(event__work_order=order, kind__in=[EventKind.CONSUME, EventKind.PRODUCE])
        .exclude(event__corrections__isnull=False)
        .exclude(event__kind=EventKind.CORRECT)
        .select_related("lot__item", "event")
        .order_by("event__occurred_at", "id")
    )
    consumed: dict[str, LotQuantity] = {}
    progress = WorkOrderProgress()
    for line in lines:
        if line.kind == EventKind.CONSUME:
            consumed.setdefault(line.lot.number, LotQuantity(line.lot)).quantity -= line.quantity
        elif line.quantity > 0:
            progress.produced.append(LotQuantity(line.lot, line.quantity, line.event.machine_id))
    progress.consumed = list(consumed.values())
    return progress


def shipped_on(document: str, site: Site) -> list[LotQuantity]:
    """The lots on a shipping document and how much of each left (corrections net out: their lines carry
    kind "ship" with the sign reversed)."""
    lines = (
        EventLine.objects.filter(shipment__number=document, kind=EventKind.SHIP, shipment__site=site)
        .select_related("lot__item")
        .order_by("id")
    )
    return shipped_per_lot(lines)


def shipped_per_lot(lines: Iterable[EventLine]) -> list[LotQuantity]:
    """How much of each lot left on these ship lines, in the order the lots first appear; lots whose lines
    net to nothing (shipped, then the shipment corrected) are left out. Ship lines leave the lot, so their
    quantities are negative."""
    shipped: dict[str, LotQuantity] = {}
    for line in lines:
        shipped.setdefault(line.lot.number, LotQuantity(line.lot)).quantity -= line.quantity
    return [row for row in shipped.values() if row.quantity]


@dataclass
class LotHistory:
    """Every ledger line of a lot in floor-time order, and which of their events were corrected since."""

    lines: QuerySet[EventLine]
    corrected: set[int]


def lot_history(lot: Lot) -> LotHistory:
    lines = (
        EventLine.objects.filter(lot=lot)
        .select_related(
            "event__user",
            "event__work_order",
            "event__shipment__customer",
            "event__delivery",
            "event__machine",
            "event__corrects",
            "location",
        )
        .order_by("event__occurred_at", "event_id", "id")
    )
    corrected = set(Event.objects.filter(corrects__lines__lot=lot).values_list("corrects_id", flat=True))
    return LotHistory(lines, corrected)
