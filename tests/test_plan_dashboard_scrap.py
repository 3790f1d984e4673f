"""Dashboard scrap rate: scrap of every lot made in the plant counts (produced, split off or merged from a
produced lot, at any depth); scrap of received stock is reported apart, never in the rate."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lotline.core.services import merge, produce, receive, scrap, split
from lotline.planning.queries import dashboard


@pytest.fixture
def scrapped(plant):
    """SHAFT: 100 made, 7 scrapped (3 on the produced lot, 2 on a split, 1 on a split of the split, 1 on a
    merge of splits). BLANK: 40 made, 3 scrapped on a split. STEEL (received): 5 kg scrapped."""
    plant.clock = timezone.now() - timedelta(days=1)
    shafts = plant.work_order()
    made = produce(plant.ctx(work_order=shafts, machine=plant.lathe), quantity=100).lot
    scrap(plant.ctx(), lot=made, quantity=3, reason="set-up pieces")
    part = split(plant.ctx(), lot=made, quantity=20).lots[0]
    scrap(plant.ctx(), lot=part, quantity=2, reason="dropped")
    smaller = split(plant.ctx(), lot=part, quantity=10).lots[0]
    scrap(plant.ctx(), lot=smaller, quantity=1, reason="scratched")
    other = split(plant.ctx(), lot=made, quantity=5).lots[0]
    merged = merge(plant.ctx(), lots=[smaller, other]).lots[0]
    scrap(plant.ctx(), lot=merged, quantity=1, reason="undersize")

    blanks = plant.work_order(item=plant.blank)
    blank = produce(plant.ctx(work_order=blanks, machine=plant.lathe), quantity=40).lot
    blank_part = split(plant.ctx(), lot=blank, quantity=8).lots[0]
    scrap(plant.ctx(), lot=blank_part, quantity=3, reason="cracked")

    steel = receive(
        plant.ctx(),
        item=plant.steel,
        quantity=500,
        supplier=plant.supplier,
        supplier_lot="S-1",
        delivery_ref="DN-1",
    ).lot
    scrap(plant.ctx(), lot=steel, quantity=1, reason="rusty end")
    bar_end = split(plant.ctx(), lot=steel, quantity=100).lots[0]
    scrap(plant.ctx(), lot=bar_end, quantity=4, reason="bar end too short")
    return plant


def later(plant, days: int = 0):
    return plant.clock + timedelta(days=days, minutes=1)


def test_scrap_on_split_and_merged_lots_counts_in_the_rate(scrapped):
    d = dashboard(scrapped.site, now=later(scrapped))
    rows = {row.item_code: (row.produced, row.scrapped, row.unit, row.rate_pct) for row in d.scrap}
    assert rows == {
        "BLANK": (Decimal(40), Decimal(3), "pcs", Decimal("7.50")),
        "SHAFT": (Decimal(100), Decimal(7), "pcs", Decimal("7.00")),
    }
    assert (d.scrap_rate_pct, d.scrap_unit) == (Decimal("7.14"), "pcs")  # 10 of 140 pcs
    assert [(r.item_code, r.scrapped, r.unit) for r in d.stock_scrap] == [("STEEL", Decimal(5), "kg")]


def test_only_split_scrap_is_no_longer_zero(plant):
    """The demo's case: all scrap on split-off lots (PIN-12 3 + 2 pcs of 50 made)."""
    wo = plant.work_order()
    made = produce(plant.ctx(work_order=wo, machine=plant.lathe), quantity=50).lot
    for quantity in (3, 2):
        part = split(plant.ctx(), lot=made, quantity=10).lots[0]
        scrap(plant.ctx(), lot=part, quantity=quantity, reason="reject")
    d = dashboard(plant.site, now=later(plant))
    assert (d.scrap_rate_pct, d.scrap_unit) == (Decimal("10.00"), "pcs")
    assert d.stock_scrap == []


def test_scrap_outside_the_window_is_left_out(scrapped):
    assert dashboard(scrapped.site, now=later(scrapped, 31)).scrap_rate_pct is None


def test_the_dashboard_page_explains_the_rate(scrapped, sam):
    page = sam.get("/plan/dashboard/").content.decode()
    assert '<span class="kpi-n">7.14 %</span>' in page
    assert (
        "Scrap rate: scrap of lots made in the plant (produced, or split off or merged from a produced lot)"
        in page
    )
    assert "Scrap of received stock, not in the rate:" in page and "STEEL 5 kg" in page


def test_scrap_without_output_in_the_window_has_no_rate_rather_than_zero():
    from lotline.planning.queries.dashboard import ScrapRow

    assert ScrapRow("SHAFT", Decimal(0), Decimal(2), "pcs").rate_pct is None
    assert ScrapRow("SHAFT", Decimal(50), Decimal(2), "pcs").rate_pct == Decimal("4.00")
