"""Consuming many lots in one go — spreadsheet imports of historical consumptions, long offline queues.

The same rules as ``consume()`` (production.py), row for row: the same refusals with the same codes, the
same fingerprint (either path replays the other's event id), the same work-order link rule. What differs is
the cost: lots, work orders, stock and earlier outputs are read once for the whole batch, and events,
lines and links are written with bulk inserts, in one transaction. A batch with any refused row writes
nothing and reports every refused row (by its index), so an import can name them all.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.models import (
    EventKind,
    Location,
    Lot,
    Machine,
    RecipeLine,
    Site,
    StockBalance,
    WorkOrder,
)

from . import bulk
from .context import EventContext
from .errors import LedgerError
from .ledger import LineSpec, allocate, base_quantity, fingerprint_of
from .lots import check_usable
from .production import consume_request, implicit_outputs, refuse_closed, wrong_item

CHUNK = 500  # ids per IN (...) list: far below every database's parameter limit


@dataclass(slots=True)
class Consumption:
    """One row: ``quantity`` (in ``unit``, default the item's) of ``lot`` into ``work_order``.

    Read-only by convention; not ``frozen``, because a frozen dataclass sets each field through
    object.__setattr__, which an import pays 100 000 times."""

    work_order: WorkOrder
    lot: Lot
    quantity: object
    unit: str | None = None
    occurred_at: datetime | None = None
    uid: uuid.UUID | None = None
    location: Location | None = None
    machine: Machine | None = None


@dataclass
class BatchOutcome:
    """How many rows were written, how many were already recorded (replays), and the refused rows."""

    recorded: int = 0
    replayed: int = 0
    refused: list[tuple[int, LedgerError]] = field(default_factory=list)


@dataclass
class Planned:
    index: int
    row: Consumption
    ctx: EventContext
    amount: Decimal
    fingerprint: str


def consume_many(*, user: AbstractBaseUser | None, site: Site, rows: list[Consumption]) -> BatchOutcome:
    """Record every consumption, or none: returns the refused rows when there are any (nothing written)."""
    outcome = BatchOutcome()
    recorded_at = timezone.now()
    planned: list[Planned] = []
    for index, row in enumerate(rows):
        try:
            planned.append(prepare(index, row, user, site, recorded_at))
        except LedgerError as exc:
            outcome.refused.append((index, exc))
    fresh = without_replays(planned, outcome)
    with transaction.atomic():
        new, balances = plan_writes(fresh, outcome)
        if outcome.refused:
            outcome.refused.sort(key=lambda pair: pair[0])
            outcome.recorded = 0
            return outcome  # the transaction writes nothing on this path: nothing was inserted yet
        write(new, balances)
        outcome.recorded = len(new)
    return outcome


def prepare(index: int, row: Consumption, user, site: Site, recorded_at: datetime) -> Planned:
    """The checks that need no database state: site, quantity and unit, time, recipe item (cached)."""
    ctx = EventContext(
        user=user,
        site=site,
        occurred_at=row.occurred_at,
        machine=row.machine,
        location=row.location,
        work_order=row.work_order,
        uid=row.uid,
        recorded_at=recorded_at,
    )
    if row.work_order.site_id != site.pk:
        raise LedgerError(
            "wrong_site",
            _("Work order %(wo)s belongs to another site.") % {"wo": row.work_order.number},
            field="work_order",
        )
    amount = base_quantity(row.lot.item, row.quantity, row.unit)
    request = consume_request(row.work_order, row.lot, amount, row.location)
    if ctx.occurred_at is not None:
        request = {**request, "occurred_at": ctx.occurred_at.isoformat()}
    return Planned(index, row, ctx, amount, fingerprint_of(EventKind.CONSUME, request))


def without_replays(planned: list[Planned], outcome: BatchOutcome) -> list[Planned]:
    """Drop rows whose event id is already recorded with the same request; refuse a reused id."""
    with connection.cursor() as cursor:
        known = by_uid(cursor, [p.ctx.uid for p in planned if p.ctx.uid is not None], "fingerprint")
    fresh = []
    for p in planned:
        if p.ctx.uid not in known:
            fresh.append(p)
        elif known[p.ctx.uid] == p.fingerprint:
            outcome.replayed += 1
        else:
            outcome.refused.append(
                (
                    p.index,
                    LedgerError(
                        "event_id_reused",
                        _("Event id %(uid)s was already used for a different event.") % {"uid": p.ctx.uid},
                        field="event_id",
                    ),
                )
            )
    return fresh


@dataclass(slots=True)
class NewConsumption:
    """A consume event about to be inserted, with its lines and the outputs it links to."""

    uid: uuid.UUID
    occurred_at: datetime
    recorded_at: datetime
    user_id: int | None
    site_id: int
    location_id: int | None
    machine_id: int | None
    work_order_id: int
    fingerprint: str
    lines: list[LineSpec]
    outputs: list[tuple[int, int]]  # (produce event id, output lot id)


def plan_writes(planned: list[Planned], outcome: BatchOutcome) -> tuple[list[NewConsumption], list[Balance]]:
    """Check each row against the locked state, in order, keeping stock as it would be after each row."""
    work_orders = lock_work_orders({p.row.work_order.id for p in planned})
    lot_ids = {p.row.lot.id for p in planned}
    statuses = lock_lot_statuses(lot_ids)
    stock = stock_by_lot(lot_ids)
    allowed = recipe_components({wo.recipe_id for wo in work_orders.values() if wo.recipe_id})
    outputs = outputs_by_work_order(list(work_orders))
    touched: dict[int, Balance] = {}
    new: list[NewConsumption] = []
    for p in planned:
        work_order, lot = work_orders[p.row.work_order.id], p.row.lot
        lot.status = statuses[lot.id]
        try:
            refuse_closed(work_order)
            check_usable(lot, p.ctx, action="consume")
            if work_order.recipe_id is not None and lot.item_id not in allowed[work_order.recipe_id]:
                raise wrong_item(work_order, lot)
            balances = [(b.location, b.quantity) for b in stock[lot.id].values()]
            if p.row.location is not None:
                balances = [(loc, qty) for loc, qty in balances if loc.pk == p.row.location.pk] or [
                    (p.row.location, Decimal(0))
                ]
            taken = allocate(lot, p.amount, sorted(balances, key=lambda b: (-b[1], b[0].code)))
        except LedgerError as exc:
            outcome.refused.append((p.index, exc))
            continue
        for spec in taken:
            balance = stock[lot.id][spec.location.id]  # type: ignore[union-attr]
            balance.quantity += spec.quantity
            touched[balance.id] = balance
        user = p.ctx.user
        user_id = user.pk if user is not None and user.is_authenticated else None
        new.append(
            NewConsumption(
                uid=p.ctx.uid or uuid.uuid4(),
                occurred_at=p.ctx.when,
                recorded_at=p.ctx.recorded_at,
                user_id=user_id,
                site_id=p.ctx.site.id,
                location_id=p.ctx.location.id if p.ctx.location else None,
                machine_id=p.ctx.machine.id if p.ctx.machine else None,
                work_order_id=work_order.id,
                fingerprint=p.fingerprint,
                lines=taken,
                outputs=[
                    (event_id, lot_id) for event_id, lot_id, at in outputs[work_order.id] if at >= p.ctx.when
                ],
            )
        )
    return new, list(touched.values())


EVENT_COLUMNS = (
    "uid",
    "kind",
    "occurred_at",
    "recorded_at",
    "user_id",
    "site_id",
    "location_id",
    "machine_id",
    "work_order_id",
    "fingerprint",
    "new_status",
    "reason",
    "reference",
)
LINE_COLUMNS = ("event_id", "lot_id", "location_id", "quantity", "unit", "kind", "direction")
LINK_COLUMNS = ("parent_id", "child_id", "unit", "work_order_id", "event_id", "consume_event_id", "basis")


def write(new: list[NewConsumption], balances: list[Balance]) -> None:
    """Bulk writes (bulk.py), not model instances: an import writes ~100 k events, and building a model for
    each row measured several times the cost of the insert itself. The rows are exactly what append_event
    writes."""
    uid_of, time_of = bulk.preparers()
    with connection.cursor() as cursor:
        prepared = [
            (
                uid_of(n.uid),
                "consume",
                time_of(n.occurred_at),
                time_of(n.recorded_at),
                n.user_id,
                n.site_id,
                n.location_id,
                n.machine_id,
                n.work_order_id,
                n.fingerprint,
                "",
                "",
                "",
            )
            for n in new
        ]
        by_key = bulk.insert_with_ids(cursor, "core_event", EVENT_COLUMNS, prepared, key=0)
        ids = {n.uid: by_key[row[0]] for n, row in zip(new, prepared, strict=True)}
        bulk.insert(
            cursor,
            "core_eventline",
            LINE_COLUMNS,
            (
                (ids[n.uid], spec.lot.id, spec.location.id, spec.quantity, spec.lot.item.unit, "consume", -1)  # type: ignore[union-attr]
                for n in new
                for spec in n.lines
            ),
        )
        bulk.insert(
            cursor,
            "core_genealogylink",
            LINK_COLUMNS,
            (
                (spec_lot, child_id, "", n.work_order_id, produce_id, ids[n.uid], "implicit")
                for n in new
                for spec_lot in dict.fromkeys(spec.lot.id for spec in n.lines)
                for produce_id, child_id in n.outputs
            ),
        )
        # Not bulk_update: its CASE over a thousand rows measured a third of a 100 k-row import.
        bulk.set_column(cursor, "core_stockbalance", "quantity", [(b.id, b.quantity) for b in balances])
    WorkOrder.objects.filter(pk__in={n.work_order_id for n in new}, status=WorkOrder.Status.RELEASED).update(
        status=WorkOrder.Status.IN_PROGRESS
    )


def by_uid(cursor, uids: list[uuid.UUID], column: str) -> dict[uuid.UUID, object]:
    """One column of the events with these uids (plain SQL: the ORM's cost per chunk measured more than the
    index look-ups themselves on a 100 k-row import)."""
    uid_of, _time_of = bulk.preparers()
    by_prepped = {uid_of(u): u for u in uids}
    found = bulk.look_up(cursor, "core_event", "uid", list(by_prepped), column)
    return {by_prepped[key]: value for key, value in found.items()}


def lock_work_orders(ids: set[int]) -> dict[int, WorkOrder]:
    return {wo.pk: wo for wo in WorkOrder.objects.select_for_update().filter(pk__in=ids)}


def lock_lot_statuses(ids: set[int]) -> dict[int, str]:
    statuses: dict[int, str] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        statuses.update(
            Lot.objects.select_for_update()
            .filter(pk__in=ordered[start : start + CHUNK])
            .values_list("pk", "status")
        )
    return statuses


@dataclass(slots=True)
class Balance:
    """A lot's stock at a location, as read for a batch and written back at its end (a StockBalance row)."""

    id: int
    location: Location
    quantity: Decimal


def stock_by_lot(ids: set[int]) -> dict[int, dict[int, Balance]]:
    """Each lot's balances by location, locked: the rows draw from them in order, and they are written back
    at the end. Plain values, not model instances: a batch reads thousands, from a handful of locations."""
    rows = []
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        rows += (
            StockBalance.objects.select_for_update()
            .filter(lot_id__in=ordered[start : start + CHUNK])
            .values_list("id", "lot_id", "location_id", "quantity")
        )
    locations = Location.objects.in_bulk({row[2] for row in rows})
    stock: dict[int, dict[int, Balance]] = defaultdict(dict)
    for id_, lot_id, location_id, quantity in rows:
        stock[lot_id][location_id] = Balance(id_, locations[location_id], quantity)
    return stock


def recipe_components(recipe_ids: set[int]) -> dict[int, set[int]]:
    allowed: dict[int, set[int]] = defaultdict(set)
    for recipe_id, component_id in RecipeLine.objects.filter(recipe_id__in=recipe_ids).values_list(
        "recipe_id", "component_id"
    ):
        allowed[recipe_id].add(component_id)
    return allowed


def outputs_by_work_order(ids: list[int]) -> dict[int, list[tuple[int, int, datetime]]]:
    """(produce event, output lot, when) of each work order's implicit outputs: a back-dated consumption
    links to those recorded at or after it."""
    found: dict[int, list] = defaultdict(list)
    if ids:
        for wo_id, event_id, lot_id, at in (
            implicit_outputs(*ids)
            .values_list("event__work_order_id", "event_id", "lot_id", "event__occurred_at")
            .distinct()
        ):
            found[wo_id].append((event_id, lot_id, at))
    return found
