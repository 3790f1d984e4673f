"""Request bodies at the API's edge: unknown fields, over-long text, characters that cannot be stored, blank
values, unusable webhooks and the names of the fields at fault. Each is a 422 (or 404) in the one error
shape, in plain words, and writes nothing — before, each was silently ignored, a 500, or a validator's text.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.api import schemas
from lotline.api.models import ApiToken, Webhook
from lotline.core.models import Lot
from lotline.core.services import hold
from tests.core_fixtures import ledger_counts, receive_lot, recipe_for
from tests.test_api_events import coil

BROKEN = (
    "The input contains a broken character (half of a UTF-16 pair), which cannot be stored; check the "
    "sending program."
)
NUL = (
    "The input contains a NUL character (0x00), which cannot be stored; check the scanner or the sending "
    "program."
)
RECEIPT = {
    "item": "STEEL",
    "supplier": "STEELCO",
    "supplier_lot": "H1",
    "delivery_ref": "DN-1",
    "quantity": "5",
}


@pytest.fixture
def token(plant):
    """An admin's token: records events, reads reports and manages webhooks."""
    for role in ("operator", "supervisor", "admin"):
        plant.supervisor.groups.add(Group.objects.get(name=role))
    return ApiToken.issue(plant.supervisor, "edge", "admin")[1]


def send(token: str, path: str, body, content_type: str | None = "application/json"):
    """POST ``body`` (a dict as JSON, or text/bytes as they are) to /api/v1``path``."""
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if content_type is None:  # no Content-Type header at all
        return Client().generic("POST", f"/api/v1{path}", data, **headers)
    return Client().post(f"/api/v1{path}", data, content_type=content_type, **headers)


def get(token: str, path: str, **params):
    return Client().get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")


def answer(response) -> tuple[int, dict]:
    return response.status_code, response.json()


def refusal(status: int, code: str, message: str, field: str | None) -> tuple[int, dict]:
    return status, {"code": code, "message": message, "field": field}


# 1. Unknown fields are refused, not ignored.


def test_a_misspelt_field_is_refused_not_ignored(plant, token):
    misspelt = send(token, "/events/receive", {**RECEIPT, "occured_at": "2026-03-01T08:00Z"})
    assert answer(misspelt) == refusal(422, "invalid", "Unknown field occured_at.", "occured_at")
    assert not Lot.objects.exists()
    lot = coil(plant)
    before = ledger_counts()
    line_unit = send(
        token,
        "/events/ship",
        {"customer": "BIKES", "document": "D-1", "lines": [{"lot": lot.number, "unit": "kg"}]},
    )
    assert answer(line_unit) == refusal(422, "invalid", "Unknown field lines[0].unit.", "lines[0].unit")
    recall = send(token, "/recall", {"lot": lot.number})
    assert answer(recall) == refusal(422, "invalid", "Unknown field lot.", "lot")
    hook = send(token, "/webhooks", {"name": "erp", "url": "https://erp.test/h", "event": "lot.held"})
    assert answer(hook) == refusal(422, "invalid", "Unknown field event.", "event")
    assert ledger_counts() == before and not Webhook.objects.exists()


def shop_floor_fields() -> set[str]:
    """Every key the shop-floor scripts put in a body they post to /api/v1/events/*."""
    static = Path(__file__).resolve().parent.parent / "lotline" / "web" / "static" / "web"
    text = "\n".join((static / name).read_text() for name in ("floor.js", "offline.js"))
    keys = set(re.findall(r"\b(?:body|line)\.(\w+)\s*=", text))
    for literal in re.findall(r"\b(?:body|line) = \{([^}]*)\}", text, re.S):
        keys |= set(re.findall(r"(\w+)\s*:", literal))
    return keys


