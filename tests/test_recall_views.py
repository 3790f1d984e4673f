"""The recall desk's pages: permissions, search, trace, scope, case, containment, exports, drills."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Lot
from lotline.recall.models import Drill, RecallCase
from tests.core_fixtures import receive_lot
from tests.test_recall_scope import make_golden


@pytest.fixture
def desk(plant, client):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    client.force_login(plant.supervisor)
    plant.lots = make_golden(plant)
    return client


def test_operators_may_not_open_the_recall_desk(plant, client):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    client.force_login(plant.operator)
    assert client.get("/recall/").status_code == 403
    assert client.get("/recall/lots/S1/").status_code == 403


def test_search_opens_the_trace_of_an_exact_lot_and_lists_other_hits(desk):
    assert desk.get("/recall/search/", {"q": "f1"})["Location"] == "/recall/lots/F1/"
    assert desk.get("/recall/search/", {"q": "H-S2"})["Location"] == "/recall/lots/S2/"  # supplier's lot
    page = desk.get("/recall/search/", {"q": "INV"}).content.decode()
    assert "INV-1" in page and "INV-2" in page
    page = desk.get("/recall/search/", {"q": "DN-7"}).content.decode()
    assert "/recall/scope/?delivery=" in page and "Recall scope of this delivery" in page
    assert "WO-003" in desk.get("/recall/search/", {"q": "WO-003"}).content.decode()
    assert "Bikes Ltd" in desk.get("/recall/search/", {"q": "bikes"}).content.decode()
    # A GS1 scan of a label is read for its lot number.
    assert desk.get("/recall/search/", {"q": "(10)F2"})["Location"] == "/recall/lots/F2/"


def test_trace_page_shows_both_directions_balance_and_timeline(desk):
    response = desk.get("/recall/lots/B2/")
    page = response.content.decode()
    assert response.status_code == 200
    graph = response.context["graph_data"]
    assert sorted(row[1] for row in graph["backward"]["lots"]) == ["B2", "S1", "S2"]
    assert sorted(row[1] for row in graph["forward"]["lots"]) == ["B2", "F2", "F3"]
    assert [link[2] for link in graph["backward"]["links"] if link[0] == desk_lot("S1")] == [1]
    assert "Mass balance" in page and "The mass balance closes." in page
    assert [e.kind for e in response.context["events"]][:3] == ["receive", "receive", "consume"]
    assert desk.get("/recall/lots/NOPE/").status_code == 404


def desk_lot(number):
    return Lot.objects.get(number=number).pk


def test_scope_page_save_contain_try_and_release(desk, plant):
    page = desk.get("/recall/scope/", {"lot": "S1"})
    assert page.status_code == 200
    assert [lot["number"] for lot in page.context["doc"]["lots"]] == ["S1", "B1", "B2", "F1", "F2", "F3"]
    assert "S1 → B2 (WO-001)" in page.content.decode()

    saved = desk.post("/recall/scope/", {"lot": "S1", "title": "Cracked bar"})
    case = RecallCase.objects.get()
    assert saved["Location"] == f"/recall/cases/{case.number}/"
    assert desk.get("/recall/cases/").status_code == 200
    assert desk.get(f"/recall/cases/{case.number}/contain/").status_code == 405

    confirm = desk.post(f"/recall/cases/{case.number}/contain/")
    assert "Put 5 lots on hold?" in confirm.content.decode()
    assert not Lot.objects.filter(status="on_hold").exists()  # nothing held before the confirmation
    desk.post(f"/recall/cases/{case.number}/contain/", {"confirm": "1"})
    assert sorted(Lot.objects.filter(status="on_hold").values_list("number", flat=True)) == [
        "B2",
        "F1",
        "F2",
        "F3",
        "S1",
    ]
    detail = desk.get(f"/recall/cases/{case.number}/").content.decode()
    assert "5 lots put on hold: B2, F1, F2, F3, S1" in detail
    answer = desk.post(f"/recall/cases/{case.number}/try-consume/", {"lot": "f2"}).content.decode()
    assert "Lot F2 is on hold — do not consume it." in answer
    assert (
        "would be accepted"
        in desk.post(f"/recall/cases/{case.number}/try-consume/", {"lot": "S2"}).content.decode()
    )
    # A GS1 label is read as the floor reads it; an empty field asks for a lot.
    gs1 = desk.post(f"/recall/cases/{case.number}/try-consume/", {"lot": "]d20109521234543213\x1d10F2"})
    assert "Lot F2 is on hold — do not consume it." in gs1.content.decode()
    empty = desk.post(f"/recall/cases/{case.number}/try-consume/", {"lot": " "}).content.decode()
    assert "Scan or type a lot number." in empty

    desk.post(f"/recall/cases/{case.number}/release/", {"reason": "false alarm"})
    case.refresh_from_db()
    assert case.status == "closed"
    assert not Lot.objects.filter(status="on_hold").exists()


def test_containment_needs_the_hold_permission(desk, plant, client):
    desk.post("/recall/scope/", {"lot": "S2", "title": "x"})
    case = RecallCase.objects.get()
    viewer = plant.operator
    viewer.user_permissions.add(
        *Group.objects.get(name="supervisor").permissions.filter(codename="view_reports")
    )
    client.force_login(viewer)
    assert client.post(f"/recall/cases/{case.number}/contain/").status_code == 403
    assert client.post(f"/recall/cases/{case.number}/contain/", {"confirm": "1"}).status_code == 403
    assert not Lot.objects.filter(status="on_hold").exists()


def test_exports_download_from_the_scope_and_the_case(desk):
    response = desk.get("/recall/scope/export.csv", {"lot": "S2"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["Suspect lots", "S2"]
    desk.post("/recall/scope/", {"lot": "S2", "title": "Heat 7"})
    case = RecallCase.objects.get()
    pdf = desk.get(f"/recall/cases/{case.number}/export.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert desk.get(f"/recall/cases/{case.number}/export.xlsx").content.startswith(b"PK")
    assert desk.get(f"/recall/cases/{case.number}/export.doc").status_code == 404


def test_delivery_and_window_scopes_from_the_form(desk, plant):
    delivery = plant.lots["S2"].delivery_id
    assert [
        lot["number"] for lot in desk.get("/recall/scope/", {"delivery": delivery}).context["doc"]["lots"]
    ] == ["S2", "B2", "F2", "F3"]
    # datetime-local values are read in the site's time zone (Warsaw, UTC+1).
    page = desk.get(
        "/recall/scope/", {"start": "2026-03-02T07:00", "end": "2026-03-02T07:10", "machine": plant.saw.pk}
    )
    assert [lot["number"] for lot in page.context["doc"]["lots"]] == ["B1", "B2", "F1", "F2", "F3"]
    assert desk.get("/recall/scope/", {"lot": "NOPE"}).status_code == 400


def test_run_a_drill_and_see_history_and_reminder(desk):
    assert "No dry-recall drill has been run yet." in desk.get("/recall/").content.decode()
    response = desk.post("/recall/drills/run/", {"lot": "F2", "target_seconds": "30"})
    drill = Drill.objects.get()
    assert response["Location"] == f"/recall/drills/{drill.pk}/"
    page = desk.get(f"/recall/drills/{drill.pk}/").content.decode()
    assert "Lot F2: -1 pcs adjusted" in page
    history = desk.get("/recall/drills/")
    assert history.context["chart"]["holes"] == [1] and history.context["chart"]["warnings"] == [1]
    assert "No dry-recall drill" not in desk.get("/recall/").content.decode()


def test_work_order_balance_page(desk):
    page = desk.get("/recall/work-orders/WO-001/balance/").content.decode()
    assert "no recipe: yield not checked" in page and "B1" in page


def test_trace_page_follows_the_forward_trace_to_shipments_and_customers(desk, plant):
    page = desk.get("/recall/lots/S1/")
    shipped = [(s.shipment, s.customer, s.lot_number, s.quantity) for s in page.context["shipments"]]
    assert shipped == [("INV-1", "Bikes Ltd", "F1", Decimal(30)), ("INV-2", "Cars GmbH", "F2", Decimal(20))]
    html = page.content.decode()
    assert "2 shipment lines reached:" in html and "Bikes Ltd, Cars GmbH." in html
    assert "<td>INV-2</td><td>Cars GmbH</td>" in html and "20 pcs" in html
    fresh = receive_lot(plant, "NEW1", "5")
    nothing = desk.get(f"/recall/lots/{fresh.number}/").content.decode()
    assert "Nothing from this trace has been shipped." in nothing
