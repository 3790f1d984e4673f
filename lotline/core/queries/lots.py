"""Reads about one lot, work order or shipment for the operator and supervisor screens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

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
    quantities are negative. Lines of another kind (none are expected on a shipment) are ignored."""
    shipped: dict[str, LotQuantity] = {}
    for line in lines:
        if line.kind == EventKind.SHIP:
            shipped.setdefault(line.lot.number, LotQuantity(line.lot)).quantity -= line.quantity
    return [row for row in shipped.values() if row.quantity]


# Half the smallest stored step (six decimals): SQLite sums decimal columns in floating point, so a
# shipment corrected to nothing may sum to 1e-17 rather than 0.
NET_ZERO = Decimal("0.0000005")


def shipments_carrying(**lot_lookup) -> QuerySet:
    """The ids of shipments on which a lot matching ``lot_lookup`` (``number="X"``,
    ``number__icontains="x"``) still nets to something shipped — as ``shipped_per_lot`` counts it: a lot
    whose ship lines were corrected away is no longer on the shipment. For ``id__in=``."""
    return (
        EventLine.objects.filter(
            kind=EventKind.SHIP,
            shipment__isnull=False,
            **{f"lot__{key}": value for key, value in lot_lookup.items()},
        )
        .values("shipment_id", "lot_id")
        .annotate(net=Sum("quantity"))
        .filter(net__lt=-NET_ZERO)
        .values("shipment_id")
    )


@dataclass
class LotHistory:
    """Every ledger line of a lot in floor-time order, and which of their events were corrected since;
    ``partners``: per event, its lines of other lots (the outputs a lot went into, the inputs it came from,
    the other side of a split or merge)."""

    lines: QuerySet[EventLine]
    corrected: set[int]
    partners: dict[int, list[EventLine]] = field(default_factory=dict)


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
    partners: dict[int, list[EventLine]] = {}
    for line in (
        EventLine.objects.filter(event_id__in=EventLine.objects.filter(lot=lot).values("event_id"))
        .exclude(lot=lot)
        .select_related("lot")
        .order_by("id")
    ):
        partners.setdefault(line.event_id, []).append(line)
    return LotHistory(lines, corrected, partners)
