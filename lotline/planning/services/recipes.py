"""Recipe versions: the active one, and revising without rewriting history."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lotline.core.models import Item, Recipe, RecipeLine
from lotline.planning.errors import PlanningError


@dataclass(frozen=True)
class RecipeLineSpec:
    """An input of a recipe version being written; ``alternative_for`` indexes the line it replaces."""

    component: Item
    quantity_per_unit: Decimal
    unit: str | None = None
    scrap_pct: Decimal = Decimal(0)
    alternative_for: int | None = None


def active_recipe(item: Item) -> Recipe | None:
    """The item's highest active recipe version (None when the item has no bill of materials)."""
    return Recipe.objects.filter(item=item, is_active=True).order_by("-version").first()


def revise_recipe(
    recipe: Recipe,
    lines: list[RecipeLineSpec],
    *,
    expected_yield: Decimal | None = None,
    note: str | None = None,
) -> Recipe:
    """Change a recipe. A version no work order uses is edited in place; a used one is left alone and a new
    active version is written (the old one is deactivated), so released work orders keep what they froze."""
    check_lines(recipe, lines)
    with transaction.atomic():
        locked = Recipe.objects.select_for_update().get(pk=recipe.pk)
        if locked.work_orders.exists():
            last = Recipe.objects.filter(item_id=locked.item_id).aggregate(m=Max("version"))["m"] or 0
            Recipe.objects.filter(item_id=locked.item_id, is_active=True).update(is_active=False)
            target = Recipe.objects.create(
                item_id=locked.item_id,
                version=last + 1,
                is_active=True,
                expected_yield=locked.expected_yield if expected_yield is None else expected_yield,
                note=locked.note if note is None else note,
            )
        else:
            target = locked
            if expected_yield is not None:
                target.expected_yield = expected_yield
            if note is not None:
                target.note = note
            target.save()
            target.lines.all().delete()
        written: list[RecipeLine] = []
        for spec in lines:
            written.append(
                RecipeLine.objects.create(
                    recipe=target,
                    component=spec.component,
                    quantity_per_unit=spec.quantity_per_unit,
                    unit=spec.unit or spec.component.unit,
                    scrap_pct=spec.scrap_pct,
                    alternative_for=None if spec.alternative_for is None else written[spec.alternative_for],
                )
            )
    return target


def check_lines(recipe: Recipe, lines: list[RecipeLineSpec]) -> None:
    for index, spec in enumerate(lines):
        if spec.quantity_per_unit <= 0:
            raise PlanningError(
                "bad_quantity",
                _("The quantity per unit must be more than zero."),
                field=f"lines[{index}].quantity_per_unit",
            )
        if not Decimal(0) <= spec.scrap_pct < Decimal(100):
            raise PlanningError(
                "bad_scrap",
                _("The scrap allowance lies between 0 and 100 %."),
                field=f"lines[{index}].scrap_pct",
            )
        if spec.component.pk == recipe.item_id:
            raise PlanningError(
                "recipe_cycle", _("An item cannot be an input of itself."), field=f"lines[{index}].component"
            )
        if spec.alternative_for is not None and not 0 <= spec.alternative_for < index:
            raise PlanningError(
                "bad_alternative",
                _("An alternative names an earlier line."),
                field=f"lines[{index}].alternative_for",
            )
