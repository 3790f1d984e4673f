"""Parsing one cell: each parser returns a typed value or raises CellError with a code and a reason."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from lotline.core.services.context import skipped_time_message
from lotline.lib.quantities import UNITS, QuantityError, parse_decimal
from lotline.lib.text import shorten
from lotline.lib.times import SkippedTime, wall_clock


class CellError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a workbook turns the code 1001 into 1001.0
    return str(value).strip()


def code(value: object) -> str:
    return text(value).upper()


def not_a_yes_no(value: object, code: str) -> None:
    """A workbook's TRUE/FALSE cell where a number belongs is refused: bool is an int to Python, so it
    would be read as 1 or 0 (TRUE kg committed as 1 kg)."""
    if isinstance(value, bool):
        raise CellError(
            code,
            _("%(value)s is a yes/no value, not a number.") % {"value": "TRUE" if value else "FALSE"},
        )


def positive_decimal(value: object) -> Decimal:
    not_a_yes_no(value, "bad_quantity")
    try:
        amount = parse_decimal(value if not isinstance(value, str) else value.strip())
    except QuantityError as exc:
        shown = shorten(text(value))  # a 100 000-digit cell is not echoed whole
        if exc.too_large:  # 10^15 and up: a number, but none a plant weighs or counts
            message = _("%(value)s is far too large for a quantity.")
        else:
            message = _("%(value)s is not a number.")
        raise CellError("bad_quantity", message % {"value": shown}) from None
    if amount < 0:
        raise CellError("negative_quantity", _("The quantity must not be negative."))
    if amount == 0:
        raise CellError("bad_quantity", _("The quantity must be more than zero."))
    if amount.as_tuple().exponent < -6:  # type: ignore[operator]
        raise CellError("bad_quantity", _("At most six decimal places."))
    return amount


def whole_number(value: object) -> int:
    not_a_yes_no(value, "bad_number")
    try:
        amount = parse_decimal(value)
    except QuantityError:
        amount = Decimal(-1)
    if amount < 0 or amount != amount.to_integral_value():
        raise CellError("bad_number", _("%(value)s is not a whole number.") % {"value": text(value)})
    return int(amount)


def unit(value: object) -> str:
    name = text(value).lower()
    if name not in UNITS:
        raise CellError(
            "unknown_unit",
            _("Unknown unit %(unit)s; use one of %(units)s.")
            % {"unit": text(value), "units": ", ".join(UNITS)},
        )
    return name


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in ("1", "yes", "y", "true", "x", "ja", "tak", "oui"):
        return True
    if word in ("0", "no", "n", "false", "", "nein", "nie", "non"):
        return False
    raise CellError("bad_boolean", _("%(value)s is not yes or no.") % {"value": text(value)})


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y %H:%M",
)


def a_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise CellError("bad_date", _("%(value)s is not a date (use YYYY-MM-DD).") % {"value": raw})


def a_datetime(value: object, tz: ZoneInfo) -> datetime:
    """A moment; times without a zone are the site's wall clock, a date alone is its midnight."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(0))
    else:
        raw = text(value)
        moment = None
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            for fmt in DATETIME_FORMATS + DATE_FORMATS:
                try:
                    moment = datetime.strptime(raw, fmt)
                    break
                except ValueError:
                    continue
        if moment is None:
            raise CellError(
                "bad_date", _("%(value)s is not a date and time (use YYYY-MM-DD HH:MM).") % {"value": raw}
            )
    if moment.tzinfo is None:
        try:
            moment = wall_clock(moment, tz)
        except SkippedTime as exc:
            raise CellError("bad_date", skipped_time_message(exc)) from None
    return moment
