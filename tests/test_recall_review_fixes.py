"""Recall desk fixes from the demo-plant review: idempotent case saving, the time-window form, drill
labels, containment confirmation and plurals, timeline lots, units, and search."""

import re

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Lot
from lotline.recall.models import RecallCase
from tests.test_recall_scope import make_golden


@pytest.fixture
def desk(plant, client):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    client.force_login(plant.supervisor)
    plant.lots = make_golden(plant)
    return client


def save_token(page: str) -> str:
    return re.search(r'name="save_token" value="([0-9a-f]+)"', page).group(1)


def test_saving_the_same_scope_form_twice_keeps_one_case(desk):
    page = desk.get("/recall/scope/", {"lot": "S1"}).content.decode()
    token = save_token(page)

    first = desk.post("/recall/scope/", {"lot": "S1", "title": "Cracked bar", "save_token": token})
    # Back, Save again: the same form (the same token) is sent a second time.
    second = desk.post("/recall/scope/", {"lot": "S1", "title": "Cracked bar", "save_token": token})

    case = RecallCase.objects.get()
    assert first["Location"] == second["Location"] == f"/recall/cases/{case.number}/"
    detail = desk.get(second["Location"]).content.decode()
    assert f"This scope was already saved as recall case {case.number}." in detail
    # A fresh form (a new token) is a new case.
    token2 = save_token(desk.get("/recall/scope/", {"lot": "S1"}).content.decode())
    assert token2 != token
    desk.post("/recall/scope/", {"lot": "S1", "title": "Again", "save_token": token2})
    assert RecallCase.objects.count() == 2


