"""An operation is confirmed once per work order: the same confirmation sent again (a double click, Back and
Confirm again, two operators at once) writes no second OperationConfirmation and says who confirmed it and
when; the work-order page offers no Confirm button for a confirmed operation."""

from __future__ import annotations

import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client

from lotline.core.models import WorkOrder
from lotline.planning.errors import PlanningError
from lotline.planning.models import ChecklistAnswer, OperationConfirmation
from lotline.planning.services import confirm_operation
from tests.test_planning_plant import Golden
from tests.test_planning_views import golden, plan, supervisor  # noqa: F401


def said(at) -> str:
    local = at.astimezone(ZoneInfo("Europe/Warsaw")).strftime("%Y-%m-%d %H:%M")
    return f"Inspect on WO-002 was already confirmed by sam at {local}; nothing was recorded again."


def answers(golden_plant: Golden) -> dict[str, str]:
    return {f"check-{golden_plant.check_measured.pk}": "on", f"check-{golden_plant.check_burrs.pk}": "on"}


def test_confirming_twice_writes_one_confirmation_and_says_so(supervisor, plan):  # noqa: F811
    url = f"/plan/work-orders/WO-002/confirm/{plan.inspect.pk}/"
    first = supervisor.post(url, answers(plan), follow=True)
    assert "Inspect confirmed." in first.content.decode()
    again = supervisor.post(url, answers(plan), follow=True)
    confirmation = OperationConfirmation.objects.get()
    assert said(confirmation.confirmed_at) in again.content.decode()
    assert ChecklistAnswer.objects.count() == 2  # the two checks of the one confirmation


def test_a_resent_form_with_the_checks_unticked_still_says_it_was_confirmed(supervisor, plan):  # noqa: F811
    url = f"/plan/work-orders/WO-002/confirm/{plan.inspect.pk}/"
    supervisor.post(url, answers(plan))
    again = supervisor.post(url, {}, follow=True)
    assert said(OperationConfirmation.objects.get().confirmed_at) in again.content.decode()


def test_the_service_refuses_a_second_confirmation(plan):  # noqa: F811
    wo = WorkOrder.objects.get(number="WO-002")
    confirm_operation(wo, plan.turn, plan.plant.supervisor, answers={})
    with pytest.raises(PlanningError) as refused:
        confirm_operation(wo, plan.turn, plan.plant.operator, answers={})
    assert (refused.value.code, refused.value.field) == ("already_confirmed", "operation")
    assert OperationConfirmation.objects.count() == 1


def test_the_work_order_page_offers_confirm_only_for_open_operations(supervisor, plan):  # noqa: F811
    supervisor.post(f"/plan/work-orders/WO-002/confirm/{plan.turn.pk}/", {})
    page = supervisor.get("/plan/work-orders/WO-002/").content.decode()
    assert f"/confirm/{plan.turn.pk}/" not in page and f"/confirm/{plan.inspect.pk}/" in page


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_confirmations_write_one(plant):
    golden_plant = Golden(plant)
    plant.work_order(status=WorkOrder.Status.RELEASED)
    plant.work_order(status=WorkOrder.Status.RELEASED)  # WO-002, as in the other tests
    url = f"/plan/work-orders/WO-002/confirm/{golden_plant.inspect.pk}/"
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(plant.supervisor)
    start = threading.Barrier(2)
    codes: list[int] = []

    def send(c: Client) -> None:
        start.wait()
        try:
            codes.append(c.post(url, answers(golden_plant)).status_code)
        finally:
            connection.close()  # the thread's own connection; left open, PostgreSQL keeps the test database

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert codes == [302, 302]
    assert OperationConfirmation.objects.count() == 1


@pytest.mark.parametrize(
    ("back", "location"),
    [
        ("abc", "/plan/work-orders/WO-002/"),  # was a 500: redirect() tried to reverse "abc" as a view name
        ("99999999999999999999", "/plan/work-orders/WO-002/"),
        ("https://elsewhere.example/", "/plan/work-orders/WO-002/"),
        ("//elsewhere.example/x", "/plan/work-orders/WO-002/"),
        ("/floor/work-order/WO-002/", "/floor/work-order/WO-002/"),
    ],
)
def test_confirm_returns_only_to_a_path_of_this_site(supervisor, plan, back, location):  # noqa: F811
    response = supervisor.post(f"/plan/work-orders/WO-002/confirm/{plan.turn.pk}/", {"next": back})
    assert response.status_code == 302 and response["Location"] == location
