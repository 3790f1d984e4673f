"""The lot page's history and the events list read as what happened: a hold's reference and new status,
the lots on the other side of a produce, merge or split, units, no "0" on status lines, and a correction
linked to the event it reverses."""

from __future__ import annotations

import re

from lotline.core.models import Event, Lot
from lotline.core.services import correct, hold, merge, produce, split
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401


def history_rows(html: str) -> list[str]:
    """The history table's rows as plain text, whitespace collapsed."""
    table = html.split('id="history"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def events_rows(html: str) -> list[str]:
    table = html.split('id="events"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_a_quarantine_says_so_and_its_reference_is_shown(plant, sam):
    lot = receive_lot(plant, "Q1", "10")
    response = sam.post(
        f"/desk/lots/{lot.number}/hold/",
        {"reason": "customer complaint", "status": "quarantined", "reference": "Q-77"},
        follow=True,
    )
    page = response.content.decode()
    assert "Lot Q1 is quarantined." in page and "is held." not in page
    lot.refresh_from_db()
    assert lot.status == Lot.Status.QUARANTINED
    hold_row = history_rows(page)[-1]
    assert "Hold → quarantined" in hold_row and "Q-77" in hold_row and "customer complaint" in hold_row
    events = sam.get("/desk/events/", {"kind": "hold"}).content.decode()
    (row,) = events_rows(events)
    assert "Hold → quarantined" in row and "Q-77" in row
    assert ">Q1</a><br></td>" in events  # a status line moves nothing: no "0" after the lot


def test_an_ordinary_hold_says_on_hold(plant, sam):
    lot = receive_lot(plant, "Q2", "10")
    page = sam.post(f"/desk/lots/{lot.number}/hold/", {"reason": "lab"}, follow=True).content.decode()
    assert "Lot Q2 is on hold." in page


def test_containment_reference_shows_in_the_history(plant, sam):
    lot = receive_lot(plant, "Q3", "10")
    hold(
        plant.ctx(user=plant.supervisor), lots=[lot], reason="recall", status="recalled", reference="RC-0007"
    )
    row = history_rows(sam.get(f"/desk/lots/{lot.number}/").content.decode())[-1]
    assert "Hold → recalled" in row and "RC-0007" in row


def test_history_names_the_lots_on_the_other_side(plant, sam):
    coil = receive_lot(plant, "C1", "500")
    other = receive_lot(plant, "C2", "200")
    wo = plant.work_order(item=plant.blank, machine=plant.saw)
    produce(plant.ctx(work_order=wo), quantity=40, inputs=[(coil, 120)], lot_number="BL-1")
    split(plant.ctx(), lot=coil, quantity=24)
    child = Lot.objects.get(origin=Lot.Origin.SPLIT)
    merged = merge(plant.ctx(), lots=[coil, other]).lot

    rows = history_rows(sam.get("/desk/lots/C1/").content.decode())
    assert rows[1].startswith("2026-03-02") and "Used for BL-1 (WO-001) -120 kg" in rows[1]
    assert f"Split off → {child.number} -24 kg" in rows[2]
    assert f"Merged into {merged.number} -356 kg" in rows[3]

    assert "Split from C1 24 kg" in history_rows(sam.get(f"/desk/lots/{child.number}/").content.decode())[0]
    made = history_rows(sam.get(f"/desk/lots/{merged.number}/").content.decode())
    assert "Merged from C1, C2 556 kg" in made[0]
    output = history_rows(sam.get("/desk/lots/BL-1/").content.decode())
    assert "Made from C1 40 pcs" in output[0]


def test_events_list_units_and_a_correction_linked_both_ways(plant, sam):
    lot = receive_lot(plant, "E1", "10")
    original = Event.objects.get(kind="receive")
    correction = correct(plant.ctx(user=plant.supervisor), event=original, reason="typo").event
    page = sam.get("/desk/events/").content.decode()
    rows = events_rows(page)
    assert rows[0].startswith("2026-03-02 07:02 Correct (corrects: receive, 2026-03-02 07:01)")
    assert "E1 -10 kg" in rows[0]
    assert "Receive corrected" in rows[1] and "E1 10 kg" in rows[1]
    assert f'href="?event={original.uid}"' in page
    pair = events_rows(sam.get("/desk/events/", {"event": str(original.uid)}).content.decode())
    assert len(pair) == 2
    only = events_rows(sam.get("/desk/events/", {"event": str(correction.uid)}).content.decode())
    assert len(only) == 1 and lot.number in only[0]
