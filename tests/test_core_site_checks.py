"""Lots never change site, so every event about a lot is recorded at the lot's site: holding, releasing,
scrapping, adjusting, moving and correcting a lot of another site are refused (they used to be recorded at
the caller's site, e.g. through an EPCIS import at one site naming another's lot), and a desk user who works
at both sites records the hold at the lot's site, not at the one picked in the top bar."""

from __future__ import annotations

import json

from django.contrib.auth.models import Group
from django.test import Client

from lotline.api.models import ApiToken
from lotline.core.models import Event, EventKind, Location, Machine, Site
from lotline.core.services import adjust, correct, hold, move, release, scrap
from tests.core_fixtures import assert_refused, receive_lot


def hall_two(plant):
    hall = Site.objects.create(code="W2", name="Hall two", timezone="Europe/Warsaw")
    Location.objects.create(site=hall, code="W2-IN", is_default=True)
    return hall, receive_lot(plant, "T1", "10", site=hall, delivery="DN-W2")


def test_every_event_about_a_lot_of_another_site_is_refused(plant):
    hall, there = hall_two(plant)
    here = plant.ctx
    message = "Lot T1 is at site W2, not here."
    assert_refused(
        lambda: hold(here(), lots=[there], reason="lab"), "wrong_site", field="lots[0]", message=message
    )
    assert_refused(
        lambda: scrap(here(), lot=there, quantity="1", reason="rust"), "wrong_site", message=message
    )
    assert_refused(
        lambda: adjust(here(), lot=there, delta="-1", reason="count"), "wrong_site", message=message
    )
    assert_refused(
        lambda: move(here(), lot=there, to_location=plant.rack_b, quantity="1"), "wrong_site", message=message
    )
    hold(plant.ctx(site=hall), lots=[there], reason="lab")
    assert_refused(lambda: release(here(), lots=[there], reason="ok"), "wrong_site", message=message)
    receipt = Event.objects.get(kind=EventKind.RECEIVE, lines__lot=there)
    assert_refused(
        lambda: correct(here(), event=receipt, reason="typo"),
        "wrong_site",
        field="event",
        message="That event was recorded at site W2; correct it there.",
    )


def test_a_desk_user_of_both_sites_holds_a_lot_at_its_own_site(plant):
    hall, there = hall_two(plant)
    sam = plant.supervisor
    sam.groups.add(Group.objects.get(name="supervisor"))
    for code in ("HQ", "W2"):
        sam.groups.add(Group.objects.get_or_create(name=f"site:{code}")[0])
    desk = Client()
    desk.force_login(sam)  # working at HQ, the first of the codes
    desk.post(f"/desk/lots/{there.number}/hold/", {"reason": "Cracks", "status": "on_hold"})
    held = Event.objects.get(kind=EventKind.HOLD)
    assert (held.site, list(held.lines.values_list("lot__number", flat=True))) == (hall, ["T1"])


def test_the_api_refuses_another_sites_machine_for_an_output(plant):
    hall, _there = hall_two(plant)
    Machine.objects.create(site=hall, code="K-SAW", name="Saw in hall two")
    plant.operator.groups.add(
        Group.objects.get(name="operator"), Group.objects.get_or_create(name="site:HQ")[0]
    )
    token = ApiToken.issue(plant.operator, "scanner", "read,record")[1]
    order = plant.work_order()
    answer = Client().post(
        "/api/v1/events/produce",
        data=json.dumps({"work_order": order.number, "quantity": "1", "machine": "K-SAW"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert (answer.status_code, answer.json()) == (
        422,
        {
            "code": "wrong_site",
            "message": f"Machine K-SAW is at another site than work order {order.number}.",
            "field": "machine",
        },
    )
    assert not Event.objects.filter(kind=EventKind.PRODUCE).exists()
