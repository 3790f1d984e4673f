"""Refused lots: unknown (with a hint when the check character is wrong), held / quarantined / recalled,
expired, at another site, a duplicate or malformed lot number — each with its code, nothing written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lotline.core.models import Location, Lot, Site
from lotline.core.services import EventContext, consume, hold, merge, produce, receive, ship, split
from tests.core_fixtures import assert_refused, fast_password_hashing, receive_lot  # noqa: F401


def test_an_unknown_lot_is_refused(plant):
    wo = plant.work_order()
    error = assert_refused(
        lambda: consume(plant.ctx(work_order=wo), lot="NOPE-1", quantity=1), "unknown_lot", field="lot"
    )
    assert error.message == "No lot NOPE-1 is known here."
    assert_refused(
        lambda: ship(plant.ctx(), customer=plant.customer, document="D1", lines=[("", 1)]),
        "unknown_lot",
        field="lines[0].lot",
    )
    assert_refused(
        lambda: produce(plant.ctx(work_order=wo), quantity=1, inputs=[("X", 1)]),
        "unknown_lot",
        field="inputs[0].lot",
    )
    assert_refused(lambda: merge(plant.ctx(), lots=["A", "B"]), "unknown_lot", field="lots[0]")


def test_a_mistyped_check_character_gets_a_hint(plant):
    coil = receive(
        plant.ctx(),
        item=plant.steel,
        quantity=5,
        supplier=plant.supplier,
        supplier_lot="H1",
        delivery_ref="DN-1",
    ).lot
    assert coil.number == "STEEL-260302-0013"
    wo = plant.work_order()

    error = assert_refused(
        lambda: consume(plant.ctx(work_order=wo), lot="steel-260302-0014", quantity=1), "unknown_lot"
    )
    assert error.message == "No lot STEEL-260302-0014. The last character does not match — was it mistyped?"
    # Typed in lower case with spaces around, the right number is found.
    assert consume(plant.ctx(work_order=wo), lot=" steel-260302-0013 ", quantity=1).lot == coil


@pytest.mark.parametrize("status", [Lot.Status.ON_HOLD, Lot.Status.QUARANTINED, Lot.Status.RECALLED])
def test_a_held_lot_is_not_consumed_shipped_split_or_merged(plant, status):
    coil = receive_lot(plant, "S1", "100")
    other = receive_lot(plant, "S2", "100")
    # The hold goes through another handle: services must not trust the caller's (stale) Lot object.
    hold(plant.ctx(user=plant.supervisor), lots=["S1"], reason="lab", status=status)
    assert coil.status == Lot.Status.RELEASED
    wo = plant.work_order()
    calls = [
        lambda: consume(plant.ctx(work_order=wo), lot=coil, quantity=1),
        lambda: produce(plant.ctx(work_order=wo), quantity=1, inputs=[(coil, 1)]),
        lambda: ship(plant.ctx(), customer=plant.customer, document="INV-1", lines=[(other, 1), (coil, 1)]),
        lambda: split(plant.ctx(), lot=coil, quantity=1),
        lambda: merge(plant.ctx(), lots=[other, coil]),
    ]
    for index, call in enumerate(calls):
        error = assert_refused(call, "lot_not_released", field="inputs[0].lot" if index == 1 else "lot")
        assert error.message.startswith(f"Lot S1 is {Lot.Status(status).label} — do not ")


def test_an_expired_lot_is_refused_but_usable_on_its_last_day(plant):
    today = timezone.localdate(plant.clock)
    old = receive_lot(plant, "OLD", "10", expires_on=today - timedelta(days=1))
    last_day = receive_lot(plant, "LAST", "10", expires_on=today)
    wo = plant.work_order()

    error = assert_refused(lambda: consume(plant.ctx(work_order=wo), lot=old, quantity=1), "lot_expired")
    assert error.message == "Lot OLD expired on 2026-03-01 — do not consume it."
    assert_refused(
        lambda: ship(plant.ctx(), customer=plant.customer, document="D", lines=[(old, 1)]), "lot_expired"
    )
    consume(plant.ctx(work_order=wo), lot=last_day, quantity=1)


def test_a_lot_at_another_site_is_refused(plant):
    elsewhere = Site.objects.create(code="B2", name="Branch", timezone="UTC")
    Location.objects.create(site=elsewhere, code="DOCK", is_default=True)
    far = receive(
        EventContext(user=plant.operator, site=elsewhere, occurred_at=plant.tick()),
        item=plant.steel,
        quantity=5,
        supplier=plant.supplier,
        supplier_lot="H1",
        delivery_ref="DN-B2",
    ).lot
    wo = plant.work_order()

    error = assert_refused(lambda: consume(plant.ctx(work_order=wo), lot=far, quantity=1), "wrong_site")
    assert error.message == f"Lot {far.number} is at site B2, not here."
    assert_refused(
        lambda: ship(plant.ctx(), customer=plant.customer, document="D", lines=[(far, 1)]), "wrong_site"
    )
    # The same delivery note cannot be received at two sites.
    assert_refused(lambda: receive_lot(plant, "S1", delivery="DN-B2"), "wrong_site", field="delivery_ref")


def test_a_duplicate_lot_number_is_refused(plant):
    receive_lot(plant, "S1")
    wo = plant.work_order()
    error = assert_refused(
        lambda: receive_lot(plant, "s1", delivery="DN-NEW"), "duplicate_lot_number", field="lot_number"
    )
    assert error.message == "Lot number S1 is already used."
    assert_refused(
        lambda: produce(plant.ctx(work_order=wo), quantity=1, lot_number="S1"), "duplicate_lot_number"
    )


@pytest.mark.parametrize("number", ["A B", "ÄPFEL", "X" * 21, "-LEAD"])
def test_a_malformed_lot_number_is_refused(plant, number):
    assert_refused(lambda: receive_lot(plant, number), "bad_lot_number", field="lot_number")


def test_twenty_characters_are_enough(plant):
    assert receive_lot(plant, "A" * 20).number == "A" * 20


def test_a_time_in_the_future_or_without_a_zone_is_refused(plant):
    error = assert_refused(
        lambda: plant.ctx(occurred_at=timezone.now() + timedelta(minutes=6)),
        "future_time",
        field="occurred_at",
    )
    assert "future" in error.message
    plant.ctx(occurred_at=timezone.now() + timedelta(minutes=4))  # clock skew within five minutes is fine
    assert_refused(lambda: plant.ctx(occurred_at=timezone.now().replace(tzinfo=None)), "bad_time")
