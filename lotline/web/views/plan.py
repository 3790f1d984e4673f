"""The planning board: machines × days, drag a work order to another day or machine (htmx POST)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotline.core.access import current_site as picked_site
from lotline.core.access import sites_for
from lotline.core.models import Machine, Site, WorkOrder
from lotline.planning.errors import PlanningError
from lotline.planning.queries import planning_board
from lotline.planning.services import move_work_order

VIEWS = {"day": 1, "week": 7, "4weeks": 28}


def current_site(request: HttpRequest) -> Site:
    """The site asked for (?site=CODE), else the one picked in the top bar — among the sites the user may
    see (core/access.py): planning a site must not be a way round site access."""
    code = request.GET.get("site") or request.POST.get("site")
    if code:
        return get_object_or_404(sites_for(request.user), code=code)
    site = picked_site(request)
    if site is None:
        raise Http404(_("You may not use any site; ask your administrator."))
    return site


def parse_day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def board_context(request: HttpRequest, site: Site, params) -> dict:
    zone = ZoneInfo(site.timezone)
    view = params.get("view") if params.get("view") in VIEWS else "week"
    today = timezone.localdate(timezone=zone)
    default_start = today - timedelta(days=today.weekday()) if view != "day" else today
    first = parse_day(params.get("start"), default_start)
    days = VIEWS[view]
    machines = [code for code in params.get("machines", "").split(",") if code]
    step = timedelta(days=days)
    return {
        "site": site,
        "board": planning_board(site, first, days, machines or None),
        "view": view,
        "views": [("day", _("Day")), ("week", _("Week")), ("4weeks", _("4 weeks"))],
        "start": first,
        "prev": first - step,
        "next": first + step,
        "today": today,
        "machines_param": params.get("machines", ""),
        "can_move": request.user.has_perm("core.hold_release"),
    }


@login_required
@permission_required("core.view_reports", raise_exception=True)
def board(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    template = "web/plan/_board.html" if request.headers.get("HX-Request") else "web/plan/board.html"
    return render(request, template, board_context(request, site, request.GET))


@login_required
@permission_required("core.hold_release", raise_exception=True)
@require_POST
def move(request: HttpRequest) -> HttpResponse:
    """Move a work order to a machine and a day, keeping its start time of day (or to ``time`` if given)."""
    site = current_site(request)
    zone = ZoneInfo(site.timezone)
    work_order = get_object_or_404(WorkOrder, number=request.POST.get("work_order", ""), site=site)
    machine = get_object_or_404(Machine, pk=request.POST.get("machine") or 0, site=site)
    error = None
    try:
        day = date.fromisoformat(request.POST.get("day", ""))
        clock = (
            timezone.localtime(work_order.planned_start, zone).time()
            if work_order.planned_start
            else time(6, 0)
        )
        if request.POST.get("time"):
            clock = time.fromisoformat(request.POST["time"])
        move_work_order(
            work_order, machine=machine, start=datetime.combine(day, clock, tzinfo=zone), user=request.user
        )
    except ValueError:
        error = _("Choose a day and a time.")
    except PlanningError as exc:
        error = exc.message
    context = board_context(request, site, request.POST)
    context["error"] = error
    context["moved"] = None if error else work_order.number
    return render(request, "web/plan/_board.html", context)
