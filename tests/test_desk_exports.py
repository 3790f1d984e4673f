"""Desk list exports: every time in the site's time zone with its offset (as the pages show it), statuses
and origins in words, and the lots' on-hand quantity with its unit."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.core.models import Site
from lotline.core.services import hold
from tests.core_fixtures import fast_password_hashing  # noqa: F401
from tests.test_core_recall_scope import make_plant_history


@pytest.fixture
def supervisor(plant):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    client = Client()
    client.force_login(plant.supervisor)
    return client


def sheet(client: Client, path: str, **params) -> list[dict[str, str]]:
    response = client.get(path, {"export": "csv", **params})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_shipment_and_delivery_times_are_the_sites_wall_clock(plant, supervisor):
    make_plant_history(plant)
    shipments = sheet(supervisor, "/desk/shipments/")
    # INV-1 left at 06:10 UTC: 07:10 in Warsaw (winter time), as the page shows it.
    assert [(r["document"], r["shipped_at"], r["lots"]) for r in shipments] == [
        ("INV-3", "2026-03-02T07:14:00+01:00", "F2"),
        ("INV-2", "2026-03-02T07:11:00+01:00", "F1"),
        ("INV-1", "2026-03-02T07:10:00+01:00", "F1"),
    ]
    assert "2026-03-02 07:10" in supervisor.get("/desk/shipments/").content.decode()
    deliveries = sheet(supervisor, "/desk/deliveries/")
    assert sorted((r["delivery_note"], r["received_at"], r["lots"]) for r in deliveries) == [
        ("DN-1", "2026-03-02T07:01:00+01:00", "S1 S3"),
        ("DN-2", "2026-03-02T07:03:00+01:00", "S2"),
    ]


def test_a_site_in_another_zone_exports_in_its_own_zone(plant, supervisor):
    """A site in another zone exports in its own zone, whatever the user's current site is."""
    make_plant_history(plant)
    Site.objects.filter(pk=plant.site.pk).update(timezone="America/Chicago")
    rows = sheet(supervisor, "/desk/shipments/", customer="BIKES")
    assert [r["shipped_at"] for r in rows] == ["2026-03-02T00:10:00-06:00"]
    lots = {r["lot"]: r["created_at"] for r in sheet(supervisor, "/desk/lots/")}
    assert lots["S1"] == "2026-03-02T00:01:00-06:00"


def test_lots_export_has_words_and_on_hand_with_unit(plant, supervisor):
    make_plant_history(plant)
    hold(plant.ctx(user=plant.supervisor), lots=["S3"], reason="lab", status="quarantined")
    rows = {r["lot"]: r for r in sheet(supervisor, "/desk/lots/")}
    assert list(rows["S1"]) == [
        "lot",
        "item",
        "item_name",
        "status",
        "origin",
        "on_hand",
        "unit",
        "supplier",
        "supplier_lot",
        "work_order",
        "created_at",
        "expires_on",
    ]
    assert [rows["S1"][k] for k in ("status", "origin", "on_hand", "unit", "created_at")] == [
        "released",
        "received",
        "380",
        "kg",
        "2026-03-02T07:01:00+01:00",
    ]
    assert (rows["S3"]["status"], rows["S3"]["on_hand"]) == ("quarantined", "50")
    assert (rows["B1"]["origin"], rows["B1"]["on_hand"], rows["B1"]["unit"]) == ("produced", "18", "pcs")
    assert rows["F1"]["on_hand"] == "3"


def test_work_order_export_says_the_status_in_words(plant, supervisor):
    make_plant_history(plant)
    rows = sheet(supervisor, "/desk/work-orders/")
    assert {r["status"] for r in rows} == {"in progress"}