def test_every_field_the_shop_floor_sends_is_accepted(plant, token):
    """The offline queue's bodies (floor.js, offline.js): nothing they send may become an unknown field."""
    accepted = set()
    for model in (schemas.ConsumeIn, schemas.ShipIn, schemas.ShipLineIn, schemas.ProduceIn):
        accepted |= set(model.model_fields)
    assert shop_floor_fields() == {
        "work_order",
        "lot",
        "quantity",
        "customer",
        "document",
        "lines",
        "machine",
        "event_id",
        "occurred_at",
    }
    assert shop_floor_fields() <= accepted
    # And as the queue sends them: strings for quantities, the produce form's machine possibly empty.
    s1 = coil(plant, "100")
    order = plant.work_order(item=plant.blank)
    now = "2026-03-02T09:00:00.000Z"
    used = {"work_order": order.number, "lot": s1.number, "quantity": "10", "event_id": str(uuid.uuid4())}
    assert send(token, "/events/consume", {**used, "occurred_at": now}).status_code == 200
    made = {"work_order": order.number, "quantity": "4", "machine": "", "event_id": str(uuid.uuid4())}
    made_answer = send(token, "/events/produce", {**made, "occurred_at": "2026-03-02T09:01:00.000Z"})
    assert made_answer.status_code == 200, made_answer.content
    line = {"lot": made_answer.json()["lots"][0]["number"], "quantity": "1"}
    shipped = {"customer": "BIKES", "document": "D-7", "lines": [line], "event_id": str(uuid.uuid4())}
    assert (
        send(token, "/events/ship", {**shipped, "occurred_at": "2026-03-02T09:02:00.000Z"}).status_code == 200
    )


# 4. Text longer than its column is refused before any query.

LONG = "A" * 60_000


@pytest.mark.parametrize(
    ("path", "body", "message", "field"),
    [
        (
            "/events/consume",
            {"work_order": "WO-001", "lot": LONG},
            "lot is too long: at most 400 characters fit.",
            "lot",
        ),
        (
            "/events/ship",
            {"customer": "BIKES", "document": "D", "lines": [{"lot": "S1"}, {"lot": LONG}]},
            "lines[1].lot is too long: at most 400 characters fit.",
            "lines[1].lot",
        ),
        (
            "/events/produce",
            {"work_order": "WO-001", "quantity": "1", "inputs": [{"lot": LONG, "quantity": "1"}]},
            "inputs[0].lot is too long: at most 400 characters fit.",
            "inputs[0].lot",
        ),
        (
            "/events/receive",
            {**RECEIPT, "supplier_lot": "H" * 61},
            "supplier_lot is too long: at most 60 characters fit.",
            "supplier_lot",
        ),
        (
            "/events/ship",
            {"customer": "BIKES", "document": "D" * 41, "lines": []},
            "document is too long: at most 40 characters fit.",
            "document",
        ),
        ("/recall", {"lots": ["S1", LONG]}, "lots[1] is too long: at most 20 characters fit.", "lots[1]"),
        ("/recall", {"delivery": LONG}, "delivery is too long: at most 60 characters fit.", "delivery"),
    ],
)
def test_over_long_text_in_a_body_is_refused(plant, token, path, body, message, field):
    plant.work_order()
    receive_lot(plant, "S1")
    before = ledger_counts()
    assert answer(send(token, path, body)) == refusal(422, "too_long", message, field)
    assert ledger_counts() == before


@pytest.mark.parametrize(
    ("path", "params", "message", "field"),
    [
        (f"/lots/{LONG}", {}, "number is too long: at most 20 characters fit.", "number"),
        (f"/lots/{LONG}/trace", {}, "number is too long: at most 20 characters fit.", "number"),
        (f"/work-orders/{LONG}", {}, "number is too long: at most 30 characters fit.", "number"),
        (f"/shipments/{LONG}", {}, "number is too long: at most 40 characters fit.", "number"),
        ("/lots", {"q": LONG}, "q is too long: at most 60 characters fit.", "q"),
        ("/work-orders", {"q": LONG}, "q is too long: at most 60 characters fit.", "q"),
        ("/events", {"lot": LONG}, "lot is too long: at most 20 characters fit.", "lot"),
        ("/shipments", {"lot": LONG}, "lot is too long: at most 20 characters fit.", "lot"),
    ],
)
def test_over_long_text_in_an_address_is_refused(plant, token, path, params, message, field):
    assert answer(get(token, path, **params)) == refusal(422, "too_long", message, field)


