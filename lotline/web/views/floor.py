"""Operator screens: work orders, shipping and lot lookup — phone first, scan first.

Scans on the work-order and shipping screens go through the browser's offline queue (static/web/offline.js)
to the events API, so the same path works online and offline. Lookup is online only (htmx partial).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotline.core.models import Machine, Party, WorkOrder
from lotline.core.queries import lots as lot_queries
from lotline.core.scanning import lot_from_scan
from lotline.core.services import LedgerError
from lotline.planning.errors import PlanningError
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
        found = open_orders.filter(number__iexact=scanned).first()
        if found is not None:
            return redirect("floor-work-order", number=found.number)
        error = _("No open work order %(wo)s here.") % {"wo": scanned}
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
    machines = Machine.objects.filter(site=request.site)
    guidance = floor_guidance(order)
    return render(
        request, "web/floor/work_order.html", {"wo": order, "machines": machines, "guidance": guidance}
    )


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
        messages.error(request, exc.message)
        return redirect("floor-work-order", number=order.number)
    messages.success(request, _("Work order %(wo)s is done.") % {"wo": order.number})
    return redirect("floor-work-orders")


@floor_view()
def shipping(request: HttpRequest) -> HttpResponse:
    """Choose customer and document, then scan the lots (each scan ships that lot's quantity)."""
    customers = Party.objects.filter(role__in=[Party.Role.CUSTOMER, Party.Role.BOTH])
    code = (request.GET.get("customer") or "").strip()
    document = (request.GET.get("document") or "").strip()
    customer = customers.filter(code=code).first() if code else None
    if customer is None or not document:
        return render(
            request,
            "web/floor/ship_start.html",
            {"customers": customers, "code": code, "document": document, "error": bool(code or document)},
        )
    return render(request, "web/floor/ship.html", {"customer": customer, "document": document})


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
    return render(request, "web/floor/_lookup_result.html", lot_overview(lot))
