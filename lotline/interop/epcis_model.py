"""EPCIS 2.0 events as plain dataclasses, and the mapping from ledger events to them (pure: no Django).

Two sets of dataclasses live here:
- ``LedgerEvent`` and friends: a ledger event as lotline recorded it, read by ``ledger_source`` (the only
  Django-side piece) so that this mapping and ``fsma`` can be tested without a database;
- ``EpcisEvent`` and friends: an EPCIS event in the standard's own terms, which ``epcis_json`` and
  ``epcis_xml`` write and read. Import parses a partner's document into these too.

How ledger events map (CBV 2.0 vocabulary):
- receive → ObjectEvent ADD, bizStep receiving, source = supplier, destination = our site, bizTransaction
  ``desadv`` = delivery note, ILMD = expiry and the supplier's lot;
- consume → TransformationEvent with inputs only, transformationID = the work order;
- produce → TransformationEvent with outputs (and the inputs named with it), bizTransaction ``prodorder``.
  An output recorded *without* named inputs carries the work order as transformationID, so a reader links
  it to every input of that work order — EPCIS's transformationID rule, which is the conservative superset
  of our time-based link rule (lotline keeps "consumed after this output" out; EPCIS cannot say that).
  An output recorded *with* named inputs has no transformationID: its event alone says what went in;
- ship → ObjectEvent OBSERVE, bizStep shipping, disposition in_transit, destination = the customer;
- split/merge → TransformationEvent (repackaging); move → ObjectEvent storing; adjust → cycle_counting
  with ``lotline:adjustment`` increase/decrease;
  scrap → ObjectEvent DELETE destroying; hold → ObjectEvent holding (non_sellable_other, or recalled);
  release → ObjectEvent inspecting (conformant);
- correct → the corrected event again, same eventID, with an ``errorDeclaration`` (EPCIS 2.0 §7.4.1.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote, unquote

from lotline.lib.quantities import UNITS, cefact_code

DEFAULT_ID_DOMAIN = "https://id.lotline.example"
# Holds and releases (CBV 2.0): a hold is bizStep holding, disposition non_sellable_other (recalled for a
# recall); a release is bizStep inspecting, disposition conformant — the lots passed and are usable again.
HOLD_STEP, HOLD_DISPOSITION = "holding", "non_sellable_other"
RELEASE_STEP, RELEASE_DISPOSITION = "inspecting", "conformant"
GS1_RESOLVER = "https://id.gs1.org"
LOTLINE_NS = "https://ns.lotline.example/epcis/"  # our ILMD / extension terms, prefix "lotline"


# --- the ledger side -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LotRef:
    """A lot as the outside world needs to name it."""

    number: str
    item_code: str
    item_name: str
    unit: str
    gtin: str = ""
    supplier_lot: str = ""
    expires_on: date | None = None
    is_food: bool = False
    origin: str = ""
    # Where the lot code was assigned (FSMA 204 "traceability lot code source"): the supplier for a
    # received lot (its code is the supplier's lot), our site for a lot we made.
    source_name: str = ""
    source_address: str = ""


@dataclass(frozen=True)
class LedgerLine:
    """One lot's signed quantity in an event, in the item's base unit; ``kind`` is the bucket it counts in."""

    lot: LotRef
    quantity: Decimal
    kind: str
    location: str = ""


@dataclass(frozen=True)
class PartyRef:
    code: str
    name: str
    gln: str = ""
    address: str = ""


@dataclass(frozen=True)
class LedgerEvent:
    """A recorded ledger event with everything an exchange format needs, resolved to names."""

    uid: str
    kind: str
    occurred_at: datetime
    recorded_at: datetime
    tz_offset: str  # "+01:00": the site's offset at occurred_at
    site_code: str
    site_name: str = ""
    site_gln: str = ""
    site_address: str = ""
    location: str = ""
    machine: str = ""
    work_order: str = ""
    explicit_inputs: bool = False  # produce: the inputs were named with the output
    delivery_ref: str = ""
    supplier: PartyRef | None = None
    customer: PartyRef | None = None
    shipment: str = ""
    new_status: str = ""
    reason: str = ""
    corrected_by: LedgerEvent | None = None  # the correction event that reversed this one
    lines: tuple[LedgerLine, ...] = ()


# --- the EPCIS side --------------------------------------------------------------------------------------


@dataclass
class QuantityElement:
    epc_class: str
    quantity: Decimal | None = None
    uom: str | None = None  # UN/CEFACT Rec 20; none means pieces


@dataclass
class ErrorDeclaration:
    declaration_time: datetime
    reason: str = "incorrect_data"
    corrective_event_ids: list[str] = field(default_factory=list)
    note: str = ""  # our free-text reason, as lotline:reason


@dataclass
class EpcisEvent:
    """An ObjectEvent or TransformationEvent, with the fields lotline writes and reads."""

    type: str
    event_time: datetime
    tz_offset: str
    event_id: str = ""
    record_time: datetime | None = None
    action: str | None = None  # ObjectEvent only
    biz_step: str | None = None  # CBV bare word ("receiving") or a URI
    disposition: str | None = None
    read_point: str | None = None
    biz_location: str | None = None
    biz_transactions: list[tuple[str, str]] = field(default_factory=list)  # (type, id)
    quantity_list: list[QuantityElement] = field(default_factory=list)
    input_quantity_list: list[QuantityElement] = field(default_factory=list)
    output_quantity_list: list[QuantityElement] = field(default_factory=list)
    transformation_id: str | None = None
    sources: list[tuple[str, str]] = field(default_factory=list)  # (type, id)
    destinations: list[tuple[str, str]] = field(default_factory=list)
    ilmd: dict[str, str] = field(default_factory=dict)  # "cbvmda:itemExpirationDate" → "2026-05-01"
    error_declaration: ErrorDeclaration | None = None
    # Our own event-level extension fields ("lotline:reason", "lotline:status"), written last.
    extensions: dict[str, str] = field(default_factory=dict)


# --- identifiers -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdScheme:
    """How lots, places, parties and orders are named in EPCIS.

    A lot of an item with a GTIN is a GS1 Digital Link class URI ``https://id.gs1.org/01/<gtin>/10/<lot>``
    (valid as an EPCIS 2.0 epcClass; we do not use ``urn:epc:class:lgtin`` because it needs the GS1 company
    prefix length, which lotline does not store). Without a GTIN, a lot is an HTTP URI under our own domain,
    ``<domain>/item/<item code>/lot/<lot number>`` — the item code is in the URI because lot numbers are
    unique here but an importer must also know what the lot is. Sites, locations and parties with a GLN use
    GS1 Digital Link (414 / 417); without, ``<domain>/site/<code>``, ``<domain>/party/<code>``.
    """

    domain: str = DEFAULT_ID_DOMAIN

    def lot_class(self, lot: LotRef) -> str:
        if lot.gtin:
            return f"{GS1_RESOLVER}/01/{lot.gtin.zfill(14)}/10/{quote(lot.number, safe='')}"
        return f"{self.domain}/item/{quote(lot.item_code, safe='')}/lot/{quote(lot.number, safe='')}"

    def site(self, code: str, gln: str = "") -> str:
        return f"{GS1_RESOLVER}/414/{gln}" if gln else f"{self.domain}/site/{quote(code, safe='')}"

    def location(self, site_code: str, code: str) -> str:
        return f"{self.domain}/site/{quote(site_code, safe='')}/location/{quote(code, safe='')}"

    def party(self, party: PartyRef) -> str:
        return (
            f"{GS1_RESOLVER}/417/{party.gln}"
            if party.gln
            else f"{self.domain}/party/{quote(party.code, safe='')}"
        )

    def work_order(self, number: str) -> str:
        return f"{self.domain}/work-order/{quote(number, safe='')}"

    def document(self, kind: str, number: str) -> str:
        return f"{self.domain}/{kind}/{quote(number, safe='')}"


@dataclass(frozen=True)
class ClassId:
    """What an epcClass names: a lot number, and the GTIN or item code of its item."""

    lot: str
    gtin: str = ""
    item_code: str = ""


def parse_class_id(uri: str) -> ClassId | None:
    """Read an LGTIN URN, a Digital Link (any resolver domain) or our own item/lot URI; None if neither.

    ``urn:epc:class:lgtin:4012345.012345.998877``: company prefix 4012345, indicator 0 + item ref 12345 —
    GTIN-14 = indicator + prefix + item ref + check digit.
    """
    if uri.startswith("urn:epc:class:lgtin:"):
        parts = uri[len("urn:epc:class:lgtin:") :].split(".", 2)
        if len(parts) != 3 or not (parts[0] + parts[1]).isdigit() or len(parts[0] + parts[1]) != 13:
            return None
        body = parts[1][0] + parts[0] + parts[1][1:]
        return ClassId(lot=unquote(parts[2]), gtin=body + gtin_check_digit(body))
    segments = uri.split("?", 1)[0].split("/")
    if "01" in segments and "10" in segments:
        at = segments.index("01")
        lot_at = segments.index("10")
        if lot_at == at + 2 and len(segments) > lot_at + 1 and segments[at + 1].isdigit():
            return ClassId(lot=unquote(segments[lot_at + 1]), gtin=segments[at + 1].zfill(14))
    if "item" in segments and "lot" in segments:
        at = segments.index("item")
        if len(segments) == at + 4 and segments[at + 2] == "lot":
            return ClassId(lot=unquote(segments[at + 3]), item_code=unquote(segments[at + 1]))
    return None


def gtin_check_digit(body: str) -> str:
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def parse_party_id(uri: str) -> tuple[str, str]:
    """("gln", "4012345000009") or ("code", "STEELCO") from a party / site URI; ("", "") if neither."""
    for marker in ("/417/", "/414/"):
        if marker in uri:
            return "gln", uri.split(marker, 1)[1].split("/")[0].split("?")[0]
    if uri.startswith("urn:epc:id:sgln:") or uri.startswith("urn:epc:id:pgln:"):
        return "urn", uri
    for marker in ("/party/", "/site/"):
        if marker in uri:
            return "code", unquote(uri.split(marker, 1)[1].split("/")[0])
    return "", ""


def unit_of(uom: str | None) -> str | None:
    """Our unit for a UN/CEFACT code (no code = pieces); None when we have no such unit."""
    if not uom:
        return "pcs"
    for unit, (_dim, _factor, code) in UNITS.items():
        if code == uom:
            return unit
    return None


# --- ledger → EPCIS --------------------------------------------------------------------------------------


def quantity_element(lot: LotRef, amount: Decimal | None, ids: IdScheme) -> QuantityElement:
    uom = None if lot.unit == "pcs" or amount is None else cefact_code(lot.unit)
    return QuantityElement(ids.lot_class(lot), None if amount is None else abs(amount), uom)


def _summed(lines: list[LedgerLine], ids: IdScheme) -> list[QuantityElement]:
    """One quantity element per lot (a lot taken from two racks is one quantity in EPCIS)."""
    totals: dict[str, tuple[LotRef, Decimal]] = {}
    for line in lines:
        lot, total = totals.get(line.lot.number, (line.lot, Decimal(0)))
        totals[line.lot.number] = (lot, total + abs(line.quantity))
    return [quantity_element(lot, total, ids) for lot, total in totals.values()]


def to_epcis(event: LedgerEvent, ids: IdScheme) -> EpcisEvent | None:
    """The EPCIS event for one ledger event (None for corrections: those become error declarations)."""
    kind = event.kind
    base = EpcisEvent(
        type="ObjectEvent",
        event_time=event.occurred_at,
        tz_offset=event.tz_offset,
        event_id=f"urn:uuid:{event.uid}",
        record_time=event.recorded_at,
        read_point=ids.site(event.site_code, event.site_gln),
        biz_location=ids.location(event.site_code, event.location) if event.location else None,
    )
    ins = [line for line in event.lines if line.quantity > 0]
    outs = [line for line in event.lines if line.quantity < 0]
    here = ids.site(event.site_code, event.site_gln)
    if kind == "receive":
        base.action, base.biz_step, base.disposition = "ADD", "receiving", "in_progress"
        base.quantity_list = _summed(ins, ids)
        if event.supplier:
            base.sources = [("owning_party", ids.party(event.supplier))]
        base.destinations = [("owning_party", here)]
        if event.delivery_ref:
            base.biz_transactions = [("desadv", ids.document("delivery", event.delivery_ref))]
        lot = ins[0].lot if ins else None
        if lot is not None:
            if lot.expires_on:
                base.ilmd["cbvmda:itemExpirationDate"] = lot.expires_on.isoformat()
            base.ilmd["cbvmda:lotNumber"] = lot.number
            if lot.supplier_lot:
                base.ilmd["lotline:supplierLot"] = lot.supplier_lot
    elif kind in ("consume", "produce", "split", "merge"):
        base.type = "TransformationEvent"
        base.input_quantity_list = _summed(outs, ids)
        base.output_quantity_list = _summed(ins, ids)
        if kind in ("consume", "produce"):
            base.biz_step = "commissioning" if kind == "produce" else "other"
            base.disposition = "active" if kind == "produce" else None
            base.biz_transactions = [("prodorder", ids.work_order(event.work_order))]
            if not (kind == "produce" and event.explicit_inputs):
                base.transformation_id = ids.work_order(event.work_order)
        else:
            base.biz_step, base.disposition = "repackaging", "active"
        if ins and ins[0].lot.expires_on and kind != "consume":
            base.ilmd["cbvmda:itemExpirationDate"] = ins[0].lot.expires_on.isoformat()
        if kind == "produce" and ins:
            base.ilmd["cbvmda:lotNumber"] = ins[0].lot.number
    elif kind == "ship":
        base.action, base.biz_step, base.disposition = "OBSERVE", "shipping", "in_transit"
        base.quantity_list = _summed(outs, ids)
        base.sources = [("owning_party", here)]
        if event.customer:
            base.destinations = [("owning_party", ids.party(event.customer))]
        if event.shipment:
            base.biz_transactions = [("desadv", ids.document("shipment", event.shipment))]
    elif kind == "move":
        base.action, base.biz_step, base.disposition = "OBSERVE", "storing", "active"
        base.quantity_list = _summed(ins, ids)
        # Where it went is the bizLocation, where it came from a CBV "location" source (when one place).
        for lines, side in ((ins, "to"), (outs, "from")):
            places = {line.location for line in lines}
            if len(places) == 1 and "" not in places:
                place = ids.location(event.site_code, places.pop())
                if side == "to":
                    base.biz_location = place
                else:
                    base.sources = [("location", place)]
    elif kind in ("adjust", "scrap"):
        base.action = "DELETE" if kind == "scrap" else "OBSERVE"
        base.biz_step = "destroying" if kind == "scrap" else "cycle_counting"
        base.disposition = "destroyed" if kind == "scrap" else "active"
        base.quantity_list = _summed(list(event.lines), ids)
        if kind == "adjust":
            # EPCIS quantities have no sign, and a CBV cycle count states what was counted, not the
            # difference; the direction of our correction rides along so our own reader can book it.
            decrease = any(line.quantity < 0 for line in event.lines)
            base.extensions["lotline:adjustment"] = "decrease" if decrease else "increase"
            # Where the stock was found or missed: the lines' place when it is one.
            places = {line.location for line in event.lines}
            if len(places) == 1 and "" not in places:
                base.biz_location = ids.location(event.site_code, places.pop())
    elif kind in ("hold", "release"):
        # Not "accepting": in CBV that is a step of receiving (a change of possession), and an importer
        # (ours too) reads it as a receipt. A release is an inspection the lots passed.
        base.action = "OBSERVE"
        base.biz_step = HOLD_STEP if kind == "hold" else RELEASE_STEP
        base.disposition = (
            RELEASE_DISPOSITION
            if kind == "release"
            else "recalled"
            if event.new_status == "recalled"
            else HOLD_DISPOSITION
        )
        base.quantity_list = [quantity_element(line.lot, None, ids) for line in event.lines]
        if kind == "hold":
            # CBV has no quarantine: our status rides along, so a reader of our own export keeps it.
            base.extensions["lotline:status"] = event.new_status
    else:
        return None
    if event.reason and kind in ("hold", "release", "scrap", "adjust", "move"):
        base.extensions["lotline:reason"] = event.reason
    return base


def error_declaration_for(event: LedgerEvent, ids: IdScheme) -> EpcisEvent | None:
    """The corrected event again, same eventID, declared in error at the correction's time."""
    if event.corrected_by is None:
        return None
    declared = to_epcis(event, ids)
    if declared is None:
        return None
    declared.record_time = event.corrected_by.recorded_at
    declared.error_declaration = ErrorDeclaration(
        declaration_time=event.corrected_by.recorded_at,
        reason="incorrect_data",
        note=event.corrected_by.reason,
    )
    return declared


def document_events(events: list[LedgerEvent], ids: IdScheme) -> list[EpcisEvent]:
    """All EPCIS events for a ledger extract, in order; error declarations follow at their own time."""
    out: list[tuple[datetime, int, EpcisEvent]] = []
    for index, event in enumerate(events):
        mapped = to_epcis(event, ids)
        if mapped is not None:
            out.append((event.recorded_at, index, mapped))
        declared = error_declaration_for(event, ids)
        if declared is not None and event.corrected_by is not None:
            out.append((event.corrected_by.recorded_at, len(events) + index, declared))
    # The originals keep ledger order; declarations come after every original recorded before them.
    originals = [e for t, i, e in out if i < len(events)]
    declarations = [
        e for t, i, e in sorted((o for o in out if o[1] >= len(events)), key=lambda o: (o[0], o[1]))
    ]
    return originals + declarations
