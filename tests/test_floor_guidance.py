"""The shop-floor work-order screen shows the routing's operations in order, lets the operator confirm them
with their checklist, and offers the lots to take first (FEFO)."""

from decimal import Decimal

from lotline.core.models import WorkOrder
from lotline.planning.models import OperationConfirmation
from lotline.planning.queries import floor_guidance
from tests.core_fixtures import receive_lot
from tests.test_planning_plant import golden  # noqa: F401


def test_the_screen_lists_operations_in_order_and_the_lots_to_take(golden, client):  # noqa: F811
    plant = golden.plant
    older = receive_lot(plant, "STEEL-A", 50)
    receive_lot(plant, "STEEL-B", 80)
    wo = plant.work_order(
        item=plant.blank, machine=plant.saw, recipe=golden.blank_recipe, status=WorkOrder.Status.RELEASED
    )
    guidance = floor_guidance(wo, "fifo")
    assert [(op.sequence, op.name, op.confirmed) for op in guidance.operations] == [(10, "Saw", False)]
    # 100 blanks × 0.95 kg × 1.05 scrap allowance = 99.75 kg: all of the older lot, then the next.
    assert [(p.lot_number, p.quantity) for s in guidance.suggestions for p in s.picks] == [
        (older.number, Decimal(50)),
        ("STEEL-B", Decimal("49.75")),
    ]

    client.force_login(plant.operator)
    page = client.get(f"/floor/work-order/{wo.number}/").content.decode()
    assert page.index('id="suggested-lots"') < page.index('id="operations"')
    assert "1. Saw" not in page and "10. Saw" in page


def test_confirming_an_operation_on_the_floor_needs_every_check_and_returns_to_the_floor(golden, client):  # noqa: F811
    plant = golden.plant
    wo = plant.work_order(item=plant.shaft, recipe=golden.shaft_recipe, status=WorkOrder.Status.RELEASED)
    client.force_login(plant.operator)
    floor = f"/floor/work-order/{wo.number}/"
    url = f"/plan/work-orders/{wo.number}/confirm/{golden.inspect.pk}/"
    client.post(url, {"next": floor, f"check-{golden.check_measured.pk}": "on"})
    assert not OperationConfirmation.objects.exists()
    answered = {f"check-{golden.check_measured.pk}": "on", f"check-{golden.check_burrs.pk}": "on"}
    response = client.post(url, {"next": floor, **answered})
    assert response.status_code == 302 and response["Location"] == floor
    assert [op.confirmed for op in floor_guidance(wo).operations] == [False, True]
