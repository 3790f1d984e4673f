"""Appending to the ledger: the one place events, lines and the stock projection are written.

Every service builds its lines, then calls ``record`` (idempotency by event id) and ``append_event``
(inside the same transaction). A refused request raises LedgerError inside the transaction, so nothing
is half-written.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lotline.core.models import Event, EventKind, EventLine, Item, Location, Lot, StockBalance
from lotline.lib.quantities import (
    LARGEST,
    UNITS,
    Quantity,
    QuantityError,
    format_amount,
    parse_decimal,
    unit_dimension,
)
from lotline.lib.text import shorten

from .context import EventContext
from .errors import LedgerError

CREATING_KINDS = {EventKind.RECEIVE, EventKind.PRODUCE, EventKind.SPLIT, EventKind.MERGE}


@dataclass(frozen=True)
class LineSpec:
    """A signed quantity of a lot at a location, in the item's base unit (None location: status lines)."""

    lot: Lot
    quantity: Decimal
    location: Location | None
    # The bucket the quantity counts in; a correction's lines carry the kind they reverse, so sums per kind
    # (consumed, shipped, scrapped…) net out without looking at corrections separately.
    kind: str | None = None
    direction: int | None = None  # defaults to the quantity's sign; corrections pass the reversed line's


@dataclass
class Recorded:
    """What a service did: the event, the lots it created (or touched), and whether it was new."""

    event: Event
    lots: list[Lot] = field(default_factory=list)
    created: bool = True

    @property
    def lot(self) -> Lot:
        return self.lots[0]


def base_quantity(item: Item, amount: object, unit: str | None, *, field_name: str = "quantity") -> Decimal:
    """The amount in the item's base unit; refuses zero, negative, non-numbers and unit mismatches."""
    # Two steps, two codes: reading the number, then converting the unit. (Telling them apart by the
    # error's text called "5 units" a unit mismatch.)
    try:
        value = parse_decimal(amount)
    except QuantityError as exc:
        readable = isinstance(amount, Decimal) and amount.is_finite() and amount.adjusted() < 40
        shown = shorten(format_amount(amount) if readable else amount)  # 1E+999999999 is not written out
        message = (
            _("%(value)s is far too large for a quantity.")
            if exc.too_large
            else _("%(value)s is not a quantity.")
        )
        raise LedgerError("bad_quantity", message % {"value": shown}, field=field_name) from None
    try:
        quantity = Quantity(value, unit or item.unit).to(item.unit)
    except QuantityError:
        message = _("%(item)s is counted in %(unit)s, not %(given)s.") % {
            "item": item.code,
            "unit": item.unit,
            "given": unit,
        }
        raise LedgerError("unit_mismatch", message, field="unit") from None
    if value <= 0:
        raise LedgerError("bad_quantity", _("The quantity must be more than zero."), field=field_name)
    exact = value * UNITS[unit or item.unit][1] / UNITS[item.unit][1]
    if value.as_tuple().exponent < -6 or quantity.amount != exact:  # type: ignore[operator]
        # Never rounded silently: 0.0015 g would be booked as 0.000002 kg.
        raise LedgerError(
            "bad_quantity",
            _("%(item)s is booked in %(unit)s with at most six decimal places; %(value)s is finer than that.")
            % {"item": item.code, "unit": item.unit, "value": format_amount(value)},
            field=field_name,
        )
    if quantity.amount > LARGEST:
        raise LedgerError(
            "bad_quantity",
            _("%(value)s %(unit)s is more than one booking can hold (at most %(largest)s %(unit)s).")
            % {"value": format_amount(quantity.amount), "unit": item.unit, "largest": f"{LARGEST:,}"},
            field=field_name,
        )
    if unit_dimension(item.unit) == "count" and quantity.amount != quantity.amount.to_integral_value():
        raise LedgerError(
            "bad_quantity",
            _("%(item)s is counted in whole %(unit)s; %(value)s is not a whole number.")
            % {"item": item.code, "unit": item.unit, "value": format_amount(quantity.amount)},
            field=field_name,
        )
    return quantity.amount


def fingerprint_of(kind: str, request: dict[str, Any]) -> str:
    canonical = json.dumps({"kind": kind, **request}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    kind: str, ctx: EventContext, request: dict[str, Any], write: Callable[[str], Recorded]
) -> Recorded:
    """Run ``write`` in one transaction, unless this event id was already recorded.

    The same event id with the same request returns the first result and writes nothing; the same id with a
    different request is refused (a client bug we must not paper over).
    """
    request = dict(request)
    if ctx.occurred_at is not None:
        request["occurred_at"] = ctx.occurred_at.isoformat()
    fingerprint = fingerprint_of(kind, request)
    if ctx.uid is not None:
        existing = Event.objects.filter(uid=ctx.uid).first()
        if existing is not None:
            return replay(existing, fingerprint)
    try:
        with transaction.atomic():
            return write(fingerprint)
    except (IntegrityError, LedgerError):
        # Two devices (or two tabs) sending the same queued event at the same moment: the loser's write
        # fails — on the event id, or earlier on what the winner changed (the lot number is taken, the
        # stock is gone) — and then reads the winner's result.
        if ctx.uid is not None:
            existing = Event.objects.filter(uid=ctx.uid).first()
            if existing is not None:
                return replay(existing, fingerprint)
        raise


