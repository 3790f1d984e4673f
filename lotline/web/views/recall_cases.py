"""Recall scopes (live), recall cases (saved), containment and the exports."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lotline.core.models import Delivery, Lot, Machine
from lotline.core.scanning import lot_from_scan
from lotline.core.services import EventContext, LedgerError
from lotline.core.services.lots import check_usable
from lotline.recall.exports import FORMATS
from lotline.recall.models import RecallCase
from lotline.recall.scope import ScopeError, ScopeSource, compute_scope, snapshot_of, totals, user_label
from lotline.recall.services import (
    at_my_sites,
    case_saved_with,
    contain_case,
    create_case,
    lots_held_by,
    lots_to_hold,
    release_case,
)

from .recall import HOLD, desk_view, lot_page_url

PAGE_ROWS = 1000  # more lots than this: the page shows the first ones, the exports carry all


def for_display(snapshot: dict) -> dict:
    """The snapshot with times parsed (shown in the site's zone) and the lot rows capped."""
    lots = snapshot["lots"]
    return {
        **snapshot,
        "computed": parse_datetime(snapshot["computed_at"]),
        "lots": [
            {**lot, "url": lot_page_url(lot["number"]), "on_hand_num": Decimal(lot["on_hand"])}
            for lot in lots[:PAGE_ROWS]
        ],
        "lots_cut": max(0, len(lots) - PAGE_ROWS),
        "shipments": [{**s, "when": parse_datetime(s["shipped_at"])} for s in snapshot["shipments"]],
        "totals": totals(snapshot),
    }


def form_choices() -> dict:
    User = get_user_model()
    return {
        "deliveries": Delivery.objects.select_related("supplier").order_by("-received_at")[:200],
        "machines": Machine.objects.order_by("code"),
        "operators": [
            (user.pk, user_label(user))
            for user in User.objects.filter(is_active=True).order_by(User.USERNAME_FIELD)
        ],
    }


@desk_view()
def scope_page(request: HttpRequest) -> HttpResponse:
    """GET: the live recall scope for ?lot=…, ?delivery=… or ?start=…&end=…[&machine=…]; POST: save it."""
    data = request.POST if request.method == "POST" else request.GET
    context: dict = {"source": None, **form_choices()}
    try:
        source = ScopeSource.from_query(data)
        if source.is_empty():
            return render(request, "web/recall/scope.html", context)
        if request.method == "POST":
            token = data.get("save_token", "").strip()
            existing = case_saved_with(token)
            if existing is not None:
                messages.info(
                    request,
                    _("This scope was already saved as recall case %(number)s.")
                    % {"number": existing.number},
                )
                return redirect("recall-case", number=existing.number)
            case = create_case(
                request.user,
                source,
                title=data.get("title", "").strip(),
                notes=data.get("notes", ""),
                token=token,
            )
            messages.success(request, _("Recall case %(number)s saved.") % {"number": case.number})
            return redirect("recall-case", number=case.number)
        snapshot = snapshot_of(compute_scope(source))
    except ScopeError as exc:
        context.update(error=str(exc), error_field=exc.field, form=data)
        return render(request, "web/recall/scope.html", context, status=400)
    context.update(
        source=source, query=source.as_query(), doc=for_display(snapshot), save_token=uuid.uuid4().hex
    )
    return render(request, "web/recall/scope.html", context)


def export_response(snapshot: dict, title: str, fmt: str, filename: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(fmt)
    render_doc, content_type = FORMATS[fmt]
    response = HttpResponse(render_doc(snapshot, title), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@desk_view()
def scope_export(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        snapshot = snapshot_of(compute_scope(ScopeSource.from_query(request.GET)))
    except ScopeError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    return export_response(snapshot, "", fmt, "recall-scope")


@desk_view()
def case_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "web/recall/cases.html", {"cases": RecallCase.objects.select_related("created_by")}
    )


def get_case(number: str) -> RecallCase:
    return get_object_or_404(RecallCase, number=number)


@desk_view()
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = get_case(number)
    return render(
        request,
        "web/recall/case.html",
        {
            "case": case,
            "doc": for_display(case.snapshot),
            "held": lots_held_by(case),
            "may_hold": request.user.has_perm(HOLD),
        },
    )


@desk_view()
def case_export(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    case = get_case(number)
    return export_response(case.snapshot, f"{case.number} {case.title}", fmt, case.number)


@require_POST
@desk_view(HOLD)
def contain(request: HttpRequest, number: str) -> HttpResponse:
    """First POST: a confirmation naming the lots that would be held now; POST with confirm=1: hold them."""
    case = get_case(number)
    try:
        if request.POST.get("confirm") != "1":
            lots, elsewhere = at_my_sites(lots_to_hold(case), request.user)
            context = {"case": case, "lots": lots, "count": len(lots), "elsewhere": elsewhere}
            return render(request, "web/recall/contain_confirm.html", context)
        done = contain_case(case, request.user)
    except (LedgerError, ScopeError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d lot put on hold: %(lots)s",
                "%(count)d lots put on hold: %(lots)s",
                len(done.done),
            )
            % {"count": len(done.done), "lots": ", ".join(done.done) or "—"},
        )
        warn_elsewhere(request, done.elsewhere)
    return redirect("recall-case", number=case.number)


def warn_elsewhere(request: HttpRequest, lots: list[Lot]) -> None:
    """Lots of the case at sites this user does not work at: name them, and who has to act."""
    if lots:
        messages.warning(
            request,
            ngettext(
                "%(count)d lot lies at a site you do not work at, so it was left as it is: %(lots)s. "
                "A supervisor there has to do it; the case stays open until then.",
                "%(count)d lots lie at sites you do not work at, so they were left as they are: %(lots)s. "
                "A supervisor there has to do it; the case stays open until then.",
                len(lots),
            )
            % {"count": len(lots), "lots": ", ".join(f"{lot.number} ({lot.site.code})" for lot in lots)},
        )


@require_POST
@desk_view(HOLD)
def release(request: HttpRequest, number: str) -> HttpResponse:
    case = get_case(number)
    try:
        done = release_case(case, request.user, reason=request.POST.get("reason", ""))
    except LedgerError as exc:
        messages.error(request, str(exc))
    else:
        if done.elsewhere:
            text = ngettext("%(count)d lot released.", "%(count)d lots released.", len(done.done))
        else:
            text = ngettext(
                "%(count)d lot released; case closed.",
                "%(count)d lots released; case closed.",
                len(done.done),
            )
        messages.success(request, text % {"count": len(done.done)})
        warn_elsewhere(request, done.elsewhere)
    return redirect("recall-case", number=case.number)


@require_POST
@desk_view()
def try_consume(request: HttpRequest, number: str) -> HttpResponse:
    """Show the core's own refusal: would a scan of this lot into a work order be accepted right now?
    Nothing is written (check_usable is the check consume() and ship() run before writing)."""
    get_case(number)
    scanned = request.POST.get("lot", "").strip()
    try:
        if not scanned:
            raise LedgerError("missing_lot", _("Scan or type a lot number."), field="lot")
        # The same reading of a scan as the floor's (GS1 labels, Digital Links, typed numbers).
        lot = lot_from_scan(scanned)
        check_usable(lot, EventContext(user=request.user, site=lot.site), action="consume")
    except LedgerError as exc:
        result, ok = str(exc), False
    else:
        result, ok = _("Lot %(lot)s would be accepted.") % {"lot": lot.number}, True
    return render(request, "web/recall/_try_result.html", {"result": result, "ok": ok})
