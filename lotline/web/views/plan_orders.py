"""Work orders for planners: the list, one work order (operations in order, suggested lots, lifecycle),
operation confirmations, and the batch record PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotline.core.access import sites_for
from lotline.core.models import WorkOrder
from lotline.planning.batch_record_pdf import render_batch_record
from lotline.planning.errors import PlanningError
from lotline.planning.models import Operation, OperationConfirmation
from lotline.planning.queries import batch_record, suggested_lots
from lotline.planning.queries.dashboard import OPEN
from lotline.planning.services import ALLOWED, confirm_operation, transition

from .plan import current_site

PAGE = 50
S = WorkOrder.Status
# The list's default order: what is on the floor, then what is next, then what was finished lately.
STATUS_RANK = {S.IN_PROGRESS: 0, S.RELEASED: 1, S.PLANNED: 2, S.DONE: 3, S.CANCELLED: 4}


def ordered_work_orders(orders):  # QuerySet[WorkOrder] -> QuerySet[WorkOrder]
    """Open work orders first (in progress, released, planned), each by due date then planned start, soonest
    first and undated last; then done and cancelled ones, the latest due or started first."""
    is_open = Q(status__in=OPEN)
    return orders.annotate(
        rank=Case(
            *(When(status=status, then=Value(rank)) for status, rank in STATUS_RANK.items()),
            default=Value(9),
            output_field=IntegerField(),
        ),
        open_due=Case(When(is_open, then=F("due_date"))),
        open_start=Case(When(is_open, then=F("planned_start"))),
        closed_due=Case(When(~is_open, then=F("due_date"))),
        closed_start=Case(When(~is_open, then=F("planned_start"))),
    ).order_by(
        "rank",
        F("open_due").asc(nulls_last=True),
        F("open_start").asc(nulls_last=True),
        F("closed_due").desc(nulls_last=True),
        F("closed_start").desc(nulls_last=True),
        "-id",
    )


def visible_orders(request: HttpRequest):
    """Work orders of the sites this user may use (core/access.py): another site's order is a 404."""
    return WorkOrder.objects.filter(site__in=sites_for(request.user))


@login_required
@permission_required("core.view_reports", raise_exception=True)
def work_order_list(request: HttpRequest) -> HttpResponse:
    """All work orders, open ones first (see ordered_work_orders), PAGE a page; ?status= narrows to one
    status or to "open", ?overdue=1 to open ones past their due date."""
    site = current_site(request)
    orders = WorkOrder.objects.filter(site=site).select_related("item", "machine", "site")
    total = orders.count()
    status = request.GET.get("status", "")
    if status == "open":
        orders = orders.filter(status__in=OPEN)
    elif status in S.values:
        orders = orders.filter(status=status)
    else:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        orders = orders.filter(status__in=OPEN, due_date__lt=timezone.localdate())
    page = Paginator(ordered_work_orders(orders), PAGE).get_page(request.GET.get("page"))
    kept = {k: v for k, v in (("status", status), ("overdue", "1" if overdue else "")) if v}
    return render(
        request,
        "web/plan/work_orders.html",
        {
            "orders": page.object_list,
            "page": page,
            "status": status,
            "overdue": overdue,
            "statuses": [("open", _("open (in progress, released, planned)")), *S.choices],
            "total": total,
            "filtered": bool(kept),
            "query": urlencode(kept),
        },
    )


@login_required
@permission_required("core.view_reports", raise_exception=True)
def work_order_detail(request: HttpRequest, number: str) -> HttpResponse:
    wo = get_object_or_404(
        visible_orders(request).select_related("item", "site", "machine", "recipe"), number=number
    )
    rule = request.GET.get("rule") if request.GET.get("rule") in ("fefo", "fifo") else "fefo"
    record = batch_record(wo)
    return render(
        request,
        "web/plan/work_order.html",
        {
            "wo": wo,
            "record": record,
            "rule": rule,
            "suggestions": suggested_lots(wo, rule) if wo.status in OPEN else [],
            "operations": Operation.objects.filter(routing__item_id=wo.item_id)
            .prefetch_related("checks")
            .select_related("machine")
            .order_by("sequence"),
            "next_statuses": [(s, WorkOrder.Status(s).label) for s in ALLOWED[wo.status]],
            "can_transition": request.user.has_perm("core.hold_release"),
            "can_confirm": request.user.has_perm("core.record_events") and wo.accepts_events,
            # Confirmed operations offer no Confirm button: an operation is confirmed once per work order.
            "confirmed": set(
                OperationConfirmation.objects.filter(work_order=wo).values_list("operation_id", flat=True)
            ),
        },
    )


@login_required
@permission_required("core.hold_release", raise_exception=True)
@require_POST
def work_order_transition(request: HttpRequest, number: str) -> HttpResponse:
    wo = get_object_or_404(visible_orders(request), number=number)
    try:
        transition(wo, request.POST.get("to", ""), request.user, note=request.POST.get("note", "")[:200])
        messages.success(
            request,
            _("Work order %(wo)s is now %(status)s.") % {"wo": wo.number, "status": wo.get_status_display()},
        )
    except PlanningError as exc:
        messages.error(request, exc.message)
    return redirect("plan_work_order", number=wo.number)


@login_required
@permission_required("core.record_events", raise_exception=True)
@require_POST
def confirm(request: HttpRequest, number: str, operation_id: int) -> HttpResponse:
    wo = get_object_or_404(visible_orders(request), number=number)
    operation = get_object_or_404(Operation, pk=operation_id)
    answers = {check.pk: request.POST.get(f"check-{check.pk}") == "on" for check in operation.checks.all()}
    try:
        confirm_operation(
            wo, operation, request.user, answers=answers, note=request.POST.get("note", "")[:200]
        )
        messages.success(request, _("%(op)s confirmed.") % {"op": operation.name})
    except PlanningError as exc:
        # A repeated confirmation (double click, Back and Confirm) is not the operator's mistake: say what
        # was recorded before, without an error's alarm.
        (messages.info if exc.code == "already_confirmed" else messages.error)(request, exc.message)
    back = request.POST.get("next", "")
    # Only a path on this site: redirect() would read "abc" as a view name to reverse (a 500), and a full
    # address as a way to send the operator elsewhere.
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(back)  # the shop-floor screen confirms here and returns to itself
    return redirect("plan_work_order", number=wo.number)


@login_required
@permission_required("core.view_reports", raise_exception=True)
def batch_record_pdf(request: HttpRequest, number: str) -> HttpResponse:
    wo = get_object_or_404(visible_orders(request), number=number)
    response = HttpResponse(render_batch_record(batch_record(wo)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="batch-record-{wo.number}.pdf"'
    return response
