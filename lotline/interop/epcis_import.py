"""A partner's EPCIS 2.0 document (JSON-LD or XML) → lots and links, through the core services.

The document is validated against GS1's schema first; an invalid one is refused whole, with the schema's
message and the index of the event at fault. Then every event goes through the same services as a scan,
in one transaction: any refused event rolls the whole document back.

- ObjectEvent receiving (or any ADD) → ``receive`` per quantity element; the source party is the supplier.
- ObjectEvent shipping → ``ship`` to the destination party.
- ObjectEvent holding → ``hold`` (recalled when the disposition is recalled); ObjectEvent inspecting with
  disposition conformant (or available) → ``release`` of those of its lots that are held.
- TransformationEvent repackaging (no work order: no ``prodorder``, no transformationID) → ``split`` (one
  input, each output a lot split off it) or ``merge`` (several inputs into one output); the new lot keeps
  the document's lot number when it is free.
- Any other TransformationEvent → a work order per ``prodorder`` business transaction (or
  transformationID): with a transformationID, inputs are consumed and outputs produced under the
  work-order rule; without one, a single output is produced from its named inputs (explicit links).
- An event carrying an errorDeclaration corrects the event with that eventID, if it was imported.
- ObjectEvent DELETE destroying → ``scrap``; ObjectEvent storing at one of our locations → ``move`` there.
- ObjectEvent carrying ``lotline:adjustment`` (our export's stock corrections) → ``adjust`` up or down.
- Other events (a partner's cycle counting, …) are counted as skipped.

Idempotency: each recorded event's id is uuid5(eventID + its part), so the same document twice records
nothing new. Events without an eventID get one from a hash of their content. An eventID
``urn:uuid:<uid>`` naming an event already in this ledger — a plant's own export read back — is already
recorded and records nothing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from lotline.core.models import Event, Item, Location, Lot, Party, Site, WorkOrder
from lotline.core.services import (
    EventContext,
    LedgerError,
    adjust,
    consume,
    correct,
    hold,
    merge,
    move,
    produce,
    receive,
    release,
    scrap,
    ship,
    split,
)
from lotline.core.services.ledger import base_quantity, on_hand
from lotline.core.services.status import HOLD_STATUSES
from lotline.lib import lotnumbers

from . import epcis_json, epcis_xml
from .epcis_model import (
    HOLD_STEP,
    RELEASE_STEP,
    EpcisEvent,
    QuantityElement,
    parse_class_id,
    parse_party_id,
    unit_of,
)

NAMESPACE = uuid.UUID("0c3a1f8e-4b7d-4e0a-9a51-6c2d8e1f3b70")  # lotline EPCIS imports
RECEIVING_STEPS = {"receiving", "arriving", "accepting"}
RELEASE_DISPOSITIONS = {"conformant", "available"}
REPACKAGING_STEP = "repackaging"
DOCUMENT_TYPES = ("desadv", "bol", "po", "inv", "recadv")
ADJUSTMENTS = {"increase": 1, "decrease": -1}


@dataclass(frozen=True)
class EventError:
    """Why an event (0-based index in the document's event list; None = the whole document) was refused."""

    index: int | None
    code: str
    message: str

    def __str__(self) -> str:
        return (f"event {self.index}: " if self.index is not None else "") + self.message


@dataclass
class EpcisImportReport:
    events: int = 0
    recorded: int = 0  # ledger events written
    unchanged: int = 0  # events imported before (same eventID)
    skipped: list[int] = field(default_factory=list)
    errors: list[EventError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def import_epcis(
    data: bytes, *, site: Site | None = None, user: AbstractBaseUser | None = None
) -> EpcisImportReport:
    """Validate and import a document; nothing is written unless every event goes through."""
    report = EpcisImportReport()
    try:
        events = _parse(data, report)
    except Refused as exc:
        report.errors.append(EventError(None, exc.code, exc.message))
        return report
    if report.errors:
        return report
    report.events = len(events)
    site = site or Site.default()
    if site is None:
        report.errors.append(EventError(None, "no_site", _("Create a site first.")))
        return report
    with transaction.atomic():
        importer = Importer(events, site, user, report)
        for index, event in enumerate(events):
            try:
                importer.apply(index, event)
            except Refused as exc:
                report.errors.append(EventError(index, exc.code, exc.message))
            except LedgerError as exc:
                report.errors.append(EventError(index, exc.code, exc.message))
        if report.errors:
            transaction.set_rollback(True)
            report.recorded = 0
    return report


def _parse(data: bytes, report: EpcisImportReport) -> list[EpcisEvent]:
    if data.lstrip()[:1] == b"<":
        problems = epcis_xml.validate(data)
        report.errors += [
            EventError(p.event_index, "schema", f"{p.message} (line {p.line})") for p in problems
        ]
        return [] if problems else epcis_xml.events_from_xml(data)
    try:
        document = epcis_json.loads(data)
        # PostgreSQL cannot store text with NUL; XML cannot carry it at all (the XML parser refuses it).
        nul = _has_nul(document)
        problems = epcis_json.validate(_as_json_numbers(document))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refused(
            "not_json", _("The document is neither EPCIS XML nor JSON (%(error)s).") % {"error": exc}
        ) from None
    except RecursionError:
        # JSON nested thousands of levels deep ("[[[[…") exhausts Python's parser (or the walks over it)
        # before any schema check; it cannot be an EPCIS document.
        raise Refused(
            "too_deep", _("The document is nested too deeply to be an EPCIS document; nothing was written.")
        ) from None
    if nul:
        raise Refused("bad_character", _("The document contains a NUL character (0x00) in a value."))
    report.errors += [EventError(p.event_index, "schema", f"{p.message} (at {p.path})") for p in problems]
    if problems:
        return []
    if document.get("type") != "EPCISDocument":
        raise Refused(
            "not_a_document",
            _("Only EPCISDocument is imported, not %(type)s.") % {"type": document.get("type")},
        )
    return epcis_json.events_from_json(document)


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _as_json_numbers(document: object) -> object:
    """The schema wants JSON numbers; we read them as Decimal, which jsonschema does not count as a number."""
    return json.loads(json.dumps(document, default=float))


class Importer:
    def __init__(
        self, events: list[EpcisEvent], site: Site, user: AbstractBaseUser | None, report: EpcisImportReport
    ) -> None:
        self.events, self.site, self.user, self.report = events, site, user, report
        self.items_by_gtin = {i.gtin.zfill(14): i for i in Item.objects.exclude(gtin="")}
        self.lots: dict[str, Lot] = {}

    # --- identifiers -------------------------------------------------------------------------------------

    def event_key(self, event: EpcisEvent) -> str:
        if event.event_id:
            return event.event_id
        content = json.dumps(epcis_json.event_to_json(event), sort_keys=True, default=str)
        return "sha256:" + hashlib.sha256(content.encode()).hexdigest()

    def uid(self, event: EpcisEvent, part: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"{self.event_key(event)}#{part}")

    def ctx(self, event: EpcisEvent, part: str, **kwargs) -> EventContext:
        return EventContext(
            user=self.user, site=self.site, occurred_at=event.event_time, uid=self.uid(event, part), **kwargs
        )

    def location_of(self, event: EpcisEvent) -> Location | None:
        """Our location the bizLocation names (``…/site/<site>/location/<code>``), if it is at this site."""
        return self.our_location(event.biz_location or "")

    def our_location(self, ref: str) -> Location | None:
        if "/location/" not in ref:
            return None
        return Location.objects.filter(site=self.site, code=_last_segment(ref)).first()

    def item_of(self, element: QuantityElement) -> tuple[Item, str]:
        parsed = parse_class_id(element.epc_class)
        if parsed is None:
            raise Refused(
                "unknown_class",
                _(
                    "%(id)s is not a lot class id lotline reads (LGTIN, Digital Link, "
                    "or …/item/<code>/lot/<lot>)."
                )
                % {"id": element.epc_class},
            )
        item = (
            self.items_by_gtin.get(parsed.gtin)
            if parsed.gtin
            else Item.objects.filter(code=parsed.item_code.upper()).first()
        )
        if item is None:
            raise Refused("unknown_item", _("No item for %(id)s.") % {"id": element.epc_class})
        return item, parsed.lot

    def existing_lot(self, element: QuantityElement) -> Lot:
        if element.epc_class in self.lots:
            return self.lots[element.epc_class]
        item, number = self.item_of(element)
        lot = (
            Lot.objects.filter(item=item, number=number.upper()).first()
            or Lot.objects.filter(item=item, supplier_lot=number).order_by("id").first()
        )
        if lot is None:
            raise Refused(
                "unknown_lot", _("No lot %(lot)s of %(item)s.") % {"lot": number, "item": item.code}
            )
        self.lots[element.epc_class] = lot
        return lot

    def quantity(self, element: QuantityElement) -> tuple[Decimal, str]:
        unit = unit_of(element.uom)
        if element.quantity is None:
            raise Refused("no_quantity", _("%(id)s has no quantity.") % {"id": element.epc_class})
        if unit is None:
            raise Refused("unknown_unit", _("Unknown unit of measure %(uom)s.") % {"uom": element.uom})
        return element.quantity, unit

    def party(self, pairs: list[tuple[str, str]], customer: bool) -> Party:
        for _kind, ref in pairs:
            how, value = parse_party_id(ref)
            found = (
                Party.objects.filter(gln=value).first()
                if how == "gln"
                else Party.objects.filter(code=value.upper()).first()
                if how == "code"
                else None
            )
            if found is not None and (found.is_customer if customer else found.is_supplier):
                return found
        role = _("customer") if customer else _("supplier")
        raise Refused(
            "unknown_party",
            _("No %(role)s among %(refs)s.") % {"role": role, "refs": ", ".join(r for _k, r in pairs) or "—"},
        )

    @staticmethod
    def free_number(candidate: str) -> str | None:
        number = (candidate or "").strip().upper()
        ok = lotnumbers.ALLOWED.match(number) and len(number) <= lotnumbers.MAX_LENGTH
        return number if ok and not Lot.objects.filter(number=number).exists() else None

    def remember(self, element: QuantityElement, lot: Lot) -> None:
        self.lots[element.epc_class] = lot

    # --- events ------------------------------------------------------------------------------------------

    def apply(self, index: int, event: EpcisEvent) -> None:
        own = self.own_event(event)
        if event.error_declaration is not None:
            return self.declare_error(event, own)
        if own is not None:
            # Our own export read back: this very event is in the ledger already (and the lots it names).
            self.report.unchanged += 1
            return None
        if event.type == "ObjectEvent" and (event.biz_step == HOLD_STEP or _legacy_release(event)):
            return self.status(event)
        if (
            event.type == "ObjectEvent"
            and event.biz_step == RELEASE_STEP
            and event.disposition in RELEASE_DISPOSITIONS
        ):
            return self.status(event)
        if event.type == "ObjectEvent" and (
            event.biz_step in RECEIVING_STEPS or (event.action == "ADD" and event.biz_step != "shipping")
        ):
            return self.receiving(event)
        if event.type == "ObjectEvent" and event.biz_step == "shipping":
            return self.shipping(event)
        if event.type == "ObjectEvent" and event.action == "DELETE" and event.biz_step == "destroying":
            return self.destroying(event)
        if event.type == "ObjectEvent" and event.biz_step == "storing" and self.location_of(event):
            return self.storing(event)
        if event.type == "ObjectEvent" and event.extensions.get("lotline:adjustment") in ADJUSTMENTS:
            return self.adjusting(event)
        if event.type == "TransformationEvent" and self.is_repackaging(event):
            return self.repackaging(event)
        if event.type == "TransformationEvent":
            return self.transformation(event)
        self.report.skipped.append(index)
        return None

    def own_event(self, event: EpcisEvent) -> Event | None:
        """The ledger event whose uid the eventID ``urn:uuid:<uid>`` names (our export names events so)."""
        if not event.event_id.lower().startswith("urn:uuid:"):
            return None
        try:
            uid = uuid.UUID(event.event_id[len("urn:uuid:") :])
        except ValueError:
            return None
        return Event.objects.filter(uid=uid).first()

    def recorded(self, result) -> None:
        if result.created:
            self.report.recorded += 1

    def declare_error(self, event: EpcisEvent, own: Event | None = None) -> None:
        if own is not None and not own.corrections.exists():
            # Our own export read back carries corrections we already made; a document that would correct
            # one of this plant's events for the first time is not the sender's to make.
            raise Refused(
                "own_event",
                _(
                    "Event %(id)s was recorded in this plant; correct it here, "
                    "not through a partner's document."
                )
                % {"id": event.event_id},
            )
        key = self.event_key(event)
        originals = Event.objects.filter(
            uid__in=[uuid.uuid5(NAMESPACE, f"{key}#{p}") for p in self._parts(event)]
            + ([own.uid] if own is not None else [])
        )
        reason = event.error_declaration.note or _("Declared in error by the sender (EPCIS).")  # type: ignore[union-attr]
        touched = False
        for position, original in enumerate(originals.order_by("-id")):
            ctx = EventContext(user=self.user, site=self.site, uid=self.uid(event, f"error{position}"))
            if original.corrections.exists() and not Event.objects.filter(uid=ctx.uid).exists():
                continue
            self.recorded(correct(ctx, event=original, reason=reason))
            touched = True
        if not touched:
            self.report.unchanged += 1

    def _parts(self, event: EpcisEvent) -> list[str]:
        if event.type == "ObjectEvent":
            return [f"q{i}" for i in range(len(event.quantity_list))] + ["ship", "status"]
        return [f"in{i}" for i in range(len(event.input_quantity_list))] + [
            f"out{i}" for i in range(len(event.output_quantity_list))
        ]

    def receiving(self, event: EpcisEvent) -> None:
        supplier = self.party(event.sources, customer=False)
        delivery = self.document_number(event) or self.event_key(event)[-20:]
        for position, element in enumerate(event.quantity_list):
            item, class_lot = self.item_of(element)
            quantity, unit = self.quantity(element)
            part = f"q{position}"
            existing = Event.objects.filter(uid=self.uid(event, part)).first()
            if existing is not None:
                self.report.unchanged += 1
                self.remember(
                    element, existing.lines.filter(quantity__gt=0).select_related("lot").first().lot
                )
                continue
            expires = event.ilmd.get("cbvmda:itemExpirationDate")
            result = receive(
                self.ctx(event, part, location=self.location_of(event)),
                item=item,
                quantity=quantity,
                unit=unit,
                supplier=supplier,
                supplier_lot=event.ilmd.get("lotline:supplierLot") or class_lot,
                delivery_ref=delivery,
                expires_on=_date(expires),
                lot_number=self.free_number(class_lot),
            )
            self.recorded(result)
            self.remember(element, result.lot)

    def shipping(self, event: EpcisEvent) -> None:
        if Event.objects.filter(uid=self.uid(event, "ship")).exists():
            self.report.unchanged += 1
            return
        customer = self.party(event.destinations, customer=True)
        lines = []
        for element in event.quantity_list:
            quantity, unit = self.quantity(element)
            lot = self.existing_lot(element)
            if unit != lot.item.unit:
                raise Refused(
                    "unit_mismatch",
                    _("%(lot)s is counted in %(unit)s.") % {"lot": lot.number, "unit": lot.item.unit},
                )
            lines.append((lot, quantity))
        document = self.document_number(event) or self.event_key(event)[-20:]
        self.recorded(ship(self.ctx(event, "ship"), customer=customer, document=document, lines=lines))

    def status(self, event: EpcisEvent) -> None:
        """A hold (holding; recalled when so disposed) or a release (inspecting, conformant) of the lots."""
        lots = [self.existing_lot(element) for element in event.quantity_list]
        releasing = event.biz_step != HOLD_STEP
        status = event.extensions.get("lotline:status", "")
        if status not in HOLD_STATUSES:
            status = Lot.Status.RECALLED if event.disposition == "recalled" else Lot.Status.ON_HOLD
        ctx = self.ctx(event, "status")
        # Only the lots this event changes (a partner may name a lot that is already so); imported before:
        # nothing to do.
        lots = [
            lot for lot in lots if (lot.status != Lot.Status.RELEASED if releasing else lot.status != status)
        ]
        if not lots or Event.objects.filter(uid=ctx.uid).exists():
            self.report.unchanged += 1
            return
        reason = event.extensions.get("lotline:reason") or (
            _("Released in an imported EPCIS document.")
            if releasing
            else _("Held in an imported EPCIS document.")
        )
        if releasing:
            self.count(release(ctx, lots=lots, reason=reason))
        else:
            self.count(hold(ctx, lots=lots, reason=reason, status=status))
        for lot in lots:
            lot.refresh_from_db(fields=["status"])

    def destroying(self, event: EpcisEvent) -> None:
        """Scrap (ObjectEvent DELETE, destroying) of each quantity named."""
        reason = event.extensions.get("lotline:reason") or _("Destroyed in an imported EPCIS document.")
        for position, element in enumerate(event.quantity_list):
            lot = self.existing_lot(element)
            quantity, unit = self.quantity(element)
            amount = base_quantity(lot.item, quantity, unit)
            self.count(scrap(self.ctx(event, f"q{position}"), lot=lot, quantity=amount, reason=reason))

    def adjusting(self, event: EpcisEvent) -> None:
        """A stock correction (our export: cycle counting with ``lotline:adjustment``) of each quantity
        named, up or down, at the bizLocation when it is ours."""
        sign = ADJUSTMENTS[event.extensions["lotline:adjustment"]]
        reason = event.extensions.get("lotline:reason") or _("Stock corrected in an imported EPCIS document.")
        for position, element in enumerate(event.quantity_list):
            lot = self.existing_lot(element)
            quantity, unit = self.quantity(element)
            amount = sign * base_quantity(lot.item, quantity, unit)
            ctx = self.ctx(event, f"q{position}")
            location = self.location_of(event)
            self.count(adjust(ctx, lot=lot, delta=amount, reason=reason, location=location))

    def storing(self, event: EpcisEvent) -> None:
        """A move (ObjectEvent storing) of each quantity named to the bizLocation, from the "location"
        source when it names one of ours (else from wherever the lot lies)."""
        to_location = self.location_of(event)
        from_location = next(
            (
                place
                for kind, ref in event.sources
                if kind == "location" and (place := self.our_location(ref))
            ),
            None,
        )
        for position, element in enumerate(event.quantity_list):
            lot = self.existing_lot(element)
            quantity, unit = self.quantity(element)
            amount = base_quantity(lot.item, quantity, unit)
            ctx = self.ctx(event, f"q{position}")
            self.count(
                move(ctx, lot=lot, to_location=to_location, quantity=amount, from_location=from_location)
            )

    @staticmethod
    def is_repackaging(event: EpcisEvent) -> bool:
        """A split or merge: repackaging outside any work order (our export writes them so)."""
        return (
            event.biz_step == REPACKAGING_STEP
            and not event.transformation_id
            and not any(t == "prodorder" for t, _r in event.biz_transactions)
        )

    def repackaging(self, event: EpcisEvent) -> None:
        """One input split into each output, or several inputs merged into one output."""
        ins, outs = event.input_quantity_list, event.output_quantity_list
        if len(ins) == 1 and outs:
            source = self.existing_lot(ins[0])
            for position, element in enumerate(outs):
                self.same_item(source, element)
                quantity, unit = self.quantity(element)
                ctx = self.ctx(event, f"out{position}", location=self.location_of(event))
                if self.already_made(ctx, element):
                    continue
                amount = base_quantity(source.item, quantity, unit)
                result = split(ctx, lot=source, quantity=amount, lot_number=self.wanted_number(element))
                self.recorded(result)
                self.remember(element, result.lot)
            return
        if len(ins) >= 2 and len(outs) == 1:
            sources = [self.existing_lot(element) for element in ins]
            self.same_item(sources[0], outs[0])
            ctx = self.ctx(event, "out0", location=self.location_of(event))
            if not self.already_made(ctx, outs[0]):
                # A merge takes whole lots: the document must say what is on hand, or the stock would differ.
                for lot, element in zip(sources, ins, strict=True):
                    quantity, unit = self.quantity(element)
                    stated, held = base_quantity(lot.item, quantity, unit), on_hand(lot)
                    if stated != held:
                        raise Refused(
                            "merge_quantity",
                            _(
                                "A merge takes all of lot %(lot)s: %(held)s %(unit)s on hand, "
                                "the document says %(stated)s."
                            )
                            % {"lot": lot.number, "held": held, "stated": stated, "unit": lot.item.unit},
                        )
                result = merge(ctx, lots=sources, lot_number=self.wanted_number(outs[0]))
                self.recorded(result)
                self.remember(outs[0], result.lot)
            return
        raise Refused(
            "bad_repackaging",
            _("A repackaging event splits one input or merges several inputs into one output."),
        )

    def same_item(self, source: Lot, element: QuantityElement) -> None:
        item, _number = self.item_of(element)
        if item.pk != source.item_id:
            raise Refused(
                "wrong_item",
                _("%(lot)s is %(item)s; it cannot be repackaged into %(other)s.")
                % {"lot": source.number, "item": source.item.code, "other": item.code},
            )

    def already_made(self, ctx, element: QuantityElement) -> bool:
        """A split or merge of this document already imported: remember the lot it made, record nothing.

        Checked before calling the service because the new lot's number is part of the request only when it
        was free the first time (see wanted_number): asked again, the request would differ."""
        existing = Event.objects.filter(uid=ctx.uid).first()
        if existing is None:
            return False
        self.report.unchanged += 1
        self.remember(element, existing.lines.filter(quantity__gt=0).select_related("lot").first().lot)
        return True

    def wanted_number(self, element: QuantityElement) -> str | None:
        """The sender's number for a lot a split or merge makes, when it is valid and free (as for a received
        or produced lot): a plant's own export read into a fresh database keeps its lot numbers."""
        _item, wanted = self.item_of(element)
        return self.free_number(wanted)

    def transformation(self, event: EpcisEvent) -> None:
        work_order = self.work_order(event)
        named = event.transformation_id is None and len(event.output_quantity_list) == 1
        if not named:
            for position, element in enumerate(event.input_quantity_list):
                quantity, unit = self.quantity(element)
                lot = self.existing_lot(element)
                result = consume(
                    self.ctx(event, f"in{position}", work_order=work_order),
                    lot=lot,
                    quantity=quantity,
                    unit=unit,
                )
                self.count(result)
        inputs = None
        if named and event.input_quantity_list:
            inputs = []
            for element in event.input_quantity_list:
                lot = self.existing_lot(element)
                quantity, unit = self.quantity(element)
                if unit != lot.item.unit:
                    raise Refused(
                        "unit_mismatch",
                        _("%(lot)s is counted in %(unit)s.") % {"lot": lot.number, "unit": lot.item.unit},
                    )
                inputs.append((lot, quantity))
        for position, element in enumerate(event.output_quantity_list):
            item, class_lot = self.item_of(element)
            if item.pk != work_order.item_id:
                raise Refused(
                    "wrong_item",
                    _("Work order %(wo)s makes %(item)s, not %(other)s.")
                    % {"wo": work_order.number, "item": work_order.item.code, "other": item.code},
                )
            quantity, unit = self.quantity(element)
            part = f"out{position}"
            existing = Event.objects.filter(uid=self.uid(event, part)).first()
            if existing is not None:
                self.report.unchanged += 1
                self.remember(element, existing.lines.filter(quantity__gt=0, kind="produce").first().lot)
                continue
            result = produce(
                self.ctx(event, part, work_order=work_order, location=self.location_of(event)),
                quantity=quantity,
                unit=unit,
                inputs=inputs,
                lot_number=self.free_number(class_lot),
                expires_on=_date(event.ilmd.get("cbvmda:itemExpirationDate")),
            )
            self.recorded(result)
            self.remember(element, result.lot)

    def count(self, result) -> None:
        if result.created:
            self.report.recorded += 1
        else:
            self.report.unchanged += 1

    def document_number(self, event: EpcisEvent) -> str:
        for kind in DOCUMENT_TYPES:
            for biz_type, ref in event.biz_transactions:
                if biz_type == kind:
                    return _last_segment(ref)[:40]
        return ""

    def work_order(self, event: EpcisEvent) -> WorkOrder:
        ref = (
            next((r for t, r in event.biz_transactions if t == "prodorder"), None) or event.transformation_id
        )
        number = (_last_segment(ref) if ref else "EPCIS-" + self.event_key(event)[-12:]).upper()[:30]
        found = WorkOrder.objects.filter(number=number).first()
        if found is not None:
            return found
        # A consume-only event names no product; another event of the same order in the document does.
        # Without a reference the order is this event's alone (never every other unreferenced event's).
        outputs = [
            e
            for e in self.events
            if e.type == "TransformationEvent"
            and e.output_quantity_list
            and (
                e is event
                if ref is None
                else ref in (e.transformation_id, *(r for _t, r in e.biz_transactions))
            )
        ]
        if not outputs:
            raise Refused(
                "unknown_work_order",
                _("Work order %(wo)s is not known and no event says what it makes.") % {"wo": number},
            )
        item, _lot = self.item_of(outputs[0].output_quantity_list[0])
        return WorkOrder.objects.create(number=number, item=item, site=self.site, quantity_planned=0)


def _legacy_release(event: EpcisEvent) -> bool:
    """A release as lotline wrote it before (bizStep accepting, disposition active, no party, no quantity)."""
    return (
        event.biz_step == "accepting"
        and event.action == "OBSERVE"
        and event.disposition == "active"
        and not event.sources
        and bool(event.quantity_list)
        and all(element.quantity is None for element in event.quantity_list)
    )


def _last_segment(ref: str) -> str:
    from urllib.parse import unquote

    return unquote(ref.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1])


def _date(text: str | None):
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
