"""Desk filters: "All" as the empty choice, a date picker for dates, and an unknown status named on the
page (the _filter_errors.html pattern) instead of a silently empty list."""

from __future__ import annotations

import pytest

from lotline.core.services import consume
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401


@pytest.fixture
def made(plant):
    coil = receive_lot(plant, "COIL-1", "100")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=coil, quantity="60")
    return coil, None, wo


def test_item_and_machine_say_all_and_the_day_is_a_date_picker(sam):
    page = sam.get("/desk/lots/").content.decode()
    assert "---------" not in page
    assert page.count('<option value="" selected>All</option>') == 2
    assert '<input type="date" name="made_on"' in page
    picked = sam.get("/desk/lots/", {"made_on": "2026-03-02"}).content.decode()
    assert 'value="2026-03-02"' in picked


def test_an_unknown_status_is_named_not_an_empty_list(sam, made):
    coil, out, wo = made
    orders = sam.get("/desk/work-orders/", {"status": "bogus"}).content.decode()
    assert 'id="filter-errors"' in orders
    assert "Status: Select a valid choice. bogus is not one of the available choices." in orders
    assert "this filter is not applied." in orders
    assert wo.number in orders and "No work orders match" not in orders
    lots = sam.get("/desk/lots/", {"status": "bogus"}).content.decode()
    assert 'id="filter-errors"' in lots and f'href="/desk/lots/{coil.number}/"' in lots
    events = sam.get("/desk/events/", {"kind": "bogus"}).content.decode()
    assert 'id="filter-errors"' in events and "No events match" not in events


def test_work_order_filters_still_filter(sam, made):
    coil, out, wo = made
    page = sam.get("/desk/work-orders/", {"status": "done"}).content.decode()
    assert "No work orders match" in page and 'id="filter-errors"' not in page
    assert wo.number in sam.get("/desk/work-orders/", {"q": "wo-0", "status": "in_progress"}).content.decode()
    assert (
        '<option value="in_progress" selected>'
        in sam.get("/desk/work-orders/", {"status": "in_progress"}).content.decode()
    )
