"""Bill-of-materials explosion: how much of every input a quantity of an item needs, level by level.

A line needs ``parent quantity × quantity per unit × (1 + scrap %)``, converted to the component's base unit.
The scrap allowance compounds down the levels (the blanks a lathe scraps were sawn from bar that was also
kerfed). The expected yield is not applied here: it is what the mass balance compares output against.
Worked example: 100 SH-20 at 1 blank each with 2 % scrap need 102 blanks; each blank takes 0.95 kg with 5 %
scrap, so the bar needed is 102 × 0.95 × 1.05 = 101.745 kg.
Results are exact Decimals, rounded up to six places at the end only (never under-issue).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal

from django.utils.translation import gettext as _

from lotline.core.models import Item, Recipe, RecipeLine
from lotline.lib.quantities import QUANTUM, Quantity, unit_dimension
from lotline.planning.errors import PlanningError

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Alternative:
    """An input that may replace a line, with what it would need instead."""

    item_code: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class BomLine:
    """One input at one level of the explosion (level 1 = direct inputs of the item made)."""

    level: int
    path: tuple[str, ...]  # item codes from the top item down to this component
    item_id: int
    item_code: str
    item_name: str
    quantity: Decimal  # in the component's base unit, scrap allowance included
    unit: str
    scrap_pct: Decimal
    recipe_version: int
    alternatives: tuple[Alternative, ...] = field(default=())
    is_leaf: bool = True  # bought in (no recipe of its own), so it is a raw need


class RecipeBook:
    """Active recipes with their lines, loaded once (a few queries however many items explode)."""

    def __init__(self, extra_ids: set[int] | None = None) -> None:
        active: dict[int, Recipe] = {}
        for recipe in Recipe.objects.filter(is_active=True).order_by("item_id", "version"):
            active[recipe.item_id] = recipe  # the highest active version wins
        self.active = active
        recipes = {r.pk: r for r in active.values()}
        missing = (extra_ids or set()) - set(recipes)
        if missing:
            recipes.update({r.pk: r for r in Recipe.objects.filter(pk__in=missing)})
        self.recipes = recipes
        self.lines: dict[int, list[RecipeLine]] = {pk: [] for pk in recipes}
        for line in (
            RecipeLine.objects.filter(recipe_id__in=recipes).select_related("component").order_by("id")
        ):
            self.lines[line.recipe_id].append(line)

    def for_item(self, item_id: int) -> Recipe | None:
        return self.active.get(item_id)

    def add(self, recipe: Recipe) -> None:
        self.recipes.setdefault(recipe.pk, recipe)
        if recipe.pk not in self.lines:
            self.lines[recipe.pk] = list(recipe.lines.select_related("component").order_by("id"))


def line_need(parent_quantity: Decimal, line: RecipeLine) -> Decimal:
    """Exact need of one recipe line, in the component's base unit."""
    per_unit = (
        Quantity(line.quantity_per_unit, line.unit or line.component.unit).to(line.component.unit).amount
    )
    return parent_quantity * per_unit * (1 + line.scrap_pct / HUNDRED)


def round_need(value: Decimal, unit: str = "") -> Decimal:
    """A need as it can be issued: up to six decimals, and up to a whole piece for what is counted
    (2.6 cartons are 3 cartons: the floor refuses fractions of pieces)."""
    if unit and unit_dimension(unit) == "count":
        return value.to_integral_value(rounding=ROUND_UP)
    return value.quantize(QUANTUM, rounding=ROUND_UP)


def explode(
    item: Item,
    quantity: Decimal,
    *,
    recipe: Recipe | None = None,
    max_levels: int | None = None,
    book: RecipeBook | None = None,
) -> list[BomLine]:
    """Every input for ``quantity`` of ``item``, depth first. ``recipe`` pins the top level's version (a
    released work order's frozen one); lower levels use each component's active version."""
    book = book or RecipeBook()
    top = recipe or book.for_item(item.pk)
    if top is None:
        return []
    book.add(top)
    result: list[BomLine] = []
    walk(book, top, Decimal(quantity), 1, (item.code,), max_levels, result)
    return result


def walk(
    book: RecipeBook,
    recipe: Recipe,
    quantity: Decimal,
    level: int,
    path: tuple[str, ...],
    max_levels: int | None,
    out: list[BomLine],
) -> None:
    lines = book.lines[recipe.pk]
    alternatives: dict[int, list[RecipeLine]] = {}
    for line in lines:
        if line.alternative_for_id is not None:
            alternatives.setdefault(line.alternative_for_id, []).append(line)
    for line in lines:
        if line.alternative_for_id is not None:
            continue
        component = line.component
        if component.code in path:
            raise PlanningError(
                "recipe_cycle",
                _("The recipes of %(path)s go round in a circle.")
                % {"path": " → ".join([*path, component.code])},
            )
        need = line_need(quantity, line)
        sub = book.for_item(component.pk)
        out.append(
            BomLine(
                level=level,
                path=(*path, component.code),
                item_id=component.pk,
                item_code=component.code,
                item_name=component.name,
                quantity=round_need(need, component.unit),
                unit=component.unit,
                scrap_pct=line.scrap_pct,
                recipe_version=recipe.version,
                is_leaf=sub is None,
                alternatives=tuple(
                    Alternative(
                        alt.component.code,
                        round_need(line_need(quantity, alt), alt.component.unit),
                        alt.component.unit,
                    )
                    for alt in alternatives.get(line.pk, [])
                ),
            )
        )
        if sub is not None and (max_levels is None or level < max_levels):
            walk(book, sub, need, level + 1, (*path, component.code), max_levels, out)


def raw_needs(lines: list[BomLine]) -> dict[str, Decimal]:
    """Total of the leaves (bought-in inputs) per item code."""
    totals: dict[str, Decimal] = {}
    for line in lines:
        if line.is_leaf:
            totals[line.item_code] = totals.get(line.item_code, Decimal(0)) + line.quantity
    return totals
