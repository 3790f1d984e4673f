"""Capacity and conflicts on a golden plan (times at the plant, Europe/Warsaw; the lathes work 8 h a day).

Shaft routing: setup 30 min, run 1.5 + 0.3 min per piece, so 100 pcs take 3.5 h, 200 take 6.5 h, 400 take
12.5 h.
  WO-001 100 pcs CNC1 Mon 06:00 → 09:30, due Mon
  WO-002 200 pcs CNC1 Mon 08:00 → 14:30            (overlaps WO-001; Monday's load 10 h of 8)
  WO-003 400 pcs CNC2 Tue 06:00 → Wed 10:30, due Tue  (late; Tue 8 h, Wed 4.5 h)
  WO-004 100 pcs CNC2 Wed 12:00 → 15:30             (Wed 8 h exactly: full, not over)
"""

from datetime import date
from decimal import Decimal

import pytest

from lotline.core.models import WorkOrder
from lotline.planning.errors import PlanningError
from lotline.planning.models import PlanChange
from lotline.planning.queries import planning_board
from lotline.planning.services import move_work_order
from tests.test_planning_plant import Golden, local


@pytest.fixture
def golden(plant) -> Golden:
    return Golden(plant)


MON = date(2026, 3, 2)


@pytest.fixture
def plan(golden):
    plant = golden.plant
    S = WorkOrder.Status
    orders = [
        plant.work_order(
            machine=plant.lathe, planned_start=local(2026, 3, 2, 6), due_date=MON, status=S.PLANNED
        ),
        plant.work_order(machine=plant.lathe, planned_start=local(2026, 3, 2, 8), status=S.RELEASED),
        plant.work_order(
            machine=golden.lathe2, planned_start=local(2026, 3, 3, 6), due_date=date(2026, 3, 3)
        ),
        plant.work_order(machine=golden.lathe2, planned_start=local(2026, 3, 4, 12), status=S.PLANNED),
    ]
    WorkOrder.objects.filter(pk=orders[1].pk).update(quantity_planned=200)
    WorkOrder.objects.filter(pk=orders[2].pk).update(quantity_planned=400)
    plant.work_order(status=S.PLANNED)  # WO-005: no start yet
    return golden


def loads(board):
    return {
        (row.machine.code, cell.day.isoformat()): cell.load
        for row in board.rows
        for cell in row.cells
        if cell.load
    }


def test_load_per_machine_per_day(plan):
    board = planning_board(plan.plant.site, MON, 7, ["CNC1", "CNC2"])
    assert loads(board) == {
        ("CNC1", "2026-03-02"): Decimal(10),
        ("CNC2", "2026-03-03"): Decimal(8),
        ("CNC2", "2026-03-04"): Decimal(8),
    }
    overloaded = [
        (row.machine.code, cell.day.isoformat())
        for row in board.rows
        for cell in row.cells
        if cell.overloaded
    ]
    assert overloaded == [("CNC1", "2026-03-02")]
    wed = board.rows[1].cells[2]
    assert [s.number for s in wed.running] == ["WO-003"] and [s.number for s in wed.starting] == ["WO-004"]


def test_conflicts_are_flagged(plan):
    board = planning_board(plan.plant.site, MON, 7, ["CNC1", "CNC2"])
    assert [(c.kind, c.machine_code, c.work_orders, c.day) for c in board.conflicts] == [
        ("double_booked", "CNC1", ("WO-001", "WO-002"), MON),
        ("late", "CNC2", ("WO-003",), date(2026, 3, 3)),
        ("overload", "CNC1", (), MON),
    ]
    assert [wo.number for wo in board.unplanned] == ["WO-005"]


def test_span_end_times_are_shop_hours(plan):
    board = planning_board(plan.plant.site, MON, 7, ["CNC2"])
    wo3 = board.rows[0].cells[1].starting[0]
    assert (wo3.hours, wo3.end) == (Decimal("12.5"), local(2026, 3, 4, 10, 30))
    assert wo3.late


def test_moving_removes_the_conflicts_and_is_recorded(plan):
    plant = plan.plant
    wo2 = WorkOrder.objects.get(number="WO-002")
    change = move_work_order(wo2, machine=plan.lathe2, start=local(2026, 3, 2, 6), user=plant.supervisor)
    assert (change.from_machine, change.to_machine, change.from_start, change.to_start, change.user) == (
        plant.lathe,
        plan.lathe2,
        local(2026, 3, 2, 8),
        local(2026, 3, 2, 6),
        plant.supervisor,
    )
    board = planning_board(plant.site, MON, 7, ["CNC1", "CNC2"])
    assert loads(board)[("CNC1", "2026-03-02")] == Decimal("3.5")
    assert loads(board)[("CNC2", "2026-03-02")] == Decimal("6.5")
    assert [c.kind for c in board.conflicts] == ["late"]
    assert PlanChange.objects.count() == 1


def test_the_same_place_records_nothing(plan):
    wo1 = WorkOrder.objects.get(number="WO-001")
    assert move_work_order(wo1, machine=plan.plant.lathe, start=wo1.planned_start, user=None) is None
    assert not PlanChange.objects.exists()


def test_a_machine_the_routing_does_not_use_is_refused(plan):
    wo1 = WorkOrder.objects.get(number="WO-001")
    with pytest.raises(PlanningError) as refused:
        move_work_order(wo1, machine=plan.plant.saw, start=wo1.planned_start, user=plan.plant.supervisor)
    assert refused.value.code == "wrong_machine"


def test_a_running_work_order_does_not_move(plan):
    wo = WorkOrder.objects.get(number="WO-003")
    WorkOrder.objects.filter(pk=wo.pk).update(status=WorkOrder.Status.IN_PROGRESS)
    with pytest.raises(PlanningError) as refused:
        move_work_order(wo, machine=plan.plant.lathe, start=local(2026, 3, 5, 6), user=plan.plant.supervisor)
    assert refused.value.code == "not_movable"
