"""Confirming an operation of a work order, with the operator's checklist answers."""

from __future__ import annotations

from datetime import datetime

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
    an unticked check means the operation is not done (the operator holds the lot instead)."""
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
    checks = list(operation.checks.all())
    missing = [check.text for check in checks if not answers.get(check.pk)]
    if missing:
        raise PlanningError(
            "checklist_incomplete",
            _("Not confirmed: %(checks)s.") % {"checks": "; ".join(missing)},
            field="answers",
        )
    with transaction.atomic():
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
