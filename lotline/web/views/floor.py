"""Operator screens: work orders, shipping and lot lookup — phone first, scan first.

Scans on the work-order and shipping screens go through the browser's offline queue (static/web/offline.js)
to the events API, so the same path works online and offline. Lookup is online only (htmx partial).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotline.core.access import may_use_site
from lotline.core.models import Lot, Machine, Party, Shipment, WorkOrder
from lotline.core.queries import lots as lot_queries
from lotline.core.scanning import lot_from_scan
from lotline.core.services import LedgerError
from lotline.core.services.shipping import refuse_other_customers_document
from lotline.core.services.text import fitting
from lotline.planning.errors import PlanningError
from lotline.planning.models import WorkOrderTransition
from lotline.planning.queries import floor_guidance
from lotline.planning.services import transition

from .floor_common import floor_view
from .floor_lookup import lot_overview

OPEN = [WorkOrder.Status.RELEASED, WorkOrder.Status.IN_PROGRESS]


@floor_view()
def work_orders(request: HttpRequest) -> HttpResponse:
    """Pick or scan a work order; a scanned number opens it."""
    scanned = (request.GET.get("scan") or "").strip()
    open_orders = WorkOrder.objects.filter(site=request.site, status__in=OPEN).select_related(
        "item", "machine"
    )
    error = None
    if scanned:
        # Open or not: a done or unreleased order's page says so and takes no scans.
        found = WorkOrder.objects.filter(site=request.site, number__iexact=scanned).first()
        if found is not None:
            return redirect("floor-work-order", number=found.number)
        error = _("No work order %(wo)s is known here.") % {"wo": scanned}
    ordered = open_orders.order_by("priority", "due_date", "number")[:50]
    return render(
        request, "web/floor/work_orders.html", {"orders": ordered, "error": error, "scanned": scanned}
    )


def work_order_for(request: HttpRequest, number: str) -> WorkOrder:
    return get_object_or_404(
        WorkOrder.objects.select_related("item", "machine", "recipe"), number=number, site=request.site
    )


@floor_view()
def work_order(request: HttpRequest, number: str) -> HttpResponse:
    order = work_order_for(request, number)
    context: dict = {"wo": order}
    if order.accepts_events:
        context["machines"] = Machine.objects.filter(site=request.site)
        context["guidance"] = floor_guidance(order)
    else:
        # Done, cancelled or not yet released: nothing can be scanned or recorded, say so plainly.
        progress = lot_queries.work_order_progress(order)
        context.update(
            closed=closed_state(order, progress), consumed=progress.consumed, produced=progress.produced
        )
    return render(request, "web/floor/work_order.html", context)


def closed_state(order: WorkOrder, progress: lot_queries.WorkOrderProgress) -> dict:
    """What the floor shows for a work order that takes no scans: its state, when, and how much was made."""
    last = (
        WorkOrderTransition.objects.filter(work_order=order, to_status=order.status)
        .select_related("user")
        .order_by("-at", "-id")
        .first()
    )
    made = sum((row.quantity for row in progress.produced), Decimal(0))
    if order.status == WorkOrder.Status.DONE:
        headline = _("Work order %(wo)s is done.") % {"wo": order.number}
    elif order.status == WorkOrder.Status.CANCELLED:
        headline = _("Work order %(wo)s was cancelled: do not record anything on it.") % {"wo": order.number}
    else:
        headline = _("Work order %(wo)s is not released yet: ask your supervisor.") % {"wo": order.number}
    return {
        "headline": headline,
        "at": last.at if last else None,
        "by": last.user if last else None,
        "made": made,
    }


@floor_view()
def work_order_progress(request: HttpRequest, number: str) -> HttpResponse:
    order = work_order_for(request, number)
    progress = lot_queries.work_order_progress(order)
    return render(
        request,
        "web/floor/_work_order_progress.html",
        {"wo": order, "consumed": progress.consumed, "produced": progress.produced},
    )


@require_POST
@floor_view()
def finish_work_order(request: HttpRequest, number: str) -> HttpResponse:
    order = work_order_for(request, number)
    try:
        # A status change, not a ledger event: the planning lifecycle records who finished it and when.
        transition(order, WorkOrder.Status.DONE, request.user)
    except PlanningError as exc:
        messages.error(request, finish_refusal(order, exc))
        return redirect("floor-work-order", number=order.number)
    messages.success(request, _("Work order %(wo)s is done.") % {"wo": order.number})
    return redirect("floor-work-orders")


def finish_refusal(order: WorkOrder, exc: PlanningError) -> str:
    """Why a work order cannot be finished, in the operator's words rather than the lifecycle's."""
    order.refresh_from_db(fields=["status"])
    words = {
        WorkOrder.Status.RELEASED: _("Work order %(wo)s has not started yet: scan its material first."),
        WorkOrder.Status.PLANNED: _("Work order %(wo)s is not released yet: ask your supervisor."),
        WorkOrder.Status.DONE: _("Work order %(wo)s is already done."),
        WorkOrder.Status.CANCELLED: _("Work order %(wo)s was cancelled: ask your supervisor."),
    }
    if exc.code == "bad_transition" and order.status in words:
        return words[order.status] % {"wo": order.number}
    return exc.message


@floor_view()
def shipping(request: HttpRequest) -> HttpResponse:
    """Choose customer and document, then scan the lots (each scan ships that lot's quantity)."""
    customers = Party.objects.filter(role__in=[Party.Role.CUSTOMER, Party.Role.BOTH])
    code = (request.GET.get("customer") or "").strip()
    document = (request.GET.get("document") or "").strip()
    customer = customers.filter(code=code).first() if code else None
    error = start_refusal(code, customer, document)
    if error is None and customer is not None:
        shipment = Shipment.objects.filter(number=document).select_related("customer", "site").first()
        error = document_refusal(request, shipment, customer, document)
        if error is None:
            context = {"customer": customer, "document": document, "shipment": shipment}
            if request.GET.get("finish"):
                rows = lot_queries.shipped_on(document, request.site)
                context.update(rows=rows, totals=totals_by_unit(rows))
                return render(request, "web/floor/ship_done.html", context)
            return render(request, "web/floor/ship.html", context)
    return render(
        request,
        "web/floor/ship_start.html",
        {"customers": customers, "code": code, "document": document, "error": error},
    )


def start_refusal(code: str, customer: Party | None, document: str) -> str | None:
    """What is wrong with the customer and document the operator gave, in their words: an unknown customer
    is named (a typed or stale code is not "choose the customer"), a missing half is asked for, a document
    number too long to store is refused before any scan. None for the empty first visit."""
    if not code and not document:
        return None
    if code and customer is None:
        unknown = _("No customer %(code)s is known here. Choose the customer.") % {"code": code}
        return " ".join((unknown, _("Enter the document number."))) if not document else unknown
    if not code or not document:
        return _("Choose the customer and enter the document number.")
    try:
        fitting(document, Shipment, "number", field="document")
    except LedgerError as exc:
        return exc.message
    return None


def document_refusal(
    request: HttpRequest, shipment: Shipment | None, customer: Party, document: str
) -> str | None:
    """A document number already used for another customer or at another site is refused before any scan."""
    if shipment is None:
        return None
    try:
        refuse_other_customers_document(shipment, customer)  # the service's own rule and words
    except LedgerError as exc:
        return exc.message
    if shipment.site_id != request.site.pk:  # type: ignore[attr-defined]
        return _("Document %(doc)s is a shipment of another site — check the document number.") % {
            "doc": document
        }
    return None


def totals_by_unit(rows) -> list[tuple[Decimal, str]]:
    totals: dict[str, Decimal] = {}
    for row in rows:
        totals[row.lot.item.unit] = totals.get(row.lot.item.unit, Decimal(0)) + row.quantity
    return sorted((quantity, unit) for unit, quantity in totals.items())


@floor_view()
def shipment_progress(request: HttpRequest) -> HttpResponse:
    document = (request.GET.get("document") or "").strip()
    rows = lot_queries.shipped_on(document, request.site)
    return render(request, "web/floor/_ship_progress.html", {"rows": rows, "document": document})


@floor_view()
def lookup(request: HttpRequest) -> HttpResponse:
    return render(request, "web/floor/lookup.html", {"scan": request.GET.get("scan", "")})


@floor_view()
def lookup_result(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("scan", "")
    if not text.strip():
        return HttpResponse("")
    try:
        lot = lot_from_scan(text)
    except LedgerError as exc:
        return render(request, "web/floor/_lookup_result.html", {"error": exc.message}, status=200)
    if not may_use_site(request.user, lot.site):
        # Another site's stock, work orders and customers are not this operator's to see.
        elsewhere = _("Lot %(lot)s is at site %(site)s, where you do not work.")
        context = {"error": elsewhere % {"lot": lot.number, "site": lot.site.code}}
        return render(request, "web/floor/_lookup_result.html", context)
    context = lot_overview(lot)
    verdicts = {  # whole sentences: a status word spliced into one could not be translated well
        Lot.Status.RELEASED: _("Lot %(lot)s found."),
        Lot.Status.ON_HOLD: _("Lot %(lot)s is on hold."),
        Lot.Status.QUARANTINED: _("Lot %(lot)s is quarantined."),
        Lot.Status.RECALLED: _("Lot %(lot)s is recalled."),
    }
    context["verdict"] = verdicts[lot.status] % {"lot": lot.number}
    return render(request, "web/floor/_lookup_result.html", context)
