"""Wall-clock times at a plant: a time typed or imported without an offset is the site's clock.

Twice a year that clock is not a plain number line. In spring an hour is skipped (02:30 on the last Sunday
of March never happens in Europe/Warsaw); in autumn an hour happens twice. Python's zoneinfo quietly turns
a skipped time into one an hour off, so an event would be stored at a moment nobody entered. A skipped
time is refused instead; a repeated one is read as its first occurrence (summer time), as most plant
clocks and spreadsheets mean it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo


class SkippedTime(ValueError):
    """A wall-clock time that does not exist at that place (the clocks went forward over it)."""

    def __init__(self, naive: datetime, zone: ZoneInfo) -> None:
        self.value = naive.isoformat(sep=" ", timespec="minutes")
        self.zone = zone.key
        super().__init__(f"{self.value} does not exist in {self.zone}")


def wall_clock(naive: datetime, zone: ZoneInfo) -> datetime:
    """``naive`` read on the clock of ``zone``, as an aware datetime; SkippedTime if that clock skipped it."""
    aware = naive.replace(tzinfo=zone, fold=0)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive.replace(tzinfo=None, fold=0):
        raise SkippedTime(naive, zone)
    return aware


# The years a plant's records can lie in. Nothing was scanned before 1970, and a year after 2100 is a typo
# (or "9999-12-31" meant as "for ever"); the very ends of the calendar cannot even be turned into UTC.
FIRST_YEAR, LAST_YEAR = 1970, 2100


def within_plant_years(moment: datetime, *, end: bool = False) -> bool:
    """Whether ``moment`` lies in FIRST_YEAR..LAST_YEAR. ``end``: it is a window's exclusive end, so the
    first instant of the year after LAST_YEAR still closes a window that covers all of LAST_YEAR."""
    if end and moment.year > FIRST_YEAR:
        moment = moment - timedelta(microseconds=1)
    return FIRST_YEAR <= moment.year <= LAST_YEAR
