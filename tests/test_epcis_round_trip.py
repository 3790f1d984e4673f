"""EPCIS round trips: a plant's export read into a plant with the same master data but no events gives the
same lots, genealogy (traces) and stock; read back into the plant itself it records nothing."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from lotline.core.models import Event, Lot, StockBalance
from lotline.core.queries import trace
from lotline.core.services import (
    adjust,
    consume,
    hold,
    merge,
    move,
    produce,
    receive,
    release,
    scrap,
    ship,
    split,
)
from lotline.interop.epcis_export import export_epcis
from lotline.interop.epcis_import import import_epcis
from tests.core_fixtures import ledger_counts, link_rows


def make_history(plant) -> None:
    """Receive, consume, produce (work-order rule and named inputs), split, merge, hold, release, ship,
    scrap, move and stock corrections both ways — lot numbers drawn from the item patterns where the floor
    would draw them."""
    s1 = receive(
        plant.ctx(),
        item=plant.steel,
        quantity="100",
        supplier=plant.supplier,
        supplier_lot="H-778",
        delivery_ref="DN-1",
        lot_number="S1",
    ).lot
    s2 = receive(
        plant.ctx(),
        item=plant.steel,
        quantity="50",
        supplier=plant.supplier2,
        supplier_lot="A-1",
        delivery_ref="DN-2",
    ).lot
    cut = plant.work_order(item=plant.blank, machine=plant.saw)
    consume(plant.ctx(work_order=cut), lot=s1, quantity="30")
    b1 = produce(plant.ctx(work_order=cut), quantity="10", lot_number="B1").lot
    consume(plant.ctx(work_order=cut), lot=s2, quantity="20")
    b2 = produce(plant.ctx(work_order=cut), quantity="10").lot  # numbered by the pattern
    part = split(plant.ctx(), lot=b1, quantity="4").lot
    other = split(plant.ctx(location=plant.rack_b), lot=b2, quantity="3").lot
    merged = merge(plant.ctx(), lots=[part, other]).lot
    hold(plant.ctx(user=plant.supervisor), lots=[b2], reason="Burr on edge", status=Lot.Status.QUARANTINED)
    release(plant.ctx(user=plant.supervisor), lots=[b2], reason="Deburred")
    hold(plant.ctx(user=plant.supervisor), lots=[merged], reason="Waiting for the lab")
    hold(plant.ctx(user=plant.supervisor), lots=[s2], reason="Certificate missing")
    turn = plant.work_order(item=plant.shaft)
    f1 = produce(plant.ctx(work_order=turn), quantity="5", inputs=[(b1, "5")], lot_number="F1").lot
    ship(plant.ctx(), customer=plant.customer, document="DESP-1", lines=[(f1, "3")])
    scrap(plant.ctx(), lot=b2, quantity="1", reason="Dropped")
    move(plant.ctx(), lot=s1, to_location=plant.rack_b, quantity="10")
    # Back from B to A: the import must take it from B, not from A where most of the lot lies.
    move(plant.ctx(), lot=s1, to_location=plant.rack, quantity="4", from_location=plant.rack_b)
    adjust(plant.ctx(), lot=s1, delta="-2.5", reason="Counted short", location=plant.rack_b)
    adjust(plant.ctx(location=plant.rack_b), lot=f1, delta="1", reason="Found behind the rack")


def snapshot() -> dict[str, object]:
    """Lots, every lot's trace both ways (links with basis, ambiguity and quantity) and stock per location."""
    lots = Lot.objects.order_by("number")
    return {
        "lots": [
            (lot.number, lot.item.code, lot.origin, lot.status, lot.supplier_lot, lot.expires_on)
            for lot in lots.select_related("item")
        ],
        "traces": {
            lot.number: (link_rows(trace(lot, "forward")), link_rows(trace(lot, "backward"))) for lot in lots
        },
        "stock": sorted(
            (b.lot.number, b.location.code, b.quantity.normalize())
            for b in StockBalance.objects.select_related("lot", "location")
            if b.quantity
        ),
    }


class Rollback(Exception):
    pass


def export_and_roll_back(plant, fmt: str) -> tuple[bytes, dict[str, object]]:
    """The plant's history exported, then rolled back: the master data stays, no event, lot or work order."""
    try:
        with transaction.atomic():
            make_history(plant)
            before = snapshot()
            document = export_epcis(fmt)
            raise Rollback
    except Rollback:
        pass
    assert not Event.objects.exists() and not Lot.objects.exists()
    return document, before


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_export_imports_into_a_plant_without_events_as_the_same_plant(plant, fmt):
    document, before = export_and_roll_back(plant, fmt)

    report = import_epcis(document, site=plant.site)

    assert report.ok, [str(e) for e in report.errors]
    assert (report.events, report.recorded, report.skipped) == (20, 20, [])
    after = snapshot()
    assert after["lots"] == before["lots"]
    assert after["traces"] == before["traces"]
    assert after["stock"] == before["stock"]
    split_off = [row for row in after["lots"] if row[2] == "split"]
    assert [row[0] for row in split_off] == ["BLANK-260302-002J", "BLANK-260302-003H"]


