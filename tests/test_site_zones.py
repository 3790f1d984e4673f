"""A plant whose sites lie in different time zones: a time window typed for a machine is that machine's
wall clock, on the recall desk and in the API, and is described back in the same zone. Before, the desk read
it in the first site's zone (by id) and described it in the machine's; the API used the first by code."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from lotline.api.models import ApiToken
from lotline.core.models import Location, Machine, Site, WorkOrder
from lotline.core.services import consume, produce
from tests.core_fixtures import receive_lot

# 08:30 in Chicago on 2 March 2026 (CST, UTC-6); 15:30 in Warsaw.
MADE_AT = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
WINDOW = {"start": "2026-03-02T08:00", "end": "2026-03-02T09:00"}


@pytest.fixture
def chicago(plant):
    """Site US1 in Chicago, its mill, and lot U-B1 made on the mill at 08:30 local time."""
    us = Site.objects.create(code="US1", name="Chicago plant", timezone="America/Chicago")
    Location.objects.create(site=us, code="US-IN", is_default=True)
    mill = Machine.objects.create(site=us, code="MILL-US", name="Mill")
    coil = receive_lot(plant, "U-S1", "100", site=us)
    order = WorkOrder.objects.create(
        number="WO-US", item=plant.blank, site=us, machine=mill, quantity_planned=10
    )
    consume(plant.ctx(site=us, work_order=order, occurred_at=MADE_AT), lot=coil, quantity="10")
    produce(plant.ctx(site=us, work_order=order, occurred_at=MADE_AT), quantity=5, lot_number="U-B1")
    return mill


def test_the_desk_reads_a_machine_window_on_the_machine_clock(plant, sam, chicago):
    page = sam.get("/recall/scope/", {**WINDOW, "machine": chicago.pk})
    assert page.status_code == 200
    doc = page.context["doc"]
    assert [lot["number"] for lot in doc["lots"]] == ["U-B1"]
    assert doc["description"] == "MILL-US, 2026-03-02 08:00 – 2026-03-02 09:00 (America/Chicago)"
    # Without a machine the same typed hours are the plant's default site's clock (HQ, Warsaw):
    # 07:00–08:00 UTC, when nothing was made.
    plant_wide = sam.get("/recall/scope/", WINDOW).context["doc"]
    assert plant_wide["lots"] == []
    assert plant_wide["description"].endswith("2026-03-02 08:00 – 2026-03-02 09:00 (Europe/Warsaw)")


def test_an_unknown_machine_is_refused_not_read_as_all_machines(plant, sam, chicago):
    page = sam.get("/recall/scope/", {**WINDOW, "machine": 999999})
    assert page.status_code == 400
    assert "No such machine." in page.content.decode()


def test_the_api_reads_a_machine_window_on_the_machine_clock(plant, chicago):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    for code in ("HQ", "US1"):  # a quality manager of both plants
        plant.supervisor.groups.add(Group.objects.get_or_create(name=f"site:{code}")[0])
    token = ApiToken.issue(plant.supervisor, "desk", "read")[1]
    body = {"machine": "MILL-US", "from": WINDOW["start"], "to": WINDOW["end"]}
    answer = Client().post(
        "/api/v1/recall",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200, answer.content
    assert [lot["number"] for lot in answer.json()["lots"]] == ["U-B1"]


def test_the_cli_reads_a_machine_window_on_the_machine_clock(plant, chicago):
    out = StringIO()
    call_command(
        "recall", "--machine", "MILL-US", "--from", WINDOW["start"], "--to", WINDOW["end"], stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "Recall scope: MILL-US, 2026-03-02T08:00:00-06:00 – 2026-03-02T09:00:00-06:00"
    as_json = StringIO()
    call_command(
        "recall",
        "--machine",
        "MILL-US",
        "--from",
        WINDOW["start"],
        "--to",
        WINDOW["end"],
        "--format",
        "json",
        stdout=as_json,
    )
    answer = json.loads(as_json.getvalue())
    assert (answer["suspects"], [lot["lot"] for lot in answer["lots"]]) == (["U-B1"], ["U-B1"])


def test_a_window_at_the_ends_of_the_calendar_is_refused_in_plain_words(plant, sam):
    page = sam.get("/recall/scope/", {"start": "0001-01-01", "end": "9999-12-31"})
    assert page.status_code == 400
    assert "“From”: 0001-01-01 lies outside the years 1970–2100." in page.content.decode()
    late = sam.get("/recall/scope/", {"start": "2026-01-01T00:00", "end": "9999-12-31T00:00"})
    assert "“To”: 9999-12-31T00:00 lies outside the years 1970–2100." in late.content.decode()
    export = sam.get("/recall/scope/export.csv", {"start": "0001-01-01", "end": "2026-01-01"})
    assert export.status_code == 400


def test_the_cli_refuses_a_window_at_the_ends_of_the_calendar(plant, chicago):
    with pytest.raises(CommandError) as refused:
        call_command("recall", "--machine", "MILL-US", "--from", "0001-01-01T00:00", "--to", "2026-01-01")
    assert str(refused.value) == "0001-01-01T00:00 lies outside the years 1970–2100."


def test_a_window_may_end_at_the_first_instant_after_the_last_year(plant, sam):
    # The end is exclusive, as in the API and the EPCIS export: 2101-01-01T00:00 closes a window over 2100.
    assert (
        sam.get("/recall/scope/", {"start": "2100-01-01T00:00", "end": "2101-01-01T00:00"}).status_code == 200
    )
    assert (
        sam.get("/recall/scope/", {"start": "2100-01-01T00:00", "end": "2101-01-01T00:01"}).status_code == 400
    )
