"""GET lists of lots, work orders, shipments and ledger events (read scope), paged by limit/offset.

Every list answers {total, limit, offset, items} in a stable order (newest first, then id), filtered to the
sites the caller may see — the same rows the desk lists show.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from lotline.core.access import sites_for
from lotline.core.models import Event, EventKind, Lot, Shipment, Site, WorkOrder
from lotline.core.queries.lots import shipments_carrying, shipped_per_lot
from lotline.core.services.context import skipped_time_message
from lotline.lib.times import SkippedTime, wall_clock

from .auth import require
from .errors import Refused
from .schemas import (
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
)

REPORTS = "core.view_reports"
MAX_LIMIT = 500
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

lots_router = Router(tags=["lots"])
work_orders_router = Router(tags=["work orders"])
shipments_router = Router(tags=["shipments"])
events_router = Router(tags=["events"])


class Paging(Schema):
    limit: int = NinjaField(50, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}")
    offset: int = NinjaField(0, ge=0)


def page(queryset: QuerySet, paging: Paging) -> tuple[int, list]:
    total = queryset.count()
    return total, list(queryset[paging.offset : paging.offset + paging.limit])


def aware(moment: datetime | None, site: Site | None = None) -> datetime | None:
    """A time without an offset is the wall clock of ``site`` (a machine's site), else of the plant's
    default site."""
    if moment is None or timezone.is_aware(moment):
        return moment
    site = site or Site.default()
    zone = ZoneInfo(site.timezone if site else "UTC")
    try:
        return wall_clock(moment, zone)
    except SkippedTime as exc:
        raise Refused(422, "invalid", skipped_time_message(exc)) from None


def check_window(since: datetime | None, until: datetime | None) -> None:
    if since and until and since >= until:
        raise Refused(422, "bad_window", _("since must be before until."), "until")


# --- lots ---------------------------------------------------------------------------------------------


class LotFilters(Paging):
    item: str | None = NinjaField(None, description="Item code")
    status: str | None = NinjaField(
        None, description="released, on_hold, quarantined, recalled; held = any hold"
    )
    origin: str | None = NinjaField(None, description="received, produced, split, merged, imported")
    q: str | None = NinjaField(
        None, description="Lot number, supplier lot, delivery note or work order contains"
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
            _("%(value)s is not one of %(allowed)s.") % {"value": value, "allowed": ", ".join(allowed)},
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
    status: str | None = NinjaField(None, description="planned, released, in_progress, done, cancelled")
    item: str | None = NinjaField(None, description="Item code of the product")
    q: str | None = NinjaField(None, description="Number, item code or customer order contains")


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


@work_orders_router.get("/{number}", response={200: WorkOrderOut, **ERRORS}, summary="A work order")
def work_order_detail(request: HttpRequest, number: str):
    require(request, "read", REPORTS)
    return work_order_out(get_object_or_404(work_orders_for(request), number=number))


# --- shipments ------------------------------------------------------------------------------------------


class ShipmentFilters(Paging):
    customer: str | None = NinjaField(None, description="Customer code")
    lot: str | None = NinjaField(
        None, description="Shipments carrying this lot (not those whose lines of it were corrected away)"
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
    filters.since, filters.until = aware(filters.since), aware(filters.until)
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


@shipments_router.get("/{number}", response={200: ShipmentOut, **ERRORS}, summary="A shipment and its lots")
def shipment_detail(request: HttpRequest, number: str):
    require(request, "read", REPORTS)
    return shipment_out(get_object_or_404(shipments_for(request), number=number))


# --- ledger events --------------------------------------------------------------------------------------


class EventFilters(Paging):
    kind: str | None = NinjaField(None, description="receive, consume, produce, ship, hold, release, …")
    lot: str | None = NinjaField(None, description="Events with a line for this lot")
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
    filters.since, filters.until = aware(filters.since), aware(filters.until)
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
