"""Corrections: a new event that reverses the original's lines (stock returns) and voids its links (the
trace no longer shows the path); refused when already corrected, when the lots were used since, or for
a hold/release. History stays: the original event and its links are still there."""

from datetime import UTC, datetime
from decimal import Decimal

from lotline.core.models import Event, EventLine, GenealogyLink, LinkVoid
from lotline.core.queries import recall_scope, trace
from lotline.core.services import consume, correct, hold, produce, receive, release, ship, split
from tests.core_fixtures import (  # noqa: F401
    assert_refused,
    depth_rows,
    fast_password_hashing,
    on_hand,
    receive_lot,
)


def test_correcting_a_consume_voids_its_links_and_restores_stock(plant):
    right = receive_lot(plant, "RIGHT", "100")
    wrong = receive_lot(plant, "WRONG", "100")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=right, quantity=10)
    mistake = consume(plant.ctx(work_order=wo), lot=wrong, quantity=10).event
    x = produce(plant.ctx(work_order=wo), quantity=5, lot_number="X").lot
    assert depth_rows(trace(x, "backward")) == [("X", 0), ("RIGHT", 1), ("WRONG", 1)]

    fix = correct(plant.ctx(user=plant.supervisor), event=mistake.uid, reason="scanned the wrong coil")

    assert (fix.event.kind, fix.event.corrects_id, fix.event.reason) == (
        "correct",
        mistake.pk,
        "scanned the wrong coil",
    )
    assert [lot.number for lot in fix.lots] == ["WRONG"]
    assert on_hand(wrong) == {"RACK-A": Decimal(100)}
    assert depth_rows(trace(x, "backward")) == [("X", 0), ("RIGHT", 1)]
    assert depth_rows(trace(wrong, "forward")) == [("WRONG", 0)]
    assert recall_scope([wrong]).lot_numbers == ["WRONG"]
    # The consumed bucket nets to zero: the correction line keeps the consume kind and direction.
    scope = recall_scope([wrong])
    assert (scope.lots[0].made, scope.lots[0].used, scope.lots[0].unexplained) == (Decimal(100), 0, 0)
    # History is kept: the link row stays, voided by the correction.
    link = GenealogyLink.objects.get(parent=wrong)
    assert LinkVoid.objects.get(link=link).correction_id == fix.event.pk
    # A later output on the work order does not pick the corrected consumption up again.
    y = produce(plant.ctx(work_order=wo), quantity=5, lot_number="Y").lot
    assert depth_rows(trace(y, "backward")) == [("Y", 0), ("RIGHT", 1)]


def test_correcting_a_produce_removes_the_lot_from_traces_and_stock(plant):
    coil = receive_lot(plant, "S1", "100")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=coil, quantity=10)
    made = produce(plant.ctx(work_order=wo), quantity=5, lot_number="X", inputs=[(coil, 3)])

    correct(plant.ctx(user=plant.supervisor), event=made.event, reason="wrong quantity")

    assert on_hand(made.lot) == {}
    assert on_hand(coil) == {"RACK-A": Decimal(90)}  # the named input returns; the earlier consume stands
    assert depth_rows(trace(coil, "forward")) == [("S1", 0)]
    # A consumption recorded after the corrected output does not link to it either.
    consume(plant.ctx(work_order=wo), lot=coil, quantity=1)
    assert GenealogyLink.objects.filter(child=made.lot).count() == 1  # only the voided explicit link


def test_correcting_a_ship_returns_the_stock_and_drops_the_customer(plant):
    coil = receive_lot(plant, "S1", "100")
    shipped = ship(plant.ctx(), customer=plant.customer, document="INV-1", lines=[(coil, 30)]).event
    ship(plant.ctx(), customer=plant.customer2, document="INV-2", lines=[(coil, 20)])

    correct(plant.ctx(user=plant.supervisor), event=shipped, reason="truck never left")

    assert on_hand(coil) == {"RACK-A": Decimal(80)}
    scope = recall_scope([coil])
    assert [(s.shipment, s.quantity) for s in scope.shipments] == [("INV-2", Decimal(20))]
    assert [c.code for c in scope.customers] == ["CARS"]
    assert scope.lots[0].shipped == Decimal(20)
    reversal = EventLine.objects.get(event__kind="correct")
    assert (reversal.kind, reversal.direction, reversal.quantity) == ("ship", -1, Decimal(30))


def test_correcting_a_split_voids_the_link_and_returns_the_stock(plant):
    coil = receive_lot(plant, "S1", "100")
    part = split(plant.ctx(), lot=coil, quantity=30)
    correct(plant.ctx(), event=part.event, reason="not needed")
    assert on_hand(coil) == {"RACK-A": Decimal(100)}
    assert depth_rows(trace(coil, "forward")) == [("S1", 0)]


def test_a_correction_is_refused_twice(plant):
    coil = receive_lot(plant, "S1", "100")
    wo = plant.work_order()
    consumed = consume(plant.ctx(work_order=wo), lot=coil, quantity=10).event
    correct(plant.ctx(recorded_at=datetime(2026, 11, 25, 17, 48, tzinfo=UTC)), event=consumed, reason="wrong")

    error = assert_refused(lambda: correct(plant.ctx(), event=consumed, reason="again"), "already_corrected")
    # On the site's clock (Europe/Warsaw, UTC+1 in November), as people read it.
    assert error.message == "That event was already corrected on 2026-11-25 18:48."
    correction = Event.objects.get(kind="correct")
    error = assert_refused(
        lambda: correct(plant.ctx(), event=correction, reason="undo"), "not_correctable", field="event"
    )
    assert error.message == (
        "A correction cannot itself be corrected; if the original event was right after all, record it again."
    )


def test_a_correction_is_refused_when_the_lots_were_used_since(plant):
    coil = receive(
        plant.ctx(),
        item=plant.steel,
        quantity=100,
        supplier=plant.supplier,
        supplier_lot="H1",
        delivery_ref="DN-1",
    )
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=coil.lot, quantity=60)
    made = produce(plant.ctx(work_order=wo), quantity=5)
    ship(plant.ctx(), customer=plant.customer, document="INV-1", lines=[(made.lot, 1)])

    error = assert_refused(
        lambda: correct(plant.ctx(), event=coil.event, reason="wrong supplier"), "used_since"
    )
    assert error.message.endswith("Correct the later events that used it first.")
    assert_refused(lambda: correct(plant.ctx(), event=made.event, reason="wrong"), "used_since")


def test_other_correction_refusals(plant):
    coil = receive_lot(plant, "S1", "100")
    held = hold(plant.ctx(), lots=[coil], reason="lab").event
    error = assert_refused(lambda: correct(plant.ctx(), event=held, reason="oops"), "not_correctable")
    assert error.message == "A hold is not corrected; record a release instead."
    released = release(plant.ctx(), lots=[coil], reason="lab fine").event
    error = assert_refused(lambda: correct(plant.ctx(), event=released, reason="oops"), "not_correctable")
    assert error.message == "A release is not corrected; record a hold instead."
    assert_refused(lambda: correct(plant.ctx(), event=held, reason="  "), "missing_reason", field="reason")
    assert_refused(lambda: correct(plant.ctx(), event="not-an-id", reason="x"), "unknown_event")
    assert_refused(
        lambda: correct(plant.ctx(), event="6f1c7a3e-0000-4000-8000-000000000000", reason="x"),
        "unknown_event",
    )
