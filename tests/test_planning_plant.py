"""The golden planning plant, built on the `plant` fixture (tests/conftest.py): recipes, a routing with a
checklist, two turning machines. Other planning tests import `golden` from here."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Item, Machine, Recipe, RecipeLine
from lotline.planning.models import CheckItem, Operation, Routing

WARSAW = ZoneInfo("Europe/Warsaw")


def local(*args: int) -> datetime:
    """A wall-clock time at the test plant (Europe/Warsaw), e.g. local(2026, 3, 2, 6)."""
    return datetime(*args, tzinfo=WARSAW)


class Golden:
    def __init__(self, plant) -> None:
        self.plant = plant
        plant.lathe.group = "turning"
        plant.lathe.save()
        plant.saw.group = "cutting"
        plant.saw.save()
        self.lathe2 = Machine.objects.create(
            site=plant.site, code="CNC2", name="CNC lathe 2", group="turning"
        )
        self.steel2 = Item.objects.create(
            code="STEEL2", name="Steel bar 40, grade B", kind=Item.Kind.RAW, unit="kg"
        )
        self.carton = Item.objects.create(code="CARTON", name="Carton", kind=Item.Kind.PACKAGING, unit="pcs")
        self.paint = Item.objects.create(code="PAINT", name="Paint", kind=Item.Kind.RAW, unit="kg")
        self.blank_recipe = Recipe.objects.create(item=plant.blank, version=1, expected_yield=Decimal("0.95"))
        self.steel_line = RecipeLine.objects.create(
            recipe=self.blank_recipe,
            component=plant.steel,
            quantity_per_unit=Decimal("0.95"),
            unit="kg",
            scrap_pct=Decimal(5),
        )
        RecipeLine.objects.create(
            recipe=self.blank_recipe,
            component=self.steel2,
            quantity_per_unit=Decimal(1),
            unit="kg",
            alternative_for=self.steel_line,
        )
        self.shaft_recipe = Recipe.objects.create(item=plant.shaft, version=1)
        RecipeLine.objects.create(
            recipe=self.shaft_recipe,
            component=plant.blank,
            quantity_per_unit=Decimal(1),
            unit="pcs",
            scrap_pct=Decimal(2),
        )
        RecipeLine.objects.create(
            recipe=self.shaft_recipe, component=self.carton, quantity_per_unit=Decimal("0.02"), unit="pcs"
        )
        RecipeLine.objects.create(
            recipe=self.shaft_recipe,
            component=self.paint,
            quantity_per_unit=Decimal("12.5"),
            unit="g",
            scrap_pct=Decimal(10),
        )
        routing = Routing.objects.create(item=plant.shaft)
        self.turn = Operation.objects.create(
            routing=routing,
            sequence=10,
            name="Turn",
            machine_group="turning",
            setup_minutes=Decimal(30),
            run_minutes_per_unit=Decimal("1.5"),
        )
        self.inspect = Operation.objects.create(
            routing=routing,
            sequence=20,
            name="Inspect",
            machine_group="turning",
            run_minutes_per_unit=Decimal("0.3"),
        )
        self.check_measured = CheckItem.objects.create(
            operation=self.inspect, position=1, text="First part measured"
        )
        self.check_burrs = CheckItem.objects.create(operation=self.inspect, position=2, text="Burrs removed")
        saw_routing = Routing.objects.create(item=plant.blank)
        Operation.objects.create(
            routing=saw_routing,
            sequence=10,
            name="Saw",
            machine_group="cutting",
            setup_minutes=Decimal(15),
            run_minutes_per_unit=Decimal("0.5"),
        )
        plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
        plant.operator.groups.add(Group.objects.get(name="operator"))


@pytest.fixture
def golden(plant) -> Golden:
    return Golden(plant)


def test_the_golden_plant_has_a_routing_in_order(golden):
    names = list(Operation.objects.filter(routing__item=golden.plant.shaft).values_list("name", flat=True))
    assert names == ["Turn", "Inspect"]
