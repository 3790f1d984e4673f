"""Supervisor pages: lists of lots, work orders, shipments and deliveries; the lot page with its history
and genealogy; holds, releases and corrections."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lotline.core.access import current_site, sites_for
from lotline.core.models import Delivery, Event, EventKind, EventLine, Lot, Party, Shipment, WorkOrder
from lotline.core.queries import trace
from lotline.core.queries.lots import lot_history, shipments_carrying, shipped_per_lot
from lotline.core.services import LedgerError, correct, hold, release
from lotline.recall.balance import lot_balance
from lotline.web.forms import (
    CorrectionForm,
    EventFilterForm,
    LotFilterForm,
    ReleaseForm,
    StatusChangeForm,
    WorkOrderFilterForm,
)

from .data_lists import list_export
from .desk_tree import genealogy_tree
from .floor_common import event_context, floor_view
from .floor_lookup import lot_overview

REPORTS = "core.view_reports"
PAGE = 50


def page_of(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE).get_page(request.GET.get("page"))


@floor_view(REPORTS)
def lots(request: HttpRequest) -> HttpResponse:
    form = LotFilterForm(request.GET or None)
    queryset = Lot.objects.filter(site__in=sites_for(request.user)).select_related(
        "item", "supplier", "work_order", "site"
    )
    with site_time_zone(request):
        if exported := list_export(request, "lots", form.filter(queryset)):
            return exported
        page = page_of(request, form.filter(queryset))
        page.object_list = list(page.object_list)
    return render(request, "web/desk/lots.html", {"form": form, "page": page})


@floor_view(REPORTS)
def events(request: HttpRequest) -> HttpResponse:
    """The ledger, newest first, filtered by kind and date (the dashboard's scrap figure links here)."""
    form = EventFilterForm(request.GET or None)
    queryset = (
        Event.objects.filter(site__in=sites_for(request.user))
        .select_related("user", "work_order", "site", "machine", "corrects")
        .prefetch_related("lines__lot", "corrections")
        .order_by("-occurred_at", "-id")
    )
    with site_time_zone(request):
        page = page_of(request, form.filter(queryset))
        page.object_list = list(page.object_list)
    return render(request, "web/desk/events.html", {"form": form, "page": page})


def site_time_zone(request: HttpRequest):
    """Date filters mean the plant's calendar day, so evaluate them in the user's site time zone."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    site = current_site(request)
    return timezone.override(ZoneInfo(site.timezone) if site else None)


def lot_for(request: HttpRequest, number: str) -> Lot:
    return get_object_or_404(
        Lot.objects.select_related("item", "site", "supplier", "delivery", "work_order", "machine"),
        number=number.upper(),
        site__in=sites_for(request.user),
    )


@dataclass
class HistoryRow:
    line: EventLine
    what: str


# Events that move several lots at once: each line of the lot page names the lots on the other side.
PARTNER_WORDS = {
    (EventKind.PRODUCE, "out"): gettext_lazy("Used for %(lots)s"),
    (EventKind.PRODUCE, "in"): gettext_lazy("Made from %(lots)s"),
    (EventKind.MERGE, "out"): gettext_lazy("Merged into %(lots)s"),
    (EventKind.MERGE, "in"): gettext_lazy("Merged from %(lots)s"),
    (EventKind.SPLIT, "out"): gettext_lazy("Split off → %(lots)s"),
    (EventKind.SPLIT, "in"): gettext_lazy("Split from %(lots)s"),
}


def what_happened(line: EventLine, partners: list[EventLine]) -> str:
    """The history line's label: the event's kind, or for a produce, merge or split, what it went into or
    came from ("Used for BL-1 (WO-7)", "Split off → A, B")."""
    event = line.event
    side = "out" if line.quantity < 0 else "in"
    others = [p.lot.number for p in partners if (p.quantity < 0) != (side == "out") and p.quantity]
    words = PARTNER_WORDS.get((event.kind, side))
    if words is None or not others:
        return capfirst(event.get_kind_display())
    lots = ", ".join(dict.fromkeys(others))
    if event.kind == EventKind.PRODUCE and side == "out" and event.work_order_id:
        return _("Used for %(lots)s (%(wo)s)") % {"lots": lots, "wo": event.work_order.number}
    return words % {"lots": lots}


@floor_view(REPORTS)
def lot_detail(request: HttpRequest, number: str) -> HttpResponse:
    lot = lot_for(request, number)
    history = lot_history(lot)
    partners = history.partners
    rows = [HistoryRow(line, what_happened(line, partners.get(line.event_id, []))) for line in history.lines]
    return render(
        request,
        "web/desk/lot_detail.html",
        {
            **lot_overview(lot),
            "history": rows,
            "corrected": history.corrected,
            "backward": genealogy_tree(trace(lot, "backward")),
            "forward": genealogy_tree(trace(lot, "forward")),
            "balance_flags": lot_balance(lot).flags,
            "status_form": StatusChangeForm(),
            "correction_form": CorrectionForm(),
        },
    )


@require_POST
@floor_view("core.hold_release")
def hold_lot(request: HttpRequest, number: str) -> HttpResponse:
    lot = lot_for(request, number)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"] or Lot.Status.ON_HOLD
        try:
            hold(
                event_context(request, site=lot.site),
                lots=[lot],
                reason=data["reason"],
                status=status,
                reference=data["reference"],
            )
            messages.success(request, held_message(status) % {"lot": lot.number})
        except LedgerError as exc:
            messages.error(request, exc.message)
    else:
        refuse(request, form, _("Say why the lot is held."))
    return redirect("lot-detail", number=lot.number)


def refuse(request: HttpRequest, form, missing_reason: str) -> None:
    """Say each thing wrong with a hold, release or correction form: a missing reason in the words of the
    action, anything else in the field's own words (a reason too long, an unknown status — forms.py), so a
    501-character reason is not answered with "say why"."""
    for name, errors in form.errors.as_data().items():
        for error in errors:
            if name == "reason" and error.code == "required":
                messages.error(request, missing_reason)
            else:
                for message in error.messages:
                    messages.error(request, message)


def held_message(status: str) -> str:
    """What the hold did, in the words of the status the lot now has."""
    if status == Lot.Status.QUARANTINED:
        return _("Lot %(lot)s is quarantined.")
    if status == Lot.Status.RECALLED:
        return _("Lot %(lot)s is recalled.")
    return _("Lot %(lot)s is on hold.")


@require_POST
@floor_view("core.hold_release")
def release_lot(request: HttpRequest, number: str) -> HttpResponse:
    lot = lot_for(request, number)
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            release(
                event_context(request, site=lot.site),
                lots=[lot],
                reason=form.cleaned_data["reason"],
                reference=form.cleaned_data["reference"],
            )
            messages.success(request, _("Lot %(lot)s is released.") % {"lot": lot.number})
        except LedgerError as exc:
            messages.error(request, exc.message)
    else:
        refuse(request, form, _("Say why the lot is released."))
    return redirect("lot-detail", number=lot.number)


@require_POST
@floor_view("core.correct_events")
def correct_event(request: HttpRequest, uid) -> HttpResponse:
    event = get_object_or_404(Event, uid=uid, site__in=sites_for(request.user))
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            correct(event_context(request, site=event.site), event=event, reason=form.cleaned_data["reason"])
            messages.success(request, _("The event was corrected; the original stays in the history."))
        except LedgerError as exc:
            messages.error(request, exc.message)
    else:
        refuse(request, form, _("Say why the event is wrong."))
    back = request.POST.get("next", "")
    # Only a path on this site: redirect() would read a bare word ("abc") as a view name and fail with a
    # 500 (NoReverseMatch); anything else goes back to the lot list.
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(back)
    return redirect("desk-lots")


@floor_view(REPORTS)
def work_orders(request: HttpRequest) -> HttpResponse:
    form = WorkOrderFilterForm(request.GET or None)
    queryset = form.filter(
        WorkOrder.objects.filter(site__in=sites_for(request.user)).select_related("item", "machine")
    )
    if exported := list_export(request, "work_orders", queryset):
        return exported
    return render(request, "web/desk/work_orders.html", {"page": page_of(request, queryset), "form": form})


@floor_view(REPORTS)
def shipments(request: HttpRequest) -> HttpResponse:
    q, customer = request.GET.get("q", "").strip(), request.GET.get("customer", "")
    queryset = (
        Shipment.objects.filter(site__in=sites_for(request.user))
        .select_related("customer", "site")
        .prefetch_related("lines__lot__item")
    )
    if q:
        # A lot matches only while it is still on the shipment (its ship lines not corrected away).
        queryset = queryset.filter(Q(number__icontains=q) | Q(id__in=shipments_carrying(number__icontains=q)))
    if customer:
        queryset = queryset.filter(customer__code=customer)
    if exported := list_export(request, "shipments", queryset):
        return exported
    customers = Party.objects.filter(role__in=[Party.Role.CUSTOMER, Party.Role.BOTH])
    page = page_of(request, queryset)
    page.object_list = list(page.object_list)
    for shipment in page.object_list:
        shipment.shipped = shipped_per_lot(shipment.lines.all())  # prefetched; net of corrections
    return render(
        request,
        "web/desk/shipments.html",
        {"page": page, "q": q, "customer": customer, "customers": customers},
    )


@floor_view(REPORTS)
def deliveries(request: HttpRequest) -> HttpResponse:
    q, supplier = request.GET.get("q", "").strip(), request.GET.get("supplier", "")
    queryset = (
        Delivery.objects.filter(site__in=sites_for(request.user))
        .select_related("supplier", "site")
        .prefetch_related("lots")
    )
    if q:
        queryset = queryset.filter(
            Q(reference__icontains=q) | Q(lots__supplier_lot__icontains=q) | Q(lots__number__icontains=q)
        ).distinct()
    if supplier:
        queryset = queryset.filter(supplier__code=supplier)
    if exported := list_export(request, "deliveries", queryset):
        return exported
    suppliers = Party.objects.filter(role__in=[Party.Role.SUPPLIER, Party.Role.BOTH])
    return render(
        request,
        "web/desk/deliveries.html",
        {"page": page_of(request, queryset), "q": q, "supplier": supplier, "suppliers": suppliers},
    )
