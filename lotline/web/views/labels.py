"""Labels under /labels/: a lot's label page (preview and print form), PDF/ZPL downloads, bulk sheets for a
delivery or a work order, and a shipment's pallet label. Every download or print is recorded as a
LabelPrint by lotline.printing.services; a reprint asks for a reason first.

A reprint is recorded by a POST (the reason form, with its CSRF token), which then redirects to the same
download URL with ``?prints=<ids>``: that GET draws the recorded prints again and records nothing, so
reloading it records no further reprint (post/redirect/get). A GET never records a reprint: a ``reason`` in
the query is ignored and the reason form is shown again. A first print (no reason needed) is still a plain
GET link, recorded once; reloading it asks for a reason."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotline.core.access import may_use_site
from lotline.core.models import Delivery, Lot, Shipment, Site, WorkOrder
from lotline.labels import SYMBOL_KINDS, LabelError, text_lines
from lotline.labels.symbols import module_matrix, symbol_payload
from lotline.printing.content import checked_lot_label
from lotline.printing.models import SIZE_CHOICES, LabelPrint, Printer
from lotline.printing.services import (
    PrintingError,
    PrintJob,
    print_lot_labels,
    print_pallet_label,
    redownload,
    spec_for,
)

# Parameters a refused reprint keeps when it asks for the reason (and the redirect after it keeps).
KEPT_PARAMS = ("size", "sheet", "dpi", "symbol", "copies")
# How long the download a reprint redirects to may be fetched again without recording anything.
REDOWNLOAD_WINDOW = timedelta(minutes=15)
GET_OR_POST = require_http_methods(["GET", "POST"])  # POST: the reprint form


def labels_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and allowed to record events (printing a label is part of receiving and producing)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm("core.record_events"):
            raise PermissionDenied(_("Your role does not allow printing labels."))
        return view(request, *args, **kwargs)

    return wrapped


def _at_allowed_site(request: HttpRequest, site: Site) -> None:
    if not may_use_site(request.user, site):
        raise Http404(_("Not found at your sites."))


def _lot(request: HttpRequest, number: str) -> Lot:
    lots = Lot.objects.select_related("item", "site", "supplier")
    # Our numbers are upper case (a typed "st-…" finds "ST-…"); an imported one may not be.
    lot = lots.filter(number=number).first() or lots.filter(number=number.strip().upper()).first()
    if lot is None:
        raise Http404(_("No lot %(number)s.") % {"number": number})
    _at_allowed_site(request, lot.site)
    return lot


def _params(request: HttpRequest):  # -> QueryDict
    """A download's parameters: the reprint form's on a POST, the link's on a GET."""
    return request.POST if request.method == "POST" else request.GET


def _int(request: HttpRequest, name: str, default: int) -> int:
    """A whole number in ASCII digits; anything else (including "٣" and "1_000", which int() would take)
    is -1, refused by the service with a message naming the field."""
    text = _params(request).get(name) or ""
    if not text.strip():
        return default
    number = _id(text)
    return -1 if number is None else number


def _id(text: str) -> int | None:
    """A database id sent by a form: ASCII digits of a size an id can have, else None. "²".isdigit() is
    True and int("²") fails; "99999999999999999999" overflows SQLite's integer."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def _reason(request: HttpRequest) -> str:
    """Only a POST (the reason form) may record a reprint; a reason in a GET's query is ignored."""
    return request.POST.get("reason", "") if request.method == "POST" else ""


def _token(request: HttpRequest) -> str:
    """The one-time token of the form that sent this POST: a double click or Back and send again records
    once (lotline.printing.services). Links (GET) carry none."""
    return request.POST.get("form_token", "") if request.method == "POST" else ""


def _new_token() -> str:
    return uuid.uuid4().hex


