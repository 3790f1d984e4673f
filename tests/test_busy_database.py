"""A busy database (another writer holds the lock: SQLite's single writer during a big import, a PostgreSQL
table lock) answers 503 with a plain message and Retry-After, writes nothing, and the same request succeeds
once the lock is gone. Before, it was a 500 and the operator saw "HTTP 500"."""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, OperationalError
from django.test import Client

from lotline.api.models import ApiToken
from lotline.core.busy import is_busy
from lotline.core.models import Event, EventKind, Lot, Site
from lotline.core.services import receive
from tests.locks import another_writer_holds_the_database

BUSY = (
    "The database is busy (a large import or another change is being saved). Nothing was saved; "
    "try again in a few seconds."
)


class FakePgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        self.sqlstate = sqlstate


def wrapped(sqlstate: str) -> OperationalError:
    error = OperationalError("whatever the server said")
    error.__cause__ = FakePgError(sqlstate)
    return error


def test_which_database_errors_mean_try_again():
    assert is_busy(OperationalError("database is locked"))
    assert is_busy(OperationalError("database table is locked: core_event"))
    assert is_busy(wrapped("55P03")) and is_busy(wrapped("40P01")) and is_busy(wrapped("40001"))
    assert not is_busy(wrapped("42P01"))  # undefined table: broken, not busy
    assert not is_busy(OperationalError("no such table: core_event"))
    assert not is_busy(IntegrityError("database is locked"))
    assert not is_busy(ValueError("database is locked"))


@pytest.fixture
def operator(plant):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    return plant.operator


def test_an_api_scan_while_the_database_is_busy_gets_503_and_goes_through_when_sent_again(
    plant, operator, transactional_db
):
    lot = receive(
        plant.ctx(),
        item=plant.steel,
        quantity=500,
        supplier=plant.supplier,
        supplier_lot="H",
        delivery_ref="D",
    ).lot
    work_order = plant.work_order()
    token = ApiToken.issue(operator, "scanner", "read,record")[1]
    body = {"work_order": work_order.number, "lot": lot.number, "quantity": "120"}
    body["event_id"] = str(uuid.uuid4())

    def send():
        return Client().post(
            "/api/v1/events/consume",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    with another_writer_holds_the_database(give_up_after_ms=200):
        busy = send()
    assert busy.status_code == 503
    assert busy.json() == {"code": "busy", "message": BUSY, "field": None}
    assert busy["Retry-After"] == "5"
    assert not Event.objects.filter(kind=EventKind.CONSUME).exists()

    again = send()
    assert again.status_code == 200, again.content
    assert again.json()["created"] is True
    assert Event.objects.filter(kind=EventKind.CONSUME, uid=body["event_id"]).count() == 1


def test_a_page_form_while_the_database_is_busy_says_so_in_plain_words(plant, operator, transactional_db):
    client = Client()
    client.force_login(operator)
    form = {
        "event_id": str(uuid.uuid4()),
        "supplier": "STEELCO",
        "item": "STEEL",
        "supplier_lot": "HEAT-9",
        "delivery_ref": "DN-9",
        "quantity": "480",
    }
    with another_writer_holds_the_database(give_up_after_ms=200):
        busy = client.post("/floor/receive/", form, HTTP_HX_REQUEST="true")
    assert (busy.status_code, busy["Content-Type"]) == (503, "text/plain; charset=utf-8")
    assert busy.content.decode() == BUSY
    assert not Lot.objects.exists()

    again = client.post("/floor/receive/", form, HTTP_HX_REQUEST="true")
    assert again.status_code == 200
    assert Lot.objects.get().supplier_lot == "HEAT-9"


def test_a_lock_met_after_the_view_saving_the_session_also_answers_503(plant, operator, transactional_db):
    # Switching site changes only the session, which SessionMiddleware saves after the view has returned,
    # outside the view's exception handling; the 500 handler answers it as busy too.
    Site.objects.create(code="W2", name="Hall two", timezone="Europe/Warsaw")
    for code in ("HQ", "W2"):
        operator.groups.add(Group.objects.get_or_create(name=f"site:{code}")[0])
    client = Client(raise_request_exception=False)
    client.force_login(operator)
    with another_writer_holds_the_database(give_up_after_ms=200):
        busy = client.post("/site/", {"site": "W2", "next": "/"})
    assert (busy.status_code, busy["Retry-After"], busy.content.decode()) == (503, "5", BUSY)
    assert '<option value="HQ" selected>' in client.get("/").content.decode()

    assert client.post("/site/", {"site": "W2", "next": "/"}).status_code == 302
    assert '<option value="W2" selected>' in client.get("/").content.decode()
