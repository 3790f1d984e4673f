"""``{{ value|qty:unit }}`` for every page: the shared lotline.lib.quantities.format_amount (trailing
zeros dropped: 112.500000 → 112.5, 53.000000 → 53), written in the reader's locale, followed by the unit."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

from lotline.lib.quantities import QuantityError, format_amount, parse_decimal

register = template.Library()


@register.filter
def qty(value: object, unit: str = "") -> str:
    """A quantity as an operator reads it: "112.5 kg", "53 pcs", "0 kg"; "—" when there is none."""
    if value is None or value == "":
        return "—"
    try:
        amount = parse_decimal(value)
    except QuantityError:
        return str(value)
    if not amount:
        amount = Decimal(0)  # no "-0"
    text = formats.number_format(Decimal(format_amount(amount)))
    return f"{text} {unit}" if unit else text
