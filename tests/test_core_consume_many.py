"""consume_many: the rules of consume() for many rows at once — same ledger, same refusals, all or nothing."""

from decimal import Decimal

import pytest

from lotline.core.models import Event, EventLine, GenealogyLink, StockBalance, WorkOrder
from lotline.core.services import Consumption, consume, consume_many, hold, produce
from tests.core_fixtures import ledger_counts, receive_lot


def ledger_shape():
    """What two ways of recording must agree on: lines, links (by lot numbers), balances."""
    lines = sorted(
        (line.lot.number, line.location.code, line.quantity, line.kind, line.direction)
        for line in EventLine.objects.select_related("lot", "location").filter(kind="consume")
    )
    links = sorted(
        (link.parent.number, link.child.number, link.basis, link.work_order.number)
        for link in GenealogyLink.objects.select_related("parent", "child", "work_order")
    )
    balances = sorted(
        (b.lot.number, b.location.code, b.quantity)
        for b in StockBalance.objects.select_related("lot", "location")
    )
    return lines, links, balances


def scenario(plant, record):
    """Two coils, a work order with an output already made; three consumptions, one back-dated before it."""
    a = receive_lot(plant, "A", 100)
    b = receive_lot(plant, "B", 50)
    wo = plant.work_order()
    early = plant.tick()
    produce(plant.ctx(work_order=wo), quantity=10, lot_number="OUT1")
    rows = [
        Consumption(wo, a, "30", occurred_at=plant.tick()),
        Consumption(wo, b, "20000", unit="g", occurred_at=plant.tick()),
        Consumption(wo, a, "5", occurred_at=early),  # back-dated: links to OUT1
    ]
    record(rows)
    return wo


# Lines, links and balances of the scenario; both ways of recording must give exactly this.
EXPECTED = (
    [
        ("A", "RACK-A", Decimal(-30), "consume", -1),
        ("A", "RACK-A", Decimal(-5), "consume", -1),
        ("B", "RACK-A", Decimal(-20), "consume", -1),
    ],
    [("A", "OUT1", "implicit", "WO-001")],
    [("A", "RACK-A", Decimal(65)), ("B", "RACK-A", Decimal(30)), ("OUT1", "RACK-A", Decimal(10))],
)


def test_one_consume_per_row_gives_the_expected_ledger(plant):
    def one_by_one(rows):
        for row in rows:
            consume(
                plant.ctx(work_order=row.work_order, occurred_at=row.occurred_at),
                lot=row.lot,
                quantity=row.quantity,
                unit=row.unit,
            )

    scenario(plant, one_by_one)
    assert ledger_shape() == EXPECTED


def test_consume_many_gives_the_same_ledger(plant):
    wo = scenario(plant, lambda rows: consume_many(user=plant.operator, site=plant.site, rows=rows))
    assert ledger_shape() == EXPECTED
    assert set(Event.objects.filter(kind="consume").values_list("user__username", flat=True)) == {"olga"}
    wo.refresh_from_db()
    assert wo.status == WorkOrder.Status.IN_PROGRESS


def test_every_refused_row_is_named_and_nothing_is_written(plant):
    a = receive_lot(plant, "A", 100)
    held = receive_lot(plant, "H", 10)
    hold(plant.ctx(user=plant.supervisor), lots=[held], reason="check")
    wo = plant.work_order()
    before = ledger_counts()
    outcome = consume_many(
        user=plant.operator,
        site=plant.site,
        rows=[
            Consumption(wo, a, "60", occurred_at=plant.tick()),
            Consumption(wo, a, "0", occurred_at=plant.tick()),
            Consumption(wo, held, "1", occurred_at=plant.tick()),
            Consumption(wo, a, "50", occurred_at=plant.tick()),  # only 40 left after the first row
            Consumption(wo, a, "1", unit="pcs", occurred_at=plant.tick()),
        ],
    )
    assert [(index, exc.code) for index, exc in outcome.refused] == [
        (1, "bad_quantity"),
        (2, "lot_not_released"),
        (3, "insufficient_stock"),
        (4, "unit_mismatch"),
    ]
    assert outcome.recorded == 0
    assert ledger_counts() == before


def test_the_same_batch_twice_writes_once_and_a_reused_id_is_refused(plant):
    import uuid

    a = receive_lot(plant, "A", 100)
    wo = plant.work_order()
    at = plant.tick()
    rows = [
        Consumption(wo, a, "10", occurred_at=at, uid=uuid.UUID(int=1)),
        Consumption(wo, a, "15", occurred_at=at, uid=uuid.UUID(int=2)),
    ]
    first = consume_many(user=plant.operator, site=plant.site, rows=rows)
    again = consume_many(user=plant.operator, site=plant.site, rows=rows)
    assert (first.recorded, first.replayed, again.recorded, again.replayed) == (2, 0, 0, 2)
    assert StockBalance.objects.get(lot=a).quantity == Decimal(75)
    changed = consume_many(
        user=plant.operator,
        site=plant.site,
        rows=[Consumption(wo, a, "11", occurred_at=at, uid=uuid.UUID(int=1))],
    )
    assert [(i, e.code) for i, e in changed.refused] == [(0, "event_id_reused")]


def test_consume_replays_an_event_the_batch_recorded(plant):
    import uuid

    a = receive_lot(plant, "A", 100)
    wo = plant.work_order()
    at = plant.tick()
    consume_many(
        user=plant.operator,
        site=plant.site,
        rows=[Consumption(wo, a, "10", occurred_at=at, uid=uuid.UUID(int=7))],
    )
    replay = consume(plant.ctx(work_order=wo, occurred_at=at, uid=uuid.UUID(int=7)), lot=a, quantity="10")
    assert replay.created is False
    assert Event.objects.filter(kind="consume").count() == 1


@pytest.mark.parametrize("status", [WorkOrder.Status.PLANNED, WorkOrder.Status.DONE])
def test_a_closed_work_order_refuses_the_rows(plant, status):
    a = receive_lot(plant, "A", 100)
    wo = plant.work_order(status=status)
    outcome = consume_many(
        user=plant.operator, site=plant.site, rows=[Consumption(wo, a, "1", occurred_at=plant.tick())]
    )
    assert [(i, e.code) for i, e in outcome.refused] == [(0, "work_order_closed")]
