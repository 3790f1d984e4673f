"""The planning board refuses what it cannot plan (a time the clock skips, a machine that is not a
machine id, a day outside 1970 to ten years ahead) with a 422 board naming the problem and nothing
recorded; a bad ``?start=`` shows the default days with a notice instead of failing or silently showing
another week."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lotline.core.models import WorkOrder
from lotline.planning.calendar import last_plan_day
from lotline.planning.errors import PlanningError
from lotline.planning.models import PlanChange
from lotline.planning.services import move_work_order
from tests.test_planning_plant import local
from tests.test_planning_views import golden, plan, supervisor  # noqa: F401

WARSAW = ZoneInfo("Europe/Warsaw")


def today() -> date:
    return timezone.localdate(timezone=WARSAW)


def monday(day: date) -> date:
    return date.fromordinal(day.toordinal() - day.weekday())


def move(client, **fields):
    data = {"work_order": "WO-002", "day": "2026-03-03", "view": "week", "start": "2026-03-02", **fields}
    return client.post("/plan/move/", data, HTTP_HX_REQUEST="true")


def unmoved(golden_plan) -> bool:
    wo = WorkOrder.objects.get(number="WO-002")
    return (
        not PlanChange.objects.exists()
        and wo.machine == golden_plan.plant.lathe
        and wo.planned_start == local(2026, 3, 2, 8)
    )


def refusal(response) -> str:
    body = response.content.decode()
    start = body.index('<p class="msg error" role="alert"')
    return body[body.index(">", start) + 1 : body.index("</p>", start)]


def test_a_time_the_clock_skips_is_refused(supervisor, plan):  # noqa: F811
    response = move(supervisor, machine=plan.lathe2.pk, day="2026-03-29", time="02:30")
    assert response.status_code == 422
    assert refusal(response) == (
        "2026-03-29 02:30 does not exist in Europe/Warsaw: the clocks went forward over that hour."
    )
    assert 'data-field="time"' in response.content.decode()
    assert unmoved(plan)


def test_keeping_a_start_time_the_target_day_skips_is_refused_too(supervisor, plan):  # noqa: F811
    WorkOrder.objects.filter(number="WO-002").update(planned_start=local(2026, 3, 2, 2, 30))
    response = move(supervisor, machine=plan.plant.lathe.pk, day="2026-03-29")
    assert response.status_code == 422
    assert refusal(response).startswith("2026-03-29 02:30 does not exist in Europe/Warsaw")
    assert not PlanChange.objects.exists()


@pytest.mark.parametrize("machine", ["abc", "²", "1e3", " ", "", "99999999999999999999", "-1", "987654"])
def test_a_machine_that_is_no_machine_of_the_site_is_refused(supervisor, plan, machine):  # noqa: F811
    response = move(supervisor, machine=machine)
    assert response.status_code == 422
    assert refusal(response) == "Choose a machine of site HQ."
    assert unmoved(plan)


@pytest.mark.parametrize(
    ("day", "time"),
    [("0001-01-01", "00:00"), ("9999-12-31", ""), ("1969-12-31", "06:00"), ("20260-01-01", "")],
)
def test_a_day_outside_the_plan_is_refused(supervisor, plan, day, time):  # noqa: F811
    response = move(supervisor, machine=plan.lathe2.pk, day=day, time=time)
    assert response.status_code == 422
    if day == "20260-01-01":
        assert refusal(response) == (
            "The day 20260-01-01 is not a date: write it as YYYY-MM-DD, e.g. 2026-03-02."
        )
    else:
        assert refusal(response) == (
            f"The day {day} lies outside the plan: choose a day from 1970-01-01 to {last_plan_day(today())}."
        )
    assert unmoved(plan)


def test_the_last_day_of_the_plan_is_accepted_and_the_board_there_draws(supervisor, plan):  # noqa: F811
    last = last_plan_day(today())
    response = move(supervisor, machine=plan.lathe2.pk, day=last.isoformat(), time="06:00")
    assert response.status_code == 200 and "Moved WO-002" in response.content.decode()
    page = supervisor.get(f"/plan/?view=4weeks&start={last.isoformat()}")
    assert page.status_code == 200 and 'id="card-WO-002"' in page.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"day": "2026-02-30"}, "The day 2026-02-30 is not a date: write it as YYYY-MM-DD, e.g. 2026-03-02."),
        ({"day": ""}, "Choose a day."),
        ({"time": "25:00"}, "The time 25:00 is not a time of day: write it as HH:MM, e.g. 06:00."),
        ({"time": "6 am"}, "The time 6 am is not a time of day: write it as HH:MM, e.g. 06:00."),
        ({"work_order": "NOPE"}, "There is no work order NOPE at site HQ."),
    ],
)
def test_bad_days_times_and_work_orders_are_named(supervisor, plan, fields, message):  # noqa: F811
    response = move(supervisor, machine=plan.lathe2.pk, **fields)
    assert response.status_code == 422
    assert refusal(response) == message
    assert unmoved(plan)


def test_a_refused_move_is_a_422_board(supervisor, plan):  # noqa: F811
    response = move(supervisor, machine=plan.plant.saw.pk)
    assert response.status_code == 422 and refusal(response) == "SHAFT is not made on SAW1."


def test_a_bad_board_start_sent_with_a_move_still_moves(supervisor, plan):  # noqa: F811
    response = move(supervisor, machine=plan.lathe2.pk, start="9999-12-31")
    assert response.status_code == 200
    assert "Moved WO-002" in response.content.decode()
    assert PlanChange.objects.get().to_machine == plan.lathe2


def test_the_service_refuses_a_start_outside_the_plan_or_in_the_skipped_hour(plan):  # noqa: F811
    wo = WorkOrder.objects.get(number="WO-002")
    for start, code in [
        (datetime(9999, 12, 31, 6, tzinfo=UTC), "day_out_of_range"),
        (datetime(1, 1, 1, 0, 30, tzinfo=WARSAW), "day_out_of_range"),
        (datetime(2026, 3, 29, 2, 30, tzinfo=WARSAW), "skipped_time"),
    ]:
        with pytest.raises(PlanningError) as refused:
            move_work_order(wo, machine=plan.lathe2, start=start, user=plan.plant.supervisor)
        assert (refused.value.code, refused.value.field) == (code, "start")
    assert unmoved(plan)


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("2026-02-30", "The start date 2026-02-30 is not a date (write YYYY-MM-DD); "),
        ("9999-12-31", "The start date 9999-12-31 lies outside the plan (1970-01-01 to {last}); "),
        ("0001-01-01", "The start date 0001-01-01 lies outside the plan (1970-01-01 to {last}); "),
    ],
)
def test_a_bad_board_start_shows_the_default_week_with_a_notice(supervisor, plan, start, message):  # noqa: F811
    shown = monday(today()).isoformat()
    expected = message.format(last=last_plan_day(today())) + f"the board shows the days from {shown} instead."
    page = supervisor.get("/plan/", {"view": "week", "start": start})
    assert page.status_code == 400
    body = page.content.decode()
    assert expected in body and f'data-start="{shown}"' in body
    fragment = supervisor.get("/plan/", {"view": "week", "start": start}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 422 and expected in fragment.content.decode()


def test_the_board_has_no_arrow_past_the_plan(supervisor, plan):  # noqa: F811
    body = supervisor.get("/plan/", {"view": "week", "start": "1970-01-01"}).content.decode()
    assert 'aria-label="Earlier"' not in body and 'aria-label="Later"' in body


def test_absurd_stored_work_orders_do_not_break_the_planning_pages(supervisor, plan):  # noqa: F811
    # A due date of 9999-12-31 and 10^11 pieces (typed in the admin) used to overflow the board's date maths.
    WorkOrder.objects.filter(number="WO-001").update(due_date=date(9999, 12, 31))
    WorkOrder.objects.filter(number="WO-002").update(quantity_planned=10**11)
    for url in ["/plan/?view=4weeks&start=2026-03-02", "/plan/availability/", "/plan/dashboard/"]:
        assert supervisor.get(url).status_code == 200, url
    # Still drawn, not silently dropped: both orders are on the board.
    board = supervisor.get("/plan/?view=4weeks&start=2026-03-02").content.decode()
    assert "WO-001" in board and "WO-002" in board
    WorkOrder.objects.filter(number="WO-002").update(planned_start=datetime(9999, 12, 31, 23, 30, tzinfo=UTC))
    assert supervisor.get("/plan/availability/").status_code == 200