def _download(job: PrintJob) -> HttpResponse:
    response = HttpResponse(job.data, content_type=job.media_type)
    disposition = "inline" if job.fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{job.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _refused(request: HttpRequest, exc: PrintingError, back: str) -> HttpResponse:
    """A refused download: ask for the reprint reason, or say what to fix."""
    if exc.code == "reason_required":
        params = _params(request)
        kept = {name: params[name] for name in KEPT_PARAMS if params.get(name)}
        return render(
            request,
            "web/labels/reprint.html",
            {"error": exc, "kept": kept, "back": back, "action": request.path, "form_token": _new_token()},
            status=400,
        )
    return render(request, "web/labels/refused.html", {"error": exc, "back": back}, status=422)


def _recorded(request: HttpRequest, job: PrintJob) -> HttpResponse:
    """After a POST recorded the prints: redirect to the same URL, which serves them (post/redirect/get)."""
    params = _params(request)
    query = {name: params[name] for name in KEPT_PARAMS if name in params}
    query["prints"] = ",".join(str(p.pk) for p in job.prints)
    return redirect(f"{request.path}?{urlencode(query)}")


def _recent_prints(request: HttpRequest, fmt: str) -> list[LabelPrint] | None:
    """The prints named by ?prints= when this user recorded them as one download in this format within
    REDOWNLOAD_WINDOW, in the order recorded; None otherwise (the download then behaves as if unnamed)."""
    if request.method == "POST" or "prints" not in request.GET:
        return None
    ids = [_id(i) for i in request.GET["prints"].split(",")]
    if None in ids:
        return None
    prints = list(
        LabelPrint.objects.filter(
            pk__in=ids,
            user=request.user,
            format=fmt,
            printer__isnull=True,
            printed_at__gte=timezone.now() - REDOWNLOAD_WINDOW,
        )
        .select_related("lot__item", "lot__site", "lot__supplier", "shipment__site", "shipment__customer")
        .order_by("id")
    )
    return prints if len(prints) == len(set(ids)) else None


def _serve_recorded(request: HttpRequest, prints: list[LabelPrint], sheet: str | None) -> HttpResponse | None:
    params = request.GET
    try:
        job = redownload(prints, size=params.get("size") or None, sheet=sheet, dpi=_int(request, "dpi", 203))
    except PrintingError:
        return None
    return _download(job)


def _print_lots(
    request: HttpRequest, lots: list[Lot], fmt: str, back: str, sheet: str | None
) -> HttpResponse:
    recorded = _recent_prints(request, fmt)
    if recorded is not None and {p.lot_id for p in recorded} == {lot.pk for lot in lots}:
        served = _serve_recorded(request, recorded, sheet)
        if served is not None:
            return served
    try:
        job = print_lot_labels(
            lots,
            request.user,
            fmt,
            reason=_reason(request),
            copies=_int(request, "copies", 1),
            size=_params(request).get("size") or None,
            sheet=sheet,
            dpi=_int(request, "dpi", 203),
            token=_token(request),
        )
    except PrintingError as exc:
        return _refused(request, exc, back)
    # A form sent again (job.replayed) redirects like its first send, to the download of what that recorded.
    return _recorded(request, job) if request.method == "POST" else _download(job)


def preview_svg(lot: Lot) -> str:
    """The lot's barcode as inline SVG, drawn from the same module matrix as the PDF (nothing recorded)."""
    spec = spec_for(lot.item)
    payload = symbol_payload(checked_lot_label(lot, spec), spec)
    matrix = module_matrix(payload)
    bar = 40 if payload.is_linear else 1
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"/>',
        ((start, row * bar, length, bar) for row, runs in enumerate(matrix.runs) for start, length in runs),
    )
    height = bar * matrix.height
    return format_html(
        '<svg class="label-symbol" xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 {} {}" '
        'shape-rendering="crispEdges" role="img" aria-label="{}"><rect x="-2" y="-2" width="{}" height="{}" '
        'fill="#fff"/><g fill="#000">{}</g></svg>',
        matrix.width + 4,
        height + 4,
        _("Barcode"),
        matrix.width + 4,
        height + 4,
        rects,
    )


def _lot_page(
    request: HttpRequest,
    lot: Lot,
    error: PrintingError | None = None,
    status: int = 200,
    form: dict | None = None,
) -> HttpResponse:
    context: dict = {
        "lot": lot,
        "error": error,
        "form": form or {},
        "sizes": SIZE_CHOICES,
        "form_token": _new_token(),
    }
    try:
        spec = spec_for(lot.item)
        context["spec"] = spec
        context["lines"] = text_lines(checked_lot_label(lot, spec), spec)
        context["preview"] = preview_svg(lot)
    except (PrintingError, LabelError) as exc:  # the label cannot be right: say why, offer nothing to print
        context["label_problem"] = getattr(exc, "message", str(exc))
    context["printers"] = list(Printer.objects.filter(site=lot.site))
    context["prints"] = list(LabelPrint.objects.filter(lot=lot).select_related("user", "printer")[:20])
    return render(request, "web/labels/lot.html", context, status=status)


@require_GET
@labels_view
def lot_labels(request: HttpRequest, number: str) -> HttpResponse:
    return _lot_page(request, _lot(request, number))


