"""Receiving raw material: a supplier's lot on a delivery becomes one of our lots."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from lotline.core.models import Delivery, EventKind, Item, Lot, Party

from .context import EventContext
from .errors import LedgerError
from .ledger import LineSpec, Recorded, append_event, base_quantity, record
from .lots import create_lot
from .text import fitting


def receive(
    ctx: EventContext,
    *,
    item: Item,
    quantity: object,
    unit: str | None = None,
    supplier: Party,
    supplier_lot: str,
    delivery_ref: str,
    expires_on: date | None = None,
    lot_number: str | None = None,
) -> Recorded:
    """Record a received lot; the delivery (supplier + delivery note) is created on its first lot."""
    amount = base_quantity(item, quantity, unit)
    supplier_lot = fitting(supplier_lot, Lot, "supplier_lot")
    delivery_ref = fitting(delivery_ref, Delivery, "reference", field="delivery_ref")
    if not supplier.is_supplier:
        raise LedgerError(
            "not_a_supplier", _("%(party)s is not a supplier.") % {"party": supplier}, field="supplier"
        )
    if not supplier_lot:
        raise LedgerError("missing_supplier_lot", _("Enter the supplier's lot number."), field="supplier_lot")
    if not delivery_ref:
        raise LedgerError("missing_delivery", _("Enter the delivery note number."), field="delivery_ref")
    request = {
        "item": item.code,
        "quantity": str(amount),
        "supplier": supplier.code,
        "supplier_lot": supplier_lot,
        "delivery_ref": delivery_ref,
        "expires_on": expires_on,
        "lot_number": lot_number,
        "location": ctx.location.pk if ctx.location else None,
    }

    def write(fingerprint: str) -> Recorded:
        delivery, _created = Delivery.objects.get_or_create(
            supplier=supplier, reference=delivery_ref, defaults={"site": ctx.site, "received_at": ctx.when}
        )
        if delivery.site_id != ctx.site.pk:
            raise LedgerError(
                "wrong_site",
                _("Delivery %(ref)s was received at another site.") % {"ref": delivery_ref},
                field="delivery_ref",
            )
        lot = create_lot(
            ctx,
            item,
            origin=Lot.Origin.RECEIVED,
            number=lot_number,
            expires_on=expires_on,
            supplier=supplier,
            supplier_lot=supplier_lot,
            delivery=delivery,
        )
        location = ctx.default_location()
        event = append_event(
            EventKind.RECEIVE,
            ctx,
            fingerprint,
            [LineSpec(lot, amount, location)],
            delivery=delivery,
            location=location,
        )
        return Recorded(event, [lot])

    return record(EventKind.RECEIVE, ctx, request, write)
