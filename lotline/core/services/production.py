"""Running a work order: consuming input lots and producing output lots, with genealogy links written now.

The link rule (ARCHITECTURE.md, "the link rule"):
- An output recorded with its inputs named is linked to exactly those inputs (*explicit* links, with
  quantities); the inputs are consumed by the same event.
- Otherwise the work order rule applies (*implicit* links): an output is linked to every lot consumed on the
  work order at or before the output's time on the floor, and a lot consumed is linked to every implicit
  output recorded at or after the consumption's time (back-dated scans). Time, not scan order, decides,
  so a late scan cannot drop a path. Worked example: consume A, produce X, consume B, produce Y gives
  A→X, A→Y, B→Y — A may have run into Y, B cannot be in X.
- Conservative: a real path is never missed; the price is that some links may not be real. Those are
  marked *ambiguous* at query time (lotline.core.queries.trace): an implicit link I→O is certain when O
  is the only output I could have gone into, or I is the only input O could have come from.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lotline.core.models import Event, EventKind, GenealogyLink, Location, Lot, WorkOrder

from .context import CLOCK_SKEW, EventContext
from .errors import LedgerError
from .ledger import (
    LineSpec,
    Recorded,
    allocate,
    append_event,
    balances_of,
    base_quantity,
    record,
    take_from_locations,
)
from .lots import create_lot, existed_message, find_lot, lock_usable


def consume(
    ctx: EventContext,
    *,
    lot: Lot | str,
    quantity: object,
    unit: str | None = None,
    location: Location | None = None,
) -> Recorded:
    """Issue a quantity of an input lot into the context's work order."""
    work_order = require_work_order(ctx)
    lot = find_lot(lot)
    amount = base_quantity(lot.item, quantity, unit)
    check_input_item(work_order, lot)
    request = consume_request(work_order, lot, amount, location)

    def write(fingerprint: str) -> Recorded:
        # State checks run here, after the event-id replay: a resent scan returns its first result even if
        # the lot was held or the work order closed since.
        check_open(work_order)
        lock_usable(lot, ctx, action="consume")
        lines = take_from_locations(lot, amount, location)
        event = append_event(EventKind.CONSUME, ctx, fingerprint, lines, work_order=work_order)
        later_outputs = implicit_outputs(work_order).filter(event__occurred_at__gte=event.occurred_at)
        GenealogyLink.objects.bulk_create(
            GenealogyLink(
                parent=lot,
                child_id=child_id,
                work_order=work_order,
                event_id=produce_id,
                consume_event=event,
                basis=GenealogyLink.Basis.IMPLICIT,
            )
            for produce_id, child_id in later_outputs.values_list("event_id", "lot_id").distinct()
        )
        start_work_order(work_order)
        return Recorded(event, [lot])

    return record(EventKind.CONSUME, ctx, request, write)


def produce(
    ctx: EventContext,
    *,
    quantity: object,
    unit: str | None = None,
    inputs: list[tuple[Lot | str, object]] | None = None,
    lot_number: str | None = None,
    expires_on: date | None = None,
) -> Recorded:
    """Record an output lot of the context's work order, linked by the rule above."""
    work_order = require_work_order(ctx)
    amount = base_quantity(work_order.item, quantity, unit)
    named_inputs: list[tuple[Lot, Decimal]] = []
    for index, (ref, input_qty) in enumerate(inputs or []):
        input_lot = find_lot(ref, field=f"inputs[{index}].lot")
        with about_input(index):
            check_input_item(work_order, input_lot)
        named_inputs.append(
            (
                input_lot,
                base_quantity(input_lot.item, input_qty, None, field_name=f"inputs[{index}].quantity"),
            )
        )
    request = {
        "work_order": work_order.number,
        "quantity": str(amount),
        "lot_number": lot_number,
        "expires_on": expires_on,
        "inputs": [(lot.number, str(q)) for lot, q in named_inputs],
        "location": ctx.location.pk if ctx.location else None,
    }
    if ctx.machine is not None and ctx.machine.pk != work_order.machine_id:
        # A machine chosen for this output (not the order's own) is part of what was asked: the same event
        # id sent again for another machine is not a replay. The order's machine is left out, so a re-send
        # still replays after the order was moved to another machine.
        request["machine"] = ctx.machine.code

    def write(fingerprint: str) -> Recorded:
        check_open(work_order)
        for index, (input_lot, _input_qty) in enumerate(named_inputs):
            with about_input(index):
                lock_usable(input_lot, ctx, action="consume")
        output = create_lot(
            ctx,
            work_order.item,
            origin=Lot.Origin.PRODUCED,
            number=lot_number,
            expires_on=expires_on,
            work_order=work_order,
            machine=ctx.machine or work_order.machine,
        )
        location = ctx.default_location()
        lines = [LineSpec(output, amount, location)]
        # The same lot named twice takes from what the earlier input left, so a shortfall is about the
        # input where it happens (inputs[2].quantity), before any line is written.
        left: dict[int, list[tuple[Location, Decimal]]] = {}
        for index, (input_lot, input_qty) in enumerate(named_inputs):
            with about_input(index):
                balances = left[input_lot.pk] if input_lot.pk in left else balances_of(input_lot)
                taken = allocate(input_lot, input_qty, balances)
            took = {line.location.pk: -line.quantity for line in taken}
            left[input_lot.pk] = [
                (place, qty - took.get(place.pk, 0)) for place, qty in balances if qty > took.get(place.pk, 0)
            ]
            lines += [LineSpec(s.lot, s.quantity, s.location, EventKind.CONSUME) for s in taken]
        event = append_event(
            EventKind.PRODUCE, ctx, fingerprint, lines, work_order=work_order, location=location
        )
        if named_inputs:
            links = [
                GenealogyLink(
                    parent=input_lot,
                    child=output,
                    quantity=input_qty,
                    unit=input_lot.item.unit,
                    work_order=work_order,
                    event=event,
                    basis=GenealogyLink.Basis.EXPLICIT,
                )
                for input_lot, input_qty in named_inputs
            ]
        else:
            earlier = (
                Event.objects.filter(
                    work_order=work_order, kind=EventKind.CONSUME, occurred_at__lte=event.occurred_at
                )
                .exclude(corrections__isnull=False)
                .values_list("id", "lines__lot_id")
                .distinct()
            )
            refuse_younger_inputs({lot_id for _consume_id, lot_id in earlier}, event.occurred_at, ctx)
            links = [
                GenealogyLink(
                    parent_id=lot_id,
                    child=output,
                    work_order=work_order,
                    event=event,
                    consume_event_id=consume_id,
                    basis=GenealogyLink.Basis.IMPLICIT,
                )
                for consume_id, lot_id in earlier
            ]
        GenealogyLink.objects.bulk_create(links)
        start_work_order(work_order)
        return Recorded(event, [output])

    return record(EventKind.PRODUCE, ctx, request, write)


