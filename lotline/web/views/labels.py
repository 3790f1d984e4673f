"""Labels under /labels/: a lot's label page (preview and print form), PDF/ZPL downloads, bulk sheets for a
delivery or a work order, and a shipment's pallet label. Every download or print is recorded as a
LabelPrint by lotline.printing.services; a reprint asks for a reason first."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

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
    spec_for,
)

# GET parameters a refused reprint keeps when it asks for the reason.
KEPT_PARAMS = ("size", "sheet", "dpi", "symbol", "copies")


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


def _int(request: HttpRequest, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name) or default)
    except ValueError:
        return -1  # refused by the service with a message naming the field


def _download(job: PrintJob) -> HttpResponse:
    response = HttpResponse(job.data, content_type=job.media_type)
    disposition = "inline" if job.fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{job.filename}"'
    return response


def _refused(request: HttpRequest, exc: PrintingError, back: str) -> HttpResponse:
    """A refused download: ask for the reprint reason, or say what to fix."""
    if exc.code == "reason_required":
        kept = {name: request.GET[name] for name in KEPT_PARAMS if request.GET.get(name)}
        return render(
            request, "web/labels/reprint.html", {"error": exc, "kept": kept, "back": back}, status=400
        )
    return render(request, "web/labels/refused.html", {"error": exc, "back": back}, status=422)


def _print_lots(
    request: HttpRequest, lots: list[Lot], fmt: str, back: str, sheet: str | None
) -> HttpResponse:
    try:
        job = print_lot_labels(
            lots,
            request.user,
            fmt,
            reason=request.GET.get("reason", ""),
            copies=_int(request, "copies", 1),
            size=request.GET.get("size") or None,
            sheet=sheet,
            dpi=_int(request, "dpi", 203),
        )
    except PrintingError as exc:
        return _refused(request, exc, back)
    return _download(job)


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
    context: dict = {"lot": lot, "error": error, "form": form or {}, "sizes": SIZE_CHOICES}
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


@require_GET
@labels_view
def lot_pdf(request: HttpRequest, number: str) -> HttpResponse:
    lot = _lot(request, number)
    return _print_lots(request, [lot], "pdf", f"/labels/lots/{lot.number}/", None)


@require_GET
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
    printer = Printer.objects.filter(
        site=lot.site, pk=form["printer"] if form["printer"].isdigit() else 0
    ).first()
    if printer is None:
        error = PrintingError(
            "no_printer",
            _("Choose a label printer of site %(site)s.") % {"site": lot.site.name},
            field="printer",
        )
        return _lot_page(request, lot, error, 422, form)
    try:
        copies = int(form["copies"] or 1)
    except ValueError:
        copies = -1
    try:
        job = print_lot_labels(
            [lot], request.user, "zpl", printer, form["reason"], copies=copies, size=form["size"] or None
        )
    except PrintingError as exc:
        return _lot_page(request, lot, exc, 502 if exc.code == "printer_unreachable" else 422, form)
    messages.success(
        request,
        _("Sent %(count)d label(s) for lot %(lot)s to %(printer)s.")
        % {"count": job.label_count, "lot": lot.number, "printer": printer.name},
    )
    return redirect("labels-lot", number=lot.number)


@require_GET
@labels_view
def delivery_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """All lots received on one delivery, on label sheets (A4 3x7 unless the template or ?sheet= says)."""
    delivery = get_object_or_404(Delivery.objects.select_related("site"), pk=pk)
    _at_allowed_site(request, delivery.site)
    lots = list(delivery.lots.select_related("item", "site", "supplier").order_by("id"))
    return _print_lots(request, lots, "pdf", "/", request.GET.get("sheet", ""))


@require_GET
@labels_view
def work_order_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """All output lots of a work order, on label sheets."""
    work_order = get_object_or_404(WorkOrder.objects.select_related("site"), number=number)
    _at_allowed_site(request, work_order.site)
    lots = list(work_order.output_lots.select_related("item", "site", "supplier").order_by("id"))
    return _print_lots(request, lots, "pdf", "/", request.GET.get("sheet", ""))


def _pallet(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    shipment = get_object_or_404(Shipment.objects.select_related("site", "customer"), number=number)
    _at_allowed_site(request, shipment.site)
    symbol = request.GET.get("symbol") or "gs1_128"
    if symbol not in SYMBOL_KINDS:
        symbol = "?"
    try:
        job = print_pallet_label(
            shipment,
            request.user,
            fmt,
            reason=request.GET.get("reason", ""),
            symbol=symbol,
            dpi=_int(request, "dpi", 203),
        )
    except PrintingError as exc:
        return _refused(request, exc, "/")
    return _download(job)


@require_GET
@labels_view
def pallet_pdf(request: HttpRequest, number: str) -> HttpResponse:
    return _pallet(request, number, "pdf")


@require_GET
@labels_view
def pallet_zpl(request: HttpRequest, number: str) -> HttpResponse:
    return _pallet(request, number, "zpl")
