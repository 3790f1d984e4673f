"""What each import kind's sheet looks like: its columns, which are required, and how a cell is read.

The same column lists are the templates users download and the exports' headers, so an export re-imports
as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import cells

DATETIME = "datetime"  # parsed with the site's time zone, so not a plain one-argument parser


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[object], object] | str
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    columns: tuple[Column, ...]
    ledger: bool  # True: rows become ledger events through the services (else master data, upserted)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


PARTY_COLUMNS = (
    Column("code", cells.code, True),
    Column("name", cells.text, True),
    Column("address", cells.text),
    Column("country", cells.code),
    Column("contact_name", cells.text),
    Column("email", cells.text),
    Column("phone", cells.text),
    Column("gln", cells.text),
)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "items",
            _("Items"),
            (
                Column("code", cells.code, True),
                Column("name", cells.text, True),
                Column("kind", cells.text, True, "raw, intermediate, finished or packaging"),
                Column("unit", cells.unit, True),
                Column("gtin", cells.text),
                Column("shelf_life_days", cells.whole_number),
                Column("lot_pattern", cells.text),
                Column("is_food", cells.boolean),
            ),
            ledger=False,
        ),
        Kind("suppliers", _("Suppliers"), PARTY_COLUMNS, ledger=False),
        Kind("customers", _("Customers"), PARTY_COLUMNS, ledger=False),
        Kind(
            "machines",
            _("Machines"),
            (
                Column("code", cells.code, True),
                Column("name", cells.text, True),
                Column("site", cells.code),
                Column("group", cells.text),
                Column("hours_per_day", cells.positive_decimal),
            ),
            ledger=False,
        ),
        Kind(
            "opening_stock",
            _("Opening stock lots"),
            (
                Column("lot_number", cells.code, True),
                Column("item", cells.code, True),
                Column("quantity", cells.positive_decimal, True),
                Column("unit", cells.unit),
                Column("location", cells.code),
                Column("received_at", DATETIME),
                Column("expires_on", cells.a_date),
                Column("supplier", cells.code),
                Column("supplier_lot", cells.text),
                Column("delivery_ref", cells.text),
            ),
            ledger=True,
        ),
        Kind(
            "consumptions",
            _("Consumptions"),
            (
                Column("work_order", cells.code, True),
                Column("lot", cells.code, True),
                Column("quantity", cells.positive_decimal, True),
                Column("unit", cells.unit),
                Column("consumed_at", DATETIME, True),
                Column("item", cells.code, help="work order's product, for new ones"),
                Column("machine", cells.code),
            ),
            ledger=True,
        ),
        Kind(
            "productions",
            _("Productions"),
            (
                Column("work_order", cells.code, True),
                Column("item", cells.code),
                Column("machine", cells.code),
                Column("lot_number", cells.code),
                Column("quantity", cells.positive_decimal, True),
                Column("unit", cells.unit),
                Column("produced_at", DATETIME, True),
                Column("expires_on", cells.a_date),
                Column("input_lot", cells.code),
                Column("input_quantity", cells.positive_decimal),
            ),
            ledger=True,
        ),
        Kind(
            "shipments",
            _("Shipments"),
            (
                Column("document", cells.text, True),
                Column("customer", cells.code, True),
                Column("lot", cells.code, True),
                Column("quantity", cells.positive_decimal, True),
                Column("unit", cells.unit),
                Column("shipped_at", DATETIME, True),
            ),
            ledger=True,
        ),
    )
}
