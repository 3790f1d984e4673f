"""Back-dated events may not reach before a lot came into being (``before_lot_existed``).

The plant's clock starts at 2026-03-02 06:00 UTC and ticks a minute per event; the site is in
Europe/Warsaw (UTC+1 in March), so messages read one hour later than the UTC times. Times from two devices
are compared with the clock tolerance (CLOCK_SKEW, 5 minutes), so "before" here is six minutes before.
"""

from datetime import timedelta
from unittest import mock

import pytest

from lotline.core.models import Location
from lotline.core.services import (
    Consumption,
    adjust,
    consume,
    consume_many,
    hold,
    merge,
    move,
    produce,
    release,
    scrap,
    ship,
    split,
)
from lotline.core.services.context import CLOCK_SKEW
from tests.core_fixtures import assert_refused, fast_password_hashing, ledger_counts, receive_lot  # noqa: F401

RECEIVED = "Lot S1 was received on 2026-03-02 07:01; an event before that time cannot involve it."


@pytest.fixture
def coil(plant):
    lot = receive_lot(plant, "S1", "100")  # 06:01 UTC = 07:01 in Warsaw
    assert plant.clock == lot.created_at
    return lot


def before(lot, **kwargs):
    return {"occurred_at": lot.created_at - CLOCK_SKEW - timedelta(minutes=1), **kwargs}


def refused_before(call, message: str) -> None:
    refused = assert_refused(call, "before_lot_existed", field="occurred_at")
    assert refused.message == message


def test_consume_before_the_lot_was_received_is_refused(plant, coil):
    wo = plant.work_order()

    refused_before(lambda: consume(plant.ctx(**before(coil, work_order=wo)), lot=coil, quantity=5), RECEIVED)


def test_consume_at_the_moment_of_receipt_or_within_the_clock_tolerance_is_accepted(plant, coil):
    wo = plant.work_order()

    consume(plant.ctx(work_order=wo, occurred_at=coil.created_at), lot=coil, quantity=5)
    # A tablet whose clock lags the receiving desk's by up to five minutes: a clock, not a back-dated scan.
    consume(plant.ctx(work_order=wo, occurred_at=coil.created_at - CLOCK_SKEW), lot=coil, quantity=5)
    refused_before(
        lambda: consume(
            plant.ctx(work_order=wo, occurred_at=coil.created_at - CLOCK_SKEW - timedelta(seconds=1)),
            lot=coil,
            quantity=5,
        ),
        RECEIVED,
    )


def test_produce_with_a_named_input_before_it_existed_is_refused(plant, coil):
    wo = plant.work_order()

    refused_before(
        lambda: produce(plant.ctx(**before(coil, work_order=wo)), quantity=5, inputs=[(coil, 5)]), RECEIVED
    )


def test_an_output_may_not_predate_an_input_consumed_before_the_rule(plant, coil):
    """A consumption back-dated before its lot (recorded before this rule) cannot pull an output back."""
    wo = plant.work_order()
    with mock.patch("lotline.core.services.lots.check_existed"):
        consume(plant.ctx(**before(coil, work_order=wo)), lot=coil, quantity=5)

    refused_before(lambda: produce(plant.ctx(**before(coil, work_order=wo)), quantity=5), RECEIVED)
    produce(plant.ctx(work_order=wo), quantity=5)  # made now: after the coil arrived


def test_ship_split_merge_move_before_the_lot_existed_are_refused(plant, coil):
    other = receive_lot(plant, "S2", "50")
    rack_b = Location.objects.get(code="RACK-B")

    refused_before(
        lambda: ship(plant.ctx(**before(coil)), customer=plant.customer, document="INV-1", lines=[(coil, 1)]),
        RECEIVED,
    )
    refused_before(lambda: split(plant.ctx(**before(coil)), lot=coil, quantity=10), RECEIVED)
    refused_before(
        lambda: merge(plant.ctx(**before(other)), lots=[other, coil]),
        "Lot S2 was received on 2026-03-02 07:02; an event before that time cannot involve it.",
    )
    refused_before(lambda: move(plant.ctx(**before(coil)), lot=coil, to_location=rack_b), RECEIVED)


def test_scrap_adjust_hold_release_before_the_lot_existed_are_refused(plant, coil):
    refused_before(lambda: scrap(plant.ctx(**before(coil)), lot=coil, quantity=1, reason="rust"), RECEIVED)
    refused_before(lambda: adjust(plant.ctx(**before(coil)), lot=coil, delta="-1", reason="count"), RECEIVED)
    refused_before(lambda: hold(plant.ctx(**before(coil)), lots=[coil], reason="check"), RECEIVED)
    hold(plant.ctx(), lots=[coil], reason="check")
    refused_before(lambda: release(plant.ctx(**before(coil)), lots=[coil], reason="fine"), RECEIVED)


def test_made_split_and_merged_lots_name_how_they_came_into_being(plant, coil):
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=coil, quantity=10)
    made = produce(plant.ctx(work_order=wo), quantity=4, lot_number="F1").lot  # 06:03 UTC
    part = split(plant.ctx(), lot=coil, quantity=20).lot  # 06:04 UTC
    whole = merge(plant.ctx(), lots=[coil, part]).lot  # 06:05 UTC

    refused_before(
        lambda: scrap(plant.ctx(**before(made)), lot=made, quantity=1, reason="burr"),
        "Lot F1 was made on 2026-03-02 07:03; an event before that time cannot involve it.",
    )
    refused_before(
        lambda: scrap(plant.ctx(**before(part)), lot=part, quantity=1, reason="burr"),
        f"Lot {part.number} was split off on 2026-03-02 07:04; an event before that time cannot involve it.",
    )
    refused_before(
        lambda: scrap(plant.ctx(**before(whole)), lot=whole, quantity=1, reason="burr"),
        f"Lot {whole.number} was merged on 2026-03-02 07:05; an event before that time cannot involve it.",
    )


def test_consume_many_refuses_the_back_dated_row_and_writes_nothing(plant, coil):
    wo = plant.work_order()
    rows = [
        Consumption(wo, coil, "5", occurred_at=plant.tick()),
        Consumption(wo, coil, "5", occurred_at=coil.created_at - timedelta(days=30)),
    ]
    counts = ledger_counts()

    outcome = consume_many(user=plant.operator, site=plant.site, rows=rows)

    assert [(index, e.code, e.field, e.message) for index, e in outcome.refused] == [
        (1, "before_lot_existed", "occurred_at", RECEIVED)
    ]
    assert outcome.recorded == 0
    assert ledger_counts() == counts
