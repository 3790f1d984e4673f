"""FDA FSMA 204 (21 CFR 1 subpart S): Key Data Elements of Critical Tracking Events, for food items (pure).

Critical Tracking Events lotline records: receiving (§1.1345), transformation (§1.1350: production, and
splits and merges, which give part of a lot or several lots a new traceability lot code) and shipping
(§1.1340). Each becomes one row per lot in the FDA's "electronic sortable spreadsheet" (§1.1455(c)(3)(ii)).

The traceability lot code (TLC) is the code the lot travels under: for a received lot the supplier's lot
code (the receiver keeps the TLC it was given), for a lot made here our lot number — and its *source* is
where that code was assigned (the supplier, or our site). Missing KDEs are listed per row; an auditor asks
for exactly that list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .epcis_model import LedgerEvent, LotRef

EVENT_TYPES = {
    "receive": "Receiving",
    "produce": "Transformation",
    "split": "Transformation",  # a new traceability lot code from part of a lot (§1.1350, repacking)
    "merge": "Transformation",  # a new traceability lot code from several lots (commingling)
    "ship": "Shipping",
}
KINDS = tuple(EVENT_TYPES)
# The record a split or merge is kept under: the ledger event itself (there is no paper document).
REPACKING_DOCUMENTS = {"split": "Lot split record", "merge": "Lot merge record"}

HEADER = (
    "event_type",
    "traceability_lot_code",
    "tlc_source",
    "tlc_source_address",
    "product_code",
    "product_description",
    "quantity",
    "unit",
    "location",
    "location_address",
    "previous_source",
    "next_recipient",
    "counterparty_address",
    "event_date",
    "reference_document_type",
    "reference_document_number",
    "input_traceability_lot_codes",
    "internal_lot_number",
)

# KDEs each CTE must carry (names as in HEADER); "counterparty" is the previous source or next recipient.
REQUIRED = {
    "Receiving": (
        "traceability_lot_code",
        "tlc_source",
        "tlc_source_address",
        "product_description",
        "quantity",
        "unit",
        "location",
        "location_address",
        "previous_source",
        "counterparty_address",
        "event_date",
        "reference_document_type",
        "reference_document_number",
    ),
    "Transformation": (
        "traceability_lot_code",
        "tlc_source",
        "tlc_source_address",
        "product_description",
        "quantity",
        "unit",
        "location",
        "location_address",
        "event_date",
        "reference_document_type",
        "reference_document_number",
        "input_traceability_lot_codes",
    ),
    "Shipping": (
        "traceability_lot_code",
        "tlc_source",
        "tlc_source_address",
        "product_description",
        "quantity",
        "unit",
        "location",
        "location_address",
        "next_recipient",
        "counterparty_address",
        "event_date",
        "reference_document_type",
        "reference_document_number",
    ),
}


@dataclass
class KdeRow:
    """One lot in one Critical Tracking Event, with its Key Data Elements."""

    values: dict[str, object]
    missing: list[str] = field(default_factory=list)

    def as_list(self) -> list[object]:
        return [self.values.get(name, "") for name in HEADER]


@dataclass(frozen=True)
class Gap:
    event_type: str
    lot: str
    event_date: str
    missing: tuple[str, ...]


def tlc(lot: LotRef) -> str:
    return lot.supplier_lot if lot.origin == "received" and lot.supplier_lot else lot.number


def _summed(lines, sign: int) -> dict[str, tuple[LotRef, Decimal]]:
    totals: dict[str, tuple[LotRef, Decimal]] = {}
    for line in lines:
        if (line.quantity > 0) == (sign > 0) and line.quantity != 0:
            lot, total = totals.get(line.lot.number, (line.lot, Decimal(0)))
            totals[line.lot.number] = (lot, total + abs(line.quantity))
    return totals


def _local_date(moment: datetime, offset: str) -> str:
    sign = 1 if offset.startswith("+") else -1
    hours, minutes = offset[1:].split(":")
    from datetime import timedelta, timezone

    return (
        moment.astimezone(timezone(sign * timedelta(hours=int(hours), minutes=int(minutes))))
        .date()
        .isoformat()
    )


def kde_rows(events: list[LedgerEvent], product_code: str | None = None) -> list[KdeRow]:
    """Rows for the food lots in receiving, transformation and shipping events (corrected events left out)."""
    rows: list[KdeRow] = []
    for event in events:
        event_type = EVENT_TYPES.get(event.kind)
        if event_type is None or event.corrected_by is not None:
            continue
        common = {
            "event_type": event_type,
            "location": event.site_name or event.site_code,
            "location_address": event.site_address,
            "event_date": _local_date(event.occurred_at, event.tz_offset),
        }
        if event.kind in REPACKING_DOCUMENTS:
            inputs = _summed(event.lines, -1)
            outputs = _summed(event.lines, 1)
            touches = {lot.item_code for lot, _q in [*inputs.values(), *outputs.values()]}
            if product_code and product_code not in touches:
                continue
            lots = outputs
            extra = {
                "reference_document_type": REPACKING_DOCUMENTS[event.kind],
                "reference_document_number": event.uid,
                "input_traceability_lot_codes": "; ".join(tlc(lot) for lot, _q in inputs.values()),
            }
        elif event.kind == "produce":
            inputs = _summed([li for li in event.lines if li.kind == "consume"], -1)
            outputs = _summed([li for li in event.lines if li.kind == "produce"], 1)
            touches = {lot.item_code for lot, _q in [*inputs.values(), *outputs.values()]}
            if product_code and product_code not in touches:
                continue
            lots = outputs
            extra = {
                "reference_document_type": "Work order",
                "reference_document_number": event.work_order,
                # Inputs recorded with the output are listed; a work-order-rule output lists its inputs
                # in the trace instead (the spreadsheet cannot say which of them went in).
                "input_traceability_lot_codes": "; ".join(tlc(lot) for lot, _q in inputs.values())
                or ("(work order " + event.work_order + ")" if event.work_order else ""),
            }
        elif event.kind == "receive":
            lots = _summed(event.lines, 1)
            supplier = event.supplier
            extra = {
                "previous_source": supplier.name if supplier else "",
                "counterparty_address": supplier.address if supplier else "",
                "reference_document_type": "Delivery note",
                "reference_document_number": event.delivery_ref,
            }
        else:
            lots = _summed(event.lines, -1)
            customer = event.customer
            extra = {
                "next_recipient": customer.name if customer else "",
                "counterparty_address": customer.address if customer else "",
                "reference_document_type": "Despatch advice",
                "reference_document_number": event.shipment,
            }
        for lot, quantity in lots.values():
            if not lot.is_food or (
                product_code and event_type != "Transformation" and lot.item_code != product_code
            ):
                continue
            values = {
                **common,
                **extra,
                "traceability_lot_code": tlc(lot),
                "tlc_source": lot.source_name,
                "tlc_source_address": lot.source_address,
                "product_code": lot.item_code,
                "product_description": lot.item_name,
                "quantity": quantity,
                "unit": lot.unit,
                "internal_lot_number": lot.number,
            }
            missing = [name for name in REQUIRED[event_type] if values.get(name) in (None, "")]
            rows.append(KdeRow(values, missing))
    return rows  # in ledger order; the reader sorts (that is what "sortable" asks for)


def completeness(rows: list[KdeRow]) -> list[Gap]:
    """Every row that lacks a KDE, and which ones — empty when the records are complete."""
    return [
        Gap(
            str(r.values["event_type"]),
            str(r.values["internal_lot_number"]),
            str(r.values["event_date"]),
            tuple(r.missing),
        )
        for r in rows
        if r.missing
    ]
