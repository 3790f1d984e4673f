"""Floor screens say what happened in the operator's words: refusals before the first scan, plain messages,
closed work orders that look closed, a verdict bar with words, a shipment summary, a receiving form that
prompts."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.core.models import Lot, Party, WorkOrder
from lotline.core.services import consume, produce, receive, ship
from lotline.planning.services import transition

OPOLMET = "Opolmet Konstrukcje Sp. z o.o."


@pytest.fixture
def olga(plant) -> Client:
    plant.operator.groups.add(Group.objects.get(name="operator"))
    client = Client()
    client.force_login(plant.operator)
    return client


def coil(plant, qty="100") -> Lot:
    return receive(
        plant.ctx(),
        item=plant.steel,
        quantity=qty,
        supplier=plant.supplier,
        supplier_lot="H5",
        delivery_ref="D",
    ).lot


def made(plant, wo: WorkOrder, qty=10) -> Lot:
    consume(plant.ctx(work_order=wo), lot=coil(plant), quantity="60")
    return produce(plant.ctx(work_order=wo), quantity=qty).lot


def api(client: Client, path: str, body: dict):
    return client.post(f"/api/v1/events/{path}", data=json.dumps(body), content_type="application/json")


# 1. Another customer's document is refused on the start screen, and no message ends in "..".


def test_ship_start_refuses_a_document_of_another_customer(plant, olga):
    opolmet = Party.objects.create(code="OPOLMET", name=OPOLMET, role=Party.Role.CUSTOMER)
    wo = plant.work_order()
    ship(plant.ctx(), customer=opolmet, document="DS-26-0158", lines=[(made(plant, wo), 4)])
    expected = f"Document DS-26-0158 is already a shipment to {OPOLMET} — check the document number."

    page = olga.get("/floor/ship/", {"customer": "BIKES", "document": "DS-26-0158"}).content.decode()
    assert 'id="ship-refused"' in page and expected in page
    assert 'id="scan"' not in page and "On DS-26-0158" not in page
    assert ".." not in expected
    # The refusal at the first scan (an API client, or a tab opened before) has the same words.
    lot = Lot.objects.get(work_order=wo)
    response = api(
        olga, "ship", {"customer": "BIKES", "document": "DS-26-0158", "lines": [{"lot": lot.number}]}
    )
    assert response.status_code == 422
    assert response.json() == {"code": "document_used", "message": expected, "field": "document"}
    # The customer's own document still opens for more scans.
    own = olga.get("/floor/ship/", {"customer": "OPOLMET", "document": "DS-26-0158"}).content.decode()
    assert 'id="scan"' in own and "ship-refused" not in own


def test_ship_start_without_customer_or_document_asks_for_both(plant, olga):
    page = olga.get("/floor/ship/", {"customer": "BIKES", "document": ""}).content.decode()
    assert "Choose the customer and enter the document number." in page
    assert '<option value="">Choose…</option>' in olga.get("/floor/ship/").content.decode()


# 2. Plain words instead of the validator's and the lifecycle's.


def test_a_quantity_that_is_not_a_number_is_refused_in_plain_words(plant, olga):
    wo = plant.work_order()
    bad = api(olga, "produce", {"work_order": wo.number, "quantity": "abc"})
    assert bad.status_code == 422
    assert bad.json() == {
        "code": "invalid",
        "message": "Enter the quantity as a number, like 12.5.",
        "field": "quantity",
    }
    line = api(
        olga, "ship", {"customer": "BIKES", "document": "D-1", "lines": [{"lot": "L", "quantity": "x"}]}
    )
    assert line.json() == {
        "code": "invalid",
        "message": "Enter the quantity as a number, like 12.5.",
        "field": "lines[0].quantity",
    }
    missing = api(olga, "consume", {"lot": "L"})
    assert missing.json() == {"code": "invalid", "message": "Fill in the work order.", "field": "work_order"}


def test_finishing_a_work_order_that_has_not_started_says_what_to_do(plant, olga):
    wo = plant.work_order()
    response = olga.post(f"/floor/work-order/{wo.number}/finish/", follow=True)
    page = response.content.decode()
    assert f"Work order {wo.number} has not started yet: scan its material first." in page
    assert "cannot become" not in page
    wo.refresh_from_db()
    assert wo.status == WorkOrder.Status.RELEASED


# 3. A done work order looks done.


def test_a_done_work_order_shows_when_and_how_much_and_takes_no_scans(plant, olga):
    wo = plant.work_order()
    out = made(plant, wo, qty=10)
    transition(wo, WorkOrder.Status.DONE, plant.operator)
    page = olga.get(f"/floor/work-order/{wo.number}/").content.decode()
    assert f"Work order {wo.number} is done." in page
    assert re.search(r"Finished</dt>\s*<dd>\d{4}-\d\d-\d\d \d\d:\d\d · olga", page)
    assert "10 of 100 pcs" in page
    for control in ('id="scan"', 'id="produce-form"', "Record output", "Finish work order", 'id="scan-qty"'):
        assert control not in page, control
    assert out.number in page and "Made so far" in page  # the progress list stays, rendered with the page
    again = olga.post(f"/floor/work-order/{wo.number}/finish/", follow=True).content.decode()
    assert f"Work order {wo.number} is already done." in again


# 4. The bar says the verdict.


def test_lookup_verdicts_are_words_for_the_bar(plant, olga):
    lot = coil(plant)
    found = olga.get("/floor/lookup/result/", {"scan": lot.number}).content.decode()
    assert 'data-feedback="ok"' in found and f'data-message="Lot {lot.number} found."' in found
    Lot.objects.filter(pk=lot.pk).update(status=Lot.Status.QUARANTINED)
    held = olga.get("/floor/lookup/result/", {"scan": lot.number}).content.decode()
    assert 'data-feedback="error"' in held and f'data-message="Lot {lot.number} is quarantined."' in held
    unknown = olga.get("/floor/lookup/result/", {"scan": "ZZZ"}).content.decode()
    assert 'data-message="No lot ZZZ is known here."' in unknown


def test_an_unknown_work_order_turns_the_bar_red_with_the_reason(plant, olga):
    page = olga.get("/floor/work-order/", {"scan": "WO-999"}).content.decode()
    banner = re.search(r'<div id="banner" class="banner bad"[^>]*data-state="error"[^>]*>([^<]*)</div>', page)
    assert banner and banner.group(1) == "No work order WO-999 is known here."
    assert page.count("No work order WO-999 is known here.") == 1


# 6. Finish shipment: a summary and the pallet label.


def test_finish_shipment_shows_a_summary_with_the_pallet_label(plant, olga):
    wo = plant.work_order()
    first, second = made(plant, wo, qty=10), made(plant, wo, qty=5)
    ship(plant.ctx(), customer=plant.customer, document="INV-7", lines=[(first, 4), (second, 5)])
    screen = olga.get("/floor/ship/", {"customer": "BIKES", "document": "INV-7"}).content.decode()
    assert 'href="/floor/ship/?customer=BIKES&amp;document=INV-7&amp;finish=1"' in screen
    summary = olga.get("/floor/ship/", {"customer": "BIKES", "document": "INV-7", "finish": "1"})
    page = summary.content.decode()
    assert "Bikes Ltd" in page and "INV-7" in page and "9 pcs" in page
    assert first.number in page and second.number in page
    assert 'id="pallet-label" href="/labels/shipments/INV-7/pallet.pdf"' in page
    empty = olga.get(
        "/floor/ship/", {"customer": "BIKES", "document": "INV-8", "finish": "1"}
    ).content.decode()
    assert "Nothing shipped yet." in empty and "pallet-label" not in empty


# 7. Receiving prompts for a choice and shows the unit.


def test_receive_form_prompts_and_shows_the_unit(plant, olga):
    page = olga.get("/floor/receive/").content.decode()
    assert "---------" not in page and page.count('<option value="" selected>Choose…</option>') == 2
    units = re.search(r'data-units="([^"]*)"', page).group(1)
    assert json.loads(units.replace("&quot;", '"'))["STEEL"] == "kg"
    bad = olga.post(
        "/floor/receive/",
        {"supplier": "STEELCO", "item": "STEEL", "supplier_lot": "H", "delivery_ref": "D", "quantity": "0"},
    ).content.decode()
    assert '<span class="unit" id="quantity-unit">kg</span>' in bad
