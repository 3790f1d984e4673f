"""Trace and recall through the API give exactly the core queries' answers (a small plant with a shipped
chain, a second supplier and an ambiguous work order)."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.api.models import ApiToken
from lotline.core.models import Delivery
from lotline.core.queries import recall_for_delivery, recall_for_window, recall_scope, trace
from lotline.core.services import consume, produce
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401
from tests.test_core_recall_scope import make_plant_history


@pytest.fixture
def token(plant):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    return ApiToken.issue(plant.supervisor, "erp", "read")[1]


def get(path: str, token: str, **params):
    return Client().get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")


def post_recall(body: dict, token: str):
    return Client().post(
        "/api/v1/recall",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def ambiguous_history(plant):
    """A and B consumed on one work order, then X and Y produced: every link is ambiguous."""
    a = receive_lot(plant, "A")
    b = receive_lot(plant, "B", delivery="DN-9")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=a, quantity=10)
    consume(plant.ctx(work_order=wo), lot=b, quantity=10)
    produce(plant.ctx(work_order=wo), quantity=5, lot_number="X")
    produce(plant.ctx(work_order=wo), quantity=5, lot_number="Y")
    return a, b


def expected_trace(result):
    number = result.number_of
    return {
        "roots": [lot.number for lot in result.roots],
        "lots": [(lot.number, lot.depth, lot.item_code, lot.origin, lot.supplier_lot) for lot in result.lots],
        "links": [
            (number(k.parent_id), number(k.child_id), k.basis, k.ambiguous, k.work_order)
            for k in result.links
        ],
        "deliveries": [{"supplier": s, "delivery": d} for s, d in result.deliveries],
    }


def answered_trace(data):
    return {
        "roots": data["roots"],
        "lots": [(x["number"], x["depth"], x["item"], x["origin"], x["supplier_lot"]) for x in data["lots"]],
        "links": [
            (k["parent"], k["child"], k["basis"], k["ambiguous"], k["work_order"]) for k in data["links"]
        ],
        "deliveries": data["deliveries"],
    }


@pytest.mark.parametrize("direction", ["backward", "forward"])
@pytest.mark.parametrize("depth", [None, 1])
def test_trace_equals_the_core_trace(plant, token, direction, depth):
    s1, s2, s3, b1, f1, f2 = make_plant_history(plant)
    ambiguous_history(plant)
    for lot in (s1, f1, b1, *plant_lots("A", "X")):
        params = {"direction": direction} | ({"depth": depth} if depth else {})
        response = get(f"/lots/{lot.number}/trace", token, **params)
        assert response.status_code == 200, response.content
        assert answered_trace(response.json()) == expected_trace(trace(lot, direction, max_depth=depth))


def plant_lots(*numbers):
    from lotline.core.models import Lot

    return [Lot.objects.get(number=n) for n in numbers]


def test_backward_trace_of_a_finished_lot_names_raw_lots_and_deliveries(plant, token):
    make_plant_history(plant)
    data = get("/lots/F1/trace", token, direction="backward").json()
    assert [(x["number"], x["depth"]) for x in data["lots"]] == [("F1", 0), ("B1", 1), ("S1", 2)]
    assert data["deliveries"] == [{"supplier": "SteelCo", "delivery": "DN-1"}]
    assert [
        (k["parent"], k["child"], Decimal(k["quantity"]) if k["quantity"] else None) for k in data["links"]
    ] == [
        ("B1", "F1", None),
        ("S1", "B1", None),
    ]


def recall_answer(scope):
    return {
        "description": scope.description,
        "suspects": [lot.number for lot in scope.suspects],
        "lots": [
            (a.lot.number, a.made, a.used, a.scrapped, a.shipped, a.on_hand, a.on_hand_by_location)
            for a in scope.lots
        ],
        "shipments": [(s.shipment, s.customer_code, s.lot_number, s.quantity) for s in scope.shipments],
        "customers": [(c.code, c.email, list(c.shipments)) for c in scope.customers],
        "ambiguous": [
            (scope.trace.number_of(k.parent_id), scope.trace.number_of(k.child_id))
            for k in scope.ambiguous_links
        ],
    }


def api_answer(data):
    return {
        "description": data["description"],
        "suspects": data["suspects"],
        "lots": [
            (
                x["number"],
                Decimal(x["made"]),
                Decimal(x["used"]),
                Decimal(x["scrapped"]),
                Decimal(x["shipped"]),
                Decimal(x["on_hand"]),
                {k: Decimal(v) for k, v in x["on_hand_by_location"].items()},
            )
            for x in data["lots"]
        ],
        "shipments": [
            (s["shipment"], s["customer"], s["lot"], Decimal(s["quantity"])) for s in data["shipments"]
        ],
        "customers": [(c["code"], c["email"], c["shipments"]) for c in data["customers"]],
        "ambiguous": [(k["parent"], k["child"]) for k in data["ambiguous_links"]],
    }


def test_recall_of_lots_equals_recall_scope(plant, token):
    s1, s2, *_ = make_plant_history(plant)
    a, b = ambiguous_history(plant)
    for lots in ([s1], [s1, s2], [a], [b, a]):
        response = post_recall({"lots": [lot.number for lot in lots]}, token)
        assert response.status_code == 200, response.content
        assert api_answer(response.json()) == recall_answer(recall_scope(lots))
        assert response.json()["elapsed_ms"] >= 0
    assert api_answer(post_recall({"lots": ["A"]}, token).json())["ambiguous"] == [("A", "X"), ("A", "Y")]


def test_recall_of_a_delivery_and_of_a_machine_window(plant, token):
    make_plant_history(plant)
    dn1 = post_recall({"delivery": "DN-1", "supplier": "STEELCO"}, token)
    assert dn1.status_code == 200, dn1.content
    assert api_answer(dn1.json()) == recall_answer(
        recall_for_delivery(Delivery.objects.get(reference="DN-1"))
    )
    assert [x["number"] for x in dn1.json()["lots"]] == ["S1", "S3", "B1", "F1"]
    # Delivery notes and supplier codes match regardless of case, as in the CLI (one find_delivery).
    lower = post_recall({"delivery": "dn-1", "supplier": "steelco"}, token)
    assert [x["number"] for x in lower.json()["lots"]] == ["S1", "S3", "B1", "F1"]
    nope = post_recall({"delivery": "DN-1", "supplier": "NOPE"}, token)
    assert nope.status_code == 404
    assert (nope.json()["code"], nope.json()["field"]) == ("unknown_supplier", "supplier")
    day = plant.clock.replace(hour=0, minute=0)
    window = {"machine": "SAW1", "from": day.isoformat(), "to": (day + timedelta(days=1)).isoformat()}
    saw = post_recall(window, token)
    assert saw.status_code == 200, saw.content
    assert api_answer(saw.json()) == recall_answer(
        recall_for_window(day, day + timedelta(days=1), machine=plant.saw)
    )
    assert [x["number"] for x in saw.json()["lots"]] == ["B1", "F1"]


def test_recall_refusals_have_the_one_error_shape(plant, token):
    make_plant_history(plant)
    assert post_recall({}, token).json() == {
        "code": "bad_recall",
        "message": "Send exactly one of: lots, delivery, or machine with from and to.",
        "field": None,
    }
    unknown = post_recall({"lots": ["S1", "NOPE"]}, token)
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["field"]) == (
        404,
        "unknown_lot",
        "lots[1]",
    )
    assert post_recall({"delivery": "DN-404"}, token).status_code == 404
    no_end = post_recall({"machine": "SAW1", "from": plant.clock.isoformat()}, token)
    assert (no_end.status_code, no_end.json()["field"]) == (422, "to")
    bad_depth = get("/lots/S1/trace", token, depth=0)
    assert (bad_depth.status_code, bad_depth.json()["field"]) == (422, "depth")
    bad_direction = get("/lots/S1/trace", token, direction="sideways")
    assert (bad_direction.status_code, bad_direction.json()["code"]) == (422, "invalid")
    assert get("/lots/NOPE/trace", token).json()["code"] == "unknown_lot"


def as_ninja_writes_it(model, body: bytes) -> bytes:
    """The answer validated against its declared schema and written the way Ninja writes a model answer."""
    from ninja.responses import NinjaJSONEncoder

    return json.dumps(model.model_validate(json.loads(body)).model_dump(), cls=NinjaJSONEncoder).encode()


def test_trace_and_recall_answers_are_their_declared_schemas_byte_for_byte(plant, token):
    """The endpoints write their JSON directly (pydantic cost more than the query on big recalls); the
    OpenAPI document promises TraceOut and RecallOut, so every answer must be exactly those models."""
    from lotline.api.schemas import RecallOut, TraceOut

    make_plant_history(plant)
    ambiguous_history(plant)
    answers = [
        (TraceOut, get("/lots/F1/trace", token, direction="backward")),
        (TraceOut, get("/lots/A/trace", token, direction="forward", depth=1)),
        (RecallOut, post_recall({"lots": ["S1"]}, token)),
        (RecallOut, post_recall({"lots": ["A", "B"]}, token)),
        (RecallOut, post_recall({"delivery": "DN-1"}, token)),
    ]
    for model, response in answers:
        assert response.status_code == 200, response.content
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.content == as_ninja_writes_it(model, response.content)
    recall = answers[2][1].json()
    assert recall["shipments"] and recall["shipments"][0]["shipped_at"].endswith("Z")
    assert all(isinstance(x["made"], str) for x in recall["lots"])
    assert any(k["quantity"] is None for k in answers[0][1].json()["links"])


@pytest.mark.parametrize("depth", ["0", "1001", "99999999999999999999"])
def test_a_depth_out_of_range_is_refused_not_a_500(plant, token, depth):
    ambiguous_history(plant)
    answer = get("/lots/A/trace", token, depth=depth)
    assert answer.status_code == 422
    assert answer.json()["field"] == "depth"
