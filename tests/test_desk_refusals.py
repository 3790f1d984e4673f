"""Desk hold, release and correction forms say what is actually wrong, naming the field — a reason too long,
a reference too long, a status that is not a hold — instead of "Say why the lot is held." for everything;
and a refused form changes nothing."""

from __future__ import annotations

import re

import pytest

from lotline.core.models import Event, Lot
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401


def said(response) -> list[str]:
    """The messages the lot page shows after the redirect."""
    return re.findall(r'<li class="msg error">(.*?)</li>', response.content.decode(), re.S)


@pytest.fixture
def lot(plant):
    return receive_lot(plant, "S1")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"reason": "x" * 501}, "The reason is 501 characters long; at most 500 fit."),
        ({"reason": "lab", "reference": "R" * 61}, "The reference is 61 characters long; at most 60 fit."),
        (
            {"reason": "lab", "status": "released"},
            "Status released is not a hold; choose on hold, quarantined or recalled.",
        ),
        (
            {"reason": "lab", "status": "bogus"},
            "Status bogus is not a hold; choose on hold, quarantined or recalled.",
        ),
        ({"reason": "   "}, "Say why the lot is held."),
    ],
)
def test_a_refused_hold_says_what_is_wrong(plant, sam, lot, form, message):
    events = Event.objects.count()
    response = sam.post(f"/desk/lots/{lot.number}/hold/", form, follow=True)
    assert said(response) == [message]
    lot.refresh_from_db()
    assert lot.status == Lot.Status.RELEASED and Event.objects.count() == events


def test_every_problem_of_a_hold_is_named(plant, sam, lot):
    response = sam.post(f"/desk/lots/{lot.number}/hold/", {"reason": "", "reference": "R" * 61}, follow=True)
    assert said(response) == [
        "Say why the lot is held.",
        "The reference is 61 characters long; at most 60 fit.",
    ]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"reason": "x" * 501}, "The reason is 501 characters long; at most 500 fit."),
        ({"reason": "ok", "reference": "R" * 61}, "The reference is 61 characters long; at most 60 fit."),
        ({"reason": ""}, "Say why the lot is released."),
    ],
)
def test_a_refused_release_says_what_is_wrong(plant, sam, lot, form, message):
    sam.post(f"/desk/lots/{lot.number}/hold/", {"reason": "lab"})
    events = Event.objects.count()
    response = sam.post(f"/desk/lots/{lot.number}/release/", form, follow=True)
    assert said(response) == [message]
    lot.refresh_from_db()
    assert lot.status == Lot.Status.ON_HOLD and Event.objects.count() == events


def test_a_release_ignores_a_status_it_does_not_use(plant, sam, lot):
    sam.post(f"/desk/lots/{lot.number}/hold/", {"reason": "lab"})
    response = sam.post(f"/desk/lots/{lot.number}/release/", {"reason": "ok", "status": "bogus"}, follow=True)
    assert said(response) == []
    lot.refresh_from_db()
    assert lot.status == Lot.Status.RELEASED


def test_a_correction_reason_too_long_is_named(plant, sam, lot):
    receipt = Event.objects.get()
    form = {"reason": "x" * 501, "next": f"/desk/lots/{lot.number}/"}
    response = sam.post(f"/desk/events/{receipt.uid}/correct/", form, follow=True)
    assert said(response) == ["The reason is 501 characters long; at most 500 fit."]
    assert Event.objects.count() == 1


@pytest.mark.parametrize("back", ["abc", "2026-02-30", "//evil.example/", "javascript:alert(1)"])
def test_a_correction_with_a_junk_next_goes_back_to_the_lot_list(plant, sam, lot, back):
    """redirect() read a bare word as a view name: NoReverseMatch, a 500 after the correction was written."""
    receipt = Event.objects.get()
    response = sam.post(f"/desk/events/{receipt.uid}/correct/", {"reason": "wrong coil", "next": back})
    assert (response.status_code, response["Location"]) == (302, "/desk/lots/")
    assert Event.objects.filter(corrects=receipt).count() == 1


def test_a_correction_goes_back_to_the_page_it_came_from(plant, sam, lot):
    receipt = Event.objects.get()
    back = f"/desk/lots/{lot.number}/?tab=history"
    response = sam.post(f"/desk/events/{receipt.uid}/correct/", {"reason": "wrong coil", "next": back})
    assert (response.status_code, response["Location"]) == (302, back)
