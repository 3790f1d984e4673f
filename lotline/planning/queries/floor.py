"""What the shop-floor work-order screen shows from the plan: the routing's operations in order (with their
checklists and whether they are confirmed) and the lots to take first."""

from __future__ import annotations

from dataclasses import dataclass

from lotline.core.models import WorkOrder
from lotline.planning.models import Operation, OperationConfirmation

from .lots import InputSuggestion, suggested_lots


@dataclass(frozen=True)
class FloorOperation:
    """One routing step for the operator: what to do, the checks to tick, done or not."""

    id: int
    sequence: int
    name: str
    machine: str
    checks: tuple[tuple[int, str], ...]
    confirmed: bool


@dataclass(frozen=True)
class FloorGuidance:
    operations: list[FloorOperation]
    suggestions: list[InputSuggestion]


def floor_guidance(work_order: WorkOrder, rule: str = "fefo") -> FloorGuidance:
    done = set(
        OperationConfirmation.objects.filter(work_order=work_order).values_list("operation_id", flat=True)
    )
    operations = [
        FloorOperation(
            op.pk,
            op.sequence,
            op.name,
            op.machine.code if op.machine else op.machine_group,
            tuple((check.pk, check.text) for check in op.checks.all()),
            op.pk in done,
        )
        for op in Operation.objects.filter(routing__item_id=work_order.item_id)
        .select_related("machine")
        .prefetch_related("checks")
        .order_by("sequence")
    ]
    return FloorGuidance(operations, suggested_lots(work_order, rule))
