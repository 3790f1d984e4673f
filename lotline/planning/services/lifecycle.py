"""The work-order lifecycle: planned → released → in progress → done, or cancelled, with who and when.

Release freezes the recipe: the work order points at the item's active recipe version from then on, and
``revise_recipe`` never edits a version a work order uses (it writes a new one), so a released work order's
bill of materials — and its mass balance — cannot change behind the auditor's back.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.models import WorkOrder
from lotline.planning.errors import PlanningError
from lotline.planning.models import WorkOrderTransition

from .recipes import active_recipe

S = WorkOrder.Status
ALLOWED: dict[str, tuple[str, ...]] = {
    S.PLANNED: (S.RELEASED, S.CANCELLED),
    S.RELEASED: (S.IN_PROGRESS, S.CANCELLED),
    S.IN_PROGRESS: (S.DONE, S.CANCELLED),
    S.DONE: (),
    S.CANCELLED: (),
}


def transition(
    work_order: WorkOrder,
    to_status: str,
    user: AbstractBaseUser | None,
    *,
    note: str = "",
    at: datetime | None = None,
) -> WorkOrderTransition:
    """Move a work order to ``to_status`` if the lifecycle allows it, and record who did it and when."""
    if to_status not in S.values:
        raise PlanningError(
            "bad_status", _("%(status)s is not a work-order status.") % {"status": to_status}, field="status"
        )
    with transaction.atomic():
        # Lock the row: two supervisors pressing "release" at once must not both write a transition.
        fresh = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
        if to_status not in ALLOWED[fresh.status]:
            raise PlanningError(
                "bad_transition",
                _("Work order %(wo)s is %(from)s; it cannot become %(to)s.")
                % {"wo": fresh.number, "from": fresh.get_status_display(), "to": S(to_status).label},
                field="status",
            )
        fields = ["status"]
        if to_status == S.RELEASED:
            fields += freeze_recipe(fresh)
        record = WorkOrderTransition.objects.create(
            work_order=fresh,
            from_status=fresh.status,
            to_status=to_status,
            user=user if user is not None and user.is_authenticated else None,
            at=at or timezone.now(),
            note=note,
        )
        fresh.status = to_status
        fresh.save(update_fields=fields)
    work_order.status, work_order.recipe_id = fresh.status, fresh.recipe_id
    return record


def freeze_recipe(work_order: WorkOrder) -> list[str]:
    """Point the work order at the recipe version it is released with; returns the fields changed."""
    if work_order.recipe_id is not None:
        if work_order.recipe.item_id != work_order.item_id:  # type: ignore[union-attr]
            raise PlanningError(
                "wrong_recipe", _("The work order's recipe is for another item."), field="recipe"
            )
        return []  # the planner chose a version on purpose; keep it
    recipe = active_recipe(work_order.item)
    if recipe is None:
        return []  # items without a bill of materials (bought-in, repacked) can still be made
    work_order.recipe = recipe
    return ["recipe"]
