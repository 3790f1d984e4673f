"""An operator on a phone runs a work order end to end by scanning — and the network drops in the middle.

Wedge-scanner typing (including a GS1 string with Ctrl+] as the group separator), refusals in the operator's
words, output, 20 scans while offline that are sent exactly once when the network returns, shipping, and a
trace that is exactly right afterwards.
"""

from __future__ import annotations

import statistics

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Event, EventKind, Lot, Recipe, RecipeLine, WorkOrder
from lotline.core.queries import trace
from lotline.core.services import hold, receive
from tests.browser.conftest import screenshot, sign_in
from tests.browser.floor_helpers import scan_and_wait, seq, verdict, wedge_scan

pytestmark = pytest.mark.browser
GTIN = "09521234543213"


def receive_now(plant, item, supplier_lot: str, qty: str = "50") -> Lot:
    # occurred_at=None: "now", the same clock the browser stamps its scans with.
    return receive(
        plant.ctx(occurred_at=None),
        item=item,
        quantity=qty,
        supplier=plant.supplier,
        supplier_lot=supplier_lot,
        delivery_ref="DN-100",
    ).lot


def test_operator_runs_a_work_order_by_scanning_with_the_network_dropping(
    live_server, phone, plant, transactional_db
):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    plant.steel.gtin = GTIN
    plant.steel.save()
    coils = [receive_now(plant, plant.steel, f"H{i:02d}") for i in range(24)]
    blank = receive_now(plant, plant.blank, "B1", "10")
    held = coils.pop()
    hold(plant.ctx(occurred_at=None, user=plant.supervisor), lots=[held], reason="lab check")
    recipe = Recipe.objects.create(item=plant.shaft, version=1)
    RecipeLine.objects.create(recipe=recipe, component=plant.steel, quantity_per_unit="0.5", unit="kg")
    wo = plant.work_order(recipe=recipe, machine=plant.lathe)

    page = phone
    sign_in(page, live_server, "olga", "pw-olga-123")
    page.goto(f"{live_server.url}/floor/work-order/")
    screenshot(page, "floor-work-orders")
    wedge_scan(page, wo.number)
    page.wait_for_url(f"**/floor/work-order/{wo.number}/")
    assert page.locator("#scan").evaluate("el => el === document.activeElement")

    # 1. A plain lot number, and a GS1 element string with a group separator typed as Ctrl+].
    state, text = scan_and_wait(page, coils[0].number)
    assert state == "ok" and f"Used 50 kg of lot {coils[0].number}" in text
    state, text = scan_and_wait(page, f"01{GTIN}10{coils[1].number}", "17261231")
    assert state == "ok" and coils[1].number in text, text
    # An edited quantity: typed before the scan, used once.
    page.fill("#scan-qty", "20")
    state, text = scan_and_wait(page, coils[2].number)
    assert state == "ok" and f"Used 20 kg of lot {coils[2].number}" in text
    screenshot(page, "floor-scan-ok")

    # 2. Refusals: big, red, in the operator's words — and nothing recorded.
    before = Event.objects.count()
    state, text = scan_and_wait(page, "NOPE-0001")
    assert (state, text) == ("error", "No lot NOPE-0001 is known here.")
    state, text = scan_and_wait(page, held.number)
    assert state == "error" and text == f"Lot {held.number} is on hold — do not consume it."
    screenshot(page, "floor-scan-refused")
    state, text = scan_and_wait(page, blank.number)
    assert (
        state == "error"
        and f"Lot {blank.number} is BLANK Blank, which work order {wo.number} does not use." == text
    )
    state, text = scan_and_wait(page, f"0104012345678901{chr(0)}"[:-1] + f"10{coils[3].number}")
    assert state == "error" and "This label is for product 04012345678901" in text
    assert Event.objects.count() == before
    # Refused while the operator watched the bar: the bar said why, the device list keeps none of them.
    assert page.locator("#queue-list li.q-refused").count() == 0

    # 3. Output.
    before_seq = seq(page)
    page.fill("#produce-form input[name=quantity]", "40")
    page.click("#produce-form button[type=submit]")
    state, text = verdict(page, before_seq)
    assert state == "ok" and text.startswith("Made lot ")
    first_output = Lot.objects.get(work_order=wo)

    # 4. The network drops: 20 scans are kept on the phone, then sent exactly once.
    offline_lots = coils[3:23]
    assert len(offline_lots) == 20
    page.context.set_offline(True)
    for lot in offline_lots:
        wedge_scan(page, lot.number)
    page.wait_for_function("() => LotlineQueue.pendingCount() === 20")
    assert page.locator("#banner").get_attribute("data-state") == "pending"
    assert page.locator("#queue-list li.q-pending").count() == 20
    screenshot(page, "floor-offline-pending")
    assert not Event.objects.filter(kind=EventKind.CONSUME, lines__lot__in=offline_lots).exists()
    page.context.set_offline(False)
    page.wait_for_function("() => LotlineQueue.pendingCount() === 0", timeout=30_000)
    assert page.locator("#queue-list li.q-synced").count() == 20 + 4  # + 3 scans and the output
    consumed = Event.objects.filter(kind=EventKind.CONSUME, work_order=wo, lines__lot__in=offline_lots)
    assert consumed.count() == 20
    assert sorted(consumed.values_list("lines__lot__number", flat=True)) == sorted(
        x.number for x in offline_lots
    )
    # Re-sending the whole queue (a lost response, a second tab) writes nothing more.
    page.evaluate("""async () => { for (const e of LotlineQueue.load()) { await fetch(e.url, {method: 'POST',
        headers: {'Content-Type': 'application/json',
                  'X-CSRFToken': document.cookie.match(/csrftoken=([^;]+)/)[1]},
        body: JSON.stringify(e.body)}); } }""")
    assert Event.objects.filter(kind=EventKind.CONSUME, work_order=wo).count() == 23

    # 5. Second output, finish, ship.
    before_seq = seq(page)
    page.fill("#produce-form input[name=quantity]", "500")
    page.click("#produce-form button[type=submit]")
    assert verdict(page, before_seq)[0] == "ok"
    page.locator(".progress-produced tbody tr").nth(1).wait_for()
    screenshot(page, "floor-work-order")
    timings = page.evaluate("() => window.lotlineTimings")
    page.click("text=Finish work order")
    page.wait_for_url("**/floor/work-order/")
    assert WorkOrder.objects.get(pk=wo.pk).status == WorkOrder.Status.DONE
    from lotline.planning.models import WorkOrderTransition

    finished = WorkOrderTransition.objects.get(work_order=wo, to_status=WorkOrder.Status.DONE)
    assert finished.user.username == "olga"
    second_output = Lot.objects.filter(work_order=wo).exclude(pk=first_output.pk).get()

    page.goto(f"{live_server.url}/floor/ship/")
    page.select_option("select[name=customer]", "BIKES")
    page.fill("input[name=document]", "INV-2001")
    page.click("text=Start scanning")
    # The scan field takes focus by autofocus once the page has loaded; typing the quantity before that
    # could land in the scan field (Playwright's fill types into whatever has focus at that moment).
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'scan'")
    page.fill("#scan-qty", "30")
    state, text = scan_and_wait(page, first_output.number)
    assert (state, text) == ("ok", f"Shipped 30 pcs of lot {first_output.number} on INV-2001.")
    state, _text = scan_and_wait(page, second_output.number)
    assert state == "ok"
    page.locator(".progress-shipped tbody tr").nth(1).wait_for()
    screenshot(page, "floor-ship")

    # 6. The trace is exactly right: every scanned lot, nothing else, each event attributed to the operator.
    used_first = {coils[0].number, coils[1].number, coils[2].number}
    assert set(trace(first_output, "backward").numbers) == used_first | {first_output.number}
    assert set(trace(second_output, "backward").numbers) == (
        used_first | {x.number for x in offline_lots} | {second_output.number}
    )
    forward = trace(coils[10], "forward")
    assert forward.numbers == [coils[10].number, second_output.number]
    recorded = Event.objects.filter(kind__in=[EventKind.CONSUME, EventKind.PRODUCE, EventKind.SHIP])
    assert recorded.count() == 23 + 2 + 2
    assert set(recorded.values_list("user__username", flat=True)) == {"olga"}

    timings += page.evaluate("() => window.lotlineTimings")
    print(
        f"\nscan→confirmation (online scans, ms): n={len(timings)} median={statistics.median(timings):.0f} "
        f"max={max(timings):.0f} all={[round(t) for t in timings]}"
    )
