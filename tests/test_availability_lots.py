"""Suggested lots per work order: FEFO (earliest expiry first, no expiry last) or FIFO (oldest first);
held and expired lots are never offered; what the work order already consumed is not offered again."""

from datetime import date
from decimal import Decimal

import pytest

from lotline.core.models import WorkOrder
from lotline.core.services import consume, hold, receive
from lotline.planning.errors import PlanningError
from lotline.planning.queries import suggested_lots
from tests.test_planning_plant import Golden


@pytest.fixture
def golden(plant) -> Golden:
    return Golden(plant)


TODAY = date(2026, 3, 2)


@pytest.fixture
def stock(golden):
    plant = golden.plant
    lots = {}
    for name, expires in [
        ("OLD-EXPIRED", date(2026, 3, 1)),
        ("L1", date(2026, 6, 30)),
        ("L2", date(2026, 4, 30)),
        ("L3", None),
        ("HELD", date(2026, 3, 20)),
    ]:
        lots[name] = receive(
            plant.ctx(),
            item=plant.steel,
            quantity=40,
            supplier=plant.supplier,
            supplier_lot=name,
            delivery_ref=f"DN-{name}",
            expires_on=expires,
        ).lot
    hold(plant.ctx(user=plant.supervisor), lots=[lots["HELD"]], reason="suspect")
    wo = plant.work_order(
        item=plant.blank, machine=plant.saw, recipe=golden.blank_recipe, status=WorkOrder.Status.RELEASED
    )
    return golden, lots, wo


def picks(suggestions):
    return [(p.lot_number, p.quantity) for s in suggestions for p in s.picks]


def test_fefo_takes_the_earliest_expiry_first(stock):
    _g, lots, wo = stock
    result = suggested_lots(wo, "fefo", today=TODAY)
    assert [(s.item_code, s.needed, s.to_issue, s.short) for s in result] == [
        ("STEEL", Decimal("99.75"), Decimal("99.75"), 0)
    ]
    assert picks(result) == [
        (lots["L2"].number, 40),
        (lots["L1"].number, 40),
        (lots["L3"].number, Decimal("19.75")),
    ]


def test_fifo_takes_the_oldest_first(stock):
    _g, lots, wo = stock
    assert picks(suggested_lots(wo, "fifo", today=TODAY)) == [
        (lots["L1"].number, 40),
        (lots["L2"].number, 40),
        (lots["L3"].number, Decimal("19.75")),
    ]


def test_what_was_consumed_is_not_offered_again(stock):
    g, lots, wo = stock
    consume(g.plant.ctx(work_order=wo), lot=lots["L2"], quantity=30)
    result = suggested_lots(wo, "fefo", today=TODAY)
    assert (result[0].consumed, result[0].to_issue) == (Decimal(30), Decimal("69.75"))
    assert picks(result) == [
        (lots["L2"].number, 10),
        (lots["L1"].number, 40),
        (lots["L3"].number, Decimal("19.75")),
    ]
    assert result[0].picks[0].locations == ("RACK-A",)


def test_the_alternative_covers_what_the_primary_cannot(stock):
    g, lots, wo = stock
    plant = g.plant
    WorkOrder.objects.filter(pk=wo.pk).update(quantity_planned=200)  # 199.5 kg; 120 kg usable steel
    wo.refresh_from_db()
    alt = receive(
        plant.ctx(),
        item=g.steel2,
        quantity=500,
        supplier=plant.supplier2,
        supplier_lot="B-1",
        delivery_ref="DN-B",
    ).lot
    result = suggested_lots(wo, "fefo", today=TODAY)
    # 79.5 kg of STEEL missing; the alternative takes 1.0 kg for every 0.9975 kg of STEEL (0.95 × 1.05).
    assert picks(result)[-1] == (alt.number, Decimal("79.699249"))
    assert result[0].short == 0


def test_an_unknown_rule_is_refused(stock):
    with pytest.raises(PlanningError):
        suggested_lots(stock[2], "lifo")
