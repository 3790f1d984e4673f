"""One step back / one step forward (EU 178/2002 Art. 18): ``max_depth=1`` stops after one link."""

from lotline.core.models import GenealogyLink
from lotline.core.queries import trace
from lotline.core.services import consume, merge, produce
from tests.core_fixtures import depth_rows, fast_password_hashing, link_rows, receive_lot  # noqa: F401

IMPLICIT = GenealogyLink.Basis.IMPLICIT


def make_two_level_genealogy(plant):
    s1 = receive_lot(plant, "S1")
    s2 = receive_lot(plant, "S2")
    cut = plant.work_order(item=plant.blank)
    consume(plant.ctx(work_order=cut), lot=s1, quantity=10)
    consume(plant.ctx(work_order=cut), lot=s2, quantity=10)
    blank = produce(plant.ctx(work_order=cut), quantity=8, lot_number="B1").lot
    turn = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=turn), lot=blank, quantity=8)
    shaft = produce(plant.ctx(work_order=turn), quantity=8, lot_number="F1").lot
    return s1, s2, blank, shaft


def test_one_step_back_names_only_the_direct_inputs(plant):
    s1, s2, blank, shaft = make_two_level_genealogy(plant)

    assert depth_rows(trace(shaft, "backward", max_depth=1)) == [("F1", 0), ("B1", 1)]
    assert link_rows(trace(shaft, "backward", max_depth=1)) == [("B1", "F1", IMPLICIT, False, None)]
    assert depth_rows(trace(blank, "backward", max_depth=1)) == [("B1", 0), ("S1", 1), ("S2", 1)]
    assert depth_rows(trace(shaft, "backward", max_depth=2)) == [("F1", 0), ("B1", 1), ("S1", 2), ("S2", 2)]
    assert trace(shaft, "backward", max_depth=2).numbers == trace(shaft, "backward").numbers


def test_one_step_forward_names_only_the_direct_outputs(plant):
    s1, s2, blank, shaft = make_two_level_genealogy(plant)

    assert depth_rows(trace(s1, "forward", max_depth=1)) == [("S1", 0), ("B1", 1)]
    assert link_rows(trace(s1, "forward", max_depth=1)) == [("S1", "B1", IMPLICIT, False, None)]
    assert depth_rows(trace([s1, s2], "forward", max_depth=1)) == [("S1", 0), ("S2", 0), ("B1", 1)]


def test_one_step_from_several_roots_and_a_merge(plant):
    a = receive_lot(plant, "A", "5")
    b = receive_lot(plant, "B", "5")
    merged = merge(plant.ctx(), lots=[a, b]).lot
    more = receive_lot(plant, "C", "5")
    again = merge(plant.ctx(), lots=[merged, more]).lot

    assert depth_rows(trace(again, "backward", max_depth=1)) == [
        (again.number, 0),
        ("C", 1),
        (merged.number, 1),
    ]
    assert depth_rows(trace(again, "backward")) == [
        (again.number, 0),
        ("C", 1),
        (merged.number, 1),
        ("A", 2),
        ("B", 2),
    ]
