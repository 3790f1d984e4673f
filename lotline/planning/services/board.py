"""Moving a work order on the planning board: another start, another machine, or both — recorded."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.models import Machine, WorkOrder
from lotline.core.services.context import skipped_time_message
from lotline.lib.times import SkippedTime, wall_clock
from lotline.planning.calendar import check_plan_day
from lotline.planning.errors import PlanningError
from lotline.planning.models import Operation, PlanChange

MOVABLE = (WorkOrder.Status.PLANNED, WorkOrder.Status.RELEASED)


def move_work_order(
    work_order: WorkOrder, *, machine: Machine, start: datetime, user: AbstractBaseUser | None
) -> PlanChange | None:
    """Plan the work order on ``machine`` from ``start``; returns the change recorded (None if nothing moved).

    Refused: work orders already running or closed (the floor has started; the plan follows the floor), a
    machine of another site, a machine none of the item's operations may run on, a start outside the plan's
    days (lotline.planning.calendar) and a wall-clock time the site's clock skips.
    """
    if timezone.is_naive(start):
        raise PlanningError("bad_time", _("The time has no time zone."), field="start")
    check_start(start, ZoneInfo(work_order.site.timezone))
    if machine.site_id != work_order.site_id:
        raise PlanningError(
            "wrong_site", _("Machine %(m)s belongs to another site.") % {"m": machine.code}, field="machine"
        )
    operations = list(Operation.objects.filter(routing__item_id=work_order.item_id).select_related("machine"))
    if operations and not any(op.accepts(machine) for op in operations):
        raise PlanningError(
            "wrong_machine",
            _("%(item)s is not made on %(machine)s.")
            % {"item": work_order.item.code, "machine": machine.code},
            field="machine",
        )
    with transaction.atomic():
        fresh = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
        if fresh.status not in MOVABLE:
            raise PlanningError(
                "not_movable",
                _("Work order %(wo)s is %(status)s; only planned and released work orders move.")
                % {"wo": fresh.number, "status": fresh.get_status_display()},
                field="work_order",
            )
        if fresh.machine_id == machine.pk and fresh.planned_start == start:
            return None
        change = PlanChange.objects.create(
            work_order=fresh,
            user=user if user is not None and user.is_authenticated else None,
            at=timezone.now(),
            from_machine_id=fresh.machine_id,
            to_machine=machine,
            from_start=fresh.planned_start,
            to_start=start,
        )
        WorkOrder.objects.filter(pk=fresh.pk).update(machine=machine, planned_start=start)
    work_order.machine, work_order.planned_start = machine, start
    return change


def check_start(start: datetime, zone: ZoneInfo) -> None:
    """Refuse a start no plan should hold, whoever calls: the board checks first, but a start in year 1 or
    9999 stored here would break every page that draws it, and one built as 02:30 on the spring-forward day
    would be kept an hour off what the planner chose."""
    try:
        day = timezone.localtime(start, zone).date()
    except OverflowError:  # 0001-01-01 00:30+01:00 lies before the first moment Python holds in UTC
        day = start.date()
    check_plan_day(day, timezone.localdate(timezone=zone), field="start")
    # Only after the range check: year 1 cannot even be compared with UTC.
    if isinstance(start.tzinfo, ZoneInfo):
        try:
            wall_clock(start.replace(tzinfo=None), start.tzinfo)
        except SkippedTime as exc:
            raise PlanningError("skipped_time", skipped_time_message(exc), field="start") from None
