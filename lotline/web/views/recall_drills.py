"""Dry-recall drills: run one, see the history (time to answer and findings per month)."""

from __future__ import annotations

import uuid
from collections import OrderedDict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotline.core.models import Lot
from lotline.recall.drills import (
    DrillRefused,
    drill_overdue,
    labelled_results,
    parse_target_seconds,
    run_drill,
)
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


def drills_page(
    request: HttpRequest, *, error: str = "", field: str = "", form: dict | None = None, status: int = 200
) -> HttpResponse:
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
            "error": error,
            "error_field": field,
            "form": form or {},
            "form_token": uuid.uuid4().hex,
        },
        status=status,
    )


@desk_view()
def drill_list(request: HttpRequest) -> HttpResponse:
    return drills_page(request)


@require_POST
@desk_view()
def run(request: HttpRequest) -> HttpResponse:
    """Run a drill. A refusal (unknown lot, a target that is not whole seconds from 1 to a day, no produced
    lot at all) is the drills page again, 422, with the message over the form and what was typed kept."""
    form = {name: request.POST.get(name, "").strip()[:100] for name in ("lot", "target_seconds")}
    number = form["lot"].upper()
    lot = None
    try:
        target = parse_target_seconds(request.POST.get("target_seconds", ""))
        if number:
            lot = Lot.objects.filter(number=number).first()
            if lot is None:
                raise DrillRefused(_("No lot %(number)s is known here.") % {"number": number}, "lot")
        drill = run_drill(
            lot, target_seconds=target, user=request.user, form_token=request.POST.get("form_token")
        )
    except DrillRefused as exc:
        return drills_page(request, error=exc.message, field=exc.field, form=form, status=422)
    except LookupError as exc:  # the plant has no produced lot yet
        return drills_page(request, error=str(exc), field="lot", form=form, status=422)
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
