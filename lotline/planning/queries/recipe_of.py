"""The recipe a work order runs on: its frozen version once released, else the item's active version."""

from __future__ import annotations

from lotline.core.models import Recipe, WorkOrder


def recipe_for(work_order: WorkOrder) -> Recipe | None:
    if work_order.recipe_id is not None:
        return work_order.recipe
    return Recipe.objects.filter(item_id=work_order.item_id, is_active=True).order_by("-version").first()
