"""Recall scope documents and cases on a golden genealogy with an ambiguous link and a rework cycle.

The golden plant (``make_golden``):

    S1 (SteelCo, DN-7, 500 kg) ─┬─ WO-001 ─> B1 (50) ══ WO-002 (explicit) ═> F1 (50) → INV-1 30 to Bikes
                                └┄┄┄┄┄┄┄┄┄> B2 (50)    (S1→B2 is ambiguous: S1 went into B1 and maybe B2,
    S2 (Acme, DN-8, 300 kg) ────── WO-001 ─> B2         B2 came from S1 and/or S2)
    B2 ─ WO-003 ─> F2 (40) → INV-2 20 to Cars; F2 adjusted −1 (count difference)
    F2 ─ WO-004 (rework) ─> F3 (10); F3 → WO-003, back-dated, so F3 → F2: a rework cycle F2 → F3 → F2
    F3 scrapped 2
"""

from datetime import timedelta
from decimal import Decimal

import pytest

from lotline.core.models import Event, EventKind, Lot
from lotline.core.services import LedgerError, adjust, consume, hold, produce, scrap, ship
from lotline.recall.models import RecallCase
from lotline.recall.scope import ScopeError, ScopeSource, compute_scope, snapshot_of
from lotline.recall.services import contain_case, create_case, lots_held_by, release_case
from tests.core_fixtures import receive_lot


def make_golden(plant) -> dict[str, Lot]:
    lots = {
        "S1": receive_lot(plant, "S1", "500", delivery="DN-7"),
        "S2": receive_lot(plant, "S2", "300", supplier=plant.supplier2, delivery="DN-8"),
    }
    cut = plant.work_order(item=plant.blank, machine=plant.saw)
    consume(plant.ctx(work_order=cut), lot=lots["S1"], quantity="100")
    lots["B1"] = produce(plant.ctx(work_order=cut), quantity=50, lot_number="B1").lot
    consume(plant.ctx(work_order=cut), lot=lots["S2"], quantity="100")
    lots["B2"] = produce(plant.ctx(work_order=cut), quantity=50, lot_number="B2").lot
    turn = plant.work_order(item=plant.shaft)
    lots["F1"] = produce(
        plant.ctx(work_order=turn), quantity=50, lot_number="F1", inputs=[(lots["B1"], 50)]
    ).lot
    ship(plant.ctx(), customer=plant.customer, document="INV-1", lines=[(lots["F1"], 30)])
    main = plant.work_order(item=plant.shaft)
    consumed_at = plant.tick()
    consume(plant.ctx(work_order=main, occurred_at=consumed_at), lot=lots["B2"], quantity=40)
    lots["F2"] = produce(plant.ctx(work_order=main), quantity=40, lot_number="F2").lot
    ship(plant.ctx(), customer=plant.customer2, document="INV-2", lines=[(lots["F2"], 20)])
    adjust(plant.ctx(), lot=lots["F2"], delta="-1", reason="count difference")
    rework = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=rework), lot=lots["F2"], quantity=10)
    lots["F3"] = produce(plant.ctx(work_order=rework), quantity=10, lot_number="F3").lot
    # The reworked pieces go back into WO-003; the scan is typed in later, dated before F2 was recorded.
    consume(
        plant.ctx(work_order=main, occurred_at=consumed_at + timedelta(seconds=30)),
        lot=lots["F3"],
        quantity=5,
    )
    scrap(plant.ctx(), lot=lots["F3"], quantity=2, reason="burr")
    return lots


def lot_rows(snapshot):
    return [
        (
            lot["number"],
            lot["depth"],
            lot["made"],
            lot["used"],
            lot["scrapped"],
            lot["shipped"],
            lot["adjusted"],
            lot["on_hand_by_location"],
        )
        for lot in snapshot["lots"]
    ]


def test_scope_of_a_raw_lot_names_every_lot_shipment_customer_and_the_ambiguous_link(plant):
    make_golden(plant)

    snapshot = snapshot_of(compute_scope(ScopeSource(lot_numbers=["S1"])))

    assert snapshot["suspects"] == ["S1"]
    assert lot_rows(snapshot) == [
        ("S1", 0, "500", "100", "0", "0", "0", {"RACK-A": "400"}),
        ("B1", 1, "50", "50", "0", "0", "0", {}),
        ("B2", 1, "50", "40", "0", "0", "0", {"RACK-A": "10"}),
        ("F1", 2, "50", "0", "0", "30", "0", {"RACK-A": "20"}),
        ("F2", 2, "40", "10", "0", "20", "-1", {"RACK-A": "9"}),
        ("F3", 3, "10", "5", "2", "0", "0", {"RACK-A": "3"}),
    ]
    assert [
        (s["shipment"], s["customer_code"], s["lot_number"], s["quantity"]) for s in snapshot["shipments"]
    ] == [("INV-1", "BIKES", "F1", "30"), ("INV-2", "CARS", "F2", "20")]
    assert [(c["code"], c["contact_name"], c["email"], c["shipments"]) for c in snapshot["customers"]] == [
        ("BIKES", "Ann", "ann@bikes.test", ["INV-1"]),
        ("CARS", "", "", ["INV-2"]),
    ]
    assert snapshot["ambiguous_links"] == [{"parent": "S1", "child": "B2", "work_order": "WO-001"}]
    flagged = {lot["number"]: lot["flags"] for lot in snapshot["lots"] if lot["flags"]}
    assert flagged == {"F2": ["-1 pcs adjusted: not traced to a consumer or customer"]}
    assert Decimal(snapshot["elapsed_ms"]) >= 0
    assert snapshot["timezone"] == "Europe/Warsaw"


