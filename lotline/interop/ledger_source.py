"""Read ledger events from the database into the plain dataclasses the EPCIS and FSMA mappings take.

This is the only module of lotline.interop that knows Django; the mappings stay testable without a DB.
Events come out in ledger order (occurred_at, id), corrections attached to the events they reverse.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from lotline.core.models import Event, EventKind, GenealogyLink, Item, Party

from .epcis_model import DEFAULT_ID_DOMAIN, IdScheme, LedgerEvent, LedgerLine, LotRef, PartyRef


def id_scheme() -> IdScheme:
    """The identifier scheme; the domain for non-GS1 ids is ``LOTLINE_EPCIS_ID_DOMAIN`` in settings."""
    return IdScheme(domain=getattr(settings, "LOTLINE_EPCIS_ID_DOMAIN", DEFAULT_ID_DOMAIN).rstrip("/"))


def offset_of(moment: datetime, tz_name: str) -> str:
    """ "+01:00" — the site's UTC offset at that moment (EPCIS eventTimeZoneOffset)."""
    offset = moment.astimezone(ZoneInfo(tz_name)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _party(party: Party | None) -> PartyRef | None:
    if party is None:
        return None
    return PartyRef(party.code, party.name, party.gln, party.address)


def ledger_events(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    site_code: str | None = None,
    items: Iterable[Item] | None = None,
    kinds: Iterable[str] | None = None,
) -> list[LedgerEvent]:
    """Ledger events in a window (corrections are not listed; they ride on ``corrected_by``)."""
    events = Event.objects.exclude(kind=EventKind.CORRECT).select_related(
        "site", "location", "machine", "work_order", "delivery__supplier", "shipment__customer"
    )
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    if until is not None:
        events = events.filter(occurred_at__lt=until)
    if site_code:
        events = events.filter(site__code=site_code)
    if kinds is not None:
        events = events.filter(kind__in=list(kinds))
    if items is not None:
        events = events.filter(lines__lot__item__in=list(items)).distinct()
    events = events.prefetch_related(
        "lines__lot__item", "lines__lot__supplier", "lines__lot__site", "lines__location"
    ).order_by("occurred_at", "id")
    rows = list(events)
    ids = [e.pk for e in rows]
    explicit = set(
        GenealogyLink.objects.filter(event_id__in=ids, basis=GenealogyLink.Basis.EXPLICIT).values_list(
            "event_id", flat=True
        )
    )
    corrections = {c.corrects_id: c for c in Event.objects.filter(corrects_id__in=ids).select_related("site")}
    return [_ledger_event(e, e.pk in explicit, corrections.get(e.pk)) for e in rows]


def _lot_ref(lot) -> LotRef:  # lot: core Lot with item, supplier and site loaded
    # A split-off lot keeps its supplier's data but carries our new number: its code was assigned here.
    source = lot.supplier if lot.supplier_id and lot.origin == "received" else lot.site
    return LotRef(
        lot.number,
        lot.item.code,
        lot.item.name,
        lot.item.unit,
        lot.item.gtin,
        lot.supplier_lot,
        lot.expires_on,
        lot.item.is_food,
        lot.origin,
        source.name,
        source.address,
    )


def _ledger_event(event: Event, explicit: bool, correction: Event | None) -> LedgerEvent:
    site = event.site
    lines = tuple(
        LedgerLine(_lot_ref(line.lot), line.quantity, line.kind, line.location.code if line.location else "")
        for line in sorted(event.lines.all(), key=lambda line: line.pk)
    )
    location = (
        event.location.code if event.location else next((li.location for li in lines if li.location), "")
    )
    return LedgerEvent(
        uid=str(event.uid),
        kind=event.kind,
        occurred_at=event.occurred_at,
        recorded_at=event.recorded_at,
        tz_offset=offset_of(event.occurred_at, site.timezone),
        site_code=site.code,
        site_name=site.name,
        site_gln=site.gln,
        site_address=site.address,
        location=location,
        machine=event.machine.code if event.machine else "",
        work_order=event.work_order.number if event.work_order else "",
        explicit_inputs=explicit,
        delivery_ref=event.delivery.reference if event.delivery else "",
        supplier=_party(event.delivery.supplier) if event.delivery else None,
        customer=_party(event.shipment.customer) if event.shipment else None,
        shipment=event.shipment.number if event.shipment else "",
        new_status=event.new_status,
        reason=event.reason,
        corrected_by=_correction(correction) if correction else None,
        lines=lines,
    )


def _correction(event: Event) -> LedgerEvent:
    return LedgerEvent(
        uid=str(event.uid),
        kind=event.kind,
        occurred_at=event.occurred_at,
        recorded_at=event.recorded_at,
        tz_offset=offset_of(event.occurred_at, event.site.timezone),
        site_code=event.site.code,
        reason=event.reason,
    )
