"""Quantities with units, as Decimal — never float (pure: no Django).

A plant weighs steel in kg and counts parts in pcs; a scale may report grams. Conversions happen only
within one dimension (mass, length, volume, count); kg → pcs is a unit mismatch, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .text import shorten

# unit → (dimension, factor to the dimension's base unit, UN/CEFACT Rec 20 code used by EPCIS)
UNITS: dict[str, tuple[str, Decimal, str]] = {
    "kg": ("mass", Decimal(1), "KGM"),
    "g": ("mass", Decimal("0.001"), "GRM"),
    "t": ("mass", Decimal(1000), "TNE"),
    "m": ("length", Decimal(1), "MTR"),
    "mm": ("length", Decimal("0.001"), "MMT"),
    "l": ("volume", Decimal(1), "LTR"),
    "ml": ("volume", Decimal("0.001"), "MLT"),
    "m2": ("area", Decimal(1), "MTK"),
    "pcs": ("count", Decimal(1), "H87"),
}

# Six decimals match the database columns (DecimalField(decimal_places=6)).
QUANTUM = Decimal("0.000001")
# The columns hold 18 digits, 12 before the point. One booking may be at most a thousand million base
# units, so that a lot's sums (many receipts, the stock projection) still fit.
LARGEST = Decimal(10) ** 9

# A number as people and programs write it: ASCII digits, one decimal point, an optional exponent. Python's
# Decimal() also takes "1_000" and Arabic-Indic digits, which no scale or person means as a quantity.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


class QuantityError(ValueError):
    """A quantity or unit that cannot be used (operator-readable message); ``too_large`` tells a number
    that is no quantity for its size from one that is no number at all."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


def unit_dimension(unit: str) -> str:
    try:
        return UNITS[unit][0]
    except KeyError:
        known = ", ".join(UNITS)
        raise QuantityError(f"Unknown unit {unit!r}; known units are {known}.") from None


def cefact_code(unit: str) -> str:
    unit_dimension(unit)
    return UNITS[unit][2]


def parse_decimal(value: object) -> Decimal:
    """Read a quantity typed by a person or a file: '12,5' and '12.5' both mean twelve and a half."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # Spreadsheets hand us floats; repr() gives the shortest form that reads back the same:
        # 0.1, not 0.1000000000000000055.
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not NUMBER.fullmatch(text):
            raise QuantityError(f"{shorten(value)!r} is not a number.")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise QuantityError(f"{shorten(value)!r} is not a number.") from None
    else:
        raise QuantityError(f"{shorten(value)!r} is not a number.")
    if not result.is_finite():
        raise QuantityError(f"{shorten(value)!r} is not a number.")
    if result and result.adjusted() > 14:  # 10^15 and up: nothing a plant weighs or counts
        raise QuantityError(f"{shorten(value)!r} is far too large for a quantity.", too_large=True)
    return result


@dataclass(frozen=True)
class Quantity:
    """An amount of something in a unit, e.g. Quantity(Decimal('12.5'), 'kg')."""

    amount: Decimal
    unit: str

    def __post_init__(self) -> None:
        unit_dimension(self.unit)
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", parse_decimal(self.amount))

    def to(self, unit: str) -> Quantity:
        """Convert to another unit of the same dimension; raises QuantityError on a mismatch."""
        if unit == self.unit:
            return self
        source_dim, source_factor, _ = UNITS[self.unit]
        target_dim = unit_dimension(unit)
        if source_dim != target_dim:
            raise QuantityError(f"Cannot convert {self.unit} to {unit}: {source_dim} is not {target_dim}.")
        target_factor = UNITS[unit][1]
        return Quantity((self.amount * source_factor / target_factor).quantize(QUANTUM), unit)

    def __str__(self) -> str:
        return f"{format_amount(self.amount)} {self.unit}"


def format_amount(amount: Decimal) -> str:
    """12.500000 → '12.5', 3.000000 → '3' — what an operator expects to read."""
    normalized = amount.normalize()
    text = format(normalized, "f")
    return text
