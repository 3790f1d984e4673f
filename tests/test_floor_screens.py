"""Floor screens served by the server: receiving (htmx), work-order pick, lot lookup, progress lists."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.core.models import Event, EventKind, Lot, WorkOrder
from lotline.core.services import consume, produce, receive, ship


@pytest.fixture
def olga(plant) -> Client:
    plant.operator.groups.add(Group.objects.get(name="operator"))
    client = Client()
    client.force_login(plant.operator)
    return client


def test_receiving_makes_a_lot_with_a_qr_and_a_double_submit_records_once(plant, olga):
    form = {
        "event_id": str(uuid.uuid4()),
        "supplier": "STEELCO",
        "item": "STEEL",
        "supplier_lot": "0109521234543213\x1d10HEAT-881\x1d17261231",
        "delivery_ref": "DN-55",
        "quantity": "480",
    }
    first = olga.post("/floor/receive/", form, HTTP_HX_REQUEST="true")
    again = olga.post("/floor/receive/", form, HTTP_HX_REQUEST="true")
    assert (first.status_code, again.status_code) == (200, 200)
    lot = Lot.objects.get()
    assert (lot.supplier_lot, str(lot.expires_on), lot.delivery.reference) == (
        "HEAT-881",
        "2026-12-31",
        "DN-55",
    )
    html = first.content.decode()
    assert f'id="new-lot-number">{lot.number}<' in html and "<svg" in html
    assert "Already recorded" in again.content.decode()
    assert Event.objects.get(kind=EventKind.RECEIVE).user == plant.operator


def test_receiving_refusal_is_shown_and_records_nothing(plant, olga):
    response = olga.post(
        "/floor/receive/",
        {
            "event_id": str(uuid.uuid4()),
            "supplier": "STEELCO",
            "item": "STEEL",
            "supplier_lot": "H",
            "delivery_ref": "D",
            "quantity": "0",
        },
    )
    assert response.status_code == 422
    assert "The quantity must be more than zero." in response.content.decode()
    assert not Lot.objects.exists()


def test_a_scanned_work_order_number_opens_it(plant, olga):
    wo = plant.work_order()
    response = olga.get("/floor/work-order/", {"scan": wo.number.lower()})
    assert response.status_code == 302 and response["Location"] == f"/floor/work-order/{wo.number}/"
    missing = olga.get("/floor/work-order/", {"scan": "WO-999"})
    assert "No work order WO-999 is known here." in missing.content.decode()
    done = plant.work_order(status=WorkOrder.Status.DONE)
    closed = olga.get("/floor/work-order/", {"scan": done.number}, follow=True)
    assert closed.redirect_chain == [(f"/floor/work-order/{done.number}/", 302)]
    assert f"Work order {done.number} is done." in closed.content.decode()


def test_lookup_shows_where_a_lot_came_from_and_went(plant, olga):
    coil = receive(
        plant.ctx(),
        item=plant.steel,
        quantity="100",
        supplier=plant.supplier,
        supplier_lot="H5",
        delivery_ref="DN-5",
    ).lot
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=coil, quantity="60")
    out = produce(plant.ctx(work_order=wo), quantity=10).lot
    ship(plant.ctx(), customer=plant.customer, document="INV-5", lines=[(out, 4)])
    coil_page = olga.get("/floor/lookup/result/", {"scan": coil.number}).content.decode()
    assert "SteelCo" in coil_page and "H5" in coil_page and out.number in coil_page and "40 kg" in coil_page
    out_page = olga.get("/floor/lookup/result/", {"scan": out.number}).content.decode()
    assert coil.number in out_page and "INV-5" in out_page and "Bikes Ltd" in out_page
    unknown = olga.get("/floor/lookup/result/", {"scan": "ZZZ"}).content.decode()
    assert 'data-feedback="error"' in unknown and "No lot ZZZ is known here." in unknown


def test_work_order_progress_lists_inputs_and_outputs(plant, olga):
    coil = receive(
        plant.ctx(),
        item=plant.steel,
        quantity="100",
        supplier=plant.supplier,
        supplier_lot="H5",
        delivery_ref="DN-5",
    ).lot
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=coil, quantity="60")
    out = produce(plant.ctx(work_order=wo), quantity=10).lot
    html = olga.get(f"/floor/work-order/{wo.number}/progress/").content.decode()
    assert coil.number in html and "60 kg" in html and out.number in html and "10 pcs" in html
