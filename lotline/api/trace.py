"""Trace and recall over the API (read scope): the same core queries as the recall desk, as JSON.

GET  /api/v1/lots/{number}/trace?direction=backward|forward&depth=N
POST /api/v1/recall  {"lots": [...]} | {"delivery": "DN-1", "supplier": "STEELCO"} | {"machine", "from", "to"}
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Router

from lotline.core.models import Lot, Machine
from lotline.core.queries import (
    RecallScope,
    Trace,
    recall_for_delivery,
    recall_for_window,
    recall_scope,
    trace,
)
from lotline.core.queries.rows import without_gc_pauses
from lotline.core.queries.trace import MAX_DEPTH
from lotline.core.services import LedgerError, find_delivery, find_lot

from .auth import require, require_site
from .errors import Refused
from .read import aware
from .schemas import (
    LOT_LIMIT,
    ErrorOut,
    RecallIn,
    RecallOut,
    TraceOut,
    plain_decimal,
)

REPORTS = "core.view_reports"
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

trace_router = Router(tags=["trace and recall"])
recall_router = Router(tags=["trace and recall"])


def visible_lot(request: HttpRequest, number: str, field: str = "lot") -> Lot:
    if not number.strip():
        # Not "No lot '' is known here.": nothing was asked for.
        raise Refused(422, "invalid", _("Fill in the lot number."), field)
    lot = find_lot(number, field=field)
    require_site(
        request, lot.site, _("Lot %(lot)s is at a site you may not see.") % {"lot": lot.number}, field
    )
    return lot


@without_gc_pauses
def trace_out(result: Trace, depth: int | None) -> dict:
    """The TraceOut document as JSON-ready values (see ``json_answer``)."""
    number = result.number_of
    return {
        "direction": result.direction,
        "depth": depth,
        "roots": [lot.number for lot in result.roots],
        "lots": [
            {
                "number": lot.number,
                "depth": lot.depth,
                "item": lot.item_code,
                "item_name": lot.item_name,
                "item_kind": lot.item_kind,
                "unit": lot.unit,
                "status": lot.status,
                "origin": lot.origin,
                "created_at": moment(lot.created_at),
                "expires_on": lot.expires_on.isoformat() if lot.expires_on else None,
                "supplier": lot.supplier,
                "supplier_lot": lot.supplier_lot,
                "delivery": lot.delivery,
                "work_order": lot.work_order,
                "machine": lot.machine,
            }
            for lot in result.lots
        ],
        "links": [
            {
                "parent": number(link.parent_id),
                "child": number(link.child_id),
                "quantity": None if link.quantity is None else plain_decimal(link.quantity),
                "unit": link.unit,
                "work_order": link.work_order,
                "basis": link.basis,
                "ambiguous": link.ambiguous,
            }
            for link in result.links
        ],
        "deliveries": [{"supplier": s, "delivery": d} for s, d in result.deliveries],
        "elapsed_ms": round(result.elapsed_ms, 2),
    }


# {path:…}: a lot number may contain "/" (sent as %2F, which arrives decoded). api/urls.py mounts this
# router before the lot detail's, whose {path:number} would otherwise take "A/B/trace" as a lot number.
@trace_router.get(
    "/{path:number}/trace",
    response={200: TraceOut, **ERRORS},
    summary="Backward (inputs, raw lots, deliveries) or forward (outputs) genealogy of a lot",
)
def lot_trace(
    request: HttpRequest,
    number: str = Path(..., max_length=LOT_LIMIT),
    direction: Literal["backward", "forward"] = "backward",
    depth: int | None = None,
):
    require(request, "read", REPORTS)
    if depth is not None and not 1 <= depth <= MAX_DEPTH:
        raise Refused(
            422,
            "invalid",
            _("depth must be from 1 to %(max)s (leave it out for any depth).") % {"max": MAX_DEPTH},
            "depth",
        )
    lot = visible_lot(request, number)
    return json_answer(trace_out(trace(lot, direction, max_depth=depth), depth))


@without_gc_pauses
def recall_out(scope: RecallScope) -> dict:
    """The RecallOut document as JSON-ready values (see ``json_answer``)."""
    number = scope.trace.number_of
    return {
        "description": scope.description,
        "suspects": [lot.number for lot in scope.suspects],
        "lots": [
            {
                "number": a.lot.number,
                "item": a.lot.item_code,
                "item_name": a.lot.item_name,
                "unit": a.lot.unit,
                "status": a.lot.status,
                "origin": a.lot.origin,
                "depth": a.lot.depth,
                "made": plain_decimal(a.made),
                "used": plain_decimal(a.used),
                "scrapped": plain_decimal(a.scrapped),
                "shipped": plain_decimal(a.shipped),
                "adjusted": plain_decimal(a.adjusted),
                "on_hand": plain_decimal(a.on_hand),
                "on_hand_by_location": {code: plain_decimal(q) for code, q in a.on_hand_by_location.items()},
            }
            for a in scope.lots
        ],
        "shipments": [
            {
                "shipment": s.shipment,
                "shipped_at": moment(s.shipped_at),
                "customer": s.customer_code,
                "customer_name": s.customer,
                "lot": s.lot_number,
                "item": s.item_code,
                "quantity": plain_decimal(s.quantity),
                "unit": s.unit,
            }
            for s in scope.shipments
        ],
        "customers": [
            {
                "code": c.code,
                "name": c.name,
                "contact_name": c.contact_name,
                "email": c.email,
                "phone": c.phone,
                "address": c.address,
                "shipments": list(c.shipments),
            }
            for c in scope.customers
        ],
        "ambiguous_links": [
            {"parent": number(link.parent_id), "child": number(link.child_id), "work_order": link.work_order}
            for link in scope.ambiguous_links
        ],
        "elapsed_ms": round(scope.elapsed_ms, 2),
    }


def moment(value: datetime) -> str:
    """A datetime as the API's encoder (Django's, ECMA-262 style) writes it: milliseconds, "Z" for UTC.

    Written out because the encoder's chain of ``default`` methods cost 4 µs a value, 3 ms on a recall
    naming 700 shipments; tests/test_api_trace.py holds every answer to Ninja's own rendering.
    """
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@without_gc_pauses
def json_answer(document: dict) -> HttpResponse:
    """A 200 answer from a document already in JSON values.

    A big trace or recall (a thousand lots) spent more time in pydantic — building the response models,
    then validating them again against the declared schema — and in the encoder's per-value fallback for
    Decimals and datetimes than in the query itself. The endpoints still declare TraceOut / RecallOut (the
    OpenAPI document), and tests/test_api_trace.py checks every answer against those models, byte for
    byte as Ninja would write it.
    """
    return HttpResponse(json.dumps(document), content_type="application/json; charset=utf-8")


@recall_router.post(
    "",
    response={200: RecallOut, **ERRORS},
    summary="Recall scope of suspect lots, a supplier delivery, or a machine and time window",
)
def recall(request: HttpRequest, payload: RecallIn):
    require(request, "read", REPORTS)
    chosen = [bool(payload.lots), payload.delivery is not None, payload.machine is not None]
    if sum(chosen) != 1:
        raise Refused(
            422, "bad_recall", _("Send exactly one of: lots, delivery, or machine with from and to."), None
        )
    if payload.lots:
        lots = [visible_lot(request, n, field=f"lots[{i}]") for i, n in enumerate(payload.lots)]
        return json_answer(recall_out(recall_scope(list({lot.pk: lot for lot in lots}.values()))))
    # Only the starting point is checked, as for lots: the scope itself follows the whole path, across
    # sites, because a recall must reach every lot and customer the suspect material reached.
    if payload.delivery is not None:
        delivery = find_delivery(payload.delivery, payload.supplier)
        refusal = _("Delivery %(ref)s was received at a site you may not see.") % {"ref": delivery.reference}
        require_site(request, delivery.site, refusal, "delivery")
        return json_answer(recall_out(recall_for_delivery(delivery)))
    machine = Machine.objects.select_related("site").filter(code=(payload.machine or "").strip()).first()
    if machine is None:
        raise LedgerError(
            "unknown_machine", _("No machine %(code)s.") % {"code": payload.machine}, field="machine"
        )
    refusal = _("Machine %(code)s is at a site you may not see.") % {"code": machine.code}
    require_site(request, machine.site, refusal, "machine")
    # Times without an offset are the machine's own wall clock: its site may be in another zone.
    payload.start, payload.end = (
        aware(payload.start, "from", machine.site),
        aware(payload.end, "to", machine.site),
    )
    if payload.start is None or payload.end is None:
        raise Refused(
            422,
            "invalid",
            _("A machine window needs both from and to."),
            "from" if payload.start is None else "to",
        )
    if payload.start >= payload.end:
        raise Refused(422, "bad_window", _("from must be before to."), "to")
    return json_answer(recall_out(recall_for_window(payload.start, payload.end, machine=machine)))
