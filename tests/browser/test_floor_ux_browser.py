"""The verdict bar says what happened in words; only refusals the operator did not see stay on the device."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Event, Lot
from lotline.core.services import hold, receive
from tests.browser.conftest import sign_in
from tests.browser.floor_helpers import scan_and_wait, seq, verdict, wedge_scan

pytestmark = pytest.mark.browser


def receive_now(plant, supplier_lot: str) -> Lot:
    return receive(
        plant.ctx(occurred_at=None),
        item=plant.steel,
        quantity="50",
        supplier=plant.supplier,
        supplier_lot=supplier_lot,
        delivery_ref="DN-1",
    ).lot


@pytest.fixture
def olga(plant):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    return plant.operator


def test_lookup_and_work_order_pick_say_the_verdict_in_the_bar(
    live_server, phone, plant, olga, transactional_db
):
    good, bad = receive_now(plant, "H1"), receive_now(plant, "H2")
    Lot.objects.filter(pk=bad.pk).update(status=Lot.Status.QUARANTINED)
    sign_in(phone, live_server, "olga", "pw-olga-123")
    phone.goto(f"{live_server.url}/floor/lookup/")
    assert scan_and_wait(phone, bad.number) == ("error", f"Lot {bad.number} is quarantined.")
    assert scan_and_wait(phone, "NOPE-1") == ("error", "No lot NOPE-1 is known here.")
    assert scan_and_wait(phone, good.number) == ("ok", f"Lot {good.number} found.")

    phone.goto(f"{live_server.url}/floor/work-order/")
    wedge_scan(phone, "WO-404")
    phone.wait_for_url("**/floor/work-order/?scan=WO-404")
    banner = phone.locator("#banner")
    assert banner.get_attribute("data-state") == "error" and "bad" in banner.get_attribute("class")
    assert banner.inner_text() == "No work order WO-404 is known here."


def test_only_refusals_of_queued_scans_stay_on_the_device(live_server, phone, plant, olga, transactional_db):
    coil, held = receive_now(plant, "H1"), receive_now(plant, "H2")
    wo = plant.work_order()
    sign_in(phone, live_server, "olga", "pw-olga-123")
    phone.goto(f"{live_server.url}/floor/work-order/{wo.number}/")
    phone.wait_for_function("() => document.activeElement && document.activeElement.id === 'scan'")

    # Answered at once: the bar says why, in plain words; the device list keeps nothing.
    assert scan_and_wait(phone, "NOPE-1") == ("error", "No lot NOPE-1 is known here.")
    before = seq(phone)
    phone.fill("#produce-form input[name=quantity]", "abc")
    phone.click("#produce-form button[type=submit]")
    assert verdict(phone, before) == ("error", "Enter the quantity as a number, like 12.5.")
    assert phone.locator("#queue-list li.q-refused").count() == 0

    # Queued offline, refused when sent (the lot was put on hold meanwhile): it stays, with a big Dismiss.
    phone.context.set_offline(True)
    wedge_scan(phone, held.number)
    phone.wait_for_function("() => document.getElementById('banner').textContent.startsWith('No network')")
    assert phone.evaluate("() => LotlineQueue.pendingCount()") == 1
    hold(plant.ctx(occurred_at=None, user=plant.supervisor), lots=[held], reason="lab check")
    phone.context.set_offline(False)
    refused = phone.locator("#queue-list li.q-refused")
    refused.wait_for(timeout=30_000)
    assert refused.count() == 1 and "on hold" in refused.inner_text()
    box = refused.locator("button.q-dismiss").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    refused.locator("button.q-dismiss").click()
    phone.wait_for_function("() => !document.querySelector('#queue-list li.q-refused')")

    assert scan_and_wait(phone, coil.number)[0] == "ok"
    assert Event.objects.filter(work_order=wo).count() == 1


def test_receive_shows_the_unit_of_the_chosen_item(live_server, phone, plant, olga, transactional_db):
    sign_in(phone, live_server, "olga", "pw-olga-123")
    phone.goto(f"{live_server.url}/floor/receive/")
    unit = phone.locator("#quantity-unit")
    assert unit.inner_text() == ""
    phone.select_option("select[name=item]", "STEEL")
    assert unit.inner_text() == "kg"
    phone.select_option("select[name=item]", "SHAFT")
    assert unit.inner_text() == "pcs"
