"""The planning board: machines × days, drag a work order to another day or machine (htmx POST)."""

from __future__ import annotations

from datetime import date, time, timedelta
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
from lotline.planning.calendar import (
    FIRST_PLAN_DAY,
    in_plan,
    last_plan_day,
    parse_clock,
    parse_day,
    plan_start,
)
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


def board_start(params, default: date, today: date) -> tuple[date, str | None]:
    """The board's first day from ``?start=``, and a notice when it cannot be used. A planner following an
    old bookmark or a mistyped address still wants a board: they get the default days with a notice saying
    why, rather than a silent other week or an error page with nothing to work on."""
    text = (params.get("start") or "").strip()
    if not text:
        return default, None
    shown = default.isoformat()
    try:
        first = parse_day(text, "start")
    except PlanningError:
        return default, _(
            "The start date %(value)s is not a date (write YYYY-MM-DD); the board shows the days from "
            "%(shown)s instead."
        ) % {"value": text[:40], "shown": shown}
    if not in_plan(first, today):
        return default, _(
            "The start date %(value)s lies outside the plan (%(first)s to %(last)s); the board shows the "
            "days from %(shown)s instead."
        ) % {"value": text[:40], "first": FIRST_PLAN_DAY, "last": last_plan_day(today), "shown": shown}
    return first, None


def board_context(request: HttpRequest, site: Site, params) -> dict:
    zone = ZoneInfo(site.timezone)
    view = params.get("view") if params.get("view") in VIEWS else "week"
    today = timezone.localdate(timezone=zone)
    default_start = today - timedelta(days=today.weekday()) if view != "day" else today
    first, notice = board_start(params, default_start, today)
    days = VIEWS[view]
    machines = [code for code in params.get("machines", "").split(",") if code]
    step = timedelta(days=days)
    return {
        "site": site,
        "board": planning_board(site, first, days, machines or None),
        "view": view,
        "views": [("day", _("Day")), ("week", _("Week")), ("4weeks", _("4 weeks"))],
        "start": first,
        # No arrow past the plan's first or last day: that page would only say it cannot be shown.
        "prev": first - step if in_plan(first - step, today) else None,
        "next": first + step if in_plan(first + step, today) else None,
        "today": today,
        "machines_param": params.get("machines", ""),
        "can_move": request.user.has_perm("core.hold_release"),
        "notice": notice,
    }


def refused_status(request: HttpRequest) -> int:
    """422 for htmx (app.js swaps a 422 like a success, so the message shows where the board was); 400 for
    a whole page."""
    return 422 if request.headers.get("HX-Request") else 400


@login_required
@permission_required("core.view_reports", raise_exception=True)
def board(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    template = "web/plan/_board.html" if request.headers.get("HX-Request") else "web/plan/board.html"
    context = board_context(request, site, request.GET)
    return render(request, template, context, status=refused_status(request) if context["notice"] else 200)


@login_required
@permission_required("core.hold_release", raise_exception=True)
@require_POST
def move(request: HttpRequest) -> HttpResponse:
    """Move a work order to a machine and a day, keeping its start time of day (or to ``time`` if given).
    Anything the planner or a stale page sent wrong is answered by the board with the reason, status 422,
    and nothing recorded."""
    site = current_site(request)
    zone = ZoneInfo(site.timezone)
    error = field = None
    work_order = None
    try:
        work_order = picked(WorkOrder.objects.select_related("item", "site"), request, "work_order", site)
        machine = picked(Machine.objects, request, "machine", site)
        day = parse_day(request.POST.get("day"))
        clock = (
            timezone.localtime(work_order.planned_start, zone).time().replace(microsecond=0)
            if work_order.planned_start
            else time(6, 0)
        )
        if request.POST.get("time", "").strip():
            clock = parse_clock(request.POST["time"])
        start = plan_start(day, clock, zone, timezone.localdate(timezone=zone))
        move_work_order(work_order, machine=machine, start=start, user=request.user)
    except PlanningError as exc:
        error, field = exc.message, exc.field
    context = board_context(request, site, request.POST)
    context.update(error=error, error_field=field, moved=None if error else work_order.number)
    return render(request, "web/plan/_board.html", context, status=422 if error else 200)


def picked(objects, request: HttpRequest, name: str, site: Site):  # -> WorkOrder | Machine
    """The work order (by number) or machine (by id) the board sent, of this site; a refusal naming the
    field otherwise. A machine id is ASCII digits of a size an id can have: "²" is a digit to Python and
    "99999999999999999999" does not fit the database's integer."""
    value = request.POST.get(name, "").strip()
    if name == "machine":
        found = (
            objects.filter(pk=int(value), site=site).first()
            if value.isascii() and value.isdigit() and len(value) <= 18
            else None
        )
        if found is None:
            raise PlanningError(
                "no_machine", _("Choose a machine of site %(site)s.") % {"site": site.code}, field="machine"
            )
        return found
    found = objects.filter(number=value, site=site).first() if value else None
    if found is None:
        raise PlanningError(
            "no_work_order",
            _("There is no work order %(number)s at site %(site)s.")
            % {"number": value[:40], "site": site.code},
            field="work_order",
        )
    return found