# 5 and 6. Characters that cannot be stored.


@pytest.mark.parametrize(
    ("path", "text", "field"),
    [
        ("/events/receive", RECEIPT | {"supplier_lot": "H\\ud800"}, "supplier_lot"),
        ("/events/receive", RECEIPT | {"delivery_ref": "\\udfff"}, "delivery_ref"),
        ("/events/receive", RECEIPT | {"item": "ST\\ud800EEL"}, "item"),
        ("/events/ship", {"customer": "BIKES", "document": "D\\udc00", "lines": [{"lot": "S1"}]}, "document"),
        (
            "/events/ship",
            {"customer": "BIKES", "document": "D", "lines": [{"lot": "S1\\ud83d"}]},
            "lines[0].lot",
        ),
        ("/recall", {"lots": ["S1", "\\ud800"]}, "lots[1]"),
        ("/webhooks", {"name": "\\ud800", "url": "https://erp.test/h"}, "name"),
    ],
)
def test_a_lone_surrogate_is_refused_naming_its_field(plant, token, path, text, field):
    receive_lot(plant, "S1")
    # json.dumps would write "\\\\ud800" (an escaped backslash); the escape itself must reach the server.
    body = json.dumps(text).replace("\\\\u", "\\u")
    before = ledger_counts()
    assert answer(send(token, path, body)) == refusal(422, "bad_character", BROKEN, field)
    assert ledger_counts() == before and not Webhook.objects.exists()


def test_a_whole_surrogate_pair_is_an_ordinary_character(plant, token):
    body = json.dumps({**RECEIPT, "supplier_lot": "H-😀"})  # written as "\ud83d\ude00"
    assert "\\ud83d\\ude00" in body
    received = send(token, "/events/receive", body)
    assert received.status_code == 200, received.content
    assert Lot.objects.get().supplier_lot == "H-😀"


@pytest.mark.parametrize("content_type", ["text/plain", "application/vnd.api+json", None])
def test_a_nul_is_refused_whatever_the_content_type_says(plant, token, content_type):
    """Ninja reads any API body as JSON; the NUL check once looked only at application/json."""
    before = ledger_counts()
    response = send(
        token, "/events/receive", json.dumps({**RECEIPT, "supplier_lot": "A\u0000B"}), content_type
    )
    assert answer(response) == refusal(422, "bad_character", NUL, None)
    assert ledger_counts() == before


# 9. Webhooks that could never be delivered.


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        (
            {"url": "http://"},
            "http:// is not a URL that can receive POSTs; write it whole, like https://erp.example/hooks.",
            "url",
        ),
        (
            {"url": "http:// spaces here"},
            "http:// spaces here is not a URL that can receive POSTs; write it "
            "whole, like https://erp.example/hooks.",
            "url",
        ),
        (
            {"url": "ftp://erp.test/h"},
            "ftp://erp.test/h is not a URL that can receive POSTs; write it whole, "
            "like https://erp.example/hooks.",
            "url",
        ),
        ({"name": ""}, "Fill in the name.", "name"),
        ({"name": "   "}, "Fill in the name.", "name"),
        (
            {"secret": " \t "},
            "The secret is blank; send a real one, or leave it out for a random one.",
            "secret",
        ),
        (
            {"events": []},
            "Name at least one event, or leave events out for all of them (lot.held, lot.released, "
            "recall_case.created).",
            "events",
        ),
    ],
)
def test_an_unusable_webhook_is_refused(plant, token, change, message, field):
    body = {"name": "erp", "url": "https://erp.test/hooks", **change}
    assert answer(send(token, "/webhooks", body)) == refusal(422, "invalid", message, field)
    assert not Webhook.objects.exists()


