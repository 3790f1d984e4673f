"""EPCIS 2.0 export: every document validates against GS1's JSON Schema and XSD (in tests/data/epcis),
and the events say what the ledger says."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from lotline.core.services import consume, correct, hold, produce, receive, ship
from lotline.interop.epcis_export import export_epcis
from lotline.interop.epcis_json import format_checker

DATA = Path(__file__).parent / "data" / "epcis"


def build_ledger(plant) -> dict:
    """Two raw lots, two work orders (implicit and explicit links), a shipment, a hold and a correction."""
    plant.shaft.gtin = "09521234543213"
    plant.shaft.is_food = True
    plant.shaft.save()
    s1 = receive(
        plant.ctx(),
        item=plant.steel,
        quantity="100",
        supplier=plant.supplier,
        supplier_lot="H-778",
        delivery_ref="DN-1",
        lot_number="S1",
    ).lot
    s2 = receive(
        plant.ctx(),
        item=plant.steel,
        quantity="50.5",
        supplier=plant.supplier2,
        supplier_lot="A-1",
        delivery_ref="DN-2",
        lot_number="S2",
    ).lot
    wrong = receive(
        plant.ctx(),
        item=plant.steel,
        quantity="7",
        supplier=plant.supplier2,
        supplier_lot="A-2",
        delivery_ref="DN-2",
        lot_number="S3",
    )
    correct(plant.ctx(user=plant.supervisor), event=wrong.event, reason="Typed the wrong delivery")
    wo1 = plant.work_order(item=plant.blank, machine=plant.saw)
    consume(plant.ctx(work_order=wo1), lot=s1, quantity="30")
    b1 = produce(plant.ctx(work_order=wo1), quantity="10", lot_number="B1").lot
    consume(plant.ctx(work_order=wo1), lot=s2, quantity="20.25")
    b2 = produce(plant.ctx(work_order=wo1), quantity="10", lot_number="B2").lot
    wo2 = plant.work_order()
    shaft = produce(plant.ctx(work_order=wo2), quantity="5", inputs=[(b1, "5")], lot_number="F1").lot
    ship(plant.ctx(), customer=plant.customer, document="DESP-1", lines=[(shaft, "3")])
    hold(plant.ctx(user=plant.supervisor), lots=[b2], reason="Burr on edge")
    return {"s1": s1, "s2": s2, "b1": b1, "b2": b2, "shaft": shaft, "wo1": wo1, "wo2": wo2}


def json_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((DATA / "EPCIS-JSON-Schema.json").read_text())
    # jsonschema's own date-time/uri checks need optional packages; format_checker() states the two rules.
    return jsonschema.Draft7Validator(schema, format_checker=format_checker())


def xml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "xsd" / "EPCglobal-epcis-2_0.xsd")))


@pytest.fixture
def ledger(plant):
    return build_ledger(plant)


def test_json_export_validates_against_gs1_schema(ledger):
    document = json.loads(export_epcis("json"))
    errors = [e.message for e in json_validator().iter_errors(document)]
    assert errors == []
    assert document["type"] == "EPCISDocument" and document["schemaVersion"] == "2.0"


def test_xml_export_validates_against_gs1_xsd(ledger):
    schema = xml_schema()
    tree = etree.fromstring(export_epcis("xml"))
    assert schema.validate(tree), schema.error_log


def test_the_validators_do_reject_a_broken_document(ledger):
    document = json.loads(export_epcis("json"))
    document["epcisBody"]["eventList"][0]["eventTime"] = "yesterday"
    assert [e.message for e in json_validator().iter_errors(document)] == ["'yesterday' is not a 'date-time'"]
    xml = export_epcis("xml").replace(b"<action>ADD</action>", b"<action>MAYBE</action>", 1)
    assert not xml_schema().validate(etree.fromstring(xml))


def test_receiving_is_an_object_event_with_source_and_destination(ledger):
    events = json.loads(export_epcis("json"))["epcisBody"]["eventList"]
    first = events[0]
    assert first["type"] == "ObjectEvent"
    assert (first["action"], first["bizStep"], first["disposition"]) == ("ADD", "receiving", "in_progress")
    assert first["quantityList"] == [
        {"epcClass": "https://id.lotline.example/item/STEEL/lot/S1", "quantity": 100, "uom": "KGM"}
    ]
    assert first["sourceList"] == [
        {"type": "owning_party", "source": "https://id.lotline.example/party/STEELCO"}
    ]
    assert first["destinationList"] == [
        {"type": "owning_party", "destination": "https://id.lotline.example/site/HQ"}
    ]
    assert first["bizTransactionList"] == [
        {"type": "desadv", "bizTransaction": "https://id.lotline.example/delivery/DN-1"}
    ]
    assert first["ilmd"] == {"cbvmda:lotNumber": "S1", "lotline:supplierLot": "H-778"}
    assert first["eventTimeZoneOffset"] == "+01:00"  # Europe/Warsaw in March
    assert events[1]["quantityList"][0]["quantity"] == Decimal("50.5")


def test_work_orders_are_transformation_events(ledger):
    events = json.loads(export_epcis("json"))["epcisBody"]["eventList"]
    transformations = [e for e in events if e["type"] == "TransformationEvent"]
    consume1, out1, consume2, out2, shaft = transformations
    wo1 = "https://id.lotline.example/work-order/WO-001"
    assert consume1["inputQuantityList"] == [
        {"epcClass": "https://id.lotline.example/item/STEEL/lot/S1", "quantity": 30, "uom": "KGM"}
    ]
    assert consume1["transformationID"] == wo1 and out1["transformationID"] == wo1
    assert out1["outputQuantityList"] == [
        {"epcClass": "https://id.lotline.example/item/BLANK/lot/B1", "quantity": 10}
    ]
    assert out1["bizTransactionList"] == [{"type": "prodorder", "bizTransaction": wo1}]
    assert consume2["inputQuantityList"][0]["quantity"] == Decimal("20.25")
    # Named inputs: the event itself links them, no transformationID that would widen the link.
    assert "transformationID" not in shaft
    assert shaft["inputQuantityList"] == [
        {"epcClass": "https://id.lotline.example/item/BLANK/lot/B1", "quantity": 5}
    ]
    assert shaft["outputQuantityList"] == [
        {"epcClass": "https://id.gs1.org/01/09521234543213/10/F1", "quantity": 5}
    ]


def test_shipping_and_hold(ledger):
    events = json.loads(export_epcis("json"))["epcisBody"]["eventList"]
    shipping = next(e for e in events if e.get("bizStep") == "shipping")
    assert shipping["destinationList"] == [
        {"type": "owning_party", "destination": "https://id.lotline.example/party/BIKES"}
    ]
    assert shipping["quantityList"] == [
        {"epcClass": "https://id.gs1.org/01/09521234543213/10/F1", "quantity": 3}
    ]
    holding = next(e for e in events if e.get("bizStep") == "holding")
    assert holding["disposition"] == "non_sellable_other"
    assert holding["quantityList"] == [{"epcClass": "https://id.lotline.example/item/BLANK/lot/B2"}]


def test_a_correction_is_an_error_declaration_of_the_same_event(ledger):
    events = json.loads(export_epcis("json"))["epcisBody"]["eventList"]
    s3 = [e for e in events if e.get("ilmd", {}).get("cbvmda:lotNumber") == "S3"]
    assert len(s3) == 2
    original, declared = s3
    assert original["eventID"] == declared["eventID"]
    assert "errorDeclaration" not in original
    assert declared["errorDeclaration"]["reason"] == "incorrect_data"
    assert declared["errorDeclaration"]["lotline:reason"] == "Typed the wrong delivery"
    assert events[-1] == declared
    xml = export_epcis("xml")
    assert b"<reason>urn:epcglobal:cbv:er:incorrect_data</reason>" in xml


def test_the_runtime_schema_copy_is_the_vendored_one():
    runtime = Path(__file__).parent.parent / "lotline" / "interop" / "schemas"
    names = ["EPCIS-JSON-Schema.json", "epcis-context.jsonld"] + [
        f"xsd/{p.name}" for p in (DATA / "xsd").glob("*.xsd")
    ]
    assert len(names) == 12
    assert all((runtime / name).read_bytes() == (DATA / name).read_bytes() for name in names)
