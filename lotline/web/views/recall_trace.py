"""The trace page: backward and forward, as a lazily expanded tree, a genealogy graph and a timeline."""

from __future__ import annotations

from collections import Counter

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from lotline.core.models import Event, EventLine, Lot, WorkOrder
from lotline.core.queries import Trace, merged, recall_scope, trace
from lotline.recall.balance import lot_balance, work_order_balance

from .recall import desk_view, lot_page_url

TIMELINE_LIMIT = 300
TIMELINE_MAX_LOTS = 2000
SHIPMENTS_SHOWN = 50  # the recall scope lists them all


def get_lot(number: str) -> Lot:
    lot = (
        Lot.objects.select_related("item", "site", "supplier", "delivery", "work_order")
        .filter(number=number.strip().upper())
        .first()
    )
    if lot is None:
        raise Http404(number)
    return lot


def trace_json(result: Trace) -> dict:
    """Compact trace for the browser: lots [id, number, item, status, depth, origin] and links
    [parent, child, ambiguous, work order, quantity] — one link per parent and child (quantities summed,
    see lotline.recall.genealogy); quantity is "" when the work-order rule wrote the link without one."""
    result = merged(result)
    return {
        "direction": result.direction,
        "lots": [
            [lot.id, lot.number, lot.item_code, lot.status, lot.depth, lot.origin] for lot in result.lots
        ],
        "links": [
            [
                link.parent_id,
                link.child_id,
                int(link.ambiguous),
                link.work_order or "",
                f"{format(link.quantity.normalize(), 'f')} {link.unit}".strip() if link.quantity else "",
            ]
            for link in result.links
        ],
    }


def levels(result: Trace) -> list[dict]:
    """Lots grouped by depth, then by item: what 'collapse by level or item' shows on a large trace."""
    grouped: dict[int, dict[str, list]] = {}
    for lot in result.lots:
        grouped.setdefault(lot.depth, {}).setdefault(f"{lot.item_code} {lot.item_name}", []).append(lot)
    return [
        {"depth": depth, "items": sorted(items.items()), "count": sum(len(v) for v in items.values())}
        for depth, items in sorted(grouped.items())
    ]


@desk_view()
def trace_page(request: HttpRequest, number: str) -> HttpResponse:
    lot = get_lot(number)
    walked_forward = trace(lot, "forward")
    backward, forward = merged(trace(lot, "backward")), merged(walked_forward)
    ids = sorted({x.id for x in backward.lots} | {x.id for x in forward.lots})
    timeline_ids = ids if len(ids) <= TIMELINE_MAX_LOTS else [lot.id]
    # Each row names the lots of the trace the event touched, with their quantities (a hold or a scrap
    # is about particular lots); lines of lots outside the trace are left out.
    trace_lines = (
        EventLine.objects.filter(lot_id__in=timeline_ids).select_related("lot").order_by("lot__number", "id")
    )
    events = (
        Event.objects.filter(lines__lot_id__in=timeline_ids)
        .distinct()
        .select_related("user", "work_order", "shipment", "delivery", "machine")
        .prefetch_related(Prefetch("lines", queryset=trace_lines, to_attr="trace_lines"))
        .order_by("occurred_at", "id")[: TIMELINE_LIMIT + 1]
    )
    events = list(events)
    # "Where it went" ends at the customers, not at the last lot: the forward trace's shipments.
    reached = recall_scope([lot], forward=walked_forward)
    statuses = Counter(x.status for x in {**backward.by_id, **forward.by_id}.values())
    return render(
        request,
        "web/recall/trace.html",
        {
            "lot": lot,
            "lot_page": lot_page_url(lot.number),
            "backward": backward,
            "forward": forward,
            "backward_levels": levels(backward),
            "forward_levels": levels(forward),
            "graph_data": {
                "backward": trace_json(backward),
                "forward": trace_json(forward),
                "root": lot.id,
                "labels": {
                    "expand": _("expand"),
                    "more": _("more…"),
                    "ambiguous": _("ambiguous"),
                    "seen": _("shown above"),
                    "lots": _("lots"),
                    "level": _("level"),
                },
            },
            "shipments": reached.shipments[:SHIPMENTS_SHOWN],
            "shipments_total": len(reached.shipments),
            "customers": reached.customers,
            "events": events[:TIMELINE_LIMIT],
            "events_cut": len(events) > TIMELINE_LIMIT or timeline_ids != ids,
            "balance": lot_balance(lot),
            "statuses": sorted(statuses.items()),
            "elapsed_ms": backward.elapsed_ms + forward.elapsed_ms,
        },
    )


@desk_view()
def trace_data(request: HttpRequest, number: str) -> JsonResponse:
    lot = get_lot(number)
    direction = request.GET.get("direction", "backward")
    if direction not in ("backward", "forward"):
        raise Http404(direction)
    return JsonResponse(trace_json(trace(lot, direction)))


@desk_view()
def work_order_page(request: HttpRequest, number: str) -> HttpResponse:
    work_order = get_object_or_404(WorkOrder.objects.select_related("item", "recipe"), number=number)
    return render(
        request,
        "web/recall/work_order.html",
        {
            "work_order": work_order,
            "balance": work_order_balance(work_order),
            "outputs": work_order.output_lots.order_by("number"),
        },
    )
