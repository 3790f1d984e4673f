"""Floor refusals in the operator's words: a receiving form sent again with other values, a page whose hidden
event id is missing or garbled, a shipment started for a customer nobody knows."""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.core.models import Event, Lot, Shipment, StockBalance
from lotline.core.services import LedgerError, receive
from lotline.core.services.context import EventContext


@pytest.fixture
def olga(plant) -> Client:
    plant.operator.groups.add(Group.objects.get(name="operator"))
    client = Client()
    client.force_login(plant.operator)
    return client


def banner(response) -> str:
    match = re.search(r'<div class="banner bad"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    assert match, response.content.decode()
    return match.group(1).strip()


def receipt(**changes) -> dict:
    form = {
        "event_id": "bc531fbd-5b3e-4c1a-9d0e-2f6a7c8b9d01",
        "supplier": "STEELCO",
        "item": "STEEL",
        "supplier_lot": "H-77",
        "delivery_ref": "DN-77",
        "quantity": "100",
    }
    return {**form, **changes}


def test_a_receipt_sent_again_with_another_quantity_says_so_in_plain_words(plant, olga):
    first = olga.post("/floor/receive/", receipt(), HTTP_HX_REQUEST="true")
    assert first.status_code == 200 and Lot.objects.count() == 1
    # Back, edit the quantity, send again: the same form (the same event id) with other values.
    again = olga.post("/floor/receive/", receipt(quantity="120"), HTTP_HX_REQUEST="true")
    assert again.status_code == 422
    assert banner(again) == (
        "This form was already sent with other values. Reload the page to record a new receipt."
    )
    assert Lot.objects.count() == 1 and StockBalance.objects.get().quantity == 100


def test_the_api_keeps_its_own_words_for_a_reused_event_id(plant):
    uid = uuid.uuid4()
    args = {"item": plant.steel, "supplier": plant.supplier, "supplier_lot": "H", "delivery_ref": "D"}
    receive(EventContext(user=plant.operator, site=plant.site, uid=uid), quantity=5, **args)
    with pytest.raises(LedgerError) as refused:
        receive(EventContext(user=plant.operator, site=plant.site, uid=uid), quantity=6, **args)
    assert refused.value.code == "event_id_reused"
    assert refused.value.message == f"Event id {uid} was already used for a different receive event."


@pytest.mark.parametrize("event_id", [None, "", "junk", "bc531fbd-…"])
def test_a_missing_or_garbled_event_id_asks_for_a_reload(plant, olga, event_id):
    form = receipt(event_id=event_id)
    if event_id is None:
        del form["event_id"]
    response = olga.post("/floor/receive/", form, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert banner(response) == "The page is out of date; reload it and scan again."
    assert Event.objects.count() == 0


def test_a_missing_quantity_is_still_marked_at_its_field(plant, olga):
    response = olga.post("/floor/receive/", receipt(quantity=""), HTTP_HX_REQUEST="true")
    assert banner(response) == "Check the fields marked below."
    assert response.content.decode().count('class="field-error"') == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"customer": "NOPE", "document": "X"}, "No customer NOPE is known here. Choose the customer."),
        (
            {"customer": "NOPE", "document": ""},
            "No customer NOPE is known here. Choose the customer. Enter the document number.",
        ),
        # A supplier is not someone we ship to.
        ({"customer": "STEELCO", "document": "X"}, "No customer STEELCO is known here. Choose the customer."),
        ({"customer": "", "document": "X"}, "Choose the customer and enter the document number."),
        (
            {"customer": "BIKES", "document": "D" * 41},
            "The document number is 41 characters long; at most 40 fit.",
        ),
    ],
)
def test_ship_start_names_what_is_wrong(plant, olga, query, message):
    page = olga.get("/floor/ship/", query)
    assert page.status_code == 200
    assert banner(page) == message
    assert 'id="scan"' not in page.content.decode() and not Shipment.objects.exists()


def test_a_known_customer_and_document_open_the_scanning_screen(plant, olga):
    page = olga.get("/floor/ship/", {"customer": "BIKES", "document": "D" * 40}).content.decode()
    assert 'id="scan"' in page and "ship-refused" not in page
