"""FSMA 204 sortable spreadsheet and KDE completeness report for a product and date range (Django side)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from lotline.core.models import Item

from .epcis_export import check_window
from .fsma import HEADER, KINDS, Gap, completeness, kde_rows
from .ledger_source import ledger_events


class KdeRows(list):
    """The sheet's rows, and why it may be empty: no food item at all, or a product code naming no item."""

    food_items: bool = True
    unknown_product: str = ""


def fsma_report(
    *,
    product_code: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    site_code: str | None = None,
) -> tuple[KdeRows, list[Gap]]:
    """The KDE rows of food lots (one per lot per event) and the rows missing KDEs; a bound outside the
    years 1970–2100 (lib.times) raises WindowError (the same rule as the EPCIS export). With ``site_code``
    only that site's events (the /data/ page's user sees only the site they work at); without, every site."""
    check_window(since, until)
    items = Item.objects.filter(is_food=True)
    events = ledger_events(since=since, until=until, kinds=KINDS, items=items, site_code=site_code)
    rows = KdeRows(kde_rows(events, product_code=product_code))
    rows.food_items = food_items_exist()
    rows.unknown_product = product_code if unknown_product(product_code) else ""
    return rows, completeness(rows)


def food_items_exist() -> bool:
    """Whether any item is marked as a food on the Food Traceability List (else every sheet is empty)."""
    return Item.objects.filter(is_food=True).exists()


def unknown_product(product_code: str | None) -> str | None:
    """Why a product code is refused — it names no item, and an empty sheet for it would look like "no
    events" — or None when it is fine (or not given)."""
    if not product_code or Item.objects.filter(code=product_code).exists():
        return None
    return _("No item %(code)s; give the code of an item (product).") % {"code": product_code}


def fsma_spreadsheet(
    fmt: str,
    *,
    product_code: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    site_code: str | None = None,
) -> bytes:
    """The FDA electronic sortable spreadsheet as CSV or XLSX (of one site with ``site_code``)."""
    from lotline.lib.tables import write_table  # the one table writer, pure, below imports and interop

    rows, _gaps = fsma_report(product_code=product_code, since=since, until=until, site_code=site_code)
    return write_table(HEADER, [row.as_list() for row in rows], fmt)