def test_unknown_webhook_events_are_named_in_a_sentence(plant, token):
    body = {
        "name": "erp",
        "url": "https://erp.test/hooks",
        "events": ["lot.held", "lot.shipped", "lot.eaten"],
    }
    assert answer(send(token, "/webhooks", body)) == refusal(
        422,
        "unknown_event",
        "There is no event lot.eaten, lot.shipped; use any of lot.held, lot.released, recall_case.created.",
        "events",
    )
    good = send(
        token, "/webhooks", {"name": " erp ", "url": "https://erp.test/hooks", "events": ["lot.held"]}
    )
    assert good.status_code == 201 and Webhook.objects.get().name == "erp"
    missing = Client().delete("/api/v1/webhooks/99", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer(missing) == refusal(404, "unknown_webhook", "No webhook 99.", "webhook_id")
    huge = get(token, f"/webhooks/{'9' * 30}/deliveries")
    assert answer(huge) == refusal(
        422, "invalid", "webhook_id must be 9223372036854775807 or less.", "webhook_id"
    )


# 10. One way of naming the field at fault: lines[1].quantity, inputs[0].lot.


def test_validation_errors_name_lines_in_brackets(plant, token):
    body = {"customer": "BIKES", "document": "D", "lines": [{"lot": "S1"}, {"lot": "S1", "quantity": "x"}]}
    assert answer(send(token, "/events/ship", body)) == refusal(
        422, "invalid", "Enter the quantity as a number, like 12.5.", "lines[1].quantity"
    )
    inputs = {
        "work_order": "WO-1",
        "quantity": "1",
        "inputs": [{"lot": "S1", "quantity": "1"}, {"lot": "S2"}],
    }
    assert answer(send(token, "/events/produce", inputs)) == refusal(
        422, "invalid", "Fill in the quantity.", "inputs[1].quantity"
    )


@pytest.fixture
def shafts(plant):
    """A shaft work order whose recipe takes steel, with two steel coils and a blank lot."""
    recipe = recipe_for(plant.shaft, plant.steel)
    order = plant.work_order(item=plant.shaft, recipe=recipe)
    s1, s2 = receive_lot(plant, "S1", "100"), receive_lot(plant, "S2", "100")
    blank = receive_lot(plant, "B1", "10", item=plant.blank)
    return order, s1, s2, blank


def produce_with(token, order, *inputs):
    body = {
        "work_order": order.number,
        "quantity": "1",
        "inputs": [{"lot": n, "quantity": q} for n, q in inputs],
    }
    return answer(send(token, "/events/produce", body))


def test_a_produce_refusal_names_the_input_it_is_about(plant, token, shafts):
    order, s1, s2, blank = shafts
    before = ledger_counts()
    assert produce_with(token, order, ("S1", "5"), ("B1", "1")) == refusal(
        422, "wrong_item", "Lot B1 is BLANK Blank, which work order WO-001 does not use.", "inputs[1].lot"
    )
    assert produce_with(token, order, ("S1", "5"), ("S2", "500")) == refusal(
        422, "insufficient_stock", "Lot S2 has only 100 kg on hand; 500 kg asked for.", "inputs[1].quantity"
    )
    assert produce_with(token, order, ("S1", "60"), ("S2", "1"), ("S1", "60")) == refusal(
        422, "insufficient_stock", "Lot S1 has only 40 kg on hand; 60 kg asked for.", "inputs[2].quantity"
    )
    hold(plant.ctx(user=plant.supervisor), lots=[s2], reason="lab check")
    before = ledger_counts()
    assert produce_with(token, order, ("S1", "5"), ("S2", "1")) == refusal(
        422, "lot_not_released", "Lot S2 is on hold — do not consume it.", "inputs[1].lot"
    )
    assert ledger_counts() == before


def test_an_unreadable_scan_names_its_line(plant, token, shafts):
    order, *_lots = shafts
    bad_gs1 = "]d2010952123454321910ABC"  # wrong GTIN check digit
    ship = {"customer": "BIKES", "document": "D", "lines": [{"lot": "S1"}, {"lot": bad_gs1}]}
    status, body = answer(send(token, "/events/ship", ship))
    assert (status, body["code"], body["field"]) == (422, "unreadable_scan", "lines[1].lot")
    status, body = produce_with(token, order, (bad_gs1, "1"))
    assert (status, body["code"], body["field"]) == (422, "unreadable_scan", "inputs[0].lot")


# 11. Plain words.


def test_blank_values_are_asked_for_not_looked_up(plant, token):
    before = ledger_counts()
    assert answer(send(token, "/events/receive", {**RECEIPT, "item": ""})) == refusal(
        422, "invalid", "Fill in the item.", "item"
    )
    assert answer(send(token, "/events/receive", {**RECEIPT, "supplier": "  "})) == refusal(
        422, "invalid", "Fill in the supplier.", "supplier"
    )
    assert answer(send(token, "/recall", {"lots": [""]})) == refusal(
        422, "invalid", "Fill in the lot number.", "lots[0]"
    )
    order = plant.work_order()
    assert answer(send(token, "/events/consume", {"work_order": order.number, "lot": " "})) == refusal(
        422, "invalid", "Fill in the lot.", "lot"
    )
    ship = {"customer": "BIKES", "document": "D", "lines": [{"lot": ""}]}
    assert answer(send(token, "/events/ship", ship)) == refusal(
        422, "invalid", "Fill in the lot.", "lines[0].lot"
    )
    assert ledger_counts() == before


@pytest.mark.parametrize(
    ("body", "content_type"), [("", "application/json"), ("{}", "application/json"), ("", None)]
)
def test_an_empty_body_names_the_first_field_it_needs(plant, token, body, content_type):
    assert answer(send(token, "/events/receive", body, content_type)) == refusal(
        422, "invalid", "Fill in the item.", "item"
    )


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        (
            {"event_id": "zzz"},
            "event_id must be a UUID, like 8d0c3c2e-5f1a-4b7e-9c1d-2a3b4c5d6e7f (or leave it out).",
            "event_id",
        ),
        (
            {"expires_on": "2026-12-31T10:00"},
            "Enter the date as year-month-day, like 2026-12-31.",
            "expires_on",
        ),
        (
            {"occurred_at": "yesterday"},
            "Enter occurred_at as a date and time with its offset, like 2026-03-02T08:00+01:00.",
            "occurred_at",
        ),
        ({"supplier_lot": 7}, "supplier_lot must be text, in quotes.", "supplier_lot"),
    ],
)
def test_validator_texts_are_said_in_plain_words(plant, token, change, message, field):
    assert answer(send(token, "/events/receive", {**RECEIPT, **change})) == refusal(
        422, "invalid", message, field
    )


