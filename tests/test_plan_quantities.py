"""Planning pages show every quantity with its unit and without trailing zeros (lotline.lib.quantities'
format_amount, through the ``qty`` template filter): "1992.4 kg", "53 pcs", never "1992.400" or
"112.500 kg"."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from lotline.core.models import WorkOrder
from lotline.core.services import receive
from lotline.web.templatetags.quantities import qty
from tests.test_planning_plant import Golden, local

S = WorkOrder.Status


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("112.500000"), "kg", "112.5 kg"),
        (Decimal("12.5"), "kg", "12.5 kg"),
        (Decimal("53.000000"), "pcs", "53 pcs"),
        (Decimal("1992.400"), "kg", "1992.4 kg"),
        (Decimal("0.000000"), "kg", "0 kg"),
        (Decimal("-0.000000"), "kg", "0 kg"),
        (Decimal("0.000125"), "kg", "0.000125 kg"),
        (Decimal("1E+3"), "pcs", "1000 pcs"),
        (7, "pcs", "7 pcs"),
        (Decimal("30.000000"), "", "30"),
        (None, "kg", "—"),
    ],
)
def test_qty(value, unit, shown):
    assert qty(value, unit) == shown


def test_qty_writes_the_readers_decimal_separator():
    with translation.override("de"):
        assert qty(Decimal("112.500000"), "kg") == "112,5 kg"


@pytest.fixture
def availability_plan(plant):
    golden = Golden(plant)
    plant.work_order(machine=plant.lathe, planned_start=local(2026, 3, 2, 6), status=S.PLANNED)
    plant.work_order(
        machine=plant.lathe, planned_start=local(2026, 3, 3, 6), due_date=date(2026, 3, 4), status=S.RELEASED
    )
    common = {"supplier": plant.supplier, "delivery_ref": "DN-1"}
    receive(plant.ctx(), item=golden.paint, quantity="1992.400", supplier_lot="P-1", **common)
    receive(plant.ctx(), item=plant.blank, quantity=53, supplier_lot="B-1", **common)
    return golden


def test_availability_shows_units_on_every_quantity(availability_plan, sam):
    page = sam.get("/plan/availability/").content.decode()
    # PAINT: 200 SHAFT × 12.5 g × 1.1 = 2.75 kg needed, 1992.4 kg on hand.
    assert '<td class="num">2.75 kg</td><td class="num">1992.4 kg</td><td class="num">0 kg</td>' in page
    # BLANK (made): 200 × 1.02 = 204 pcs needed, 53 on hand, 151 still to plan → 150.6225 kg STEEL short.
    assert '<td class="num">204 pcs</td><td class="num">53 pcs</td><td class="num">0 pcs</td>' in page
    assert "(made; 151 pcs still to plan)" in page
    assert '<td>STEEL Steel bar 40</td><td class="num">150.6225 kg</td>' in page
    assert "1992.400" not in page and ".000" not in page


def test_the_work_order_page_shows_units(availability_plan, sam):
    page = sam.get("/plan/work-orders/WO-002/").content.decode()
    assert "100 pcs" in page and "scrapped 0 pcs" in page
    assert "setup 30 min, run 1.5 min per unit" in page
