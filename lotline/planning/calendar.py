"""The days a plan may name, and reading a day and a time of day typed or sent by a browser.

A plan runs from 1970-01-01 (the core refuses event times before 1970; nothing in lotline happened earlier)
to ten years after today in the site's calendar. Outside that a date is a typo (0001, 9999, 20266): the first
and last days Python can hold cannot even be turned into UTC, nor drawn as a board of four weeks, so such a
day is refused with a plain message instead of failing later on every page that shows it.

Times of day are the site's wall clock: one the clock skips (02:30 on the last Sunday of March in
Europe/Warsaw) is refused, never quietly stored an hour off (lotline.lib.times).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from lotline.core.services.context import skipped_time_message
from lotline.lib.times import FIRST_YEAR, SkippedTime, wall_clock
from lotline.planning.errors import PlanningError

FIRST_PLAN_DAY = date(FIRST_YEAR, 1, 1)  # the plant years of lotline.lib.times
YEARS_AHEAD = 10
# ASCII digits only: Python's \d and date.fromisoformat also take other scripts' digits and ISO week dates,
# which no planner types and which would print back as something else.
DAY_FORMAT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CLOCK_FORMAT = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?")


def last_plan_day(today: date) -> date:
    """Ten years after ``today`` (29 February becomes 28 February)."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def in_plan(day: date, today: date) -> bool:
    return FIRST_PLAN_DAY <= day <= last_plan_day(today)


def check_plan_day(day: date, today: date, field: str = "day") -> date:
    """``day`` if a plan may name it, else a refusal naming the range."""
    if not in_plan(day, today):
        raise PlanningError(
            "day_out_of_range",
            _("The day %(value)s lies outside the plan: choose a day from %(first)s to %(last)s.")
            % {"value": day.isoformat(), "first": FIRST_PLAN_DAY.isoformat(), "last": last_plan_day(today)},
            field=field,
        )
    return day


def parse_day(text: str | None, field: str = "day") -> date:
    """A day written YYYY-MM-DD; anything else (31 February, 2026-3-1, empty) is refused naming the field."""
    text = (text or "").strip()
    if not text:
        raise PlanningError("no_day", _("Choose a day."), field=field)
    try:
        if DAY_FORMAT.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise PlanningError(
        "bad_day",
        _("The day %(value)s is not a date: write it as YYYY-MM-DD, e.g. 2026-03-02.") % {"value": text[:40]},
        field=field,
    )


def parse_clock(text: str, field: str = "time") -> time:
    """A time of day written HH:MM (or HH:MM:SS)."""
    text = text.strip()
    try:
        if CLOCK_FORMAT.fullmatch(text):
            return time.fromisoformat(text)
    except ValueError:
        pass
    raise PlanningError(
        "bad_time",
        _("The time %(value)s is not a time of day: write it as HH:MM, e.g. 06:00.") % {"value": text[:40]},
        field=field,
    )


def plan_start(day: date, clock: time, zone: ZoneInfo, today: date) -> datetime:
    """``clock`` on ``day`` at the site, as an aware datetime; refused outside the plan's days and when the
    site's clock skips that time."""
    check_plan_day(day, today)
    try:
        return wall_clock(datetime.combine(day, clock), zone)
    except SkippedTime as exc:
        raise PlanningError("skipped_time", skipped_time_message(exc), field="time") from None