def replay(event: Event, fingerprint: str) -> Recorded:
    if event.fingerprint != fingerprint:
        raise LedgerError(
            "event_id_reused",
            _("Event id %(uid)s was already used for a different %(kind)s event.")
            % {"uid": event.uid, "kind": event.get_kind_display()},
            field="event_id",
        )
    return Recorded(event=event, lots=lots_of(event), created=False)


def lots_of(event: Event) -> list[Lot]:
    lines = event.lines.select_related("lot__item").order_by("id")
    if event.kind in CREATING_KINDS:
        lines = lines.filter(quantity__gt=0)
    seen: dict[int, Lot] = {}
    for line in lines:
        seen.setdefault(line.lot_id, line.lot)
    return list(seen.values())


def append_event(
    kind: str, ctx: EventContext, fingerprint: str, lines: list[LineSpec], **fields: Any
) -> Event:
    """Write one event with its lines and move the stock projection. Call inside ``record``'s transaction."""
    user = ctx.user if ctx.user is not None and ctx.user.is_authenticated else None
    event = Event.objects.create(
        uid=ctx.uid or uuid.uuid4(),
        kind=kind,
        occurred_at=ctx.when,
        recorded_at=ctx.recorded_at,
        user=user,
        site=ctx.site,
        location=fields.pop("location", ctx.location),
        machine=fields.pop("machine", ctx.machine),
        work_order=fields.pop("work_order", ctx.work_order),
        fingerprint=fingerprint,
        **fields,
    )
    EventLine.objects.bulk_create(
        [
            EventLine(
                event=event,
                lot=line.lot,
                location=line.location,
                quantity=line.quantity,
                unit=line.lot.item.unit,
                kind=line.kind or kind,
                shipment=event.shipment,
                direction=line.direction
                if line.direction is not None
                else (line.quantity > 0) - (line.quantity < 0),
            )
            for line in lines
        ]
    )
    for line in lines:
        if line.location is not None and line.quantity != 0:
            move_balance(line.lot, line.location, line.quantity)
    return event


def move_balance(lot: Lot, location: Location, delta: Decimal) -> None:
    """Add ``delta`` to the lot's balance at the location, refusing to go below zero.

    The new balance is computed here and written as a value, not as ``quantity + delta`` in SQL: SQLite
    stores decimal columns as REAL, and repeated SQL additions would drift (0.1 + 0.2 ≠ 0.3).
    """
    balance = StockBalance.objects.select_for_update().filter(lot=lot, location=location).first()
    on_hand = balance.quantity if balance else Decimal(0)
    if on_hand + delta < 0:
        raise LedgerError(
            "insufficient_stock",
            _("Lot %(lot)s has only %(qty)s %(unit)s at %(location)s; %(wanted)s %(unit)s asked for.")
            % {
                "lot": lot.number,
                "qty": format_amount(on_hand),
                "unit": lot.item.unit,
                "location": location.code,
                "wanted": format_amount(-delta),
            },
            field="quantity",
        )
    if balance is None:
        StockBalance.objects.create(lot=lot, location=location, quantity=delta)
    else:
        StockBalance.objects.filter(pk=balance.pk).update(quantity=on_hand + delta)


def on_hand(lot: Lot, location: Location | None = None) -> Decimal:
    """The lot's stock, everywhere or at one location."""
    balances = StockBalance.objects.filter(lot=lot)
    if location is not None:
        balances = balances.filter(location=location)
    return sum((b.quantity for b in balances), Decimal(0))


def take_from_locations(lot: Lot, quantity: Decimal, location: Location | None) -> list[LineSpec]:
    """Outgoing lines for ``quantity`` of a lot: from the given location, or from where it lies.

    Without a location the largest balances are used first, so an operator who scans a coil need not know
    which rack it was put on.
    """
    if location is not None:
        return [LineSpec(lot, -quantity, location)]
    return allocate(lot, quantity, balances_of(lot))


def balances_of(lot: Lot) -> list[tuple[Location, Decimal]]:
    """Where the lot lies, largest balance first, locked for this transaction."""
    balances = (
        StockBalance.objects.select_for_update()
        .filter(lot=lot, quantity__gt=0)
        .select_related("location")
        .order_by("-quantity", "location__code")
    )
    return [(b.location, b.quantity) for b in balances]


def allocate(lot: Lot, quantity: Decimal, balances: list[tuple[Location, Decimal]]) -> list[LineSpec]:
    """Outgoing lines taking ``quantity`` from ``balances`` (largest first, as given); refuses a shortfall."""
    total = Decimal(0)
    for _location, on_hand in balances:  # a loop, not sum(genexpr): an import calls this per row
        total += on_hand
    if total < quantity:
        raise LedgerError(
            "insufficient_stock",
            _("Lot %(lot)s has only %(qty)s %(unit)s on hand; %(wanted)s %(unit)s asked for.")
            % {
                "lot": lot.number,
                "qty": format_amount(total),
                "unit": lot.item.unit,
                "wanted": format_amount(quantity),
            },
            field="quantity",
        )
    lines: list[LineSpec] = []
    remaining = quantity
    for location, on_hand in balances:
        if remaining <= 0:
            break
        take = min(on_hand, remaining)
        lines.append(LineSpec(lot, -take, location))
        remaining -= take
    return lines
