"""Mass balance per lot (made = used + shipped + scrapped + on hand ± adjustments) and per work order
(consumption against the recipe's expected yield, with the output item's tolerance)."""

from decimal import Decimal

from lotline.core.models import Recipe, RecipeLine, WorkOrder
from lotline.core.services import consume, produce
from lotline.recall.balance import lot_balance, work_order_balance
from tests.core_fixtures import receive_lot
from tests.test_recall_scope import make_golden


def test_lot_balance_closes_and_lists_adjustments_as_gaps(plant):
    lots = make_golden(plant)

    f2 = lot_balance(lots["F2"])
    s1 = lot_balance(lots["S1"])

    assert (f2.made, f2.used, f2.shipped, f2.scrapped, f2.adjusted, f2.on_hand) == (40, 10, 20, 0, -1, 9)
    assert f2.unexplained == 0
    assert f2.flags == ["-1 pcs adjusted: not traced to a consumer or customer"]
    assert (s1.made, s1.used, s1.on_hand, s1.flags) == (500, 100, 400, [])
    f3 = lot_balance(lots["F3"])
    assert (f3.made, f3.used, f3.scrapped, f3.on_hand, f3.has_gap) == (10, 5, 2, 3, False)


def blank_recipe(plant, expected_yield="0.92"):
    recipe = Recipe.objects.create(item=plant.blank, version=1, expected_yield=Decimal(expected_yield))
    RecipeLine.objects.create(recipe=recipe, component=plant.steel, quantity_per_unit=2, unit="kg")
    return recipe


def cut(plant, recipe, kilos: list[str], blanks: int, first_lot: str):
    wo = plant.work_order(item=plant.blank, machine=plant.saw, recipe=recipe)
    for index, kg in enumerate(kilos):
        coil = receive_lot(plant, f"{first_lot}{index}", "500")
        consume(plant.ctx(work_order=wo), lot=coil, quantity=kg)
    produce(plant.ctx(work_order=wo), quantity=blanks)
    return wo


def test_work_order_within_tolerance(plant):
    # 50 blanks × 2 kg = 100 kg standard; 110 kg used → yield 0.9091 vs 0.92 = −1.2 % (tolerance 2 %).
    wo = cut(plant, blank_recipe(plant), ["60", "50"], 50, "C")

    result = work_order_balance(wo)

    assert (result.output, result.expected_yield, result.tolerance_pct) == (50, Decimal("0.92"), 2)
    [steel] = result.inputs
    assert (
        steel.item_code,
        steel.consumed,
        steel.actual_yield,
        steel.deviation_pct,
        steel.unexplained,
        steel.flagged,
    ) == ("STEEL", 110, Decimal("0.9091"), Decimal("-1.2"), Decimal("1.304"), False)
    assert not result.flagged


def test_work_order_outside_tolerance_is_flagged(plant):
    wo = cut(plant, blank_recipe(plant), ["120"], 50, "D")
    wo.status = WorkOrder.Status.DONE
    wo.save(update_fields=["status"])

    [steel] = work_order_balance(wo).inputs

    assert (steel.actual_yield, steel.deviation_pct, steel.unexplained, steel.flagged) == (
        Decimal("0.8333"),
        Decimal("-9.4"),
        Decimal("11.304"),
        True,
    )


def test_work_order_without_recipe_lists_inputs_unjudged(plant):
    lots = make_golden(plant)
    result = work_order_balance(lots["B1"].work_order)

    assert (result.output, result.checked, result.flagged) == (100, False, False)
    assert [(i.item_code, i.consumed, i.flagged) for i in result.inputs] == [("STEEL", 200, False)]


def test_sums_are_exact_decimals_even_where_the_database_adds_in_floating_point(plant):
    """SQLite adds decimal columns as REAL (0.1 + 0.2 = 0.30000000000000004); the balance must not show it."""
    coil = receive_lot(plant, "FLOAT", "1")
    wo = plant.work_order()
    consume(plant.ctx(work_order=wo), lot=coil, quantity="0.1")
    consume(plant.ctx(work_order=wo), lot=coil, quantity="0.2")
    balance = lot_balance(coil)
    assert (balance.made, balance.used, balance.on_hand) == (Decimal(1), Decimal("0.3"), Decimal("0.7"))
    assert balance.unexplained == 0 and balance.flags == []


def test_a_running_work_order_shows_its_yield_so_far_but_is_not_flagged(plant, client):
    """50 of 200 made, with the material for more issued already: not a loss until the order is done."""
    from django.contrib.auth.models import Group

    from lotline.recall.drills import run_drill

    wo = cut(plant, blank_recipe(plant), ["120"], 50, "R")
    wo.status = WorkOrder.Status.IN_PROGRESS
    wo.save(update_fields=["status"])

    result = work_order_balance(wo)
    [steel] = result.inputs
    assert (result.running, steel.deviation_pct, steel.flagged, result.flagged) == (
        True,
        Decimal("-9.4"),
        False,
        False,
    )
    drill = run_drill(wo.output_lots.get(), target_seconds=60)
    assert not [f for f in drill.findings if f["code"] == "yield"]

    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    client.force_login(plant.supervisor)
    page = client.get(f"/recall/work-orders/{wo.number}/balance/").content.decode()
    assert "Outside the yield tolerance" not in page
    assert "This order is still running (in progress)" in page
    assert "120 kg" in page and "2 kg/pcs" in page and "11.304 kg" in page

    wo.status = WorkOrder.Status.DONE
    wo.save(update_fields=["status"])
    assert work_order_balance(wo).flagged
    drill = run_drill(wo.output_lots.get(), target_seconds=60)
    assert [f["code"] for f in drill.findings if f["code"] == "yield"] == ["yield"]
    page = client.get(f"/recall/work-orders/{wo.number}/balance/").content.decode()
    assert "Outside the yield tolerance" in page and "still running" not in page
