"""Dry-recall drills: run one, see the history (time to answer and findings per month)."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotline.core.models import Lot
from lotline.recall.drills import drill_overdue, labelled_results, run_drill
from lotline.recall.models import Drill

from .recall import desk_view, lot_page_url


def monthly(drills: list[Drill]) -> dict:
    """Chart data: per month (site time), the slowest time to answer (s) and the holes and warnings found."""
    months: OrderedDict[str, dict] = OrderedDict()
    for drill in sorted(drills, key=lambda d: d.ran_at):
        key = timezone.localtime(drill.ran_at).strftime("%Y-%m")
        month = months.setdefault(key, {"seconds": 0.0, "holes": 0, "warnings": 0, "drills": 0})
        # Chart.js takes JSON numbers; the stored value stays a Decimal.
        month["seconds"] = max(month["seconds"], round(float(drill.elapsed_ms) / 1000, 3))
        month["holes"] += drill.hole_count
        month["warnings"] += len(drill.findings) - drill.hole_count
        month["drills"] += 1
    return {
        "labels": list(months),
        "seconds": [m["seconds"] for m in months.values()],
        "holes": [m["holes"] for m in months.values()],
        "warnings": [m["warnings"] for m in months.values()],
    }


@desk_view()
def drill_list(request: HttpRequest) -> HttpResponse:
    drills = list(Drill.objects.select_related("lot", "ran_by")[:500])
    return render(
        request,
        "web/recall/drills.html",
        {
            "drills": drills,
            "overdue": drill_overdue(),
            "chart": {
                **monthly(drills),
                "names": {"seconds": _("slowest answer (s)"), "holes": _("holes"), "warnings": _("warnings")},
            },
        },
    )


@require_POST
@desk_view()
def run(request: HttpRequest) -> HttpResponse:
    number = request.POST.get("lot", "").strip().upper()
    lot = None
    if number:
        lot = Lot.objects.filter(number=number).first()
        if lot is None:
            messages.error(request, _("No lot %(number)s is known here.") % {"number": number})
            return redirect("recall-drills")
    target = request.POST.get("target_seconds", "").strip()
    try:
        drill = run_drill(lot, target_seconds=int(target) if target else None, user=request.user)
    except (LookupError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("recall-drills")
    return redirect("recall-drill", pk=drill.pk)


@desk_view()
def drill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    drill = get_object_or_404(Drill.objects.select_related("lot", "ran_by"), pk=pk)
    return render(
        request,
        "web/recall/drill.html",
        {
            "drill": drill,
            "lot_page": lot_page_url(drill.lot.number),
            "results": labelled_results(drill.results),
        },
    )
