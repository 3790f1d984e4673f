"""BOM explosion: exact Decimals, scrap allowance compounding down the levels, units, alternatives."""

from decimal import Decimal

import pytest

from lotline.core.models import Item, Recipe, RecipeLine
from lotline.planning.errors import PlanningError
from lotline.planning.queries import explode, raw_needs
from tests.test_planning_plant import Golden


@pytest.fixture
def golden(plant) -> Golden:
    return Golden(plant)


def test_multi_level_explosion_with_scrap_on_exact_numbers(golden):
    lines = explode(golden.plant.shaft, Decimal(100))
    got = [(line.level, line.path, line.quantity, line.unit, line.is_leaf) for line in lines]
    assert got == [
        (1, ("SHAFT", "BLANK"), Decimal("102.000000"), "pcs", False),  # 100 × 1 × 1.02
        (2, ("SHAFT", "BLANK", "STEEL"), Decimal("101.745000"), "kg", True),  # 102 × 0.95 × 1.05
        (1, ("SHAFT", "CARTON"), Decimal("2.000000"), "pcs", True),  # 100 × 0.02
        (1, ("SHAFT", "PAINT"), Decimal("1.375000"), "kg", True),  # 100 × 12.5 g × 1.10 = 1375 g
    ]
    assert raw_needs(lines) == {"STEEL": Decimal("101.745"), "CARTON": Decimal(2), "PAINT": Decimal("1.375")}


def test_alternatives_are_offered_not_counted(golden):
    steel = next(line for line in explode(golden.plant.shaft, Decimal(100)) if line.item_code == "STEEL")
    assert [(a.item_code, a.quantity) for a in steel.alternatives] == [("STEEL2", Decimal("102.000000"))]


def test_one_level_only(golden):
    lines = explode(golden.plant.shaft, Decimal(100), max_levels=1)
    assert [line.item_code for line in lines] == ["BLANK", "CARTON", "PAINT"]


def test_needs_round_up_at_the_sixth_place_only_at_the_end(golden):
    bolt = Item.objects.create(code="BOLT", name="Bolt", kind=Item.Kind.FINISHED, unit="pcs")
    recipe = Recipe.objects.create(item=bolt, version=1)
    RecipeLine.objects.create(
        recipe=recipe,
        component=golden.plant.blank,
        quantity_per_unit=Decimal("0.333333"),
        unit="pcs",
        scrap_pct=Decimal("2.5"),
    )
    lines = explode(bolt, Decimal(3))
    # 3 × 0.333333 × 1.025 = 1.024998975 blanks → 2, as blanks are counted in whole pieces; the steel is
    # computed from the exact figure: 1.024998975 × 0.95 × 1.05 = 1.02243647756… kg → 1.022437
    assert [(line.item_code, line.quantity) for line in lines] == [
        ("BLANK", Decimal("2")),
        ("STEEL", Decimal("1.022437")),
    ]


def test_a_circle_of_recipes_is_refused(golden):
    recipe = Recipe.objects.create(item=golden.plant.steel, version=1)
    RecipeLine.objects.create(recipe=recipe, component=golden.plant.shaft, quantity_per_unit=1, unit="pcs")
    with pytest.raises(PlanningError) as refused:
        explode(golden.plant.shaft, Decimal(1))
    assert refused.value.code == "recipe_cycle"


def test_an_item_without_recipe_explodes_to_nothing(golden):
    assert explode(golden.plant.steel, Decimal(5)) == []
