"""Refused work-order events: no work order, one at another site, one not released or already done, and
a lot of an item the work order's recipe does not use — each with its code, nothing written."""

import pytest

from lotline.core.models import Site, WorkOrder
from lotline.core.services import consume, produce
from tests.core_fixtures import (  # noqa: F401
    assert_refused,
    fast_password_hashing,
    receive_lot,
    recipe_for,
)


def test_consume_and_produce_need_a_work_order(plant):
    coil = receive_lot(plant, "S1")
    assert_refused(lambda: consume(plant.ctx(), lot=coil, quantity=1), "no_work_order", field="work_order")
    assert_refused(lambda: produce(plant.ctx(), quantity=1), "no_work_order", field="work_order")


@pytest.mark.parametrize(
    "status", [WorkOrder.Status.PLANNED, WorkOrder.Status.DONE, WorkOrder.Status.CANCELLED]
)
def test_a_work_order_that_is_not_open_takes_no_scans(plant, status):
    coil = receive_lot(plant, "S1")
    wo = plant.work_order(status=status)

    error = assert_refused(
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity=1),
        "work_order_closed",
        field="work_order",
    )
    assert error.message == f"Work order WO-001 is {WorkOrder.Status(status).label}; it takes no scans."
    assert_refused(lambda: produce(plant.ctx(work_order=wo), quantity=1), "work_order_closed")


def test_a_work_order_closed_meanwhile_takes_no_scans(plant):
    coil = receive_lot(plant, "S1")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=coil, quantity=1)
    assert wo.status == WorkOrder.Status.IN_PROGRESS
    WorkOrder.objects.filter(pk=wo.pk).update(status=WorkOrder.Status.DONE)  # closed on another screen

    assert_refused(lambda: produce(plant.ctx(work_order=wo), quantity=1), "work_order_closed")


def test_a_work_order_of_another_site_is_refused(plant):
    elsewhere = Site.objects.create(code="B2", name="Branch")
    wo = WorkOrder.objects.create(number="WO-B2", item=plant.shaft, site=elsewhere, quantity_planned=1)
    coil = receive_lot(plant, "S1")
    assert_refused(
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity=1), "wrong_site", field="work_order"
    )


def test_the_recipe_decides_which_items_go_in(plant):
    coil = receive_lot(plant, "S1")
    blank = receive_lot(plant, "B1", "10", item=plant.blank)
    wo = plant.work_order(item=plant.shaft, recipe=recipe_for(plant.shaft, plant.blank))

    error = assert_refused(
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity=1), "wrong_item", field="lot"
    )
    assert error.message == "Lot S1 is STEEL Steel bar 40, which work order WO-001 does not use."
    assert_refused(
        lambda: produce(plant.ctx(work_order=wo), quantity=1, inputs=[(blank, 1), (coil, 1)]), "wrong_item"
    )
    consume(plant.ctx(work_order=wo), lot=blank, quantity=2)
    produce(plant.ctx(work_order=wo), quantity=1, inputs=[(blank, 1)])
