"""Dry-recall drills on the golden genealogy: exact findings, pass/fail, the command line."""

import random

import pytest
from django.core.management import call_command

from lotline.core.models import Lot, Shipment
from lotline.core.services import produce
from lotline.recall.drills import drill_overdue, pick_lot, run_drill
from lotline.recall.models import Drill
from tests.test_recall_scope import make_golden


def findings(drill):
    return [(f["code"], f["severity"], f["lot"]) for f in drill.findings]


def test_a_clean_path_passes(plant):
    lots = make_golden(plant)

    drill = run_drill(lots["F1"], target_seconds=60, user=plant.supervisor)

    assert drill.findings == []
    assert drill.passed
    assert drill.results == {
        "backward_lots": 3,
        "raw_lots": 1,
        "deliveries": 1,
        "forward_lots": 1,
        "shipments": 1,
        "customers": 1,
        "work_orders": 2,
    }
    assert drill.ran_by == plant.supervisor and drill.target_seconds == 60


def test_gaps_and_ambiguous_links_are_found_and_gaps_fail(plant):
    lots = make_golden(plant)

    drill = run_drill(lots["F2"], target_seconds=60)

    assert findings(drill) == [("mass_balance", "hole", "F2"), ("ambiguous_link", "warning", "B2")]
    assert drill.findings[0]["message"] == "Lot F2: -1 pcs adjusted: not traced to a consumer or customer."
    assert drill.findings[1]["message"] == (
        "S1 → B2 on WO-001 is ambiguous: the recall includes it to be safe."
    )
    assert drill.results["backward_lots"] == 5 and drill.results["forward_lots"] == 2
    assert not drill.passed


def test_output_without_input_raw_lot_without_supplier_data_and_empty_shipment_are_holes(plant):
    lots = make_golden(plant)
    wo = plant.work_order(item=plant.shaft)
    orphan = produce(plant.ctx(work_order=wo), quantity=5, lot_number="P1").lot
    Shipment.objects.create(number="INV-0", customer=plant.customer, site=plant.site, shipped_at=plant.tick())

    assert findings(run_drill(orphan)) == [("no_source", "hole", "P1")]
    assert findings(run_drill(lots["F1"])) == [("shipment_without_lots", "hole", "")]
    imported = Lot.objects.create(
        number="IMP1", item=plant.steel, site=plant.site, origin=Lot.Origin.IMPORTED, created_at=plant.tick()
    )
    assert findings(run_drill(imported)) == [
        ("no_source", "hole", "IMP1"),
        ("raw_without_supplier", "hole", "IMP1"),
    ]


def test_a_drill_slower_than_its_target_fails(plant):
    lots = make_golden(plant)
    assert not run_drill(lots["F1"], target_seconds=0).passed


def test_random_pick_is_a_finished_lot(plant):
    make_golden(plant)
    picked = {pick_lot(random.Random(seed)).number for seed in range(20)}
    assert picked == {"F1", "F2", "F3"}


def test_drill_command_records_and_exits_nonzero_on_failure(plant, capsys):
    make_golden(plant)
    assert drill_overdue()

    call_command("drill", "--lot", "f1", "--target-seconds", "30")
    out = capsys.readouterr().out
    assert out.startswith("Drill on F1: PASS in ")
    assert "(target 30 s)" in out
    with pytest.raises(SystemExit) as failed:
        call_command("drill", "--lot", "F2")
    assert failed.value.code == 1
    assert "[hole] Lot F2: -1 pcs adjusted" in capsys.readouterr().out
    assert Drill.objects.count() == 2 and not drill_overdue()