def test_splits_and_merges_are_not_work_orders_and_releases_are_not_receipts(plant):
    document, _before = export_and_roll_back(plant, "json")
    events = json.loads(document)["epcisBody"]["eventList"]
    steps = [(e["type"], e.get("bizStep"), e.get("disposition")) for e in events]
    assert steps.count(("TransformationEvent", "repackaging", "active")) == 3
    assert ("ObjectEvent", "holding", "non_sellable_other") in steps
    assert ("ObjectEvent", "inspecting", "conformant") in steps
    assert not any(step == "accepting" for _t, step, _d in steps)
    repackaging = [e for e in events if e.get("bizStep") == "repackaging"]
    assert not any("transformationID" in e or "bizTransactionList" in e for e in repackaging)
    quarantine = next(e for e in events if e.get("lotline:status") == "quarantined")
    assert quarantine["lotline:reason"] == "Burr on edge"

    import_epcis(document, site=plant.site)

    # No "EPCIS-…" work order for the splits and the merge.
    assert set(Lot.objects.values_list("work_order__number", flat=True)) == {None, "WO-001", "WO-002"}


def test_a_release_as_lotline_wrote_it_before_still_reads_as_a_release(plant):
    """Older exports wrote a release as accepting/active with no party and no quantity: not a receipt."""
    document, before = export_and_roll_back(plant, "json")
    old = json.loads(document)
    for event in old["epcisBody"]["eventList"]:
        if event.get("bizStep") == "inspecting":
            event["bizStep"], event["disposition"] = "accepting", "active"
            event.pop("lotline:reason")

    report = import_epcis(json.dumps(old).encode(), site=plant.site)

    assert report.ok, [str(e) for e in report.errors]
    assert snapshot()["lots"] == before["lots"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_plant_reading_its_own_export_records_nothing(plant, fmt):
    make_history(plant)
    before, counts = snapshot(), ledger_counts()
    document = export_epcis(fmt)

    report = import_epcis(document, site=plant.site)

    assert report.ok, [str(e) for e in report.errors]
    assert (report.recorded, report.unchanged, report.skipped) == (0, 20, [])
    assert ledger_counts() == counts
    assert snapshot() == before


def test_an_event_of_the_plant_itself_is_recognised_in_a_partner_document(plant):
    """Only the eventID counts: our event inside someone else's document is not recorded twice."""
    make_history(plant)
    ours = json.loads(export_epcis("json"))
    receipt = ours["epcisBody"]["eventList"][0]
    receipt["recordTime"] = "2026-03-05T10:00:00Z"  # another system's copy of it
    ours["epcisBody"]["eventList"] = [receipt]
    lots = Lot.objects.count()

    report = import_epcis(json.dumps(ours).encode(), site=plant.site)

    assert (report.ok, report.recorded, report.unchanged) == (True, 0, 1)
    assert Lot.objects.count() == lots


def test_a_partner_document_may_not_correct_an_event_of_this_plant(plant):
    make_history(plant)
    ours = json.loads(export_epcis("json"))
    receipt = ours["epcisBody"]["eventList"][0]
    receipt["errorDeclaration"] = {"declarationTime": "2026-03-05T10:00:00Z", "reason": "incorrect_data"}
    ours["epcisBody"]["eventList"] = [receipt]
    counts = ledger_counts()

    report = import_epcis(json.dumps(ours).encode(), site=plant.site)

    assert not report.ok
    assert [e.code for e in report.errors] == ["own_event"]
    assert ledger_counts() == counts


def test_each_transformation_without_an_order_reference_gets_its_own_work_order(plant):
    """Two events naming no work order make two products: each one's order makes its own output."""
    receive(
        plant.ctx(),
        item=plant.steel,
        quantity="10",
        supplier=plant.supplier,
        supplier_lot="H-1",
        delivery_ref="DN-1",
        lot_number="S1",
    )
    steel = "https://id.lotline.example/item/STEEL/lot/S1"

    def transformation(number: int, item: str) -> dict:
        return {
            "type": "TransformationEvent",
            "eventID": f"urn:uuid:7c9e2a50-0000-4000-8000-00000000001{number}",
            "eventTime": "2026-03-02T09:00:00Z",
            "eventTimeZoneOffset": "+00:00",
            "inputQuantityList": [{"epcClass": steel, "quantity": 1, "uom": "KGM"}],
            "outputQuantityList": [
                {"epcClass": f"https://id.lotline.example/item/{item}/lot/P-{number}", "quantity": 1}
            ],
            "bizStep": "commissioning",
        }

    document = {
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-03-02T10:00:00Z",
        "epcisBody": {"eventList": [transformation(1, "BLANK"), transformation(2, "SHAFT")]},
    }
    report = import_epcis(json.dumps(document).encode(), site=plant.site)
    assert report.ok, [str(e) for e in report.errors]
    assert sorted(
        Lot.objects.filter(number__startswith="P-").values_list("number", "work_order__item__code")
    ) == [
        ("P-1", "BLANK"),
        ("P-2", "SHAFT"),
    ]
