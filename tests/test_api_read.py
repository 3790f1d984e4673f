"""Read lists over the API: paging (limit/offset/total) and filters give exact rows, in a stable order."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.api.models import ApiToken
from lotline.core.models import Site
from lotline.core.services import hold
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401
from tests.test_core_recall_scope import make_plant_history


@pytest.fixture
def token(plant):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    return ApiToken.issue(plant.supervisor, "erp", "read")[1]


def get(path: str, token: str, **params):
    response = Client().get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    return response.json()


def numbers(page):
    return [row["number"] for row in page["items"]]


def test_lots_are_paged_newest_first_with_the_total(plant, token):
    make_plant_history(plant)
    everything = get("/lots", token)
    assert (everything["total"], everything["limit"], everything["offset"]) == (6, 50, 0)
    assert numbers(everything) == ["F2", "F1", "B1", "S2", "S3", "S1"]
    second = get("/lots", token, limit=2, offset=2)
    assert (second["total"], numbers(second)) == (6, ["B1", "S2"])
    assert numbers(get("/lots", token, limit=2, offset=6)) == []
    s1 = everything["items"][-1]
    assert (s1["supplier"], s1["supplier_lot"], s1["delivery"], s1["unit"], s1["site"]) == (
        "STEELCO",
        "H-S1",
        "DN-1",
        "kg",
        "HQ",
    )


def test_lot_filters(plant, token):
    make_plant_history(plant)
    hold(plant.ctx(user=plant.supervisor), lots=[plant_lot("S3")], reason="lab")
    assert numbers(get("/lots", token, item="SHAFT")) == ["F2", "F1"]
    assert numbers(get("/lots", token, origin="received")) == ["S2", "S3", "S1"]
    assert numbers(get("/lots", token, status="held")) == ["S3"]
    assert numbers(get("/lots", token, status="on_hold")) == ["S3"]
    assert numbers(get("/lots", token, status="released", origin="produced")) == ["F2", "F1", "B1"]
    assert numbers(get("/lots", token, q="DN-2")) == ["S2"]
    assert numbers(get("/lots", token, q="h-s")) == ["S2", "S3", "S1"]
    page = get("/lots", token, origin="received", limit=1, offset=1)
    assert (page["total"], numbers(page)) == (3, ["S3"])


def plant_lot(number):
    from lotline.core.models import Lot

    return Lot.objects.get(number=number)


def test_work_orders_and_detail(plant, token):
    make_plant_history(plant)
    page = get("/work-orders", token)
    assert (page["total"], numbers(page)) == (3, ["WO-003", "WO-002", "WO-001"])
    assert page["items"][2]["output_lots"] == ["B1"]
    assert numbers(get("/work-orders", token, item="SHAFT", limit=1)) == ["WO-003"]
    assert numbers(get("/work-orders", token, q="wo-00", offset=1)) == ["WO-002", "WO-001"]
    detail = get("/work-orders/WO-002", token)
    assert (detail["item"], detail["machine"], detail["output_lots"]) == ("SHAFT", "CNC1", ["F1"])


def test_shipments_with_lines_and_filters(plant, token):
    make_plant_history(plant)
    page = get("/shipments", token)
    assert (page["total"], numbers(page)) == (3, ["INV-3", "INV-2", "INV-1"])
    assert numbers(get("/shipments", token, customer="CARS")) == ["INV-3", "INV-2"]
    assert numbers(get("/shipments", token, lot="f1")) == ["INV-2", "INV-1"]
    inv1 = get("/shipments/INV-1", token)
    assert inv1["lines"] == [{"lot": "F1", "item": "SHAFT", "quantity": "12", "unit": "pcs"}]
    inv2_at = get("/shipments/INV-2", token)["shipped_at"]
    assert numbers(get("/shipments", token, since=inv2_at)) == ["INV-3", "INV-2"]
    assert numbers(get("/shipments", token, until=inv2_at)) == ["INV-1"]


def test_events_filters_by_kind_lot_and_time(plant, token):
    make_plant_history(plant)
    everything = get("/events", token, limit=500)
    assert everything["total"] == 14
    kinds = [e["kind"] for e in get("/events", token, lot="B1")["items"]]
    assert kinds == ["consume", "scrap", "move", "produce"]
    ships = get("/events", token, kind="ship")
    assert (ships["total"], [e["shipment"] for e in ships["items"]]) == (3, ["INV-3", "INV-2", "INV-1"])
    assert ships["items"][0]["lines"] == [
        {"lot": "F2", "quantity": "-30", "unit": "pcs", "location": "RACK-A"}
    ]
    first_ship = ships["items"][-1]["occurred_at"]
    since = get("/events", token, since=first_ship, limit=3, offset=1)
    assert (since["total"], [e["kind"] for e in since["items"]]) == (5, ["produce", "consume", "ship"])
    assert get("/events", token, until=first_ship)["total"] == 9


def test_lists_only_show_sites_the_user_may_see(plant, token):
    make_plant_history(plant)
    Site.objects.create(code="B2", name="Second plant")
    plant.supervisor.groups.add(Group.objects.create(name="site:B2"))
    assert get("/lots", token)["total"] == 0
    assert get("/events", token)["total"] == 0


def test_bad_filters_and_paging_are_422_in_the_one_shape(plant, token):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    bad_status = client.get("/api/v1/lots", {"status": "lost"}, **headers)
    assert (bad_status.status_code, bad_status.json()["code"], bad_status.json()["field"]) == (
        422,
        "invalid",
        "status",
    )
    too_many = client.get("/api/v1/lots", {"limit": 501}, **headers)
    assert (too_many.status_code, too_many.json()["field"]) == (422, "limit")
    window = client.get(
        "/api/v1/events", {"since": "2026-03-03T00:00Z", "until": "2026-03-02T00:00Z"}, **headers
    )
    assert window.json() == {"code": "bad_window", "message": "since must be before until.", "field": "until"}
    missing = client.get("/api/v1/work-orders/WO-404", **headers)
    assert missing.json() == {
        "code": "unknown_work_order",
        "message": "No work order WO-404.",
        "field": "number",
    }
