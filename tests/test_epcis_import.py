"""EPCIS 2.0 import: a partner's document becomes lots and links through the services; invalid documents are
refused with the schema error and the event index; the same document twice changes nothing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import transaction

from lotline.core.models import Event, GenealogyLink, Lot
from lotline.interop.epcis_export import export_epcis
from lotline.interop.epcis_import import import_epcis
from tests.test_epcis_export import build_ledger


def links() -> list[tuple]:
    return sorted(
        (link.parent.number, link.child.number, link.basis)
        for link in GenealogyLink.objects.filter(void__isnull=True).select_related("parent", "child")
    )


class Rollback(Exception):
    pass


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_our_export_imports_back_to_the_same_genealogy(plant, fmt):
    try:
        with transaction.atomic():
            build_ledger(plant)
            expected = links()
            document = export_epcis(fmt)
            raise Rollback
    except Rollback:
        pass
    plant.shaft.refresh_from_db()
    plant.shaft.gtin = "09521234543213"
    plant.shaft.save()
    report = import_epcis(document, site=plant.site)
    assert report.ok, [str(e) for e in report.errors]
    assert links() == expected
    assert Lot.objects.get(number="S1").supplier_lot == "H-778"
    assert not Lot.objects.get(number="S3").balances.exclude(quantity=0).exists()  # the error declaration
    recorded = Event.objects.count()
    again = import_epcis(document, site=plant.site)
    assert again.ok and again.recorded == 0 and Event.objects.count() == recorded


PARTNER = {
    "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
    "type": "EPCISDocument",
    "schemaVersion": "2.0",
    "creationDate": "2026-03-01T10:00:00Z",
    "epcisBody": {
        "eventList": [
            {
                "type": "ObjectEvent",
                "eventID": "urn:uuid:7c9e2a50-0000-4000-8000-000000000001",
                "eventTime": "2026-03-01T09:00:00Z",
                "eventTimeZoneOffset": "+00:00",
                "epcList": [],
                "action": "OBSERVE",
                "bizStep": "receiving",
                "disposition": "in_progress",
                "quantityList": [
                    {"epcClass": "urn:epc:class:lgtin:4012345.011111.LOT-77", "quantity": 250.5, "uom": "KGM"}
                ],
                "sourceList": [
                    {"type": "owning_party", "source": "urn:epc:id:pgln:4012345.00000"},
                    {"type": "possessing_party", "source": "https://id.gs1.org/417/4012345000009"},
                ],
                "bizTransactionList": [
                    {"type": "desadv", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:DN-4711"}
                ],
            },
            {
                "type": "TransformationEvent",
                "eventID": "urn:uuid:7c9e2a50-0000-4000-8000-000000000002",
                "eventTime": "2026-03-01T09:30:00Z",
                "eventTimeZoneOffset": "+00:00",
                "inputQuantityList": [
                    {"epcClass": "urn:epc:class:lgtin:4012345.011111.LOT-77", "quantity": 100, "uom": "KGM"}
                ],
                "outputQuantityList": [
                    {"epcClass": "https://example.com/item/BLANK/lot/P-1", "quantity": 40}
                ],
                "bizTransactionList": [
                    {"type": "prodorder", "bizTransaction": "https://partner.example/po/PO-9"}
                ],
            },
        ]
    },
}


@pytest.fixture
def partner_items(plant):
    plant.steel.gtin = "04012345111118"
    plant.steel.save()
    plant.supplier.gln = "4012345000009"
    plant.supplier.save()


def test_a_partner_document_with_lgtin_and_digital_link(plant, partner_items):
    report = import_epcis(json.dumps(PARTNER).encode(), site=plant.site)
    assert report.ok, [str(e) for e in report.errors]
    raw = Lot.objects.get(supplier_lot="LOT-77")
    assert (raw.number, raw.supplier.code, raw.delivery.reference) == ("LOT-77", "STEELCO", "DN-4711")
    assert raw.balances.get().quantity == Decimal("150.5")
    assert links() == [("LOT-77", "P-1", "explicit")]
    assert import_epcis(json.dumps(PARTNER).encode(), site=plant.site).recorded == 0


def test_an_invalid_document_is_refused_with_schema_error_and_event_index(plant, partner_items):
    broken = json.loads(json.dumps(PARTNER))
    broken["epcisBody"]["eventList"][1]["eventTime"] = "yesterday"
    report = import_epcis(json.dumps(broken).encode(), site=plant.site)
    assert [(e.index, e.code, e.message) for e in report.errors] == [
        (1, "schema", "'yesterday' is not a 'date-time' (at /epcisBody/eventList/1/eventTime)")
    ]
    assert not Lot.objects.exists()


def test_an_invalid_xml_document_names_the_event(plant):
    build_ledger(plant)
    xml = export_epcis("xml").replace(b"<action>OBSERVE</action>", b"<action>LOOK</action>", 1)
    report = import_epcis(xml, site=plant.site)
    assert len(report.errors) == 1
    error = report.errors[0]
    assert error.code == "schema" and "LOOK" in error.message
    assert error.index == 8  # the shipping event: the first OBSERVE in the document


def test_a_refused_event_rolls_the_document_back(plant, partner_items):
    document = json.loads(json.dumps(PARTNER))
    document["epcisBody"]["eventList"][1]["inputQuantityList"][0]["quantity"] = 999
    report = import_epcis(json.dumps(document).encode(), site=plant.site)
    assert [(e.index, e.code) for e in report.errors] == [(1, "insufficient_stock")]
    assert not Lot.objects.exists()


def test_a_nul_character_in_a_json_value_is_refused_by_name(plant, partner_items):
    """PostgreSQL cannot store text with NUL: the document is refused before anything is read into lots."""
    text = json.dumps(PARTNER).replace("DN-4711", "DN-47\\u000011", 1)
    report = import_epcis(text.encode(), site=plant.site)
    assert [(e.index, e.code, e.message) for e in report.errors] == [
        (None, "bad_character", "The document contains a NUL character (0x00) in a value.")
    ]
    assert not Lot.objects.exists()
