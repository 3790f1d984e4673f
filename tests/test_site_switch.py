"""Someone who may use two sites picks the one they work at; floor actions are recorded there."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.core.models import Location, Lot, Site, WorkOrder
from tests.core_fixtures import fast_password_hashing  # noqa: F401


@pytest.fixture
def two_sites(plant):
    hall = Site.objects.create(code="W2", name="Hall two", timezone="Europe/Warsaw")
    Location.objects.create(site=hall, code="W2-IN", is_default=True)
    user = plant.operator
    user.groups.add(Group.objects.get(name="operator"))
    for code in ("HQ", "W2"):
        user.groups.add(Group.objects.get_or_create(name=f"site:{code}")[0])
    client = Client()
    client.force_login(user)
    return hall, client


def receive_on_the_floor(client: Client, supplier_lot: str):
    form = {
        "event_id": str(uuid.uuid4()),
        "supplier": "STEELCO",
        "item": "STEEL",
        "supplier_lot": supplier_lot,
        "delivery_ref": f"DN-{supplier_lot}",
        "quantity": "10",
    }
    assert client.post("/floor/receive/", form, HTTP_HX_REQUEST="true").status_code == 200
    return Lot.objects.get(supplier_lot=supplier_lot)


def test_the_switcher_moves_the_work_to_the_chosen_site(plant, two_sites):
    hall, client = two_sites
    page = client.get("/").content.decode()
    assert 'id="site-switch"' in page
    assert '<option value="HQ" selected>HQ · Main plant</option>' in page
    assert '<option value="W2">W2 · Hall two</option>' in page
    assert (
        receive_on_the_floor(client, "H-1").site == plant.site
    )  # the first of the codes, until one is picked

    response = client.post("/site/", {"site": "W2", "next": "/floor/receive/"})
    assert (response.status_code, response["Location"]) == (302, "/floor/receive/")
    assert '<option value="W2" selected>' in client.get("/").content.decode()
    assert receive_on_the_floor(client, "H-2").site == hall
    assert Lot.objects.get(supplier_lot="H-2").balances.get().location.code == "W2-IN"


def test_a_site_the_user_may_not_use_is_refused_and_nothing_changes(plant, two_sites):
    _hall, client = two_sites
    Site.objects.create(code="B3", name="Someone else's hall")
    response = client.post("/site/", {"site": "B3", "next": "https://evil.example/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]  # never to another host
    assert "You may not work at site B3; nothing changed." in response.content.decode()
    assert '<option value="HQ" selected>' in response.content.decode()
    assert client.get("/site/").status_code == 405


def test_one_site_shows_its_name_and_no_switcher(plant):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    client = Client()
    client.force_login(plant.operator)
    page = client.get("/").content.decode()
    assert 'id="site-switch"' not in page and '<span class="site-name muted">Main plant</span>' in page


def test_planning_follows_the_chosen_site_and_refuses_others(plant, two_sites):
    hall, _operator = two_sites
    third = Site.objects.create(code="W3", name="Hall three", timezone="Europe/Warsaw")
    user = plant.supervisor
    user.groups.add(Group.objects.get(name="supervisor"))
    for code in ("HQ", "W2"):
        user.groups.add(Group.objects.get_or_create(name=f"site:{code}")[0])
    here = plant.work_order()
    there = WorkOrder.objects.create(number="WO-W2", item=plant.shaft, site=hall, quantity_planned=5)
    WorkOrder.objects.create(number="WO-W3", item=plant.shaft, site=third, quantity_planned=5)
    client = Client()
    client.force_login(user)

    listed = client.get("/plan/work-orders/").content.decode()
    assert here.number in listed and "WO-W2" not in listed and "WO-W3" not in listed
    client.post("/site/", {"site": "W2", "next": "/plan/work-orders/"})
    listed = client.get("/plan/work-orders/").content.decode()
    assert there.number in listed and here.number not in listed and "WO-W3" not in listed
    assert client.get("/plan/", {"site": "W3"}).status_code == 404  # not one of this user's sites
    assert client.get("/plan/", {"site": "HQ"}).status_code == 200


def test_another_sites_work_order_cannot_be_opened_changed_or_printed(plant, two_sites):
    hall, _operator = two_sites
    third = Site.objects.create(code="W3", name="Hall three", timezone="Europe/Warsaw")
    user = plant.supervisor
    user.groups.add(Group.objects.get(name="supervisor"))
    user.groups.add(Group.objects.get_or_create(name="site:HQ")[0])
    theirs = WorkOrder.objects.create(number="WO-W3", item=plant.shaft, site=third, quantity_planned=5)
    client = Client()
    client.force_login(user)
    assert client.get(f"/plan/work-orders/{theirs.number}/").status_code == 404
    assert client.get(f"/plan/work-orders/{theirs.number}/batch-record.pdf").status_code == 404
    moved = client.post(f"/plan/work-orders/{theirs.number}/transition/", {"to": "cancelled"})
    assert moved.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == WorkOrder.Status.RELEASED
    assert client.get(f"/plan/work-orders/{plant.work_order().number}/").status_code == 200
