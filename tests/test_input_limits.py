"""Input at the edges of what can be stored: quantities too large, too fine, oddly written or not whole
where things are counted; times before any plant scanned; the same event id sent at once from several
devices. Each is refused with a plain message and writes nothing — before, a quantity of 1e20 was saved
and then answered with a 500, and the stored row made every later read of that lot a 500."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from lotline.api.models import ApiToken
from lotline.core.models import Event, EventLine, Lot
from lotline.lib.quantities import QuantityError, parse_decimal
from tests.core_fixtures import ledger_counts
from tests.test_api_events import coil, post


@pytest.fixture
def token(plant):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    return ApiToken.issue(plant.operator, "scanner", "read,record")[1]


RECEIPT = {"item": "STEEL", "supplier": "STEELCO", "supplier_lot": "H1", "delivery_ref": "DN-1"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1_000", "'1_000' is not a number."),
        ("٣", "'٣' is not a number."),
        ("1e999999999", "'1e999999999' is far too large for a quantity."),
        ("1e20", "'1e20' is far too large for a quantity."),
        ("9" * 60, "'" + "9" * 39 + "…' is far too large for a quantity."),
    ],
)
def test_numbers_that_are_no_quantity(text, message):
    with pytest.raises(QuantityError) as refused:
        parse_decimal(text)
    assert str(refused.value) == message


def test_what_still_reads_as_a_number():
    assert [parse_decimal(t) for t in ("12,5", " 7 ", ".5", "1E+1", "-3")] == [12.5, 7, 0.5, 10, -3]


@pytest.mark.parametrize(
    ("quantity", "unit", "message"),
    [
        ("1e20", None, "100000000000000000000 is far too large for a quantity."),
        ("1e999999999", None, "1E+999999999 is far too large for a quantity."),
        ("1000000001", None, "1000000001 kg is more than one booking can hold (at most 1,000,000,000 kg)."),
        ("2e6", "t", "2000000000 kg is more than one booking can hold (at most 1,000,000,000 kg)."),
        (
            "0.0015",
            "g",
            "STEEL is booked in kg with at most six decimal places; 0.0015 is finer than that.",
        ),
        (
            "1.0000001",
            None,
            "STEEL is booked in kg with at most six decimal places; 1.0000001 is finer than that.",
        ),
    ],
)
def test_a_quantity_that_cannot_be_booked_is_refused_and_nothing_is_written(
    plant, token, quantity, unit, message
):
    before = ledger_counts()
    body = {**RECEIPT, "quantity": quantity} | ({"unit": unit} if unit else {})
    answer = post(Client(), "receive", body, token)
    assert (answer.status_code, answer.json()) == (
        422,
        {"code": "bad_quantity", "message": message, "field": "quantity"},
    )
    assert ledger_counts() == before


def test_things_counted_in_pieces_are_whole(plant, token):
    pins = coil(plant)  # kg: fractions are fine
    assert pins.item.unit == "kg"
    order = plant.work_order(item=plant.blank)  # blanks are counted in pcs
    post(Client(), "consume", {"work_order": order.number, "lot": pins.number, "quantity": "10"}, token)
    before = ledger_counts()
    answer = post(Client(), "produce", {"work_order": order.number, "quantity": "1.5"}, token)
    assert answer.json() == {
        "code": "bad_quantity",
        "message": "BLANK is counted in whole pcs; 1.5 is not a whole number.",
        "field": "quantity",
    }
    assert ledger_counts() == before
    assert (
        post(Client(), "produce", {"work_order": order.number, "quantity": "2.0"}, token).status_code == 200
    )


def test_a_time_before_1970_is_refused(plant, token):
    for moment in ("0001-01-01T00:30:00+01:00", "1900-05-01T08:00:00Z"):
        answer = post(Client(), "receive", {**RECEIPT, "quantity": "5", "occurred_at": moment}, token)
        assert answer.json() == {
            "code": "past_time",
            "message": "The time lies before 1970; check the date.",
            "field": "occurred_at",
        }
    assert not Event.objects.exists()


def test_the_same_id_for_another_machine_is_not_a_replay(plant, token):
    s1 = coil(plant)
    order = plant.work_order(item=plant.blank)
    post(Client(), "consume", {"work_order": order.number, "lot": s1.number, "quantity": "10"}, token)
    body = {"work_order": order.number, "quantity": "4", "event_id": str(uuid.uuid4())}
    assert post(Client(), "produce", {**body, "machine": "SAW1"}, token).status_code == 200
    again = post(Client(), "produce", {**body, "machine": "SAW1"}, token)
    assert (again.status_code, again.json()["created"]) == (200, False)
    other = post(Client(), "produce", {**body, "machine": "CNC1"}, token)
    assert (other.status_code, other.json()["code"]) == (409, "event_id_reused")


@pytest.mark.parametrize("with_lot_number", [True, False])
def test_the_same_event_sent_from_eight_devices_at_once_is_one_event_and_eight_answers(
    plant, token, transactional_db, with_lot_number
):
    """The loser of the race used to read what the winner changed (its lot number taken, its stock gone)
    and was refused, although its event had been recorded."""
    s1 = coil(plant, qty="30")
    order = plant.work_order(item=plant.blank)
    if with_lot_number:
        path, body = "receive", {**RECEIPT, "quantity": "7", "lot_number": "RACE-1"}
    else:  # the whole lot: whoever comes second finds nothing on hand
        path, body = "consume", {"work_order": order.number, "lot": s1.number}
    body["event_id"] = str(uuid.uuid4())
    start, answers = threading.Barrier(8), []

    def send() -> None:
        start.wait()
        try:
            response = Client().post(
                f"/api/v1/events/{path}",
                data=json.dumps(body),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            answers.append((response.status_code, response.json().get("code")))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [(200, None)] * 8
    assert Event.objects.filter(uid=body["event_id"]).count() == 1
    if with_lot_number:
        assert Lot.objects.filter(number="RACE-1").count() == 1
    assert EventLine.objects.filter(event__uid=body["event_id"]).count() == 1


def test_a_re_send_still_replays_after_the_order_moved_to_another_machine(plant, token):
    s1 = coil(plant)
    order = plant.work_order(item=plant.blank, machine=plant.saw)
    body = {"work_order": order.number, "lot": s1.number, "quantity": "10", "event_id": str(uuid.uuid4())}
    assert post(Client(), "consume", body, token).status_code == 200
    order.machine = plant.lathe  # the planner moved the order; the scan's answer was lost meanwhile
    order.save()
    again = post(Client(), "consume", body, token)
    assert (again.status_code, again.json()["created"]) == (200, False)
    assert Event.objects.filter(uid=body["event_id"]).count() == 1


@pytest.mark.parametrize(
    ("changes", "answer"),
    [
        ({"quantity": "1_000"}, ("invalid", "quantity")),
        ({"quantity": "٣"}, ("invalid", "quantity")),
        ({"quantity": True}, ("invalid", "quantity")),
        ({"quantity": "5", "occurred_at": 0}, ("invalid", "occurred_at")),
        ({"quantity": "5", "occurred_at": 1.5}, ("invalid", "occurred_at")),
        ({"quantity": "5", "expires_on": 0}, ("invalid", "expires_on")),
        ({"quantity": "5", "expires_on": "9999-12-31"}, ("bad_expiry", "expires_on")),
        ({"quantity": "5", "expires_on": "0001-01-01"}, ("bad_expiry", "expires_on")),
    ],
)
def test_the_api_reads_numbers_and_times_only_as_written(plant, token, changes, answer):
    """Python reads "1_000", Arabic-Indic digits and true as numbers, and pydantic reads 0 as 1970-01-01;
    none of them is what a scale, a scanner or a person sends."""
    before = ledger_counts()
    response = post(Client(), "receive", {**RECEIPT, **changes}, token)
    body = response.json()
    assert (response.status_code, body["code"], body["field"]) == (422, *answer), body
    assert ledger_counts() == before


def test_the_receive_form_refuses_digits_of_other_scripts(plant):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    floor = Client()
    floor.force_login(plant.operator)
    form = {
        "event_id": str(uuid.uuid4()),
        "supplier": "STEELCO",
        "item": "STEEL",
        "supplier_lot": "H1",
        "delivery_ref": "DN-1",
    }
    for typed in ("٣", "1_000"):
        page = floor.post("/floor/receive/", {**form, "quantity": typed}, HTTP_HX_REQUEST="true")
        assert "Enter the quantity as a number, like 12.5." in page.content.decode()
    assert not Event.objects.exists()
    assert (
        floor.post("/floor/receive/", {**form, "quantity": "12.5"}, HTTP_HX_REQUEST="true").status_code == 200
    )
    assert Lot.objects.get().supplier_lot == "H1"
