"""Turning raw SQL values into what the ORM would give: aware UTC datetimes, dates, exact Decimals.

The ORM hides the databases' differences; raw SQL must not leak them. SQLite hands back datetimes as naive
text (Django stores UTC there) and sums decimal columns in floating point; PostgreSQL gives aware
datetimes and exact numerics.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import ParamSpec, TypeVar

from lotline.lib.quantities import QUANTUM

ZERO = Decimal(0)


def as_datetime(value: object) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def as_quantity(value: object) -> Decimal:
    """An exact quantity from a column or a SUM over one.

    SQLite stores these columns as REAL, so SUM(0.1, 0.2) comes back 0.30000000000000004. Every stored value
    has at most six decimals, and a plant's sums stay far inside a double's 15 significant digits, so
    rounding to six places gives back the exact decimal sum.
    """
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value.quantize(QUANTUM)
    return Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(QUANTUM)


P = ParamSpec("P")
R = TypeVar("R")


def without_gc_pauses(func: Callable[P, R]) -> Callable[P, R]:
    """Run a large read without the cyclic garbage collector stepping in halfway.

    A 1,000-lot recall allocates tens of thousands of short-lived, acyclic objects (rows, dataclasses);
    each allocation burst triggers collections that walk the whole heap and, on the 2 M-lot benchmark plant,
    put the slowest of 30 runs at 1.5–2× the median. Reference counting still frees everything; the
    collector simply runs after the read instead of during it.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper
