"""Golden genealogies: rework (a lot consumed into a later lot of the same item) and a cycle made by mistake.

The cycle: WO-001 makes A from coil S1, WO-002 reworks A into B, then an operator back-dates a scan of B
into WO-001 to before A was made — the work-order rule links B → A, so A → B → A. Every query must end
and give each lot once.

The scan is dated two minutes before B was made: within the clock tolerance (two devices' clocks), so the
ledger takes it; dated further back, it is refused (``before_lot_existed``) and no cycle can be made.
"""

from datetime import timedelta
from decimal import Decimal

from lotline.core.models import GenealogyLink
from lotline.core.queries import recall_scope, trace
from lotline.core.services import consume, produce
from tests.core_fixtures import (  # noqa: F401
    assert_refused,
    depth_rows,
    fast_password_hashing,
    ledger_counts,
    link_rows,
    receive_lot,
)

IMPLICIT = GenealogyLink.Basis.IMPLICIT


def test_rework_links_a_lot_into_a_later_lot_of_the_same_item(plant):
    coil = receive_lot(plant, "S1", "100")
    make = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=make), lot=coil, quantity="50")
    first = produce(plant.ctx(work_order=make), quantity=20, lot_number="F1").lot
    rework = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=rework), lot=first, quantity=5)
    reworked = produce(plant.ctx(work_order=rework), quantity=5, lot_number="F2").lot

    assert depth_rows(trace(reworked, "backward")) == [("F2", 0), ("F1", 1), ("S1", 2)]
    assert depth_rows(trace(coil, "forward")) == [("S1", 0), ("F1", 1), ("F2", 2)]
    assert depth_rows(trace(first, "forward")) == [("F1", 0), ("F2", 1)]
    assert first.item_id == reworked.item_id


def make_cycle(plant):
    coil = receive_lot(plant, "S1", "100")
    first_wo = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=first_wo), lot=coil, quantity="50")
    made_at = plant.tick()
    a = produce(plant.ctx(work_order=first_wo, occurred_at=made_at), quantity=20, lot_number="A").lot
    second_wo = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=second_wo), lot=a, quantity=10)
    b = produce(plant.ctx(work_order=second_wo), quantity=10, lot_number="B").lot
    # The mistake: B scanned into the first work order, dated before A was made.
    consume(plant.ctx(work_order=first_wo, occurred_at=made_at - timedelta(seconds=30)), lot=b, quantity=4)
    return coil, a, b


def test_the_scan_that_made_the_cycle_is_now_refused(plant):
    coil = receive_lot(plant, "S1", "100")
    first_wo = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=first_wo), lot=coil, quantity="50")
    made_at = plant.tick()
    produce(plant.ctx(work_order=first_wo, occurred_at=made_at), quantity=20, lot_number="A")
    second_wo = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=second_wo), lot="A", quantity=10)
    b = produce(plant.ctx(work_order=second_wo), quantity=10, lot_number="B").lot
    before = ledger_counts()

    refused = assert_refused(
        lambda: consume(
            plant.ctx(work_order=first_wo, occurred_at=made_at - timedelta(minutes=10)), lot=b, quantity=4
        ),
        "before_lot_existed",
        field="occurred_at",
    )
    # B was made at 06:05 UTC: 07:05 on the plant's clock (Europe/Warsaw, winter time).
    assert (
        refused.message == "Lot B was made on 2026-03-02 07:05; an event before that time cannot involve it."
    )
    assert ledger_counts() == before


def test_a_cycle_made_by_mistake_is_recorded_as_links_both_ways(plant):
    coil, a, b = make_cycle(plant)

    assert sorted(GenealogyLink.objects.values_list("parent__number", "child__number")) == [
        ("A", "B"),
        ("B", "A"),
        ("S1", "A"),
    ]


def test_backward_trace_through_a_cycle_ends_with_each_lot_once(plant):
    coil, a, b = make_cycle(plant)

    back = trace(a, "backward")

    assert depth_rows(back) == [("A", 0), ("B", 1), ("S1", 1)]
    assert link_rows(back) == [
        ("A", "B", IMPLICIT, False, None),
        ("B", "A", IMPLICIT, False, None),
        ("S1", "A", IMPLICIT, False, None),
    ]
    assert [lot.number for lot in back.raw_lots] == ["S1"]


def test_forward_trace_through_a_cycle_ends_with_each_lot_once(plant):
    coil, a, b = make_cycle(plant)

    assert depth_rows(trace(coil, "forward")) == [("S1", 0), ("A", 1), ("B", 2)]
    assert depth_rows(trace(b, "forward")) == [("B", 0), ("A", 1)]
    assert link_rows(trace(b, "forward")) == [
        ("A", "B", IMPLICIT, False, None),
        ("B", "A", IMPLICIT, False, None),
    ]


def test_bounded_traces_through_a_cycle_end_too(plant):
    coil, a, b = make_cycle(plant)

    assert depth_rows(trace(a, "forward", max_depth=1)) == [("A", 0), ("B", 1)]
    assert link_rows(trace(a, "forward", max_depth=1)) == [("A", "B", IMPLICIT, False, None)]
    assert depth_rows(trace(a, "forward", max_depth=50)) == [("A", 0), ("B", 1)]
    assert depth_rows(trace(a, "backward", max_depth=50)) == [("A", 0), ("B", 1), ("S1", 1)]


def test_recall_scope_through_a_cycle_counts_each_lot_once(plant):
    coil, a, b = make_cycle(plant)

    scope = recall_scope([coil])

    assert scope.lot_numbers == ["S1", "A", "B"]
    quantities = {x.lot.number: (x.made, x.used, x.on_hand_by_location) for x in scope.lots}
    assert quantities == {
        "S1": (Decimal(100), Decimal(50), {"RACK-A": Decimal(50)}),
        "A": (Decimal(20), Decimal(10), {"RACK-A": Decimal(10)}),
        "B": (Decimal(10), Decimal(4), {"RACK-A": Decimal(6)}),
    }
    assert all(x.unexplained == 0 for x in scope.lots)
