"""Material availability on a golden plan: needs per item against released stock (held lots don't count),
work-order output as supply, shortfalls of made items passed down, shortages by date.

  STEEL on hand: 60 kg released, 50 kg on hold.
  WO-001  100 BLANK on the saw, Mon 06:00 (ends 07:05) → needs 100 × 0.95 × 1.05 = 99.75 kg steel:
          39.75 short Mon.
  WO-002  100 SHAFT on CNC1, Tue 06:00 → needs 102 BLANK (WO-001 makes 100 by Monday: 2 to make → 1.995 kg
          steel, short Tue), 2 CARTON and 1.375 kg PAINT (none in stock: short Tue).
"""

from datetime import date
from decimal import Decimal

import pytest

from lotline.core.models import WorkOrder
from lotline.core.services import hold, receive
from lotline.planning.queries import material_availability
from tests.test_planning_plant import Golden, local


@pytest.fixture
def golden(plant) -> Golden:
    return Golden(plant)


MON, TUE = date(2026, 3, 2), date(2026, 3, 3)


@pytest.fixture
def plan(golden):
    plant = golden.plant
    receive(
        plant.ctx(),
        item=plant.steel,
        quantity=60,
        supplier=plant.supplier,
        supplier_lot="S-1",
        delivery_ref="DN-1",
    )
    held = receive(
        plant.ctx(),
        item=plant.steel,
        quantity=50,
        supplier=plant.supplier,
        supplier_lot="S-2",
        delivery_ref="DN-2",
    ).lot
    hold(plant.ctx(user=plant.supervisor), lots=[held], reason="certificate missing")
    plant.work_order(
        item=plant.blank,
        machine=plant.saw,
        planned_start=local(2026, 3, 2, 6),
        status=WorkOrder.Status.PLANNED,
    )
    plant.work_order(machine=plant.lathe, planned_start=local(2026, 3, 3, 6), recipe=golden.shaft_recipe)
    plant.work_order(status=WorkOrder.Status.DONE)  # closed work orders need nothing
    return golden


def test_needs_per_item_against_released_stock(plan):
    result = material_availability(plan.plant.site, today=MON)
    rows = [
        (
            r.item.code,
            r.bought_in,
            r.needed,
            r.on_hand,
            r.held,
            r.incoming,
            r.short,
            r.to_make,
            r.first_short_day,
        )
        for r in result.items
    ]
    assert rows == [
        ("CARTON", True, Decimal(2), 0, 0, 0, Decimal(2), 0, TUE),
        ("PAINT", True, Decimal("1.375"), 0, 0, 0, Decimal("1.375"), 0, TUE),
        ("STEEL", True, Decimal("101.745"), Decimal(60), Decimal(50), 0, Decimal("41.745"), 0, MON),
        ("BLANK", False, Decimal(102), 0, 0, Decimal(100), 0, Decimal(2), None),
    ]
    assert result.work_order_count == 2


def test_shortages_by_date_name_the_work_orders(plan):
    result = material_availability(plan.plant.site, today=MON)
    assert [(s.day, s.item_code, s.quantity, s.work_orders) for s in result.shortages] == [
        (MON, "STEEL", Decimal("39.75"), ("WO-001",)),
        (TUE, "CARTON", Decimal(2), ("WO-002",)),
        (TUE, "PAINT", Decimal("1.375"), ("WO-002",)),
        (TUE, "STEEL", Decimal("1.995"), ("WO-002",)),
    ]
    assert result.short_work_orders == {"WO-001": ["STEEL"], "WO-002": ["CARTON", "PAINT", "STEEL"]}


def test_releasing_the_held_lot_covers_the_steel(plan):
    plant = plan.plant
    from lotline.core.models import Lot
    from lotline.core.services import release

    release(
        plant.ctx(user=plant.supervisor), lots=[Lot.objects.get(supplier_lot="S-2")], reason="certificate in"
    )
    steel = next(r for r in material_availability(plant.site, today=MON).items if r.item.code == "STEEL")
    assert (steel.on_hand, steel.held, steel.short) == (Decimal(110), 0, 0)


def test_needs_in_the_past_are_needed_today(plan):
    result = material_availability(plan.plant.site, today=date(2026, 3, 10))
    assert {s.day for s in result.shortages} == {date(2026, 3, 10)}
