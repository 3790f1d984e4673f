"""Times without an offset are the site's wall clock; the hour skipped in spring is refused everywhere."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management.base import CommandError

from lotline.core.management.commands._output import parse_moment
from lotline.core.models import Site
from lotline.imports.cells import CellError, a_datetime
from lotline.lib.times import SkippedTime, wall_clock

WARSAW = ZoneInfo("Europe/Warsaw")


def test_an_ordinary_time_a_skipped_one_and_a_repeated_one():
    assert wall_clock(datetime(2026, 3, 2, 6, 0), WARSAW).astimezone(UTC) == datetime(
        2026, 3, 2, 5, 0, tzinfo=UTC
    )
    with pytest.raises(SkippedTime):
        wall_clock(datetime(2026, 3, 29, 2, 30), WARSAW)  # clocks go from 02:00 to 03:00
    # 02:30 on 25 Oct 2026 happens twice: the first time, still summer time (+02:00).
    assert wall_clock(datetime(2026, 10, 25, 2, 30), WARSAW).astimezone(UTC) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )


MESSAGE = "2026-03-29 02:30 does not exist in Europe/Warsaw: the clocks went forward over that hour."


def test_the_command_line_and_spreadsheet_imports_refuse_a_skipped_time_in_those_words():
    site = Site(code="HQ", name="Main plant", timezone="Europe/Warsaw")
    with pytest.raises(CommandError) as cli:
        parse_moment("2026-03-29T02:30", site)
    assert (str(cli.value), cli.value.returncode) == (MESSAGE, 2)
    assert parse_moment("2026-03-29T03:30", site).isoformat() == "2026-03-29T03:30:00+02:00"
    with pytest.raises(CellError) as cell:
        a_datetime("2026-03-29 02:30", WARSAW)
    assert (cell.value.code, cell.value.message) == ("bad_date", MESSAGE)


def test_the_api_refuses_a_skipped_time_in_a_window(plant, sam):
    answer = sam.get("/api/v1/events", {"since": "2026-03-29T02:30"})
    assert answer.status_code == 422
    assert answer.json() == {"code": "invalid", "message": MESSAGE, "field": "since"}
