"""One floor tablet, two operators. Olga's scans wait on the tablet after her session ended (the network was
down, then she was signed out); Sam signs in on the same tablet. Her scans must not be sent under Sam's
name — the ledger's "who" would be wrong — but wait, saying so, until Olga signs in again."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Event, EventKind
from lotline.core.services import receive
from tests.browser.conftest import sign_in
from tests.browser.floor_helpers import wedge_scan

pytestmark = pytest.mark.browser


def test_scans_wait_for_the_operator_who_made_them(live_server, phone, plant, transactional_db):
    for user in (plant.operator, plant.supervisor):
        user.groups.add(Group.objects.get(name="operator"))
    coils = [
        receive(
            plant.ctx(occurred_at=None),
            item=plant.steel,
            quantity="50",
            supplier=plant.supplier,
            supplier_lot=f"H{i}",
            delivery_ref="DN-1",
        ).lot
        for i in range(2)
    ]
    wo = plant.work_order(machine=plant.lathe)
    page = phone
    sign_in(page, live_server, "olga", "pw-olga-123")
    page.goto(f"{live_server.url}/floor/work-order/{wo.number}/")

    page.context.set_offline(True)
    for coil in coils:
        wedge_scan(page, coil.number)
    page.wait_for_function("() => LotlineQueue.pendingCount() === 2")
    page.context.clear_cookies()  # her session is gone by the time the network is back
    page.context.set_offline(False)

    page.goto(f"{live_server.url}/login/")  # the tablet, handed over, shows the sign-in page
    sign_in(page, live_server, "sam", "pw-sam-123")
    page.goto(f"{live_server.url}/floor/work-order/{wo.number}/")
    page.evaluate("() => LotlineQueue.sync()")
    assert page.evaluate("() => LotlineQueue.pendingCount()") == 0  # none of them is Sam's to send
    waiting = page.evaluate("() => LotlineQueue.load().map(e => [e.status, e.user, e.message])")
    message = "Scanned by olga: waits until olga signs in on this device again, so it is recorded as theirs."
    assert waiting == [["pending", "olga", message]] * 2
    assert not Event.objects.filter(kind=EventKind.CONSUME).exists()

    page.context.clear_cookies()
    sign_in(page, live_server, "olga", "pw-olga-123")
    page.goto(f"{live_server.url}/floor/work-order/{wo.number}/")
    page.wait_for_function(
        "() => LotlineQueue.load().filter(e => e.status === 'synced').length === 2", timeout=30_000
    )
    consumed = Event.objects.filter(kind=EventKind.CONSUME)
    assert sorted(consumed.values_list("user__username", "lines__lot__number")) == sorted(
        ("olga", coil.number) for coil in coils
    )
