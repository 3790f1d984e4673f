"""POST /api/v1/events/{receive,consume,produce,ship}: parse, call one core service, answer.

The offline queue in the browser sends its scans here with client event ids; the core's idempotency makes
re-sends harmless. A scan (lot number, GS1 element string or Digital Link) is resolved by the same function
the web screens use.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from lotline.core.access import current_site, sites_for
from lotline.core.models import Event, Item, Lot, Machine, Party, Site, WorkOrder
from lotline.core.scanning import lot_from_scan
from lotline.core.services import EventContext, LedgerError, Recorded, consume, produce, receive, ship
from lotline.core.services.ledger import on_hand
from lotline.core.services.shipping import line_named
from lotline.lib.quantities import format_amount
from lotline.lib.text import shorten

from .auth import require, require_site
from .errors import Refused, missing_message
from .read import find_work_order
from .schemas import ConsumeIn, ErrorOut, EventOut, LotOut, ProduceIn, ReceiveIn, ShipIn

router = Router(tags=["events"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RECORD = "core.record_events"


def site_for(request: HttpRequest, code: str | None) -> Site:
    site = sites_for(request.user).filter(code=code).first() if code else current_site(request)
    if site is None:
        raise Refused(403, "site_not_allowed", _("You may not record at that site."), "site")
    return site


def fill_in(value: str, field: str, name: str) -> None:
    """An empty or blank text is asked for ("Fill in the item."), not looked up ("No item ."); ``name`` is
    what errors.missing_message knows it by, ``field`` the input as the client names it (``lines[1].lot``)."""
    if not value.strip():
        raise Refused(422, "invalid", missing_message(name, field), field)


def work_order_for(request: HttpRequest, number: str) -> WorkOrder:
    fill_in(number, "work_order", "work_order")
    orders = WorkOrder.objects.select_related("item", "site", "machine", "recipe")
    work_order = find_work_order(orders, number, field="work_order")
    refusal = _("Work order %(wo)s belongs to a site you may not use.") % {"wo": work_order.number}
    require_site(request, work_order.site, refusal, "work_order")
    return work_order


def by_code(model, code: str, field: str, unknown: str):
    """The row with that code, or unknown_<field>; ``unknown`` is a whole sentence with %(code)s."""
    fill_in(code, field, field)
    found = model.objects.filter(code=code.strip()).first()
    if found is None:
        raise LedgerError(f"unknown_{field}", unknown % {"code": shorten(code.strip())}, field=field)
    return found


def scanned(text: str, field: str) -> Lot:
    """The lot a scan names, every refusal naming ``field`` (``lines[1].lot``, ``inputs[0].lot``)."""
    fill_in(text, field, "lot")
    return lot_from_scan(text, field=field)


def whole_lot(lot: Lot, event_id: uuid.UUID | None) -> Decimal:
    """The default quantity: everything on hand — or, for a re-sent event, what the first send took
    (by then the lot is empty, and the re-send must still match the recorded event)."""
    taken = taken_by(event_id, lot)
    if taken:
        return taken
    amount = on_hand(lot)
    if amount <= 0:
        # The same event sent from a second device may have taken it all between the two reads above.
        taken = taken_by(event_id, lot)
        if taken:
            return taken
        raise LedgerError(
            "insufficient_stock", _("Lot %(lot)s has nothing on hand.") % {"lot": lot.number}, field="lot"
        )
    return amount


def taken_by(event_id: uuid.UUID | None, lot: Lot) -> Decimal:
    """What the event with this id took from the lot (0 when there is no such event yet)."""
    first = Event.objects.filter(uid=event_id).first() if event_id is not None else None
    if first is None:
        return Decimal(0)
    return -sum((line.quantity for line in first.lines.filter(lot=lot, quantity__lt=0)), Decimal(0))


def lot_out(lot: Lot, quantity: Decimal | None) -> LotOut:
    return LotOut(
        number=lot.number,
        item=lot.item.code,
        item_name=lot.item.name,
        status=lot.status,
        unit=lot.item.unit,
        quantity=quantity,
    )


def answer(recorded: Recorded, message: str, lots: list[LotOut]) -> EventOut:
    if not recorded.created:
        message = _("%(message)s (already recorded)") % {"message": message}
    return EventOut(
        event_id=recorded.event.uid,
        kind=recorded.event.kind,
        created=recorded.created,
        message=message,
        lots=lots,
    )


def context(request: HttpRequest, site: Site, payload, **extra) -> EventContext:
    return EventContext(
        user=request.user, site=site, occurred_at=payload.occurred_at, uid=payload.event_id, **extra
    )


@router.post("/receive", response={200: EventOut, **ERRORS}, summary="Receive a supplier's lot")
def receive_event(request: HttpRequest, payload: ReceiveIn):
    require(request, "record", RECORD)
    site = site_for(request, payload.site)
    item = by_code(Item, payload.item, "item", _("No item %(code)s."))
    supplier = by_code(Party, payload.supplier, "supplier", _("No supplier %(code)s."))
    recorded = receive(
        context(request, site, payload),
        item=item,
        quantity=payload.quantity,
        unit=payload.unit,
        supplier=supplier,
        supplier_lot=payload.supplier_lot,
        delivery_ref=payload.delivery_ref,
        expires_on=payload.expires_on,
        lot_number=payload.lot_number,
    )
    lot = recorded.lot
    amount = sum((line.quantity for line in recorded.event.lines.all()), Decimal(0))
    message = _("Received lot %(lot)s: %(qty)s %(unit)s %(item)s.") % {
        "lot": lot.number,
        "qty": format_amount(amount),
        "unit": item.unit,
        "item": item.name,
    }
    return answer(recorded, message, [lot_out(lot, amount)])


@router.post("/consume", response={200: EventOut, **ERRORS}, summary="Use an input lot in a work order")
def consume_event(request: HttpRequest, payload: ConsumeIn):
    require(request, "record", RECORD)
    work_order = work_order_for(request, payload.work_order)
    lot = scanned(payload.lot, "lot")
    quantity = payload.quantity if payload.quantity is not None else whole_lot(lot, payload.event_id)
    ctx = context(request, work_order.site, payload, work_order=work_order, machine=work_order.machine)
    recorded = consume(ctx, lot=lot, quantity=quantity, unit=payload.unit)
    taken = -sum((line.quantity for line in recorded.event.lines.all()), Decimal(0))
    message = _("Used %(qty)s %(unit)s of lot %(lot)s (%(item)s) on %(wo)s.") % {
        "qty": format_amount(taken),
        "unit": lot.item.unit,
        "lot": lot.number,
        "item": lot.item.name,
        "wo": work_order.number,
    }
    return answer(recorded, message, [lot_out(lot, taken)])


@router.post("/produce", response={200: EventOut, **ERRORS}, summary="Record an output lot of a work order")
def produce_event(request: HttpRequest, payload: ProduceIn):
    require(request, "record", RECORD)
    work_order = work_order_for(request, payload.work_order)
    machine = work_order.machine
    if payload.machine:
        machine = by_code(Machine, payload.machine, "machine", _("No machine %(code)s."))
        if machine.site_id != work_order.site_id:
            raise LedgerError(
                "wrong_site",
                _("Machine %(machine)s is at another site than work order %(wo)s.")
                % {"machine": machine.code, "wo": work_order.number},
                field="machine",
            )
    ctx = context(request, work_order.site, payload, work_order=work_order, machine=machine)
    inputs = [
        (scanned(line.lot, f"inputs[{index}].lot"), line.quantity)
        for index, line in enumerate(payload.inputs)
    ]
    recorded = produce(
        ctx,
        quantity=payload.quantity,
        unit=payload.unit,
        lot_number=payload.lot_number,
        inputs=inputs or None,
    )
    lot = recorded.lot
    made = sum((line.quantity for line in recorded.event.lines.all() if line.lot_id == lot.pk), Decimal(0))
    message = _("Made lot %(lot)s: %(qty)s %(unit)s %(item)s.") % {
        "lot": lot.number,
        "qty": format_amount(made),
        "unit": lot.item.unit,
        "item": lot.item.name,
    }
    return answer(recorded, message, [lot_out(lot, made)])


def check_totals(wanted: list[tuple[Lot, Decimal]]) -> None:
    """A lot on several lines, said as the sender asked it: the ship service refuses line by line, and of
    the second line would say "has only 50 pcs" — true, but not what was asked. The service still decides
    (under the lots' locks); this only words the refusal for a many-line request."""
    lines_of: dict[int, list[int]] = {}
    for index, (lot, _quantity) in enumerate(wanted):
        lines_of.setdefault(lot.pk, []).append(index)
    for indexes in lines_of.values():
        if len(indexes) < 2:
            continue
        lot = wanted[indexes[0]][0]
        asked = sum((Decimal(wanted[i][1]) for i in indexes), Decimal(0))
        have = on_hand(lot)
        if asked > have:
            raise LedgerError(
                "insufficient_stock",
                _("Lot %(lot)s has %(have)s %(unit)s on hand; the lines ask for %(asked)s %(unit)s in total.")
                % {
                    "lot": lot.number,
                    "have": format_amount(have),
                    "unit": lot.item.unit,
                    "asked": format_amount(asked),
                },
                field="quantity",
                line=indexes[-1],
            )


@router.post("/ship", response={200: EventOut, **ERRORS}, summary="Ship lots to a customer")
def ship_event(request: HttpRequest, payload: ShipIn):
    require(request, "record", RECORD)
    site = site_for(request, payload.site)
    customer = by_code(Party, payload.customer, "customer", _("No customer %(code)s."))
    if not payload.lines:
        raise LedgerError("no_lines", _("Scan at least one lot to ship."), field="lines")
    lines = []
    for index, line in enumerate(payload.lines):
        lot = scanned(line.lot, f"lines[{index}].lot")
        with line_named(index):
            quantity = line.quantity if line.quantity is not None else whole_lot(lot, payload.event_id)
        lines.append((lot, quantity))
    if payload.event_id is None or not Event.objects.filter(uid=payload.event_id).exists():
        check_totals(lines)  # a re-send finds the lots already emptied by the first send
    # The service marks which line a refusal is about; errors.field_of says it as lines[1].quantity.
    ctx = context(request, site, payload)
    recorded = ship(ctx, customer=customer, document=payload.document, lines=lines)
    parts = [
        _("%(qty)s %(unit)s of lot %(lot)s")
        % {"qty": format_amount(Decimal(q)), "unit": lot.item.unit, "lot": lot.number}
        for lot, q in lines
    ]
    message = _("Shipped %(what)s on %(doc)s.") % {"what": ", ".join(parts), "doc": payload.document.strip()}
    return answer(recorded, message, [lot_out(lot, Decimal(q)) for lot, q in lines])
