"""A supervisor searches a lot, opens its genealogy graph, computes and saves the recall, holds the scope —
and the operator screen then refuses a consumption scan of a held lot."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Event, EventKind, Lot
from lotline.core.services import produce, receive
from tests.browser.conftest import screenshot, sign_in
from tests.browser.floor_helpers import scan_and_wait
from tests.test_recall_scope import make_golden

pytestmark = pytest.mark.browser


def test_search_graph_recall_contain_and_the_floor_refuses(live_server, desktop, plant, transactional_db):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    make_golden(plant)
    wo = plant.work_order(item=plant.shaft)
    page = desktop
    sign_in(page, live_server, "sam", "pw-sam-123")

    page.goto(f"{live_server.url}/recall/")
    page.fill("#recall-q", "s1")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recall/lots/S1/")
    # The forward tree opens one level; its children are rendered on demand.
    assert page.locator(".tree[data-tree=forward] > ul > li > ul > li").count() == 2

    page.check("input[name=graph-dir][value=forward]")
    page.click("#graph-show")
    graph = page.locator("#graph[data-nodes]")
    graph.wait_for()
    assert (
        graph.get_attribute("data-nodes"),
        graph.get_attribute("data-edges"),
        graph.get_attribute("data-dashed"),
    ) == ("6", "6", "1")
    screenshot(page, "recall-trace-graph")

    page.click("#recall-this")
    page.wait_for_url("**/recall/scope/?lot=S1")
    assert page.inner_text("#scope-lot-count") == "6 affected lots"
    rows = page.locator("table.scope-lots tbody tr").evaluate_all("rs => rs.map(r => r.dataset.lot)")
    assert rows == ["S1", "B1", "B2", "F1", "F2", "F3"]
    assert "S1 → B2 (WO-001)" in page.inner_text(".scope-summary")
    page.fill("input[name=title]", "Cracked bar heat H-S1")
    page.click("#save-case")
    page.wait_for_url("**/recall/cases/RC-*/")
    screenshot(page, "recall-case")

    page.click("#contain")
    # A confirmation step names the lots before anything is held.
    assert page.inner_text("#contain-count") == "Put 5 lots on hold?"
    page.click("#contain-confirm")
    page.wait_for_selector("#held-lots")
    assert page.inner_text("#case-status") == "contained"
    assert page.locator("#held-lots .lot-chip").all_inner_texts() == ["B2", "F1", "F2", "F3", "S1"]
    assert Event.objects.filter(kind=EventKind.HOLD, reference__startswith="RC-").count() == 1
    page.fill("#try-lot", "F2")
    page.click("#try")
    assert page.locator(".try-answer").inner_text() == "Lot F2 is on hold — do not consume it."

    # The real shop-floor screen refuses the held lot.
    page.goto(f"{live_server.url}/floor/work-order/{wo.number}/")
    state, text = scan_and_wait(page, "F2")
    assert (state, text) == ("error", "Lot F2 is on hold — do not consume it.")
    assert Lot.objects.get(number="F2").status == "on_hold"
    assert not Event.objects.filter(kind=EventKind.CONSUME, work_order=wo).exists()


def test_a_lot_consumed_in_two_scans_shows_its_output_once(live_server, desktop, plant, transactional_db):
    from lotline.core.services import consume, produce
    from tests.core_fixtures import receive_lot

    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    coil = receive_lot(plant, "R1", "500", delivery="DN-1")
    wo = plant.work_order(item=plant.blank, machine=plant.saw)
    consume(plant.ctx(work_order=wo), lot=coil, quantity="100")
    consume(plant.ctx(work_order=wo), lot=coil, quantity="12.5")
    produce(plant.ctx(work_order=wo), quantity=40, lot_number="X1")
    page = desktop
    sign_in(page, live_server, "sam", "pw-sam-123")

    page.goto(f"{live_server.url}/recall/lots/R1/")
    children = page.locator(".tree[data-tree=forward] > ul > li > ul > li .lot-chip")
    assert children.all_inner_texts() == ["X1"]
    assert "(1)" in page.locator(".tree[data-tree=forward] > ul > li > .tree-head").inner_text()

    page.check("input[name=graph-dir][value=forward]")
    page.click("#graph-show")
    graph = page.locator("#graph[data-nodes]")
    graph.wait_for()
    assert (graph.get_attribute("data-nodes"), graph.get_attribute("data-edges")) == ("2", "1")


def test_a_coil_cut_into_many_lots_draws_them_as_one_node_until_unticked(
    live_server, desktop, plant, transactional_db
):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    delivery = {"supplier": plant.supplier, "supplier_lot": "H", "delivery_ref": "D"}
    coil = receive(plant.ctx(), item=plant.steel, quantity=500, **delivery).lot
    wo = plant.work_order(item=plant.blank)
    for _ in range(16):  # 16 blanks at depth 1: more than a column of the graph shows readably
        produce(plant.ctx(work_order=wo), quantity=1, inputs=[(coil, 10)])
    page = desktop
    sign_in(page, live_server, "sam", "pw-sam-123")
    page.goto(f"{live_server.url}/recall/lots/{coil.number}/")
    page.check("input[name=graph-dir][value=forward]")
    page.click("#graph-show")
    graph = page.locator("#graph[data-nodes]")
    graph.wait_for()
    assert (graph.get_attribute("data-nodes"), page.locator("#graph-group").is_checked()) == ("2", True)

    page.uncheck("#graph-group")
    page.click("#graph-show")
    page.wait_for_function("document.getElementById('graph').dataset.nodes === '17'")
    assert graph.get_attribute("data-edges") == "16"
