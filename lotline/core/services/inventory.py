"""Stock-keeping events: split, merge, move, adjust and scrap."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from lotline.core.models import Event, EventKind, GenealogyLink, Location, Lot
from lotline.lib.quantities import parse_decimal

from .context import EventContext
from .errors import LedgerError
from .ledger import LineSpec, Recorded, append_event, base_quantity, on_hand, record, take_from_locations
from .lots import check_existed, check_here, create_lot, find_lot, lock_usable
from .text import fitting


def split(
    ctx: EventContext,
    *,
    lot: Lot | str,
    quantity: object,
    location: Location | None = None,
    lot_number: str | None = None,
) -> Recorded:
    """Split part of a lot off into a new lot of the same item (same supplier data, same expiry).

    ``lot_number`` names the new lot (a pre-printed label, a partner's number read from EPCIS); by default
    it draws the item's next number."""
    source = find_lot(lot)
    amount = base_quantity(source.item, quantity, None)
    request = {"lot": source.number, "quantity": str(amount), "location": location.pk if location else None}
    if lot_number:  # only when given, so requests without one keep their fingerprint
        request["lot_number"] = lot_number

    def write(fingerprint: str) -> Recorded:
        lock_usable(source, ctx, action="split")
        taken = take_from_locations(source, amount, location)
        child = create_lot(
            ctx,
            source.item,
            origin=Lot.Origin.SPLIT,
            number=lot_number,
            expires_on=source.expires_on,
            supplier=source.supplier,
            supplier_lot=source.supplier_lot,
            delivery=source.delivery,
        )
        lines = taken + [LineSpec(child, -t.quantity, ctx.location or t.location) for t in taken]
        event = append_event(EventKind.SPLIT, ctx, fingerprint, lines)
        GenealogyLink.objects.create(
            parent=source,
            child=child,
            quantity=amount,
            unit=source.item.unit,
            event=event,
            basis=GenealogyLink.Basis.EXPLICIT,
        )
        return Recorded(event, [child])

    return record(EventKind.SPLIT, ctx, request, write)


def merge(
    ctx: EventContext,
    *,
    lots: list[Lot | str],
    location: Location | None = None,
    lot_number: str | None = None,
) -> Recorded:
    """Merge whole lots of one item into a new lot (named ``lot_number``, else the item's next number); it
    expires with the earliest of them."""
    sources = [find_lot(ref, field=f"lots[{i}]") for i, ref in enumerate(lots)]
    if len({s.pk for s in sources}) < 2 or len(sources) != len({s.pk for s in sources}):
        raise LedgerError("bad_merge", _("Merge needs two or more different lots."), field="lots")
    if len({s.item_id for s in sources}) > 1:
        raise LedgerError("wrong_item", _("Only lots of the same item can be merged."), field="lots")
    request = {"lots": [s.number for s in sources], "location": location.pk if location else None}
    if lot_number:
        request["lot_number"] = lot_number

    def write(fingerprint: str) -> Recorded:
        for source in sources:
            lock_usable(source, ctx, action="merge")
        amounts = {s.pk: on_hand(s) for s in sources}
        for s in sources:
            if amounts[s.pk] <= 0:
                raise LedgerError(
                    "insufficient_stock", _("Lot %(lot)s has nothing on hand.") % {"lot": s.number}
                )
        expiries = [s.expires_on for s in sources if s.expires_on]
        item = sources[0].item
        merged = create_lot(
            ctx,
            item,
            origin=Lot.Origin.MERGED,
            number=lot_number,
            expires_on=min(expiries) if expiries else None,
        )
        target = location or ctx.default_location()
        lines = [line for s in sources for line in take_from_locations(s, amounts[s.pk], None)]
        lines.append(LineSpec(merged, sum(amounts.values(), Decimal(0)), target))
        event = append_event(EventKind.MERGE, ctx, fingerprint, lines, location=target)
        GenealogyLink.objects.bulk_create(
            GenealogyLink(
                parent=s,
                child=merged,
                quantity=amounts[s.pk],
                unit=item.unit,
                event=event,
                basis=GenealogyLink.Basis.EXPLICIT,
            )
            for s in sources
        )
        return Recorded(event, [merged])

    return record(EventKind.MERGE, ctx, request, write)


def move(
    ctx: EventContext,
    *,
    lot: Lot | str,
    to_location: Location,
    quantity: object | None = None,
    from_location: Location | None = None,
) -> Recorded:
    """Move stock of a lot to another location (all of it when no quantity is given)."""
    source = find_lot(lot)
    if to_location.site_id != ctx.site.pk:
        raise LedgerError("wrong_site", _("That location is at another site."), field="to_location")
    given = None if quantity is None else base_quantity(source.item, quantity, None)
    # "All of it" is part of the request as asked, not as the amount it came to: a resent move-all must
    # replay, not be refused because the stock has moved since.
    request = {
        "lot": source.number,
        "to": to_location.pk,
        "quantity": "all" if given is None else str(given),
        "from": from_location.pk if from_location else None,
    }

    def write(fingerprint: str) -> Recorded:
        check_here(source, ctx)
        check_existed(source, ctx)
        amount = given if given is not None else on_hand(source, from_location)
        if amount <= 0:
            message = _("Lot %(lot)s has nothing on hand.") % {"lot": source.number}
            raise LedgerError("insufficient_stock", message)
        taken = take_from_locations(source, amount, from_location)
        lines = taken + [LineSpec(source, amount, to_location)]
        event = append_event(EventKind.MOVE, ctx, fingerprint, lines, location=to_location)
        return Recorded(event, [source])

    return record(EventKind.MOVE, ctx, request, write)


def adjust(
    ctx: EventContext, *, lot: Lot | str, delta: object, reason: str, location: Location | None = None
) -> Recorded:
    """Correct a stock count (+ found, − missing); the reason is required and kept."""
    target = find_lot(lot)
    require_reason(reason)
    try:
        signed = parse_decimal(delta)
    except ValueError as exc:
        raise LedgerError("bad_quantity", str(exc), field="delta") from None
    amount = base_quantity(target.item, abs(signed), None, field_name="delta")
    request = {
        "lot": target.number,
        "delta": str(signed),
        "reason": reason,
        "location": location.pk if location else None,
    }

    def write(fingerprint: str) -> Recorded:
        check_here(target, ctx)
        check_existed(target, ctx)
        if signed < 0:
            lines = take_from_locations(target, amount, location)
        else:
            lines = [LineSpec(target, amount, location or ctx.default_location())]
        event = append_event(EventKind.ADJUST, ctx, fingerprint, lines, reason=reason)
        return Recorded(event, [target])

    return record(EventKind.ADJUST, ctx, request, write)


def scrap(
    ctx: EventContext, *, lot: Lot | str, quantity: object, reason: str, location: Location | None = None
) -> Recorded:
    """Scrap part or all of a lot; held lots may be scrapped (that is often why they were held)."""
    target = find_lot(lot)
    require_reason(reason)
    amount = base_quantity(target.item, quantity, None)
    request = {
        "lot": target.number,
        "quantity": str(amount),
        "reason": reason,
        "location": location.pk if location else None,
    }

    def write(fingerprint: str) -> Recorded:
        check_here(target, ctx)
        check_existed(target, ctx)
        lines = take_from_locations(target, amount, location)
        event = append_event(
            EventKind.SCRAP, ctx, fingerprint, lines, reason=reason, work_order=ctx.work_order
        )
        return Recorded(event, [target])

    return record(EventKind.SCRAP, ctx, request, write)


def require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise LedgerError(
            "missing_reason", _("Say why (the reason is kept with the record)."), field="reason"
        )
    fitting(reason, Event, "reason")
