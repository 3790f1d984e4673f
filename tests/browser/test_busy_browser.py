"""While another writer holds the database (a big import being saved), the phone keeps the scan, says the
server is busy, and sends it by itself once the lock is gone; a desk form says so in plain words. A
receiving refusal (422) is swapped into the page, not dropped."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Event, EventKind, Lot
from lotline.core.services import receive
from tests.browser.conftest import sign_in
from tests.browser.floor_helpers import seq, verdict, wedge_scan
from tests.locks import another_writer_holds_the_database

pytestmark = pytest.mark.browser
BUSY_ON_PHONE = "The server is busy: saved on this device, it will be sent again in a few seconds."
BUSY = (
    "The database is busy (a large import or another change is being saved). Nothing was saved; "
    "try again in a few seconds."
)


def test_a_scan_during_a_busy_database_waits_on_the_phone_and_goes_through(
    live_server, phone, plant, transactional_db
):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    coil = receive(
        plant.ctx(occurred_at=None),
        item=plant.steel,
        quantity="50",
        supplier=plant.supplier,
        supplier_lot="H1",
        delivery_ref="DN-1",
    ).lot
    wo = plant.work_order(item=plant.shaft, machine=plant.lathe)
    sign_in(phone, live_server, "olga", "pw-olga-123")
    phone.goto(f"{live_server.url}/floor/work-order/{wo.number}/")

    before = seq(phone)
    with another_writer_holds_the_database():
        wedge_scan(phone, coil.number)
        # The server waits LOTLINE_LOCK_WAIT_MS (5 s), then answers 503; the phone keeps the scan.
        phone.wait_for_function(
            "(text) => document.getElementById('banner').innerText.trim() === text",
            arg=BUSY_ON_PHONE,
            timeout=15_000,
        )
        assert not Event.objects.filter(kind=EventKind.CONSUME).exists()
    state, text = verdict(phone, before, timeout=20_000)
    assert state == "ok" and f"Used 50 kg of lot {coil.number}" in text, text
    assert Event.objects.filter(kind=EventKind.CONSUME, work_order=wo).count() == 1

    phone.goto(f"{live_server.url}/floor/receive/")
    form = phone.locator("#receive-form")
    form.locator("[name=supplier]").select_option("STEELCO")
    form.locator("[name=item]").select_option("STEEL")
    form.locator("[name=supplier_lot]").fill("HEAT-2")
    form.locator("[name=delivery_ref]").fill("DN-2")
    form.locator("[name=quantity]").fill("0")
    form.locator("button[type=submit]").click()
    refusal = phone.locator("#receive [data-feedback=error]")
    refusal.wait_for()
    assert refusal.inner_text().strip() == "The quantity must be more than zero."

    phone.locator("#receive-form [name=quantity]").fill("480")
    with another_writer_holds_the_database():
        phone.locator("#receive-form button[type=submit]").click()
        alert = phone.locator("#request-problem [role=alert]")
        alert.wait_for(timeout=15_000)
        assert alert.inner_text() == BUSY
    assert Lot.objects.filter(supplier_lot="HEAT-2").count() == 0
    phone.locator("#receive-form button[type=submit]").click()
    phone.locator("#new-lot-number").wait_for()
    assert phone.locator("#request-problem").count() == 0
    assert Lot.objects.get(supplier_lot="HEAT-2").number == phone.locator("#new-lot-number").inner_text()
