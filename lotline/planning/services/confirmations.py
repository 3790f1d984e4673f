"""Confirming an operation of a work order, with the operator's checklist answers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.models import Machine, WorkOrder
from lotline.planning.errors import PlanningError
from lotline.planning.models import ChecklistAnswer, Operation, OperationConfirmation


def confirm_operation(
    work_order: WorkOrder,
    operation: Operation,
    user: AbstractBaseUser,
    *,
    answers: dict[int, bool],
    machine: Machine | None = None,
    note: str = "",
    at: datetime | None = None,
) -> OperationConfirmation:
    """Record that ``operation`` was done on ``work_order``. Every checklist question must be answered yes:
    an unticked check means the operation is not done (the operator holds the lot instead).

    An operation is confirmed once per work order (the floor screen shows it done from then on). A second
    confirmation — a double click, Back and Confirm again, two operators at once — is refused with
    ``already_confirmed``, naming who confirmed it and when, and writes nothing."""
    if operation.routing.item_id != work_order.item_id:
        raise PlanningError(
            "wrong_operation", _("This operation belongs to another item's routing."), field="operation"
        )
    if not work_order.accepts_events:
        raise PlanningError(
            "work_order_closed",
            _("Work order %(wo)s is %(status)s; it takes no confirmations.")
            % {"wo": work_order.number, "status": work_order.get_status_display()},
            field="work_order",
        )
    already_confirmed(work_order, operation)  # before the checklist: a re-sent form says what happened
    checks = list(operation.checks.all())
    missing = [check.text for check in checks if not answers.get(check.pk)]
    if missing:
        raise PlanningError(
            "checklist_incomplete",
            _("Not confirmed: %(checks)s.") % {"checks": "; ".join(missing)},
            field="answers",
        )
    with transaction.atomic():
        # Lock the work order, then look again: the two requests of a double click arrive together, and
        # only the first may write (SQLite's IMMEDIATE transactions serialise them anyway).
        WorkOrder.objects.select_for_update().filter(pk=work_order.pk).values_list("pk", flat=True).get()
        already_confirmed(work_order, operation)
        confirmation = OperationConfirmation.objects.create(
            work_order=work_order,
            operation=operation,
            confirmed_by=user,
            confirmed_at=at or timezone.now(),
            machine=machine or work_order.machine,
            note=note,
        )
        ChecklistAnswer.objects.bulk_create(
            ChecklistAnswer(confirmation=confirmation, check_item=check, question=check.text, done=True)
            for check in checks
        )
    return confirmation


def already_confirmed(work_order: WorkOrder, operation: Operation) -> None:
    """Refuse when this operation of this work order is confirmed already."""
    earlier = (
        OperationConfirmation.objects.filter(work_order=work_order, operation=operation)
        .select_related("confirmed_by")
        .order_by("confirmed_at", "id")
        .first()
    )
    if earlier is None:
        return
    at = timezone.localtime(earlier.confirmed_at, ZoneInfo(work_order.site.timezone))
    raise PlanningError(
        "already_confirmed",
        _("%(op)s on %(wo)s was already confirmed by %(user)s at %(at)s; nothing was recorded again.")
        % {
            "op": operation.name,
            "wo": work_order.number,
            "user": earlier.confirmed_by.get_username(),
            "at": at.strftime("%Y-%m-%d %H:%M"),
        },
        field="operation",
    )
