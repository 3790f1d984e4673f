"""FSMA 204: a split or a merge is a transformation — the new traceability lot code, with the codes it came
from — so the chain from receipt to shipment is unbroken; and the empty sheet says why it is empty."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lotline.core.models import Event, Item
from lotline.core.services import merge, receive, ship, split
from lotline.interop.fsma import HEADER
from lotline.interop.fsma_export import fsma_report


@pytest.fixture
def repacked(plant):
    Item.objects.filter(code="STEEL").update(is_food=True)  # pretend: cucumbers
    plant.site.address = "1 Mill Road, Springfield"
    plant.site.save()
    plant.supplier.address = "9 Farm Lane"
    plant.supplier.save()
    plant.supplier2.address = "3 Orchard Way"
    plant.supplier2.save()
    plant.customer.address = "7 Market St"
    plant.customer.save()
    steel = Item.objects.get(code="STEEL")
    s1 = receive(
        plant.ctx(),
        item=steel,
        quantity="100",
        supplier=plant.supplier,
        supplier_lot="H-778",
        delivery_ref="DN-1",
        lot_number="S1",
    ).lot
    s2 = receive(
        plant.ctx(),
        item=steel,
        quantity="20",
        supplier=plant.supplier2,
        supplier_lot="A-1",
        delivery_ref="DN-2",
        lot_number="S2",
    ).lot
    part = split(plant.ctx(), lot=s1, quantity="40").lot
    merged = merge(plant.ctx(), lots=[part, s2]).lot
    ship(plant.ctx(), customer=plant.customer, document="DESP-1", lines=[(merged, "60")])
    return {"part": part, "merged": merged}


def test_splits_and_merges_are_transformations_linking_the_lot_codes(repacked):
    part, merged = repacked["part"].number, repacked["merged"].number
    split_uid, merge_uid = (str(Event.objects.get(kind=k).uid) for k in ("split", "merge"))
    rows, gaps = fsma_report()
    site = ("Main plant", "1 Mill Road, Springfield")
    steel = ("STEEL", "Steel bar 40")
    expected = [
        ("Receiving", "H-778", "SteelCo", "9 Farm Lane", *steel, 100, "kg", *site, "SteelCo", "",
         "9 Farm Lane", "2026-03-02", "Delivery note", "DN-1", "", "S1"),
        ("Receiving", "A-1", "Acme Metals", "3 Orchard Way", *steel, 20, "kg", *site, "Acme Metals", "",
         "3 Orchard Way", "2026-03-02", "Delivery note", "DN-2", "", "S2"),
        # The split-off lot: a new code, assigned here, from the supplier's code of the lot it came from.
        ("Transformation", part, *site, *steel, 40, "kg", *site, "", "", "", "2026-03-02", "Lot split record",
         split_uid, "H-778", part),
        # The merged lot: a new code from both lots' codes.
        ("Transformation", merged, *site, *steel, 60, "kg", *site, "", "", "", "2026-03-02",
         "Lot merge record", merge_uid, f"{part}; A-1", merged),
        ("Shipping", merged, *site, *steel, 60, "kg", *site, "", "Bikes Ltd", "7 Market St", "2026-03-02",
         "Despatch advice", "DESP-1", "", merged),
    ]  # fmt: skip
    assert [tuple(row.as_list()) for row in rows] == expected
    assert len(HEADER) == len(expected[0])
    assert gaps == []


def test_a_product_filter_keeps_the_repacking_rows(repacked):
    rows, _gaps = fsma_report(product_code="STEEL")
    assert [r.values["event_type"] for r in rows] == [
        "Receiving",
        "Receiving",
        "Transformation",
        "Transformation",
        "Shipping",
    ]
    assert fsma_report(product_code="BLANK")[0] == []


def test_no_food_item_is_said_not_reported_as_complete(plant, supervisor_client, capsys):
    rows, gaps = fsma_report()
    assert (rows, gaps, rows.food_items) == ([], [], False)
    page = supervisor_client.get("/data/fsma/", {"format": "gaps"}).content.decode()
    assert "No item is marked as a food on the Food Traceability List, so the sheet is empty." in page
    assert "Every required key data element is there." not in page
    call_command("fsma_export", "--gaps")
    out, err = capsys.readouterr()
    assert out == "0 rows with missing KDEs\n"
    assert "No item is marked as a food on the Food Traceability List, so the sheet is empty." in err


def test_an_unknown_product_is_refused(repacked, supervisor_client, capsys):
    with pytest.raises(CommandError) as refused:
        call_command("fsma_export", "--product", "NOPE")
    assert refused.value.returncode == 2
    assert str(refused.value) == "No item NOPE; give the code of an item (product)."
    with pytest.raises(CommandError):
        call_command("fsma_export", "--gaps", "--product", "NOPE")
    page = supervisor_client.get("/data/fsma/", {"format": "gaps", "product": "NOPE"}).content.decode()
    assert "No item NOPE; give the code of an item (product)." in page
    assert "Every required key data element is there." not in page


def test_complete_records_are_said_to_be_complete(repacked, supervisor_client):
    page = supervisor_client.get("/data/fsma/", {"format": "gaps"}).content.decode()
    assert "Every required key data element is there." in page


@pytest.fixture
def supervisor_client(plant):
    from django.contrib.auth.models import Group
    from django.test import Client

    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    client = Client()
    client.force_login(plant.supervisor)
    return client
