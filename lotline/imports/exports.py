"""Exports of the import kinds (and of any list) as CSV or XLSX, in the import's own columns.

An export re-imports as it is: same headers as the template, times as ISO 8601 with the site's offset
("2026-03-02T07:01:00+01:00", exact and unambiguous), quantities as plain decimals. Corrected events are
left out — the import recreates what stands, not the history of mistakes.

Given a site, the kinds that belong to a site (machines, and every ledger kind) export only that site's
rows: the /data/ page exports the site its user works at, as its imports record there. Items, suppliers and
customers belong to no site and export whole. Without a site (the command line) everything is exported.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q

from lotline.core.models import Event, EventKind, GenealogyLink, Item, Lot, Machine, Party, Site
from lotline.lib.tables import CONTENT_TYPES, FORMATS, write_table

from .kinds import KINDS

# The table writer moved to lotline.lib.tables (below both this app and interop, which also writes sheets);
# the names stay importable from here for the web app's list pages and older callers.
__all__ = ["CONTENT_TYPES", "FORMATS", "IMPORT_ORDER", "export_kind", "filename", "template", "write_table"]


def template(kind: str, fmt: str) -> bytes:
    """The empty sheet for a kind: just the header row."""
    return write_table(KINDS[kind].header, [], fmt)


def export_kind(kind: str, fmt: str, site: Site | None = None) -> bytes:
    """The kind's rows as a sheet; with ``site``, only that site's machines and ledger rows."""
    return write_table(KINDS[kind].header, ROWS[kind](site), fmt)


def filename(kind: str, fmt: str) -> str:
    return f"lotline-{kind.replace('_', '-')}.{fmt}"


def _local(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).isoformat()


def _standing(kind: str, site: Site | None):
    events = Event.objects.filter(kind=kind, corrections__isnull=True)
    if site is not None:
        # A lot never leaves its site (core/services/lots.py), so the events of a site are its lots' rows.
        events = events.filter(site=site)
    return (
        events.select_related(
            "site", "work_order__item", "machine", "shipment__customer", "delivery__supplier"
        )
        .prefetch_related("lines__lot__item", "lines__location")
        .order_by("occurred_at", "id")
    )


def item_rows():
    for i in Item.objects.order_by("code"):
        yield [i.code, i.name, i.kind, i.unit, i.gtin, i.shelf_life_days, i.lot_pattern, i.is_food]


def party_rows(role: str):
    for p in Party.objects.filter(Q(role=role) | Q(role=Party.Role.BOTH)).order_by("code"):
        yield [p.code, p.name, p.address, p.country, p.contact_name, p.email, p.phone, p.gln]


def machine_rows(site: Site | None = None):
    machines = Machine.objects.select_related("site").order_by("code")
    for m in machines.filter(site=site) if site is not None else machines:
        yield [m.code, m.name, m.site.code, m.group, m.hours_per_day]


def opening_stock_rows(site: Site | None = None):
    """Received lots as received (supplier, their lot, delivery); imported lots with their opening stock."""
    for event in _standing(EventKind.RECEIVE, site):
        for line in event.lines.all():
            lot = line.lot
            yield [
                lot.number,
                lot.item.code,
                line.quantity,
                lot.item.unit,
                line.location.code if line.location else "",
                _local(event.occurred_at, event.site.timezone),
                lot.expires_on,
                event.delivery.supplier.code,
                lot.supplier_lot,
                event.delivery.reference,
            ]
    imported = Lot.objects.filter(origin=Lot.Origin.IMPORTED).values_list("pk", flat=True)
    first_adjust: set[int] = set()
    for event in (
        _standing(EventKind.ADJUST, site).filter(lines__lot__in=imported, lines__quantity__gt=0).distinct()
    ):
        for line in event.lines.all():
            if line.lot_id in first_adjust or line.quantity <= 0:
                continue
            first_adjust.add(line.lot_id)
            lot = line.lot
            yield [
                lot.number,
                lot.item.code,
                line.quantity,
                lot.item.unit,
                line.location.code if line.location else "",
                _local(event.occurred_at, event.site.timezone),
                lot.expires_on,
                "",
                "",
                "",
            ]


def consumption_rows(site: Site | None = None):
    for event in _standing(EventKind.CONSUME, site):
        totals: dict[int, tuple[Lot, Decimal]] = {}
        for line in event.lines.all():
            lot, total = totals.get(line.lot_id, (line.lot, Decimal(0)))
            totals[line.lot_id] = (lot, total - line.quantity)
        for lot, total in totals.values():
            yield [
                event.work_order.number,
                lot.number,
                total,
                lot.item.unit,
                _local(event.occurred_at, event.site.timezone),
                event.work_order.item.code,
                event.machine.code if event.machine else "",
            ]


def production_rows(site: Site | None = None):
    explicit = dict.fromkeys(
        GenealogyLink.objects.filter(
            basis=GenealogyLink.Basis.EXPLICIT, event__kind=EventKind.PRODUCE
        ).values_list("event_id", flat=True)
    )
    for event in _standing(EventKind.PRODUCE, site):
        lines = list(event.lines.all())
        outputs = [line for line in lines if line.kind == EventKind.PRODUCE and line.quantity > 0]
        inputs: dict[int, tuple[Lot, Decimal]] = {}
        for line in lines:
            if line.kind == EventKind.CONSUME:
                lot, total = inputs.get(line.lot_id, (line.lot, Decimal(0)))
                inputs[line.lot_id] = (lot, total - line.quantity)
        for output in outputs:
            lot = output.lot
            head = [
                event.work_order.number,
                event.work_order.item.code,
                event.machine.code if event.machine else "",
                lot.number,
                output.quantity,
                lot.item.unit,
                _local(event.occurred_at, event.site.timezone),
                lot.expires_on,
            ]
            if event.pk in explicit and inputs:
                for input_lot, quantity in inputs.values():
                    yield head + [input_lot.number, quantity]
            else:
                yield head + ["", ""]


def shipment_rows(site: Site | None = None):
    for event in _standing(EventKind.SHIP, site):
        totals: dict[int, tuple[Lot, Decimal]] = {}
        for line in event.lines.all():
            lot, total = totals.get(line.lot_id, (line.lot, Decimal(0)))
            totals[line.lot_id] = (lot, total - line.quantity)
        for lot, total in totals.values():
            yield [
                event.shipment.number,
                event.shipment.customer.code,
                lot.number,
                total,
                lot.item.unit,
                _local(event.occurred_at, event.site.timezone),
            ]


ROWS = {
    # Items and parties belong to no site: every site's sheet has them all.
    "items": lambda site=None: item_rows(),
    "suppliers": lambda site=None: party_rows(Party.Role.SUPPLIER),
    "customers": lambda site=None: party_rows(Party.Role.CUSTOMER),
    "machines": machine_rows,
    "opening_stock": opening_stock_rows,
    "consumptions": consumption_rows,
    "productions": production_rows,
    "shipments": shipment_rows,
}
IMPORT_ORDER = (
    "items",
    "suppliers",
    "customers",
    "machines",
    "opening_stock",
    "productions",
    "consumptions",
    "shipments",
)
