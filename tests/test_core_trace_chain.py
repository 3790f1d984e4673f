"""Golden genealogy: a simple chain coil → blank → shaft, traced both ways to any depth."""

from datetime import timedelta

from lotline.core.models import GenealogyLink
from lotline.core.queries import trace
from lotline.core.services import consume, produce
from tests.core_fixtures import (
    depth_rows,
    fast_password_hashing,  # noqa: F401
    link_rows,
    receive_lot,
)

IMPLICIT = GenealogyLink.Basis.IMPLICIT


def make_chain(plant):
    coil = receive_lot(plant, "S1", "500", delivery="DN-7")
    cut = plant.work_order(item=plant.blank, machine=plant.saw)
    consume(plant.ctx(work_order=cut), lot=coil, quantity="120")
    blank = produce(plant.ctx(work_order=cut), quantity=40, lot_number="B1").lot
    turn = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=turn), lot=blank, quantity=40)
    shaft = produce(plant.ctx(work_order=turn), quantity=40, lot_number="F1").lot
    return coil, blank, shaft


def test_backward_trace_of_a_chain_reaches_the_raw_lot_and_its_delivery(plant):
    coil, blank, shaft = make_chain(plant)

    back = trace(shaft, "backward")

    assert depth_rows(back) == [("F1", 0), ("B1", 1), ("S1", 2)]
    assert link_rows(back) == [("B1", "F1", IMPLICIT, False, None), ("S1", "B1", IMPLICIT, False, None)]
    assert [lot.number for lot in back.roots] == ["F1"]
    assert [lot.number for lot in back.raw_lots] == ["S1"]
    assert back.deliveries == [("SteelCo", "DN-7")]
    assert back.ambiguous_links == []
    by_number = {lot.number: lot for lot in back.lots}
    assert (by_number["B1"].work_order, by_number["B1"].machine) == ("WO-001", "SAW1")
    assert (by_number["F1"].work_order, by_number["F1"].machine) == ("WO-002", "CNC1")
    assert (by_number["S1"].supplier, by_number["S1"].supplier_lot) == ("SteelCo", "H-S1")
    # Raw SQL rows must come back as aware UTC times on SQLite too, as the ORM gives them.
    assert [lot.created_at for lot in back.lots] == [shaft.created_at, blank.created_at, coil.created_at]
    assert back.lots[0].created_at.utcoffset() == timedelta(0)


def test_forward_trace_of_a_chain_reaches_the_finished_lot(plant):
    coil, blank, shaft = make_chain(plant)

    forward = trace(coil, "forward")

    assert depth_rows(forward) == [("S1", 0), ("B1", 1), ("F1", 2)]
    assert link_rows(forward) == [("B1", "F1", IMPLICIT, False, None), ("S1", "B1", IMPLICIT, False, None)]
    assert forward.raw_lots == [forward.lots[0]]


def test_trace_from_the_middle_goes_only_one_way(plant):
    coil, blank, shaft = make_chain(plant)

    assert depth_rows(trace(blank, "backward")) == [("B1", 0), ("S1", 1)]
    assert depth_rows(trace(blank, "forward")) == [("B1", 0), ("F1", 1)]


def test_a_lot_without_genealogy_traces_to_itself(plant):
    coil = receive_lot(plant, "S9")

    for direction in ("backward", "forward"):
        result = trace(coil, direction)
        assert depth_rows(result) == [("S9", 0)]
        assert result.links == []


def test_tracing_no_lots_gives_an_empty_trace(plant):
    make_chain(plant)

    for direction in ("backward", "forward"):
        result = trace([], direction)
        assert (result.lots, result.links, result.roots) == ([], [], [])
