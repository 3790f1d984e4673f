"""/plan/work-orders/: open work orders first (in progress, released, planned, by due date), then the latest
done ones; a status filter (one status or "open"), pages of 50 and a "showing N of M" note."""

from datetime import date, timedelta

import pytest

from lotline.core.models import WorkOrder

S = WorkOrder.Status


@pytest.fixture
def orders(plant):
    """210 old done work orders (more than the old 200 cut-off) and a few open ones created last."""
    done = [
        WorkOrder(
            number=f"D-{n:03d}",
            item=plant.shaft,
            site=plant.site,
            quantity_planned=10,
            status=S.DONE,
            due_date=date(2025, 1, 1) + timedelta(days=n),
        )
        for n in range(210)
    ]
    WorkOrder.objects.bulk_create(done)
    plant.work_order(status=S.PLANNED, due_date=date(2026, 3, 1))  # WO-001
    plant.work_order(status=S.RELEASED, due_date=date(2026, 3, 9))  # WO-002
    plant.work_order(status=S.IN_PROGRESS, due_date=date(2026, 3, 5))  # WO-003
    plant.work_order(status=S.RELEASED, due_date=date(2026, 3, 4))  # WO-004
    plant.work_order(status=S.PLANNED)  # WO-005, no due date: last of the planned
    plant.work_order(status=S.CANCELLED, due_date=date(2026, 1, 1))  # WO-006
    return plant


def numbers(page: str) -> list[str]:
    import re

    return re.findall(r'<a href="/plan/work-orders/([^/]+)/">', page)


def test_open_orders_come_first_then_the_latest_done(orders, sam):
    page = sam.get("/plan/work-orders/").content.decode()
    shown = numbers(page)
    assert shown[:5] == ["WO-003", "WO-004", "WO-002", "WO-001", "WO-005"]
    assert shown[5:7] == ["D-209", "D-208"]  # the latest done, not the oldest
    assert len(shown) == 50
    assert "Showing 1–50 of 216 work orders" in page
    assert "Page 1 of 5" in page and 'href="?page=2" rel="next"' in page


def test_the_last_page_holds_the_oldest_and_the_cancelled(orders, sam):
    shown = numbers(sam.get("/plan/work-orders/?page=5").content.decode())
    assert shown[-1] == "WO-006" and "D-000" in shown


def test_filter_open_and_by_status(orders, sam):
    page = sam.get("/plan/work-orders/?status=open").content.decode()
    assert numbers(page) == ["WO-003", "WO-004", "WO-002", "WO-001", "WO-005"]
    assert "Showing 1–5 of 5 work orders (216 in all)" in page
    assert numbers(sam.get("/plan/work-orders/?status=released").content.decode()) == ["WO-004", "WO-002"]
    page = sam.get("/plan/work-orders/?status=done&page=2").content.decode()
    assert "Showing 51–100 of 210 work orders (216 in all)" in page
    assert 'href="?status=done&amp;page=1" rel="prev"' in page


def test_overdue_filter_keeps_open_orders_only(orders, sam):
    page = sam.get("/plan/work-orders/?overdue=1").content.decode()
    assert set(numbers(page)) <= {"WO-001", "WO-002", "WO-003", "WO-004"} and numbers(page)


def test_quantities_show_the_unit_without_trailing_zeros(orders, sam):
    WorkOrder.objects.filter(number="WO-003").update(quantity_planned="112.500000")
    page = sam.get("/plan/work-orders/?status=in_progress").content.decode()
    assert "112.5 pcs" in page
