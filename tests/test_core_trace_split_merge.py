"""Golden genealogies: split and merge keep genealogy (explicit links with quantities)."""

from decimal import Decimal

import pytest

from lotline.core.models import GenealogyLink
from lotline.core.queries import trace
from lotline.core.services import LedgerError, consume, merge, produce, split
from tests.core_fixtures import (
    depth_rows,
    fast_password_hashing,  # noqa: F401
    link_rows,
    on_hand,
    receive_lot,
)

EXPLICIT = GenealogyLink.Basis.EXPLICIT
IMPLICIT = GenealogyLink.Basis.IMPLICIT


def test_split_links_the_new_lot_to_its_source_and_keeps_supplier_data(plant):
    coil = receive_lot(plant, "S1", "100")
    part = split(plant.ctx(), lot=coil, quantity="30").lot
    wo = plant.work_order(item=plant.blank)
    consume(plant.ctx(work_order=wo), lot=part, quantity="30")
    blank = produce(plant.ctx(work_order=wo), quantity=10, lot_number="B1").lot

    assert part.number == "STEEL-260302-0013"
    assert (part.origin, part.supplier_lot, part.delivery_id) == ("split", "H-S1", coil.delivery_id)
    assert on_hand(coil) == {"RACK-A": Decimal(70)}
    assert on_hand(part) == {}  # all 30 went into the work order
    back = trace(blank, "backward")
    assert depth_rows(back) == [("B1", 0), ("STEEL-260302-0013", 1), ("S1", 2)]
    assert link_rows(back) == [
        ("S1", "STEEL-260302-0013", EXPLICIT, False, Decimal(30)),
        ("STEEL-260302-0013", "B1", IMPLICIT, False, None),
    ]
    assert [lot.number for lot in back.raw_lots] == ["S1"]
    assert depth_rows(trace(coil, "forward")) == [("S1", 0), ("STEEL-260302-0013", 1), ("B1", 2)]


def test_merge_links_the_new_lot_to_every_merged_lot_with_its_quantity(plant):
    a = receive_lot(plant, "A", "40", supplier_lot="X1")
    b = receive_lot(plant, "B", "60", supplier=plant.supplier2, delivery="DN-2", supplier_lot="X2")

    merged = merge(plant.ctx(), lots=[a, b]).lot

    assert merged.number == "STEEL-260302-0013"
    assert merged.origin == "merged"
    assert on_hand(merged) == {"RACK-A": Decimal(100)}
    assert on_hand(a) == {} and on_hand(b) == {}
    back = trace(merged, "backward")
    assert depth_rows(back) == [("STEEL-260302-0013", 0), ("A", 1), ("B", 1)]
    assert link_rows(back) == [
        ("A", "STEEL-260302-0013", EXPLICIT, False, Decimal(40)),
        ("B", "STEEL-260302-0013", EXPLICIT, False, Decimal(60)),
    ]
    assert back.deliveries == [("Acme Metals", "DN-2"), ("SteelCo", "DN-1")]
    assert depth_rows(trace(a, "forward")) == [("A", 0), ("STEEL-260302-0013", 1)]


def test_split_then_merge_back_is_a_diamond_traced_once_per_lot(plant):
    coil = receive_lot(plant, "S1", "100")
    left = split(plant.ctx(), lot=coil, quantity="30").lot
    right = split(plant.ctx(), lot=coil, quantity="20").lot
    merged = merge(plant.ctx(), lots=[left, right]).lot

    forward = trace(coil, "forward")

    assert depth_rows(forward) == [
        ("S1", 0),
        ("STEEL-260302-0013", 1),
        ("STEEL-260302-0021", 1),
        ("STEEL-260302-0030", 2),
    ]
    assert merged.number == "STEEL-260302-0030"
    assert len(forward.links) == 4
    assert on_hand(coil) == {"RACK-A": Decimal(50)}
    assert on_hand(merged) == {"RACK-A": Decimal(50)}


def test_split_and_merge_may_name_the_new_lot_and_refuse_a_used_number(plant):
    coil = receive_lot(plant, "S1", "100")
    part = split(plant.ctx(), lot=coil, quantity="30", lot_number="cut-7").lot
    rest = split(plant.ctx(), lot=coil, quantity="20").lot
    assert (part.number, part.origin) == ("CUT-7", "split")
    merged = merge(plant.ctx(), lots=[part, rest], lot_number="BUNDLE-1").lot
    assert (merged.number, on_hand(merged)) == ("BUNDLE-1", {"RACK-A": Decimal(50)})
    with pytest.raises(LedgerError) as refused:
        split(plant.ctx(), lot=coil, quantity="10", lot_number="CUT-7")
    assert (refused.value.code, refused.value.message) == (
        "duplicate_lot_number",
        "Lot number CUT-7 is already used.",
    )
    assert on_hand(coil) == {"RACK-A": Decimal(50)}
