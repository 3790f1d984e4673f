"""A lot consumed in two partial scans into one work order: the ledger keeps two links to the output (one
per consumption), the trace page, the graph, the lot page's tree and the counts show the output once."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import GenealogyLink, Lot
from lotline.core.queries import merge_links, trace
from lotline.core.services import consume, produce
from lotline.web.views.desk_tree import genealogy_tree
from tests.core_fixtures import receive_lot


@pytest.fixture
def two_scans(plant, client):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    client.force_login(plant.supervisor)
    coil = receive_lot(plant, "R1", "500", delivery="DN-1")
    wo = plant.work_order(item=plant.blank, machine=plant.saw)
    consume(plant.ctx(work_order=wo), lot=coil, quantity="100")
    consume(plant.ctx(work_order=wo), lot=coil, quantity="12.5")
    produce(plant.ctx(work_order=wo), quantity=40, lot_number="X1")
    return client


def test_the_ledger_keeps_both_links(two_scans):
    x1 = Lot.objects.get(number="X1")
    assert GenealogyLink.objects.filter(child=x1).count() == 2


def test_trace_page_lists_the_output_once(two_scans):
    r1, x1 = Lot.objects.get(number="R1").pk, Lot.objects.get(number="X1").pk

    response = two_scans.get("/recall/lots/R1/")

    forward = response.context["graph_data"]["forward"]
    assert [row[1] for row in forward["lots"]] == ["R1", "X1"]
    assert [link[:4] for link in forward["links"]] == [[r1, x1, 0, "WO-001"]]
    backward = two_scans.get("/recall/lots/X1/").context["graph_data"]["backward"]
    assert [link[:3] for link in backward["links"]] == [[r1, x1, 0]]
    page = response.content.decode()
    assert "1 lot backward, 2 forward" in page
    # The JSON the tree loads lazily is merged the same way.
    data = two_scans.get("/recall/lots/R1/trace.json", {"direction": "forward"}).json()
    assert len(data["links"]) == 1


def test_lot_page_tree_shows_the_output_once(two_scans):
    [root] = genealogy_tree(trace(Lot.objects.get(number="R1"), "forward"))
    assert [child.lot.number for child in root.children] == ["X1"]
    assert not root.children[0].repeated
    page = two_scans.get("/desk/lots/R1/").content.decode()
    tree = page.split('id="tree-forward"')[1].split("</ul>")[0]
    assert tree.count(">X1</a>") == 1


def test_merged_links_sum_quantities_and_keep_ambiguity(two_scans):
    [link] = trace(Lot.objects.get(number="R1"), "forward").links[:1]
    a = type(link)(**{**{f: getattr(link, f) for f in link.__slots__}, "quantity": Decimal("100")})
    b = type(link)(
        **{**{f: getattr(link, f) for f in link.__slots__}, "quantity": Decimal("12.5"), "ambiguous": True}
    )
    [one] = merge_links([a, b])
    assert (one.quantity, one.ambiguous) == (Decimal("112.5"), True)
