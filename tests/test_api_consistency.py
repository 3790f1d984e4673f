"""The API says things one way: ship line errors name the line, lines of one lot are checked together,
a non-whole depth and a body that is not JSON are plain 422 `invalid`, and every quantity is a string
without trailing zeros."""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.api.models import ApiToken
from lotline.core.models import Event, EventKind
from lotline.core.services import hold
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401


@pytest.fixture
def token(plant):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    plant.supervisor.groups.add(Group.objects.get(name="operator"))
    return ApiToken.issue(plant.supervisor, "erp", "read,record")[1]


def client(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(token: str, path: str, body) -> tuple[int, dict]:
    data = body if isinstance(body, str) else json.dumps(body)
    response = client(token).post(f"/api/v1{path}", data=data, content_type="application/json")
    return response.status_code, response.json()


def pieces(plant, number: str, quantity: str):
    return receive_lot(plant, number, quantity, item=plant.shaft)


def ship_body(*lines, event_id=None) -> dict:
    body = {"customer": "BIKES", "document": "DS-1", "lines": [dict(x) for x in lines]}
    return body | ({"event_id": str(event_id)} if event_id else {})


def test_a_ship_error_names_the_line(plant, token):
    pieces(plant, "P1", "150")
    held = pieces(plant, "P2", "10")
    hold(plant.ctx(user=plant.supervisor), lots=[held], reason="lab")
    status, body = post(token, "/events/ship", ship_body({"lot": "P1", "quantity": "5"}, {"lot": "P2"}))
    assert (status, body) == (
        422,
        {
            "code": "lot_not_released",
            "message": "Lot P2 is on hold — do not ship it.",
            "field": "lines[1].lot",
        },
    )
    status, body = post(
        token, "/events/ship", ship_body({"lot": "P1", "quantity": "5"}, {"lot": "P1", "quantity": "-1"})
    )
    assert (status, body["field"]) == (422, "lines[1].quantity")
    status, body = post(token, "/events/ship", ship_body({"lot": "P1", "quantity": "151"}))
    assert (status, body["code"], body["field"]) == (422, "insufficient_stock", "lines[0].quantity")
    assert not Event.objects.filter(kind=EventKind.SHIP).exists()


def test_two_lines_of_one_lot_are_checked_together(plant, token):
    pieces(plant, "P1", "150")
    lines = ({"lot": "P1", "quantity": "100"}, {"lot": "P1", "quantity": "100"})
    status, body = post(token, "/events/ship", ship_body(*lines))
    assert (status, body) == (
        422,
        {
            "code": "insufficient_stock",
            "message": "Lot P1 has 150 pcs on hand; the lines ask for 200 pcs in total.",
            "field": "lines[1].quantity",
        },
    )
    event_id = uuid.uuid4()
    ok = ship_body({"lot": "P1", "quantity": "100"}, {"lot": "P1", "quantity": "50"}, event_id=event_id)
    first = post(token, "/events/ship", ok)
    assert first[0] == 200, first
    again = post(token, "/events/ship", ok)  # a re-send, once the lot is empty, is the same answer
    assert again[0] == 200 and again[1]["created"] is False


def test_depth_must_be_a_whole_number(plant, token):
    receive_lot(plant, "S1")
    for bad in ("abc", "1.5"):
        response = client(token).get("/api/v1/lots/S1/trace", {"depth": bad})
        assert (response.status_code, response.json()) == (
            422,
            {
                "code": "invalid",
                "message": "depth must be a whole number, 1 or more (leave it out for any depth).",
                "field": "depth",
            },
        )
    response = client(token).get("/api/v1/lots", {"limit": "ten"})
    assert response.json() == {
        "code": "invalid",
        "message": "limit must be a whole number.",
        "field": "limit",
    }


def test_a_body_that_is_not_json_is_422_invalid(plant, token):
    for body in ("{not json", '{"lots": ["S1"'):
        assert post(token, "/recall", body) == (
            422,
            {"code": "invalid", "message": "The request body is not valid JSON.", "field": None},
        )
    assert post(token, "/events/ship", "nope")[1]["code"] == "invalid"


def test_quantities_are_plain_decimal_strings_everywhere(plant, token):
    receive_lot(plant, "P1", "150")  # steel, in kg: fractions are fine
    receive_lot(plant, "S1", "385")
    status, body = post(token, "/events/ship", ship_body({"lot": "P1", "quantity": "100.50"}))
    assert status == 200 and body["lots"][0]["quantity"] == "100.5"
    api = client(token)
    lot = api.get("/api/v1/lots/S1").json()
    assert (lot["on_hand"], lot["stock"]) == ("385", [{"location": "RACK-A", "quantity": "385"}])
    empty = pieces(plant, "P9", "1")
    post(token, "/events/ship", ship_body({"lot": empty.number}))
    assert api.get(f"/api/v1/lots/{empty.number}").json()["on_hand"] == "0"
    shipment = api.get("/api/v1/shipments/DS-1").json()
    assert [line["quantity"] for line in shipment["lines"]] == ["100.5", "1"]
    events = api.get("/api/v1/events", {"kind": "receive"}).json()["items"]
    assert {line["quantity"] for e in events for line in e["lines"]} == {"150", "385", "1"}
    plant.work_order()
    assert api.get("/api/v1/work-orders").json()["items"][0]["quantity_planned"] == "100"
