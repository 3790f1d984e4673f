"""A corrected ship event takes its lot off the shipment everywhere a shipment's lots are listed: the desk
list and its search, the list's CSV export, the recall search and the API (detail, list and ?lot=)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.api.models import ApiToken
from lotline.core.services import correct, ship
from lotline.recall.search import search
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401


@pytest.fixture
def corrected(plant):
    """DS-1 carried A and B (two ship events); A's was corrected. DS-2 carried A (2 kg), and still does."""
    a = receive_lot(plant, "LOT-A", "10")
    b = receive_lot(plant, "LOT-B", "10")
    first = ship(plant.ctx(), customer=plant.customer, document="DS-1", lines=[(a, 3)]).event
    ship(plant.ctx(), customer=plant.customer, document="DS-1", lines=[(b, "4.5")])
    correct(plant.ctx(user=plant.supervisor), event=first, reason="wrong lot scanned")
    ship(plant.ctx(), customer=plant.customer, document="DS-2", lines=[(a, 2)])
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    return a, b


def lot_link(number: str) -> str:
    return f'href="/desk/lots/{number}/"'


def test_the_desk_list_shows_only_lots_still_on_the_shipment(sam, corrected):
    page = sam.get("/desk/shipments/", {"q": "DS-1"}).content.decode()
    assert lot_link("LOT-B") in page and lot_link("LOT-A") not in page
    assert "4.5 kg" in page
    # Searching for the lot finds the shipment it is still on, not the one it was corrected off.
    by_lot = sam.get("/desk/shipments/", {"q": "lot-a"}).content.decode()
    assert "DS-2" in by_lot and "DS-1" not in by_lot
    assert "DS-1" in sam.get("/desk/shipments/", {"q": "LOT-B"}).content.decode()


def test_a_shipment_corrected_to_nothing_lists_no_lot(plant, sam):
    lot = receive_lot(plant, "LOT-C", "5")
    event = ship(plant.ctx(), customer=plant.customer, document="DS-9", lines=[(lot, 5)]).event
    correct(plant.ctx(user=plant.supervisor), event=event, reason="not shipped after all")
    page = sam.get("/desk/shipments/", {"q": "DS-9"}).content.decode()
    assert "DS-9" in page and lot_link("LOT-C") not in page
    assert "DS-9" not in sam.get("/desk/shipments/", {"q": "LOT-C"}).content.decode()
    sheet = sam.get("/desk/shipments/", {"q": "DS-9", "export": "csv"}).content.decode("utf-8-sig")
    assert sheet.splitlines()[1].endswith(",")  # the lots column is empty


def test_the_export_lists_the_net_lots(sam, corrected):
    sheet = sam.get("/desk/shipments/", {"export": "csv"}).content.decode("utf-8-sig").splitlines()
    rows = {line.split(",")[0]: line.split(",")[-1] for line in sheet[1:]}
    assert rows == {"DS-2": "LOT-A", "DS-1": "LOT-B"}


def test_the_recall_search_lists_the_net_lots(corrected):
    hit = next(h for h in search("DS-1") if h.kind == "shipment")
    assert hit.lots == ["LOT-B"]


def test_the_api_lists_and_filters_by_net_lots(plant, corrected):
    token = ApiToken.issue(plant.supervisor, "erp", "read")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    detail = client.get("/api/v1/shipments/DS-1").json()
    assert detail["lines"] == [{"lot": "LOT-B", "item": "STEEL", "quantity": "4.5", "unit": "kg"}]
    assert [s["number"] for s in client.get("/api/v1/shipments", {"lot": "LOT-A"}).json()["items"]] == [
        "DS-2"
    ]
    assert [s["number"] for s in client.get("/api/v1/shipments", {"lot": "lot-b"}).json()["items"]] == [
        "DS-1"
    ]
