"""Golden genealogies for the work-order link rule (lotline/core/services/production.py).

Implicit links go from every lot consumed on the work order at or before an output's time to that output.
A link I → O is *ambiguous* when I has more than one output on the work order AND O has more than one
input there; explicit inputs (named by the operator) are never ambiguous.
"""

from datetime import timedelta
from decimal import Decimal

from lotline.core.models import GenealogyLink
from lotline.core.queries import recall_scope, trace
from lotline.core.services import consume, produce
from tests.core_fixtures import depth_rows, fast_password_hashing, link_rows, on_hand, receive_lot  # noqa: F401

EXPLICIT = GenealogyLink.Basis.EXPLICIT
IMPLICIT = GenealogyLink.Basis.IMPLICIT


def test_consume_a_produce_x_consume_b_produce_y(plant):
    a = receive_lot(plant, "A")
    b = receive_lot(plant, "B")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=a, quantity=10)
    x = produce(plant.ctx(work_order=wo), quantity=5, lot_number="X").lot
    consume(plant.ctx(work_order=wo), lot=b, quantity=10)
    y = produce(plant.ctx(work_order=wo), quantity=5, lot_number="Y").lot

    # A went into X for sure (X had only A); A may have run on into Y; B cannot be in X.
    assert link_rows(trace(a, "forward")) == [
        ("A", "X", IMPLICIT, False, None),
        ("A", "Y", IMPLICIT, True, None),
    ]
    assert depth_rows(trace(a, "forward")) == [("A", 0), ("X", 1), ("Y", 1)]
    assert depth_rows(trace(x, "backward")) == [("X", 0), ("A", 1)]
    back_y = trace(y, "backward")
    assert depth_rows(back_y) == [("Y", 0), ("A", 1), ("B", 1)]
    assert link_rows(back_y) == [("A", "Y", IMPLICIT, True, None), ("B", "Y", IMPLICIT, False, None)]
    assert depth_rows(trace(b, "forward")) == [("B", 0), ("Y", 1)]

    scope = recall_scope([a])
    assert scope.lot_numbers == ["A", "X", "Y"]
    assert [scope.describe_link(link) for link in scope.ambiguous_links] == ["A → Y"]
    assert recall_scope([b]).ambiguous_links == []


def test_two_inputs_then_two_outputs_are_all_ambiguous(plant):
    a = receive_lot(plant, "A")
    b = receive_lot(plant, "B")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=a, quantity=10)
    consume(plant.ctx(work_order=wo), lot=b, quantity=10)
    x = produce(plant.ctx(work_order=wo), quantity=5, lot_number="X").lot
    produce(plant.ctx(work_order=wo), quantity=5, lot_number="Y")

    assert link_rows(trace(a, "forward")) == [
        ("A", "X", IMPLICIT, True, None),
        ("A", "Y", IMPLICIT, True, None),
    ]
    assert link_rows(trace(x, "backward")) == [
        ("A", "X", IMPLICIT, True, None),
        ("B", "X", IMPLICIT, True, None),
    ]


def test_two_inputs_one_output_are_certain(plant):
    a = receive_lot(plant, "A")
    b = receive_lot(plant, "B")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=a, quantity=10)
    consume(plant.ctx(work_order=wo), lot=b, quantity=10)
    x = produce(plant.ctx(work_order=wo), quantity=5, lot_number="X").lot

    assert link_rows(trace(x, "backward")) == [
        ("A", "X", IMPLICIT, False, None),
        ("B", "X", IMPLICIT, False, None),
    ]


def test_explicit_inputs_are_linked_with_quantities_and_never_ambiguous(plant):
    a = receive_lot(plant, "A", "100")
    b = receive_lot(plant, "B", "100")
    c = receive_lot(plant, "C", "100")
    wo = plant.work_order()
    named_at = plant.tick()
    x = produce(
        plant.ctx(work_order=wo, occurred_at=named_at),
        quantity=5,
        lot_number="X",
        inputs=[(a, "30"), ("b", "20.5")],
    ).lot
    # A scan back-dated to before X must not join X: X's inputs were named.
    consume(plant.ctx(work_order=wo, occurred_at=named_at - timedelta(seconds=10)), lot=c, quantity=7)
    y = produce(plant.ctx(work_order=wo), quantity=5, lot_number="Y", inputs=[(a, "10")]).lot
    z = produce(plant.ctx(work_order=wo), quantity=2, lot_number="Z").lot

    assert link_rows(trace(x, "backward")) == [
        ("A", "X", EXPLICIT, False, Decimal(30)),
        ("B", "X", EXPLICIT, False, Decimal("20.5")),
    ]
    assert link_rows(trace(a, "forward")) == [
        ("A", "X", EXPLICIT, False, Decimal(30)),
        ("A", "Y", EXPLICIT, False, Decimal(10)),
    ]
    assert depth_rows(trace(z, "backward")) == [("Z", 0), ("C", 1)]
    assert link_rows(trace(c, "forward")) == [("C", "Z", IMPLICIT, False, None)]
    assert on_hand(a) == {"RACK-A": Decimal(60)}
    assert on_hand(b) == {"RACK-A": Decimal("79.5")}
    assert on_hand(c) == {"RACK-A": Decimal(93)}
    assert (on_hand(x), on_hand(y), on_hand(z)) == (
        {"RACK-A": Decimal(5)},
        {"RACK-A": Decimal(5)},
        {"RACK-A": Decimal(2)},
    )


def test_a_back_dated_consumption_links_to_outputs_made_after_it_only(plant):
    a = receive_lot(plant, "A")
    b = receive_lot(plant, "B")
    c = receive_lot(plant, "C")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=a, quantity=10)
    x_at = plant.tick(10)
    x = produce(plant.ctx(work_order=wo, occurred_at=x_at), quantity=5, lot_number="X").lot
    y_at = plant.tick(10)
    y = produce(plant.ctx(work_order=wo, occurred_at=y_at), quantity=5, lot_number="Y").lot
    # Typed in later from paper: B went in between X and Y, C before X.
    consume(plant.ctx(work_order=wo, occurred_at=x_at + timedelta(minutes=5)), lot=b, quantity=10)
    consume(plant.ctx(work_order=wo, occurred_at=x_at - timedelta(minutes=5)), lot=c, quantity=10)

    assert link_rows(trace(b, "forward")) == [("B", "Y", IMPLICIT, False, None)]
    assert link_rows(trace(c, "forward")) == [
        ("C", "X", IMPLICIT, True, None),
        ("C", "Y", IMPLICIT, True, None),
    ]
    assert link_rows(trace(x, "backward")) == [
        ("A", "X", IMPLICIT, True, None),
        ("C", "X", IMPLICIT, True, None),
    ]
    assert depth_rows(trace(y, "backward")) == [("Y", 0), ("A", 1), ("B", 1), ("C", 1)]
    links = GenealogyLink.objects.filter(parent=c).order_by("child__number")
    assert [(link.child.number, link.event.kind, link.consume_event.kind) for link in links] == [
        ("X", "produce", "consume"),
        ("Y", "produce", "consume"),
    ]