def test_scope_of_the_other_supplier_lot_follows_the_rework_cycle_once(plant):
    make_golden(plant)

    snapshot = snapshot_of(compute_scope(ScopeSource(lot_numbers=["S2"])))

    assert [(lot["number"], lot["depth"]) for lot in snapshot["lots"]] == [
        ("S2", 0),
        ("B2", 1),
        ("F2", 2),
        ("F3", 3),
    ]
    assert [c["code"] for c in snapshot["customers"]] == ["CARS"]
    assert snapshot["ambiguous_links"] == []


def test_scope_of_a_delivery_and_of_several_lots(plant):
    lots = make_golden(plant)
    by_delivery = compute_scope(ScopeSource(delivery_id=lots["S2"].delivery_id))
    by_lots = compute_scope(ScopeSource(lot_numbers=["F1", "F3"]))

    assert by_delivery.lot_numbers == ["S2", "B2", "F2", "F3"]
    assert by_delivery.description == "Acme Metals delivery DN-8"
    assert by_lots.lot_numbers == ["F1", "F3", "F2"]


def test_scope_of_a_machine_window(plant):
    make_golden(plant)
    source = ScopeSource(
        start=plant.clock - timedelta(days=1), end=plant.clock + timedelta(minutes=1), machine_id=plant.saw.pk
    )

    assert compute_scope(source).lot_numbers == ["B1", "B2", "F1", "F2", "F3"]


def test_unknown_lots_and_empty_requests_are_refused(plant):
    make_golden(plant)
    with pytest.raises(ScopeError, match="No lot NOPE"):
        compute_scope(ScopeSource(lot_numbers=["S1", "NOPE"]))
    with pytest.raises(ScopeError):
        compute_scope(ScopeSource())


def test_contain_holds_everything_on_hand_with_the_case_as_reason_and_release_undoes_it(plant):
    lots = make_golden(plant)
    hold(plant.ctx(user=plant.supervisor), lots=[lots["F3"]], reason="burr check", status="quarantined")
    case = create_case(plant.supervisor, ScopeSource(lot_numbers=["S1"]), title="Cracked bar")
    assert (case.number, case.status) == (f"RC-{case.created_at.year}-001", RecallCase.Status.OPEN)
    assert [lot["number"] for lot in case.snapshot["lots"]] == ["S1", "B1", "B2", "F1", "F2", "F3"]

    held = contain_case(case, plant.supervisor)

    # B1 is used up; F3 is already quarantined and keeps that status.
    assert (held.done, held.elsewhere) == (["B2", "F1", "F2", "S1"], [])
    assert dict(Lot.objects.values_list("number", "status")) == {
        "S1": "on_hold",
        "S2": "released",
        "B1": "released",
        "B2": "on_hold",
        "F1": "on_hold",
        "F2": "on_hold",
        "F3": "quarantined",
    }
    event = Event.objects.get(kind=EventKind.HOLD, reference=case.number)
    assert event.reason == f"Recall case {case.number}: Cracked bar"
    assert event.user == plant.supervisor
    case.refresh_from_db()
    assert case.status == RecallCase.Status.CONTAINED

    # The core refuses held lots at consumption and shipping.
    wo = plant.work_order(item=plant.shaft)
    with pytest.raises(LedgerError) as refused:
        consume(plant.ctx(work_order=wo), lot=lots["F2"], quantity=1)
    assert refused.value.code == "lot_not_released"
    with pytest.raises(LedgerError):
        ship(plant.ctx(), customer=plant.customer, document="INV-9", lines=[(lots["F1"], 1)])

    assert [lot.number for lot in lots_held_by(case)] == ["B2", "F1", "F2", "S1"]
    released = release_case(case, plant.supervisor, reason="supplier cert OK")
    assert (released.done, released.elsewhere) == (["B2", "F1", "F2", "S1"], [])
    assert Lot.objects.get(number="F3").status == "quarantined"
    release_event = Event.objects.get(kind=EventKind.RELEASE, reference=case.number)
    assert release_event.reason == f"Recall case {case.number} released: supplier cert OK"
    case.refresh_from_db()
    assert case.status == RecallCase.Status.CLOSED
    with pytest.raises(LedgerError):
        contain_case(case, plant.supervisor)
    with pytest.raises(LedgerError, match=f"Recall case {case.number} is closed."):
        release_case(case, plant.supervisor, reason="again")


def test_containing_again_keeps_the_first_time_and_holds_only_what_is_new(plant):
    make_golden(plant)
    case = create_case(plant.supervisor, ScopeSource(lot_numbers=["S1"]), title="Cracked bar")
    contain_case(case, plant.supervisor)
    case.refresh_from_db()
    first = case.contained_at
    again = contain_case(case, plant.supervisor)
    case.refresh_from_db()
    assert (again.done, case.contained_at) == ([], first)
    assert Event.objects.filter(kind=EventKind.HOLD, reference=case.number).count() == 1


def test_case_numbers_count_up_and_the_snapshot_stays_frozen(plant):
    lots = make_golden(plant)
    first = create_case(plant.supervisor, ScopeSource(lot_numbers=["S2"]), title="A")
    ship(plant.ctx(), customer=plant.customer, document="INV-3", lines=[(lots["F3"], 1)])
    second = create_case(plant.supervisor, ScopeSource(lot_numbers=["S2"]), title="B")

    assert second.number.endswith("-002")
    assert [s["shipment"] for s in first.snapshot["shipments"]] == ["INV-2"]
    assert [s["shipment"] for s in second.snapshot["shipments"]] == ["INV-2", "INV-3"]
