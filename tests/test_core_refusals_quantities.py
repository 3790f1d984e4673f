"""Refused quantities: zero, negative, not a number, too precise, more than on hand, a unit of another
dimension — each with its code, and nothing written. A unit of the same dimension is converted."""

from decimal import Decimal

import pytest

from lotline.core.models import EventLine
from lotline.core.services import adjust, consume, merge, move, produce, receive, scrap, ship, split
from tests.core_fixtures import assert_refused, fast_password_hashing, on_hand, receive_lot  # noqa: F401

BAD_QUANTITIES = [0, "0", "-1", -5, "abc", "", None, "5 units", "1.0000001", "NaN", "Infinity"]


@pytest.mark.parametrize("quantity", BAD_QUANTITIES)
def test_consume_refuses_a_bad_quantity(plant, quantity):
    coil = receive_lot(plant, "S1", "100")
    wo = plant.work_order()
    assert_refused(
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity=quantity),
        "bad_quantity",
        field="quantity",
    )


@pytest.mark.parametrize("quantity", [0, "-3", "x"])
def test_every_service_refuses_a_bad_quantity(plant, quantity):
    coil = receive_lot(plant, "S1", "100")
    wo = plant.work_order()
    calls = [
        lambda: receive(
            plant.ctx(),
            item=plant.steel,
            quantity=quantity,
            supplier=plant.supplier,
            supplier_lot="H9",
            delivery_ref="DN-9",
        ),
        lambda: produce(plant.ctx(work_order=wo), quantity=quantity),
        lambda: produce(plant.ctx(work_order=wo), quantity=1, inputs=[(coil, quantity)]),
        lambda: ship(plant.ctx(), customer=plant.customer, document="INV-1", lines=[(coil, quantity)]),
        lambda: split(plant.ctx(), lot=coil, quantity=quantity),
        lambda: move(plant.ctx(), lot=coil, to_location=plant.rack_b, quantity=quantity),
        lambda: scrap(plant.ctx(), lot=coil, quantity=quantity, reason="dropped"),
    ]
    for call in calls:
        assert_refused(call, "bad_quantity")
    if quantity != "-3":  # a negative adjustment is a count that came up short, not a bad quantity
        assert_refused(lambda: adjust(plant.ctx(), lot=coil, delta=quantity, reason="count"), "bad_quantity")


def test_more_than_on_hand_is_refused_everywhere(plant):
    coil = receive_lot(plant, "S1", "100")
    other = receive_lot(plant, "S2", "10")
    move(plant.ctx(), lot=coil, to_location=plant.rack_b, quantity=40)
    wo = plant.work_order()
    calls = [
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity="100.000001"),
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity=41, location=plant.rack_b),
        lambda: produce(plant.ctx(work_order=wo), quantity=1, inputs=[(coil, 60), (other, 11)]),
        lambda: ship(plant.ctx(), customer=plant.customer, document="INV-1", lines=[(other, 6), (other, 5)]),
        lambda: split(plant.ctx(), lot=other, quantity=11),
        lambda: move(plant.ctx(), lot=other, to_location=plant.rack_b, quantity=11),
        lambda: scrap(plant.ctx(), lot=other, quantity=11, reason="rust"),
        lambda: adjust(plant.ctx(), lot=other, delta="-11", reason="count"),
    ]
    for index, call in enumerate(calls):
        # A named input is named as such (inputs[1]: `other` is the one short); others say "quantity".
        field = "inputs[1].quantity" if index == 2 else "quantity"
        error = assert_refused(call, "insufficient_stock", field=field)
        assert "has only" in error.message
    assert on_hand(coil) == {"RACK-A": Decimal(60), "RACK-B": Decimal(40)}
    # Exactly what is on hand is fine, taken from both racks.
    consume(plant.ctx(work_order=wo), lot=coil, quantity=100)
    assert on_hand(coil) == {}


def test_nothing_on_hand_refuses_merge_and_move(plant):
    a = receive_lot(plant, "A", "5")
    b = receive_lot(plant, "B", "5")
    scrap(plant.ctx(), lot=a, quantity=5, reason="rust")
    assert_refused(lambda: merge(plant.ctx(), lots=[a, b]), "insufficient_stock")
    assert_refused(lambda: move(plant.ctx(), lot=a, to_location=plant.rack_b), "insufficient_stock")


def test_a_unit_of_another_dimension_is_refused(plant):
    coil = receive_lot(plant, "S1", "100")
    wo = plant.work_order()
    error = assert_refused(
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity=3, unit="pcs"),
        "unit_mismatch",
        field="unit",
    )
    assert error.message == "STEEL is counted in kg, not pcs."
    assert_refused(
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity=3, unit="lb"), "unit_mismatch"
    )
    assert_refused(
        lambda: receive(
            plant.ctx(),
            item=plant.shaft,
            quantity=3,
            unit="kg",
            supplier=plant.supplier,
            supplier_lot="H9",
            delivery_ref="DN-9",
        ),
        "unit_mismatch",
    )
    assert_refused(lambda: produce(plant.ctx(work_order=wo), quantity=3, unit="m"), "unit_mismatch")


def test_grams_of_a_kilogram_item_are_converted(plant):
    coil = receive(
        plant.ctx(),
        item=plant.steel,
        quantity="2500",
        unit="g",
        supplier=plant.supplier,
        supplier_lot="H1",
        delivery_ref="DN-1",
    ).lot
    wo = plant.work_order()
    consumed = consume(plant.ctx(work_order=wo), lot=coil, quantity="1250,5", unit="g").event

    assert on_hand(coil) == {"RACK-A": Decimal("1.2495")}
    line = EventLine.objects.get(event=consumed)
    assert (line.quantity, line.unit, line.direction) == (Decimal("-1.2505"), "kg", -1)
    assert_refused(
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity="0.0001", unit="g"), "bad_quantity"
    )  # 0.0000001 kg is below the ledger's six decimals