def test_a_body_that_is_not_an_object(plant, token):
    assert answer(send(token, "/events/receive", "[1, 2]")) == refusal(
        422, "invalid", "The request body must be a JSON object with named fields.", None
    )


def test_work_orders_are_found_regardless_of_case_and_a_missing_one_is_named(plant, token):
    order = plant.work_order()  # WO-001
    s1 = coil(plant, "50")
    assert get(token, "/work-orders/wo-001").json()["number"] == order.number
    assert answer(get(token, "/work-orders/NOPE")) == refusal(
        404, "unknown_work_order", "No work order NOPE.", "number"
    )
    used = send(token, "/events/consume", {"work_order": "wo-001", "lot": s1.number, "quantity": "5"})
    assert used.status_code == 200 and used.json()["message"].endswith("on WO-001.")
    assert answer(send(token, "/events/consume", {"work_order": "WO-404", "lot": s1.number})) == refusal(
        404, "unknown_work_order", "No work order WO-404.", "work_order"
    )


def test_a_long_value_echoed_in_a_message_is_shortened(plant, token):
    events = ["lot.held", "9" * 1000]
    status, body = answer(
        send(token, "/webhooks", {"name": "erp", "url": "https://erp.test/h", "events": events})
    )
    assert (status, body["message"]) == (
        422,
        "There is no event " + "9" * 79 + "…; use any of lot.held, lot.released, recall_case.created.",
    )
    assert answer(send(token, "/events/receive", {**RECEIPT, "item": "9" * 12})) == refusal(
        404, "unknown_item", f"No item {'9' * 12}.", "item"
    )


def test_a_long_scan_is_not_echoed_whole(plant, token):
    order = plant.work_order()
    used = send(token, "/events/consume", {"work_order": order.number, "lot": "9" * 400})
    assert answer(used) == refusal(404, "unknown_lot", "No lot " + "9" * 39 + "… is known here.", "lot")
