"""Material availability and the dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lotline.core.models import Lot
from lotline.planning.queries import dashboard, material_availability
from lotline.web.views.plan import current_site


@login_required
@permission_required("core.view_reports", raise_exception=True)
def availability(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    return render(
        request, "web/plan/availability.html", {"site": site, "result": material_availability(site)}
    )


@login_required
@permission_required("core.view_reports", raise_exception=True)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    numbers = dashboard(site)
    machines = sorted({row.machine_code for row in numbers.output})
    items = sorted({row.item_code for row in numbers.output})
    output = {(row.machine_code, row.item_code): str(row.quantity) for row in numbers.output}
    charts = {
        "output": {
            "labels": machines,
            "datasets": [
                {"label": item, "data": [output.get((m, item), "0") for m in machines]} for item in items
            ],
        },
        "holds": {
            "labels": [str(Lot.Status(k).label) for k in numbers.held_by_status],
            "datasets": [{"label": "", "data": list(numbers.held_by_status.values())}],
        },
        "scrap": {
            "labels": [r.item_code for r in numbers.scrap],
            "datasets": [
                {
                    "label": "%",
                    "data": [None if r.rate_pct is None else str(r.rate_pct) for r in numbers.scrap],
                }
            ],
        },
    }
    scrap_help = _(
        "Scrap rate: scrap of lots made in the plant (produced, or split off or merged from a produced lot) "
        "÷ quantity produced, last 30 days, in the unit most output is counted in. Scrap of received or "
        "imported stock is not process scrap and is not in the rate."
    )
    return render(
        request,
        "web/plan/dashboard.html",
        {"site": site, "d": numbers, "charts": charts, "scrap_help": scrap_help},
    )
