"""The planning pages: permissions, the board's move (htmx POST), availability, dashboard links, the PDF."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, User

from lotline.core.models import WorkOrder
from lotline.core.services import hold, produce, receive
from lotline.planning.models import PlanChange, WorkOrderTransition
from tests.test_planning_plant import Golden, local


@pytest.fixture
def golden(plant) -> Golden:
    return Golden(plant)


S = WorkOrder.Status


@pytest.fixture
def supervisor(client, golden):
    client.force_login(golden.plant.supervisor)
    return client


@pytest.fixture
def plan(golden):
    plant = golden.plant
    plant.work_order(
        machine=plant.lathe, planned_start=local(2026, 3, 2, 6), due_date=date(2026, 3, 2), status=S.PLANNED
    )
    second = plant.work_order(machine=plant.lathe, planned_start=local(2026, 3, 2, 8), status=S.RELEASED)
    WorkOrder.objects.filter(pk=second.pk).update(quantity_planned=200)  # 6.5 h: Monday on CNC1 is 10 h of 8
    return golden


@pytest.mark.parametrize("path", ["/plan/", "/plan/availability/", "/plan/dashboard/", "/plan/work-orders/"])
def test_operators_may_not_see_the_planning_pages(client, golden, path):
    client.force_login(golden.plant.operator)
    assert client.get(path).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, golden):
    assert client.get("/plan/").status_code == 302


def test_the_board_shows_load_and_conflicts(supervisor, plan):
    page = supervisor.get("/plan/?view=week&start=2026-03-02").content.decode()
    assert 'id="card-WO-001"' in page and 'draggable="true"' in page
    assert "10 / 8 h" in page and "overload" in page
    assert "WO-001 and WO-002 are both on CNC1 at the same time." in page


def test_a_reporting_user_without_hold_release_sees_no_drag_handles(client, plan):
    viewer = User.objects.create_user("vera", password="pw-vera-123")
    viewer.user_permissions.add(
        *Group.objects.get(name="supervisor").permissions.filter(codename="view_reports")
    )
    client.force_login(viewer)
    page = client.get("/plan/?view=week&start=2026-03-02").content.decode()
    assert 'id="card-WO-001"' in page and 'draggable="true"' not in page
    response = client.post(
        "/plan/move/", {"work_order": "WO-001", "machine": plan.lathe2.pk, "day": "2026-03-03"}
    )
    assert response.status_code == 403


def test_moving_on_the_board_records_the_change_and_answers_the_board(supervisor, plan):
    response = supervisor.post(
        "/plan/move/",
        {
            "work_order": "WO-002",
            "machine": plan.lathe2.pk,
            "day": "2026-03-02",
            "view": "week",
            "start": "2026-03-02",
        },
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Moved WO-002" in page
    assert "3.5 / 8 h" in page and "6.5 / 8 h" in page
    change = PlanChange.objects.get()
    assert (change.from_machine, change.to_machine, change.to_start, change.user) == (
        plan.plant.lathe,
        plan.lathe2,
        local(2026, 3, 2, 8),
        plan.plant.supervisor,
    )


def test_a_refused_move_says_why(supervisor, plan):
    page = supervisor.post(
        "/plan/move/", {"work_order": "WO-001", "machine": plan.plant.saw.pk, "day": "2026-03-02"}
    ).content.decode()
    assert "SHAFT is not made on SAW1." in page
    assert not PlanChange.objects.exists()


def test_release_from_the_work_order_page(supervisor, plan):
    response = supervisor.post("/plan/work-orders/WO-001/transition/", {"to": "released"}, follow=True)
    assert "Work order WO-001 is now released." in response.content.decode()
    assert WorkOrderTransition.objects.get().user == plan.plant.supervisor
    assert WorkOrder.objects.get(number="WO-001").recipe == plan.shaft_recipe


def test_the_work_order_page_lists_operations_in_order_and_lots_first_expiry_first(supervisor, plan):
    plant = plan.plant
    lot = receive(
        plant.ctx(),
        item=plant.blank,
        quantity=500,
        supplier=plant.supplier,
        supplier_lot="B-1",
        delivery_ref="DN-1",
        expires_on=date(2036, 9, 1),
    ).lot
    page = supervisor.get("/plan/work-orders/WO-002/").content.decode()
    assert page.index("10 Turn") < page.index("20 Inspect") < page.index("Lots to use")
    assert lot.number in page and "First part measured" in page


def test_availability_page(supervisor, plan):
    page = supervisor.get("/plan/availability/").content.decode()
    assert "Shortages by date" in page and "BLANK" in page


def test_dashboard_numbers_link_to_their_lists(supervisor, plan):
    plant = plan.plant
    wo = WorkOrder.objects.get(number="WO-002")
    lot = produce(plant.ctx(work_order=wo, machine=plant.lathe), quantity=10).lot
    hold(plant.ctx(user=plant.supervisor), lots=[lot], reason="check")
    page = supervisor.get("/plan/dashboard/").content.decode()
    assert 'href="/desk/lots/?status=held"' in page
    assert 'href="/plan/work-orders/?status=in_progress"' in page
    assert 'href="/plan/work-orders/?overdue=1"' in page
    assert 'id="plan-charts"' in page and "vendor/chartjs/chart.umd.min.js" in page


def test_batch_record_download(supervisor, plan):
    response = supervisor.get("/plan/work-orders/WO-001/batch-record.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="batch-record-WO-001.pdf"' in response["Content-Disposition"]
