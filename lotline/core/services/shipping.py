"""Shipping lots to a customer under one document number."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.utils.translation import gettext as _

from lotline.core.models import EventKind, Location, Lot, Party, Shipment

from .context import EventContext
from .errors import LedgerError
from .ledger import LineSpec, Recorded, append_event, base_quantity, record, take_from_locations
from .lots import find_lot, lock_usable
from .text import fitting


def refuse_other_customers_document(shipment: Shipment | None, customer: Party) -> None:
    """A document number already used for a shipment to another customer is refused (the floor asks this
    before the first scan, the service again when it writes)."""
    if shipment is not None and shipment.customer_id != customer.pk:
        raise LedgerError(
            "document_used",
            # The name is not the last word: one ending in "." (… Sp. z o.o.) would end in "..".
            _("Document %(doc)s is already a shipment to %(customer)s — check the document number.")
            % {"doc": shipment.number, "customer": shipment.customer},
            field="document",
        )


@contextmanager
def line_named(index: int) -> Iterator[None]:
    """A refusal raised inside is marked as about line ``index`` (LedgerError.line), so an edge can name
    it ("lines[1].quantity") where a single field would be ambiguous."""
    try:
        yield
    except LedgerError as exc:
        if exc.line is None:
            exc.line = index
        raise


def ship(
    ctx: EventContext,
    *,
    customer: Party,
    document: str,
    lines: list[tuple[Lot | str, object]],
    location: Location | None = None,
) -> Recorded:
    """Ship lots; the shipment is created with its first lines and may take more under the same document."""
    document = fitting(document, Shipment, "number", field="document")
    if not document:
        raise LedgerError("missing_document", _("Enter the shipping document number."), field="document")
    if not customer.is_customer:
        raise LedgerError(
            "not_a_customer", _("%(party)s is not a customer.") % {"party": customer}, field="customer"
        )
    if not lines:
        raise LedgerError("no_lines", _("Scan at least one lot to ship."), field="lines")
    wanted: list[tuple[Lot, Decimal]] = []
    for index, (ref, quantity) in enumerate(lines):
        lot = find_lot(ref, field=f"lines[{index}].lot")
        wanted.append((lot, base_quantity(lot.item, quantity, None, field_name=f"lines[{index}].quantity")))
    request = {
        "customer": customer.code,
        "document": document,
        "lines": [(lot.number, str(q)) for lot, q in wanted],
        "location": location.pk if location else None,
    }

    def write(fingerprint: str) -> Recorded:
        for index, (lot, _quantity) in enumerate(wanted):  # after the replay, under the lot's lock
            with line_named(index):
                lock_usable(lot, ctx, action="ship")
        shipment, _created = Shipment.objects.get_or_create(
            number=document, defaults={"customer": customer, "site": ctx.site, "shipped_at": ctx.when}
        )
        refuse_other_customers_document(shipment, customer)
        if shipment.site_id != ctx.site.pk:
            # A document is one dispatch from one site; lines from two sites would split it silently.
            raise LedgerError(
                "wrong_site",
                _("Document %(doc)s was shipped from another site; use a new document number.")
                % {"doc": document},
                field="document",
            )
        specs: list[LineSpec] = []
        for index, (lot, quantity) in enumerate(wanted):
            with line_named(index):
                specs += take_from_locations(lot, quantity, location)
        event = append_event(EventKind.SHIP, ctx, fingerprint, specs, shipment=shipment)
        return Recorded(event, [lot for lot, _q in wanted])

    return record(EventKind.SHIP, ctx, request, write)
