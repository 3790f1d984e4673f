"""FSMA 204 sortable spreadsheet and KDE completeness report for a product and date range (Django side)."""

from __future__ import annotations

from datetime import datetime

from lotline.core.models import Item

from .fsma import HEADER, Gap, KdeRow, completeness, kde_rows
from .ledger_source import ledger_events


def fsma_report(
    *, product_code: str | None = None, since: datetime | None = None, until: datetime | None = None
) -> tuple[list[KdeRow], list[Gap]]:
    """The KDE rows of food lots (one per lot per event) and the rows missing KDEs."""
    items = Item.objects.filter(is_food=True)
    events = ledger_events(since=since, until=until, kinds=("receive", "produce", "ship"), items=items)
    rows = kde_rows(events, product_code=product_code)
    return rows, completeness(rows)


def fsma_spreadsheet(
    fmt: str, *, product_code: str | None = None, since: datetime | None = None, until: datetime | None = None
) -> bytes:
    """The FDA electronic sortable spreadsheet as CSV or XLSX."""
    from lotline.imports.exports import write_table  # the one table writer (imports owns CSV/XLSX)

    rows, _gaps = fsma_report(product_code=product_code, since=since, until=until)
    return write_table(HEADER, [row.as_list() for row in rows], fmt)
