"""Drag a work order on the planning board to another machine and watch the load follow (real Chromium)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from lotline.core.models import WorkOrder
from lotline.planning.models import PlanChange
from tests.browser.conftest import screenshot, sign_in
from tests.test_planning_plant import Golden, local


@pytest.fixture
def golden(plant) -> Golden:
    return Golden(plant)


pytestmark = pytest.mark.browser


def cell(page, machine: str, day: str):
    return page.locator(f'.plan-cell[data-machine-code="{machine}"][data-day="{day}"]')


def test_supervisor_drags_a_work_order_to_the_other_lathe(live_server, desktop, transactional_db, golden):
    plant = golden.plant
    plant.work_order(
        machine=plant.lathe,
        planned_start=local(2026, 3, 2, 6),
        due_date=date(2026, 3, 2),
        status=WorkOrder.Status.PLANNED,
    )
    second = plant.work_order(machine=plant.lathe, planned_start=local(2026, 3, 2, 8))
    WorkOrder.objects.filter(pk=second.pk).update(quantity_planned=200)
    sign_in(desktop, live_server, "sam", "pw-sam-123")
    desktop.goto(f"{live_server.url}/plan/?view=week&start=2026-03-02")
    monday_cnc1, monday_cnc2 = cell(desktop, "CNC1", "2026-03-02"), cell(desktop, "CNC2", "2026-03-02")
    expect(monday_cnc1.locator("[data-load]")).to_contain_text("10 / 8 h")
    expect(monday_cnc1).to_have_class("plan-cell overloaded")
    expect(desktop.locator(".plan-conflicts")).to_contain_text("WO-001 and WO-002 are both on CNC1")

    desktop.locator("#card-WO-002").drag_to(monday_cnc2)

    expect(desktop.locator(".msg.success")).to_contain_text("Moved WO-002")
    expect(monday_cnc1.locator("[data-load]")).to_have_text("3.5 / 8 h")
    expect(monday_cnc2.locator("[data-load]")).to_have_text("6.5 / 8 h")
    expect(monday_cnc1).to_have_class("plan-cell")
    expect(monday_cnc2.locator("#card-WO-002")).to_be_visible()
    expect(desktop.locator("#board")).not_to_contain_text("both on CNC1")
    screenshot(desktop, "plan-board")
    change = PlanChange.objects.get()
    assert (change.from_machine.code, change.to_machine.code, change.user.username) == ("CNC1", "CNC2", "sam")
