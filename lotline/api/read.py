"""GET lists of lots, work orders, shipments and ledger events (read scope), paged by limit/offset.

Every list answers {total, limit, offset, items} in a stable order (newest first, then id), filtered to the
sites the caller may see — the same rows the desk lists show.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Path, Query, Router, Schema

from lotline.core.access import sites_for
from lotline.core.models import Event, EventKind, Lot, Shipment, Site, WorkOrder
from lotline.core.queries.lots import shipments_carrying, shipped_per_lot
from lotline.core.services import LedgerError
from lotline.core.services.context import skipped_time_message
from lotline.lib.text import shorten
from lotline.lib.times import FIRST_YEAR, LAST_YEAR, SkippedTime, wall_clock, within_plant_years

from .auth import require
from .errors import Refused
from .schemas import (
    DELIVERY_LIMIT,
    ITEM_LIMIT,
    LOT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    PARTY_LIMIT,
    SHIPMENT_LIMIT,
    WORK_ORDER_LIMIT,
    ErrorOut,
    EventLineOut,
    EventPage,
    LedgerEventOut,
    LotPage,
    LotSummaryOut,
    ShipmentLineOut,
    ShipmentOut,
    ShipmentPage,
    WorkOrderOut,
    WorkOrderPage,
    longest,
)

REPORTS = "core.view_reports"
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

lots_router = Router(tags=["lots"])
work_orders_router = Router(tags=["work orders"])
shipments_router = Router(tags=["shipments"])
events_router = Router(tags=["events"])


class Paging(Schema):
    limit: int = NinjaField(50, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}")
    offset: int = NinjaField(0, ge=0, le=MAX_OFFSET, description=f"At most {MAX_OFFSET}")


def page(queryset: QuerySet, paging: Paging) -> tuple[int, list]:
    total = queryset.count()
    return total, list(queryset[paging.offset : paging.offset + paging.limit])


def aware(moment: datetime | None, field: str, site: Site | None = None) -> datetime | None:
    """A time without an offset is the wall clock of ``site`` (a machine's site), else of the plant's
    default site.

    A time outside the years a plant's records can lie in (lib/times: 1970–2100, the recall desk's and the
    EPCIS export's rule) is refused naming ``field``: the very ends of the calendar have no UTC equivalent
    (0001-01-01T00:00 on a clock ahead of UTC, 9999-12-31T23:59-05:00), and the database adapter failed on
    them with an OverflowError, a 500. ``until`` and ``to`` are exclusive: the first instant of 2101 ends a
    window covering all of 2100."""
    if moment is None:
        return None
    if not within_plant_years(moment, end=field in ("until", "to")):
        raise Refused(
            422,
            "invalid",
            _("“%(field)s”: %(value)s lies outside the years %(first)s–%(last)s.")
            % {"field": field, "value": moment.isoformat(), "first": FIRST_YEAR, "last": LAST_YEAR},
            field,
        )
    if timezone.is_aware(moment):
        return moment
    site = site or Site.default()
    zone = ZoneInfo(site.timezone if site else "UTC")
    try:
        return wall_clock(moment, zone)
    except SkippedTime as exc:
        raise Refused(422, "invalid", skipped_time_message(exc), field) from None


def check_window(since: datetime | None, until: datetime | None) -> None:
    if since and until and since >= until:
        raise Refused(422, "bad_window", _("since must be before until."), "until")


# --- lots ---------------------------------------------------------------------------------------------


# Text filters are bounded by the longest column they search (schemas.longest): a 60,000-character q went
# into a LIKE pattern, which SQLite refuses past 50,000 bytes — a 500.
LOT_SEARCH_LIMIT = max(longest(Lot, "supplier_lot"), DELIVERY_LIMIT)
WORK_ORDER_SEARCH_LIMIT = longest(WorkOrder, "customer_ref")


class LotFilters(Paging):
    item: str | None = NinjaField(None, max_length=ITEM_LIMIT, description="Item code")
    status: str | None = NinjaField(
        None, max_length=20, description="released, on_hold, quarantined, recalled; held = any hold"
    )
    origin: str | None = NinjaField(
        None, max_length=20, description="received, produced, split, merged, imported"
    )
    q: str | None = NinjaField(
        None,
        max_length=LOT_SEARCH_LIMIT,
        description="Lot number, supplier lot, delivery note or work order contains",
    )


def lot_summary(lot: Lot) -> LotSummaryOut:
    return LotSummaryOut(
        number=lot.number,
        item=lot.item.code,
        item_name=lot.item.name,
        status=lot.status,
        origin=lot.origin,
        unit=lot.item.unit,
        site=lot.site.code,
        created_at=lot.created_at,
        expires_on=lot.expires_on,
        supplier=lot.supplier.code if lot.supplier_id else None,
        supplier_lot=lot.supplier_lot,
        delivery=lot.delivery.reference if lot.delivery_id else None,
        work_order=lot.work_order.number if lot.work_order_id else None,
        machine=lot.machine.code if lot.machine_id else None,
    )


def choice(value: str | None, allowed: list[str], field: str) -> str | None:
    if value and value not in allowed:
        raise Refused(
            422,
            "invalid",
            _("%(value)s is not one of %(allowed)s.")
            % {"value": shorten(value), "allowed": ", ".join(allowed)},
            field,
        )
    return value


@lots_router.get("", response={200: LotPage, **ERRORS}, summary="Lots, newest first, with filters")
def list_lots(request: HttpRequest, filters: Query[LotFilters]):
    require(request, "read", REPORTS)
    lots = Lot.objects.filter(site__in=sites_for(request.user)).select_related(
        "item", "site", "supplier", "delivery", "work_order", "machine"
    )
    if filters.item:
        lots = lots.filter(item__code=filters.item)
    status = choice(filters.status, ["held", *Lot.Status.values], "status")
    if status == "held":
        lots = lots.exclude(status=Lot.Status.RELEASED)
    elif status:
        lots = lots.filter(status=status)
    if choice(filters.origin, Lot.Origin.values, "origin"):
        lots = lots.filter(origin=filters.origin)
    if filters.q:
        q = filters.q.strip()
        lots = lots.filter(
            Q(number__icontains=q)
            | Q(supplier_lot__icontains=q)
            | Q(delivery__reference__icontains=q)
            | Q(work_order__number__icontains=q)
        )
    total, rows = page(lots.order_by("-created_at", "-id"), filters)
    return LotPage(
        total=total, limit=filters.limit, offset=filters.offset, items=[lot_summary(x) for x in rows]
    )


# --- work orders ----------------------------------------------------------------------------------------


class WorkOrderFilters(Paging):
    status: str | None = NinjaField(
        None, max_length=20, description="planned, released, in_progress, done, cancelled"
    )
    item: str | None = NinjaField(None, max_length=ITEM_LIMIT, description="Item code of the product")
    q: str | None = NinjaField(
        None,
        max_length=WORK_ORDER_SEARCH_LIMIT,
        description="Number, item code or customer order contains",
    )


def work_order_out(wo: WorkOrder) -> WorkOrderOut:
    return WorkOrderOut(
        number=wo.number,
        item=wo.item.code,
        item_name=wo.item.name,
        status=wo.status,
        site=wo.site.code,
        machine=wo.machine.code if wo.machine_id else None,
        quantity_planned=wo.quantity_planned,
        unit=wo.item.unit,
        due_date=wo.due_date,
        customer_ref=wo.customer_ref,
        output_lots=sorted(lot.number for lot in wo.output_lots.all()),
    )


def work_orders_for(request: HttpRequest) -> QuerySet[WorkOrder]:
    return (
        WorkOrder.objects.filter(site__in=sites_for(request.user))
        .select_related("item", "site", "machine")
        .prefetch_related("output_lots")
    )


@work_orders_router.get("", response={200: WorkOrderPage, **ERRORS}, summary="Work orders, newest first")
def list_work_orders(request: HttpRequest, filters: Query[WorkOrderFilters]):
    require(request, "read", REPORTS)
    orders = work_orders_for(request)
    if choice(filters.status, WorkOrder.Status.values, "status"):
        orders = orders.filter(status=filters.status)
    if filters.item:
        orders = orders.filter(item__code=filters.item)
    if filters.q:
        q = filters.q.strip()
        orders = orders.filter(
            Q(number__icontains=q) | Q(item__code__icontains=q) | Q(customer_ref__icontains=q)
        )
    total, rows = page(orders.order_by("-created_at", "-id"), filters)
    return WorkOrderPage(
        total=total, limit=filters.limit, offset=filters.offset, items=[work_order_out(w) for w in rows]
    )


def find_work_order(orders: QuerySet[WorkOrder], number: str, field: str = "number") -> WorkOrder:
    """A work order by its number, regardless of case like lot numbers (wo-001 is WO-001) — exactly as
    written first, should two ever differ only in case."""
    number = number.strip()
    found = orders.filter(number=number).first() or orders.filter(number__iexact=number).first()
    if found is None:
        raise LedgerError(
            "unknown_work_order", _("No work order %(wo)s.") % {"wo": shorten(number or "''")}, field=field
        )
    return found


# {path:…}: numbers may contain "/" (a lot or document number like KX/46, sent as KX%2F46).


@work_orders_router.get("/{path:number}", response={200: WorkOrderOut, **ERRORS}, summary="A work order")
def work_order_detail(request: HttpRequest, number: str = Path(..., max_length=WORK_ORDER_LIMIT)):
    require(request, "read", REPORTS)
    return work_order_out(find_work_order(work_orders_for(request), number))


# --- shipments ------------------------------------------------------------------------------------------


class ShipmentFilters(Paging):
    customer: str | None = NinjaField(None, max_length=PARTY_LIMIT, description="Customer code")
    lot: str | None = NinjaField(
        None,
        max_length=LOT_LIMIT,
        description="Shipments carrying this lot (not those whose lines of it were corrected away)",
    )
    since: datetime | None = NinjaField(None, description="Shipped at or after (ISO 8601)")
    until: datetime | None = NinjaField(None, description="Shipped before (ISO 8601)")


def shipment_out(shipment: Shipment) -> ShipmentOut:
    shipped = sorted(shipped_per_lot(shipment.lines.all()), key=lambda row: row.lot.number)  # prefetched
    return ShipmentOut(
        number=shipment.number,
        customer=shipment.customer.code,
        customer_name=shipment.customer.name,
        site=shipment.site.code,
        shipped_at=shipment.shipped_at,
        sscc=shipment.sscc,
        lines=[
            ShipmentLineOut(
                lot=row.lot.number, item=row.lot.item.code, quantity=row.quantity, unit=row.lot.item.unit
            )
            for row in shipped
        ],
    )


def shipments_for(request: HttpRequest) -> QuerySet[Shipment]:
    return (
        Shipment.objects.filter(site__in=sites_for(request.user))
        .select_related("customer", "site")
        .prefetch_related("lines__lot__item")
    )


@shipments_router.get("", response={200: ShipmentPage, **ERRORS}, summary="Shipments, newest first")
def list_shipments(request: HttpRequest, filters: Query[ShipmentFilters]):
    require(request, "read", REPORTS)
    filters.since, filters.until = aware(filters.since, "since"), aware(filters.until, "until")
    check_window(filters.since, filters.until)
    shipments = shipments_for(request)
    if filters.customer:
        shipments = shipments.filter(customer__code=filters.customer)
    if filters.lot:
        shipments = shipments.filter(id__in=shipments_carrying(number=filters.lot.strip().upper()))
    if filters.since:
        shipments = shipments.filter(shipped_at__gte=filters.since)
    if filters.until:
        shipments = shipments.filter(shipped_at__lt=filters.until)
    total, rows = page(shipments.order_by("-shipped_at", "-id"), filters)
    return ShipmentPage(
        total=total, limit=filters.limit, offset=filters.offset, items=[shipment_out(s) for s in rows]
    )


@shipments_router.get(
    "/{path:number}", response={200: ShipmentOut, **ERRORS}, summary="A shipment and its lots"
)
def shipment_detail(request: HttpRequest, number: str = Path(..., max_length=SHIPMENT_LIMIT)):
    require(request, "read", REPORTS)
    shipment = shipments_for(request).filter(number=number.strip()).first()
    if shipment is None:
        raise LedgerError(
            "unknown_shipment", _("No shipment %(doc)s.") % {"doc": shorten(number)}, field="number"
        )
    return shipment_out(shipment)


# --- ledger events --------------------------------------------------------------------------------------


class EventFilters(Paging):
    kind: str | None = NinjaField(
        None, max_length=20, description="receive, consume, produce, ship, hold, release, …"
    )
    lot: str | None = NinjaField(None, max_length=LOT_LIMIT, description="Events with a line for this lot")
    since: datetime | None = NinjaField(None, description="Happened at or after (ISO 8601)")
    until: datetime | None = NinjaField(None, description="Happened before (ISO 8601)")


def event_out(event: Event) -> LedgerEventOut:
    return LedgerEventOut(
        event_id=event.uid,
        kind=event.kind,
        occurred_at=event.occurred_at,
        recorded_at=event.recorded_at,
        site=event.site.code,
        user=event.user.get_username() if event.user_id else None,
        work_order=event.work_order.number if event.work_order_id else None,
        machine=event.machine.code if event.machine_id else None,
        shipment=event.shipment.number if event.shipment_id else None,
        delivery=event.delivery.reference if event.delivery_id else None,
        new_status=event.new_status,
        reason=event.reason,
        reference=event.reference,
        corrects=event.corrects.uid if event.corrects_id else None,
        lines=[
            EventLineOut(
                lot=line.lot.number,
                quantity=line.quantity,
                unit=line.unit,
                location=line.location.code if line.location_id else None,
            )
            for line in event.lines.all()
        ],
    )


@events_router.get("", response={200: EventPage, **ERRORS}, summary="Ledger events, newest first")
def list_events(request: HttpRequest, filters: Query[EventFilters]):
    require(request, "read", REPORTS)
    filters.since, filters.until = aware(filters.since, "since"), aware(filters.until, "until")
    check_window(filters.since, filters.until)
    events = (
        Event.objects.filter(site__in=sites_for(request.user))
        .select_related("site", "user", "work_order", "machine", "shipment", "delivery", "corrects")
        .prefetch_related("lines__lot", "lines__location")
    )
    if choice(filters.kind, EventKind.values, "kind"):
        events = events.filter(kind=filters.kind)
    if filters.lot:
        events = events.filter(lines__lot__number=filters.lot.strip().upper()).distinct()
    if filters.since:
        events = events.filter(occurred_at__gte=filters.since)
    if filters.until:
        events = events.filter(occurred_at__lt=filters.until)
    total, rows = page(events.order_by("-occurred_at", "-id"), filters)
    return EventPage(
        total=total, limit=filters.limit, offset=filters.offset, items=[event_out(e) for e in rows]
    )