@GET_OR_POST
@labels_view
def lot_pdf(request: HttpRequest, number: str) -> HttpResponse:
    lot = _lot(request, number)
    return _print_lots(request, [lot], "pdf", f"/labels/lots/{lot.number}/", None)


@GET_OR_POST
@labels_view
def lot_zpl(request: HttpRequest, number: str) -> HttpResponse:
    lot = _lot(request, number)
    return _print_lots(request, [lot], "zpl", f"/labels/lots/{lot.number}/", None)


@require_POST
@labels_view
def lot_print(request: HttpRequest, number: str) -> HttpResponse:
    """Send the lot's label to a label printer of its site (ZPL over TCP)."""
    lot = _lot(request, number)
    form = {name: request.POST.get(name, "") for name in ("printer", "copies", "reason", "size")}
    printer_id = _id(form["printer"])
    printer = Printer.objects.filter(site=lot.site, pk=printer_id).first() if printer_id else None
    if printer is None:
        error = PrintingError(
            "no_printer",
            _("Choose a label printer of site %(site)s.") % {"site": lot.site.name},
            field="printer",
        )
        return _lot_page(request, lot, error, 422, form)
    copies = _id(form["copies"]) if form["copies"].strip() else 1
    if copies is None:
        copies = -1  # refused by the service: "Copies must be between 1 and 50."
    try:
        job = print_lot_labels(
            [lot],
            request.user,
            "zpl",
            printer,
            form["reason"],
            copies=copies,
            size=form["size"] or None,
            token=_token(request),
        )
    except PrintingError as exc:
        return _lot_page(request, lot, exc, 502 if exc.code == "printer_unreachable" else 422, form)
    if job.replayed:
        first = job.prints[0]
        messages.info(
            request,
            _("These labels were sent to %(printer)s at %(at)s already; nothing was printed again.")
            % {
                "printer": first.printer.name if first.printer else printer.name,
                "at": timezone.localtime(first.printed_at, ZoneInfo(lot.site.timezone)).strftime("%H:%M:%S"),
            },
        )
        return redirect("labels-lot", number=lot.number)
    messages.success(
        request,
        _("Sent %(count)d label(s) for lot %(lot)s to %(printer)s.")
        % {"count": job.label_count, "lot": lot.number, "printer": printer.name},
    )
    return redirect("labels-lot", number=lot.number)


@GET_OR_POST
@labels_view
def delivery_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """All lots received on one delivery, on label sheets (A4 3x7 unless the template or ?sheet= says)."""
    delivery = get_object_or_404(Delivery.objects.select_related("site"), pk=pk)
    _at_allowed_site(request, delivery.site)
    lots = list(delivery.lots.select_related("item", "site", "supplier").order_by("id"))
    return _print_lots(request, lots, "pdf", "/", _params(request).get("sheet", ""))


@GET_OR_POST
@labels_view
def work_order_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """All output lots of a work order, on label sheets."""
    work_order = get_object_or_404(WorkOrder.objects.select_related("site"), number=number)
    _at_allowed_site(request, work_order.site)
    lots = list(work_order.output_lots.select_related("item", "site", "supplier").order_by("id"))
    return _print_lots(request, lots, "pdf", "/", _params(request).get("sheet", ""))


def _pallet(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    shipment = get_object_or_404(Shipment.objects.select_related("site", "customer"), number=number)
    _at_allowed_site(request, shipment.site)
    recorded = _recent_prints(request, fmt)
    if recorded is not None and [p.shipment_id for p in recorded] == [shipment.pk]:
        served = _serve_recorded(request, recorded, None)
        if served is not None:
            return served
    symbol = _params(request).get("symbol") or "gs1_128"
    if symbol not in SYMBOL_KINDS:
        symbol = "?"
    try:
        job = print_pallet_label(
            shipment,
            request.user,
            fmt,
            reason=_reason(request),
            symbol=symbol,
            dpi=_int(request, "dpi", 203),
            token=_token(request),
        )
    except PrintingError as exc:
        return _refused(request, exc, "/")
    return _recorded(request, job) if request.method == "POST" else _download(job)


@GET_OR_POST
@labels_view
def pallet_pdf(request: HttpRequest, number: str) -> HttpResponse:
    return _pallet(request, number, "pdf")


@GET_OR_POST
@labels_view
def pallet_zpl(request: HttpRequest, number: str) -> HttpResponse:
    return _pallet(request, number, "zpl")
