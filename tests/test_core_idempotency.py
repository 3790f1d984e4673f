"""Client event ids: the same id twice returns the first result and writes nothing; the same id with a
different request is refused ("event_id_reused"). A retry must replay even when the world changed in
between (the lot was held, the work order closed, the stock moved on) — that is what makes an offline
scanner's queue safe to resend."""

import uuid

import pytest

from lotline.core.models import WorkOrder
from lotline.core.services import LedgerError, consume, hold, move, produce, receive, ship
from tests.core_fixtures import fast_password_hashing, ledger_counts, receive_lot  # noqa: F401


def assert_replayed(first, again):
    assert again.created is False
    assert first.created is True
    assert again.event.pk == first.event.pk
    assert [lot.pk for lot in again.lots] == [lot.pk for lot in first.lots]


def twice(plant, call, changed_call, between=None):
    """Run ``call(ctx)`` twice under one event id, then ``changed_call`` under it; check all three."""
    uid, at = uuid.uuid4(), plant.tick()
    first = call(plant.ctx(uid=uid, occurred_at=at))
    if between:
        between()
    before = ledger_counts()
    again = call(plant.ctx(uid=str(uid), occurred_at=at))
    assert_replayed(first, again)
    assert ledger_counts() == before
    with pytest.raises(LedgerError) as refused:
        changed_call(plant.ctx(uid=uid, occurred_at=at))
    assert refused.value.code == "event_id_reused"
    assert refused.value.field == "event_id"
    assert ledger_counts() == before
    return first


def test_receive_twice(plant):
    def call(ctx, quantity="100"):
        return receive(
            ctx,
            item=plant.steel,
            quantity=quantity,
            supplier=plant.supplier,
            supplier_lot="H1",
            delivery_ref="DN-1",
        )

    first = twice(plant, call, lambda ctx: call(ctx, quantity="101"))
    assert first.lot.number == "STEEL-260302-0013"


def test_receive_twice_with_a_given_lot_number(plant):
    def call(ctx, supplier_lot="H1"):
        return receive(
            ctx,
            item=plant.steel,
            quantity=5,
            supplier=plant.supplier,
            supplier_lot=supplier_lot,
            delivery_ref="DN-1",
            lot_number="C1",
        )

    twice(plant, call, lambda ctx: call(ctx, supplier_lot="H2"))


def test_consume_twice_even_after_the_lot_was_held_and_the_work_order_closed(plant):
    coil = receive_lot(plant, "S1", "100")
    wo = plant.work_order()

    def close():
        hold(plant.ctx(user=plant.supervisor), lots=[coil], reason="supplier alert")
        WorkOrder.objects.filter(pk=wo.pk).update(status=WorkOrder.Status.DONE)
        wo.status = WorkOrder.Status.DONE

    def call(ctx, quantity="10"):
        return consume(ctx.__class__(**{**ctx.__dict__, "work_order": wo}), lot=coil, quantity=quantity)

    twice(plant, call, lambda ctx: call(ctx, quantity="11"), between=close)


def test_produce_twice(plant):
    coil = receive_lot(plant, "S1", "100")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=coil, quantity=10)

    def call(ctx, quantity=4):
        return produce(
            ctx.__class__(**{**ctx.__dict__, "work_order": wo}), quantity=quantity, inputs=[(coil, 5)]
        )

    def close():
        hold(plant.ctx(), lots=[coil], reason="check")

    first = twice(plant, call, lambda ctx: call(ctx, quantity=5), between=close)
    assert first.lot.number == "SHAFT-260302-001V"


def test_ship_twice_even_after_the_lot_was_held(plant):
    coil = receive_lot(plant, "S1", "100")

    def call(ctx, document="INV-1"):
        return ship(ctx, customer=plant.customer, document=document, lines=[(coil, 30)])

    twice(
        plant,
        call,
        lambda ctx: call(ctx, document="INV-2"),
        between=lambda: hold(plant.ctx(), lots=[coil], reason="complaint"),
    )


def test_hold_twice(plant):
    a = receive_lot(plant, "A")
    b = receive_lot(plant, "B")

    def call(ctx, reason="lab result"):
        return hold(ctx, lots=[b, a], reason=reason, reference="RC-1")

    first = twice(plant, call, lambda ctx: call(ctx, reason="other"))
    assert [lot.number for lot in first.lots] == ["A", "B"]


def test_move_all_twice(plant):
    coil = receive_lot(plant, "S1", "100")

    def call(ctx, to=plant.rack_b):
        return move(ctx, lot=coil, to_location=to)

    twice(plant, call, lambda ctx: call(ctx, to=plant.rack))


def test_the_same_id_for_another_kind_of_event_is_refused(plant):
    uid = uuid.uuid4()
    coil = receive(
        plant.ctx(uid=uid),
        item=plant.steel,
        quantity=5,
        supplier=plant.supplier,
        supplier_lot="H1",
        delivery_ref="DN-1",
    ).lot
    before = ledger_counts()
    with pytest.raises(LedgerError) as refused:
        hold(plant.ctx(uid=uid), lots=[coil], reason="x")
    assert refused.value.code == "event_id_reused"
    assert ledger_counts() == before


def test_an_event_id_that_is_not_a_uuid_is_refused(plant):
    with pytest.raises(LedgerError) as refused:
        plant.ctx(uid="not-a-uuid")
    assert (refused.value.code, refused.value.field) == ("bad_event_id", "event_id")
