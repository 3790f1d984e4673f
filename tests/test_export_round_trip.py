"""Exports re-import cleanly: export every kind, wipe the plant (roll back), import the files, and the
genealogy, stock and shipments come back the same."""

from __future__ import annotations

import pytest
from django.db import transaction

from lotline.core.models import EventLine, GenealogyLink, Lot, StockBalance
from lotline.imports.exports import IMPORT_ORDER, export_kind, template
from lotline.imports.runner import commit
from tests.test_epcis_export import build_ledger


def genealogy() -> dict:
    links = sorted(
        (
            link.parent.number,
            link.child.number,
            link.basis,
            str(link.quantity.normalize()) if link.quantity else None,
        )
        for link in GenealogyLink.objects.filter(void__isnull=True).select_related("parent", "child")
    )
    stock = sorted(
        (b.lot.number, b.location.code, str(b.quantity.normalize()))
        for b in StockBalance.objects.select_related("lot", "location")
        if b.quantity
    )
    shipped = sorted(
        (line.shipment.number, line.lot.number, str(line.quantity.normalize()))
        for line in EventLine.objects.filter(kind="ship").select_related("shipment", "lot")
    )
    lots = sorted(
        (lot.number, lot.item.code, lot.supplier_lot, str(lot.expires_on))
        for lot in Lot.objects.select_related("item")
        .filter(lines__quantity__gt=0, lines__event__corrections__isnull=True)
        .distinct()
    )
    return {"links": links, "stock": stock, "shipped": shipped, "lots": lots}


class Rollback(Exception):
    pass


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_genealogy(plant, fmt):
    files = {}
    try:
        with transaction.atomic():
            build_ledger(plant)
            expected = genealogy()
            files = {kind: export_kind(kind, fmt) for kind in IMPORT_ORDER}
            raise Rollback
    except Rollback:
        pass
    assert not Lot.objects.exists()
    for kind in IMPORT_ORDER:
        report = commit(kind, files[kind], f"{kind}.{fmt}", site=plant.site)
        assert report.ok, (kind, [str(e) for e in report.errors])
    assert genealogy() == expected
    assert ("S1", "B2", "implicit", None) in expected["links"]
    assert ("B1", "F1", "explicit", "5") in expected["links"]


def test_a_template_is_the_header_row(plant):
    assert template("consumptions", "csv") == (
        "\ufeffwork_order,lot,quantity,unit,consumed_at,item,machine\r\n".encode()
    )