def test_a_window_ending_before_it_starts_is_refused_naming_the_field(desk, plant):
    response = desk.get("/recall/scope/", {"start": "2026-11-21T00:00", "end": "2026-11-20T00:00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "“To” must be after “From”" in page
    assert "2026-11-21 00:00 – 2026-11-20 00:00 (Europe/Warsaw)" in page
    assert 'name="end" required value="2026-11-20T00:00" aria-invalid="true"' in page
    only_start = desk.get("/recall/scope/", {"start": "2026-11-21T00:00"})
    assert only_start.status_code == 400 and "Give “To” too" in only_start.content.decode()
    bad = desk.get("/recall/scope/", {"start": "yesterday", "end": "2026-11-20T00:00"})
    assert bad.status_code == 400 and "“From”: yesterday is not a date and time." in bad.content.decode()
    no_such_day = desk.get("/recall/scope/", {"start": "2026-02-30T08:00", "end": "2026-03-02T00:00"})
    assert no_such_day.status_code == 400
    assert "“From”: 2026-02-30T08:00 is not a date and time." in no_such_day.content.decode()
    odd_operator = desk.get(
        "/recall/scope/", {"start": "2026-03-01T00:00", "end": "2026-03-02T00:00", "operator": "²"}
    )
    assert odd_operator.status_code == 400 and "No operator ² is known here." in odd_operator.content.decode()


def test_window_title_is_readable_in_the_site_zone_and_names_the_operator(desk, plant):
    plant.operator.first_name, plant.operator.last_name = "Olga", "Nowak"
    plant.operator.save()
    form = desk.get("/recall/scope/").content.decode()
    assert f'<option value="{plant.operator.pk}">Olga Nowak (olga)</option>' in form
    assert "user id" not in form

    page = desk.get(
        "/recall/scope/",
        {"start": "2026-03-02T07:00", "end": "2026-03-02T07:10", "operator": plant.operator.pk},
    )
    assert page.status_code == 200
    title = page.context["doc"]["description"]
    assert title == "operator Olga Nowak (olga), 2026-03-02 07:00 – 2026-03-02 07:10 (Europe/Warsaw)"
    assert "T07:00" not in page.content.decode().split("</h1>")[0]
    # A username works too (typed into a link), and an unknown one is refused by name.
    by_name = desk.get(
        "/recall/scope/", {"start": "2026-03-02T07:00", "end": "2026-03-02T07:10", "operator": "OLGA"}
    )
    assert by_name.context["doc"]["description"] == title
    unknown = desk.get(
        "/recall/scope/", {"start": "2026-03-02T07:00", "end": "2026-03-02T07:10", "operator": "zed"}
    )
    assert unknown.status_code == 400 and "No operator zed is known here." in unknown.content.decode()
    machine = desk.get(
        "/recall/scope/", {"start": "2026-03-02T07:00", "end": "2026-03-02T07:10", "machine": plant.saw.pk}
    )
    assert (
        machine.context["doc"]["description"] == "SAW1, 2026-03-02 07:00 – 2026-03-02 07:10 (Europe/Warsaw)"
    )


def test_drill_page_labels_its_counts(desk):
    response = desk.post("/recall/drills/run/", {"lot": "F2", "target_seconds": "30"})
    page = desk.get(response["Location"]).content.decode()
    table = page.split('class="balance drill-results"')[1].split("</table>")[0]
    assert "Lots backward (where it came from)" in table and "Raw lots" in table and "Work orders" in table
    for key in ("backward_lots", "raw_lots", "forward_lots", "work_orders"):
        assert key not in table


def test_containment_asks_first_naming_the_lots_and_says_1_lot(desk, plant):
    desk.post("/recall/scope/", {"lot": "F1", "title": "Shaft F1"})
    case = RecallCase.objects.get()
    case_page = desk.get(f"/recall/cases/{case.number}/").content.decode()
    assert 'id="contain"' in case_page

    confirm = desk.post(f"/recall/cases/{case.number}/contain/").content.decode()
    assert "Put 1 lot on hold?" in confirm and "Hold 1 lot" in confirm and ">F1</span>" in confirm
    assert Lot.objects.get(number="F1").status == "released"

    done = desk.post(f"/recall/cases/{case.number}/contain/", {"confirm": "1"}, follow=True).content.decode()
    assert "1 lot put on hold: F1" in done and "1 lots" not in done
    assert Lot.objects.get(number="F1").status == "on_hold"
    released = desk.post(f"/recall/cases/{case.number}/release/", {"reason": "ok"}, follow=True)
    assert "1 lot released; case closed." in released.content.decode()


def test_trace_page_plurals_for_one_lot(desk, plant):
    page = desk.get("/recall/lots/F1/").content.decode()
    assert "1 lot backward" not in page  # F1 has three lots backward
    page = desk.get("/recall/lots/S2/").content.decode()
    assert "1 lot backward, 4 forward;" in page
    assert "Level 0 — 1 lot<" in page and "1 lots" not in page


def test_timeline_names_the_lot_and_quantity_and_tables_show_units(desk, plant):
    page = desk.get("/recall/lots/F3/").content.decode()
    timeline = page.split('class="timeline"')[1].split("</table>")[0]
    assert "<th>Lot</th>" in timeline and ">Quantity</th>" in timeline
    scrap_row = next(row for row in timeline.split("<tr>") if "Scrap" in row or "scrap" in row)
    assert ">F3</a>" in scrap_row and "-2 pcs" in scrap_row
    balance = page.split('class="balance"')[1].split("</table>")[0]
    assert "10 pcs" in balance and "0 pcs" in balance

    scope = desk.get("/recall/scope/", {"lot": "S2"}).content.decode()
    s2_row = scope.split('data-lot="S2"')[1].split("</tr>")[0]
    assert '<td class="num">300 kg</td><td class="num">100 kg</td>' in s2_row
    assert "RACK-A: 200 kg" in s2_row


def test_search_finds_suppliers_links_shipments_and_says_when_there_are_more(desk, plant):
    page = desk.get("/recall/search/", {"q": "acme"}).content.decode()
    assert "hit-supplier" in page and "Acme Metals" in page
    delivery = plant.lots["S2"].delivery_id
    assert f'href="/recall/scope/?delivery={delivery}">DN-8</a>' in page
    assert 'href="/recall/lots/S2/">S2</a>' in page

    page = desk.get("/recall/search/", {"q": "Bikes"}).content.decode()
    assert 'href="/recall/search/?q=INV-1">INV-1</a>' in page

    for _ in range(25):
        plant.work_order(item=plant.blank)  # WO-005 … WO-029
    page = desk.get("/recall/search/", {"q": "WO-0"}).content.decode()
    assert "Showing the first 20 of 29 work orders matching “WO-0”." in page
    assert "Type more of the number" in page

    blank = desk.get("/recall/search/", {"q": "   "})
    assert blank.status_code == 200
    assert "Nothing found" not in blank.content.decode()


def test_search_by_supplier_name_with_non_ascii_letters_and_by_code(desk, plant):
    from lotline.core.models import Party
    from tests.core_fixtures import receive_lot

    hutte = Party.objects.create(code="STALPOL", name="Hütte Stalpol", role=Party.Role.SUPPLIER)
    receive_lot(plant, "HU-1", "50", supplier=hutte, delivery="WZ-1")
    for text in ("Hütte", "STALPOL", "stalpol"):
        page = desk.get("/recall/search/", {"q": text}).content.decode()
        assert "Hütte Stalpol" in page and ">WZ-1</a>" in page and 'href="/recall/lots/HU-1/"' in page, text
