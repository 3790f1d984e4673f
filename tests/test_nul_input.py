"""A NUL character (0x00) in any input is refused with a clear message, never a 500 (PostgreSQL cannot
store or compare such text), and nothing is written."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.api.models import ApiToken
from lotline.core.models import Event
from tests.core_fixtures import fast_password_hashing  # noqa: F401

MESSAGE = (
    "The input contains a NUL character (0x00), which cannot be stored; check the scanner or the sending "
    "program."
)


def test_the_api_refuses_it_in_the_one_error_shape(plant):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    token = ApiToken.issue(plant.supervisor, "scanner", "record")[1]
    before = Event.objects.count()
    body = {
        "item": "STEEL",
        "supplier": "STEELCO",
        "supplier_lot": "H\u00001",
        "delivery_ref": "D",
        "quantity": 5,
    }
    response = Client().post(
        "/api/v1/events/receive",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert (response.status_code, response.json()) == (
        422,
        {"code": "bad_character", "message": MESSAGE, "field": None},
    )
    assert Event.objects.count() == before
    # An escaped backslash before "u0000" is ordinary text, not a NUL.
    text = json.dumps({**body, "supplier_lot": "H\\u0000"})
    assert "\\\\u0000" in text
    accepted = Client().post(
        "/api/v1/events/receive", text, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert accepted.status_code == 200, accepted.content


@pytest.mark.parametrize(
    "url",
    ["/desk/work-orders/?q=WO%00", "/desk/lots/L%001/", "/recall/?q=%00"],
)
def test_pages_refuse_it_in_a_search_or_a_url(sam, url):
    response = sam.get(url)
    assert (response.status_code, response.content.decode()) == (400, MESSAGE)


def test_a_posted_form_with_it_writes_nothing(plant, sam):
    before = Event.objects.count()
    response = sam.post("/floor/receive/", {"supplier": "STEELCO", "item": "STEEL", "supplier_lot": "H\x00"})
    assert response.status_code == 400 and Event.objects.count() == before
