"""A recall across two sites: the desk shows the whole scope, but a supervisor holds and releases only at
the sites they work at; the lots elsewhere are named, and the case stays open until a supervisor there has
acted. Before, a supervisor of one hall wrote hold events at another."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from lotline.core.models import Location, Lot, Site
from lotline.core.services import LedgerError
from lotline.recall.models import RecallCase
from lotline.recall.scope import ScopeSource
from lotline.recall.services import contain_case, create_case, release_case
from tests.core_fixtures import receive_lot


def supervisor_at(username: str, code: str):
    user = get_user_model().objects.create_user(username, password="pw-12345678")
    user.groups.add(Group.objects.get(name="supervisor"), Group.objects.get_or_create(name=f"site:{code}")[0])
    return user


def two_site_case(plant):
    hall = Site.objects.create(code="W2", name="Hall two", timezone="Europe/Warsaw")
    Location.objects.create(site=hall, code="W2-IN", is_default=True)
    receive_lot(plant, "S1", "10")
    receive_lot(plant, "T1", "10", site=hall, delivery="DN-W2")
    case = create_case(plant.supervisor, ScopeSource(lot_numbers=["S1", "T1"]), title="Both halls")
    return case, supervisor_at("hq-sup", "HQ"), supervisor_at("w2-sup", "W2")


def statuses() -> dict[str, str]:
    return dict(Lot.objects.values_list("number", "status"))


def test_each_supervisor_contains_and_releases_at_their_own_site(plant):
    case, hq, w2 = two_site_case(plant)

    first = contain_case(case, hq)
    assert (first.done, [lot.number for lot in first.elsewhere]) == (["S1"], ["T1"])
    assert statuses() == {"S1": "on_hold", "T1": "released"}
    case.refresh_from_db()
    assert case.status == RecallCase.Status.OPEN

    second = contain_case(case, w2)
    assert (second.done, second.elsewhere) == (["T1"], [])
    case.refresh_from_db()
    assert (case.status, case.contained_by) == (RecallCase.Status.CONTAINED, w2)

    partly = release_case(case, hq, reason="Certificate found")
    assert (partly.done, [lot.number for lot in partly.elsewhere]) == (["S1"], ["T1"])
    case.refresh_from_db()
    assert case.status == RecallCase.Status.CONTAINED
    assert release_case(case, w2, reason="Certificate found").done == ["T1"]
    case.refresh_from_db()
    assert case.status == RecallCase.Status.CLOSED
    assert statuses() == {"S1": "released", "T1": "released"}


def test_the_desk_names_the_lots_left_for_the_other_site(plant):
    case, hq, _w2 = two_site_case(plant)
    desk = Client()
    desk.force_login(hq)
    confirm = desk.post(f"/recall/cases/{case.number}/contain/").content.decode()
    assert "Put 1 lot on hold?" in confirm
    assert "1 affected lot lies at a site you do not work at and will be left as it is" in confirm
    assert "T1 (W2)" in confirm
    page = desk.post(f"/recall/cases/{case.number}/contain/", {"confirm": "1"}, follow=True).content.decode()
    assert "1 lot put on hold: S1" in page
    assert (
        "1 lot lies at a site you do not work at, so it was left as it is: T1 (W2). "
        "A supervisor there has to do it; the case stays open until then."
    ) in page
    assert statuses() == {"S1": "on_hold", "T1": "released"}


def test_a_case_nobody_contained_cannot_be_released_and_closed(plant):
    case, hq, w2 = two_site_case(plant)
    with pytest.raises(LedgerError, match=f"Recall case {case.number} holds no lot yet"):
        release_case(case, hq, reason="false alarm")
    case.refresh_from_db()
    assert case.status == RecallCase.Status.OPEN
    # Contained at HQ only, then found a false alarm: releasing HQ's hold closes the case, since nothing is
    # held anywhere else (a hold still in place at W2 would keep it open, as above).
    contain_case(case, hq)
    assert release_case(case, hq, reason="false alarm").done == ["S1"]
    case.refresh_from_db()
    assert case.status == RecallCase.Status.CLOSED
