"""Supervisor pages: lists with search and filters, the lot page with history in the site's time zone."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lotline.core.services import consume, produce, receive, ship


@pytest.fixture
def made(plant):
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
    return coil, out, wo


def test_lot_page_url_and_history_in_site_time(plant, sam, made):
    coil, out, wo = made
    assert reverse("lot-detail", args=[coil.number]) == f"/desk/lots/{coil.number}/"
    html = sam.get(f"/desk/lots/{coil.number}/").content.decode()
    # T0 + 1 min = 06:01 UTC = 07:01 in Warsaw (CET)
    assert "2026-03-02 07:01:00" in html and "olga" in html
    assert out.number in html  # forward tree
    back = sam.get(f"/desk/lots/{out.number}/").content.decode()
    assert coil.number in back and "INV-5" in back and "Bikes Ltd" in back


@pytest.mark.parametrize(
    ("url", "params", "present", "absent"),
    [
        ("/desk/lots/", {"item": "STEEL"}, "H5", "SHAFT-"),
        ("/desk/lots/", {"q": "H5"}, "STEEL-", "SHAFT-"),
        ("/desk/lots/", {"origin": "produced"}, "SHAFT-", "STEEL-"),
        ("/desk/work-orders/", {"status": "in_progress"}, "WO-001", "No work orders match"),
        ("/desk/shipments/", {"customer": "BIKES"}, "INV-5", "No shipments match"),
        ("/desk/shipments/", {"customer": "CARS"}, "No shipments match", "INV-5"),
        ("/desk/deliveries/", {"q": "DN-5"}, "H5", "No deliveries match"),
    ],
)
def test_lists_filter(sam, made, url, params, present, absent):
    html = sam.get(url, params).content.decode()
    assert present in html and absent not in html


def listed(lot, page: str) -> bool:
    """The lot's link is on the page (its bare number could turn up inside a CSRF token)."""
    return f'href="/desk/lots/{lot.number}/"' in page


def a_good_and_a_held_lot(plant, client):
    """H1 (2 kg of it scrapped) and H2 (quarantined), and the client signed in as the supervisor."""

    from lotline.core.services import hold, scrap
    from tests.core_fixtures import receive_lot

    good = receive_lot(plant, "H1", 10)
    held = receive_lot(plant, "H2", 10)
    hold(plant.ctx(user=plant.supervisor), lots=[held], reason="check", status="quarantined")
    scrap(plant.ctx(), lot=good, quantity=2, reason="bent")
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    client.force_login(plant.supervisor)
    return good, held


def test_held_filter_and_event_list_answer_the_dashboard_links(plant, client):
    """The dashboard links to /desk/lots/?status=held and /desk/events/?kind=scrap&since=…; both filter."""
    good, held = a_good_and_a_held_lot(plant, client)
    page = client.get("/desk/lots/?status=held").content.decode()
    assert listed(held, page) and not listed(good, page)
    events = client.get("/desk/events/?kind=scrap&since=2026-03-01").content.decode()
    assert events.count('class="lotno"') == 1 and listed(good, events)
    assert (
        client.get("/desk/events/?kind=scrap&since=2026-03-03").content.decode().count('class="lotno"') == 0
    )


def test_a_bad_filter_value_is_named_and_the_good_ones_still_filter(plant, client):
    """A mistyped date or an unknown item is named on the page, not silently dropped; other filters hold."""
    good, held = a_good_and_a_held_lot(plant, client)

    page = client.get("/desk/lots/?status=held&made_on=2026-02-31").content.decode()
    assert 'id="filter-errors"' in page
    assert "Made or received on: Enter a valid date. — this filter is not applied." in page
    assert listed(held, page) and not listed(good, page)  # the status filter still applies

    page = client.get("/desk/lots/?item=NO-SUCH-ITEM").content.decode()
    assert "Item: Select a valid choice." in page

    events = client.get("/desk/events/?kind=scrap&since=yesterday").content.decode()
    assert "Since: Enter a valid date. — this filter is not applied." in events
    assert events.count('class="lotno"') == 1 and listed(good, events)

    assert 'id="filter-errors"' not in client.get("/desk/lots/?status=held").content.decode()