@contextmanager
def about_input(index: int) -> Iterator[None]:
    """A refusal about one named input (held, wrong item, not enough stock) names it, inputs[1].lot or
    inputs[1].quantity, as the scan field the operator or client has to correct."""
    try:
        yield
    except LedgerError as exc:
        if exc.field in (None, "lot", "quantity"):
            exc.field = f"inputs[{index}].{exc.field or 'lot'}"
        raise


def refuse_younger_inputs(lot_ids: set[int], made_at, ctx: EventContext) -> None:
    """An output may not predate the lots it is linked to (consumptions recorded before this rule existed
    could be back-dated before their lot arrived); the clock tolerance as in ``check_existed``."""
    younger = (
        Lot.objects.filter(pk__in=lot_ids, created_at__gt=made_at + CLOCK_SKEW)
        .order_by("created_at", "id")
        .first()
    )
    if younger is not None:
        raise LedgerError("before_lot_existed", existed_message(younger, ctx.site), field="occurred_at")


def consume_request(work_order: WorkOrder, lot: Lot, amount: Decimal, location: Location | None) -> dict:
    """What a consumption asks for — its fingerprint (shared with consume_many, so either may replay the
    other's event id)."""
    return {
        "work_order": work_order.number,
        "lot": lot.number,
        "quantity": str(amount),
        "location": location.pk if location else None,
    }


def implicit_outputs(*work_orders: WorkOrder | int):  # -> QuerySet[EventLine]
    """Output lines of the work orders' produce events that follow the work-order rule (not corrected)."""
    from lotline.core.models import EventLine

    return EventLine.objects.filter(
        event__work_order__in=work_orders,
        event__kind=EventKind.PRODUCE,
        kind=EventKind.PRODUCE,
        quantity__gt=0,
    ).exclude(Q(event__corrections__isnull=False) | Q(event__links__basis=GenealogyLink.Basis.EXPLICIT))


def require_open_work_order(ctx: EventContext) -> WorkOrder:
    work_order = require_work_order(ctx)
    check_open(work_order)
    return work_order


def require_work_order(ctx: EventContext) -> WorkOrder:
    """The context's work order, at this site (whether it is still open is checked inside the write)."""
    work_order = ctx.work_order
    if work_order is None:
        raise LedgerError("no_work_order", _("Scan or choose a work order first."), field="work_order")
    if work_order.site_id != ctx.site.pk:
        raise LedgerError(
            "wrong_site",
            _("Work order %(wo)s belongs to another site.") % {"wo": work_order.number},
            field="work_order",
        )
    return work_order


def check_open(work_order: WorkOrder) -> None:
    """Refuse events on a work order that is not released or in progress (read fresh, under a lock)."""
    work_order.status = (
        WorkOrder.objects.select_for_update().filter(pk=work_order.pk).values_list("status", flat=True).get()
    )
    refuse_closed(work_order)
    return work_order


def refuse_closed(work_order: WorkOrder) -> None:
    if not work_order.accepts_events:
        raise LedgerError(
            "work_order_closed",
            _("Work order %(wo)s is %(status)s; it takes no scans.")
            % {"wo": work_order.number, "status": work_order.get_status_display()},
            field="work_order",
        )


def check_input_item(work_order: WorkOrder, lot: Lot) -> None:
    """With a recipe, only its components (or their alternatives) may go in."""
    if work_order.recipe_id is None:
        return
    allowed = set(work_order.recipe.lines.values_list("component_id", flat=True))  # type: ignore[union-attr]
    if lot.item_id not in allowed:
        raise wrong_item(work_order, lot)


def wrong_item(work_order: WorkOrder, lot: Lot) -> LedgerError:
    return LedgerError(
        "wrong_item",
        _("Lot %(lot)s is %(item)s, which work order %(wo)s does not use.")
        % {"lot": lot.number, "item": lot.item, "wo": work_order.number},
        field="lot",
    )


def start_work_order(work_order: WorkOrder) -> None:
    if work_order.status == WorkOrder.Status.RELEASED:
        WorkOrder.objects.filter(pk=work_order.pk).update(status=WorkOrder.Status.IN_PROGRESS)
        work_order.status = WorkOrder.Status.IN_PROGRESS
