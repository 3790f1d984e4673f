# ruff: noqa: E501  (golden tables and CSV are wider than a code line)
"""The `lotline` commands on the small test plant: exact output, who is recorded, and refusals (exit 2)."""

from __future__ import annotations

import io
import json
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from lotline.core.models import Event, Lot


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        run(*args)
    assert error.value.returncode == 2
    return str(error.value)


def without_timing(text: str) -> tuple[str, str]:
    body, _sep, last = text.rstrip("\n").rpartition("\n")
    return body, re.sub(r"[\d.]+ ms$", "… ms", last)


@pytest.fixture
def flow(plant):
    """Receive a bar, make shafts on two work orders (named input; work-order rule), ship some."""
    steel = run(
        "receive",
        "--item",
        "STEEL",
        "--qty",
        "500",
        "--supplier",
        "STEELCO",
        "--supplier-lot",
        "H123",
        "--delivery",
        "DN-1",
        "--at",
        "2026-03-02T07:00",
    ).strip()
    plant.wo1 = plant.work_order(item=plant.shaft)
    shaft = run(
        "produce",
        "--work-order",
        "WO-001",
        "--qty",
        "40",
        "--input",
        f"{steel}=120",
        "--at",
        "2026-03-02T09:30",
    ).strip()
    plant.wo2 = plant.work_order(item=plant.shaft)
    consumed = run(
        "consume", "--work-order", "WO-002", "--lot", steel, "--qty", "100", "--at", "2026-03-02T10:00"
    )
    shaft2 = run("produce", "--work-order", "WO-002", "--qty", "30", "--at", "2026-03-02T11:00").strip()
    shipped = run(
        "ship",
        "--customer",
        "BIKES",
        "--document",
        "INV-1",
        "--lot",
        f"{shaft}=30",
        "--lot",
        f"{shaft2}=10",
        "--at",
        "2026-03-03T08:00",
    )
    plant.lots = (steel, shaft, shaft2)
    plant.printed = (consumed, shipped)
    return plant


def test_receive_produce_consume_ship_print_what_they_recorded(flow):
    assert flow.lots == ("STEEL-260302-0013", "SHAFT-260302-001V", "SHAFT-260302-002T")
    consumed, shipped = flow.printed
    assert consumed == "Consumed 100 kg of STEEL-260302-0013 on WO-002.\n"
    assert (
        shipped == "Shipment INV-1 to Bikes Ltd:\n  SHAFT-260302-001V  30 pcs\n  SHAFT-260302-002T  10 pcs\n"
    )
    cli = get_user_model().objects.get(username="cli")
    assert not cli.is_active and not cli.has_usable_password()
    assert set(Event.objects.values_list("user__username", flat=True)) == {"cli"}
    # Without --machine, consumption and output are recorded at the work order's machine.
    made = list(Event.objects.filter(kind__in=["consume", "produce"]).select_related("work_order"))
    assert made and all(e.machine_id and e.machine_id == e.work_order.machine_id for e in made)


def test_events_are_attributed_to_the_named_user(plant, monkeypatch):
    run(
        "receive",
        "--item",
        "STEEL",
        "--qty",
        "5",
        "--supplier",
        "STEELCO",
        "--supplier-lot",
        "H1",
        "--delivery",
        "DN-9",
        "--user",
        "sam",
    )
    monkeypatch.setenv("LOTLINE_CLI_USER", "olga")
    run(
        "receive",
        "--item",
        "STEEL",
        "--qty",
        "6",
        "--supplier",
        "STEELCO",
        "--supplier-lot",
        "H2",
        "--delivery",
        "DN-9",
    )
    assert list(Event.objects.order_by("id").values_list("user__username", flat=True)) == ["sam", "olga"]
    assert (
        refused(
            "receive",
            "--item",
            "STEEL",
            "--qty",
            "5",
            "--supplier",
            "STEELCO",
            "--supplier-lot",
            "H1",
            "--delivery",
            "DN-9",
            "--user",
            "nobody",
        )
        == "No user nobody."
    )


def test_the_same_event_id_twice_records_once(plant):
    event_id = str(uuid.UUID(int=7))
    args = (
        "receive",
        "--item",
        "STEEL",
        "--qty",
        "5",
        "--unit",
        "kg",
        "--supplier",
        "STEELCO",
        "--supplier-lot",
        "H1",
        "--delivery",
        "DN-9",
        "--event-id",
        event_id,
        "--at",
        "2026-03-02T07:00",
    )
    assert run(*args) == run(*args) == "STEEL-260302-0013\n"
    assert Lot.objects.count() == 1


def test_trace_back_table(flow):
    body, last = without_timing(run("trace", "back", "SHAFT-260302-001V"))
    assert (
        body
        == """\
Backward trace: SHAFT-260302-001V

depth  lot                item   status    origin    created                 supplier  supplier_lot  delivery  work_order  machine
-----  -----------------  -----  --------  --------  ----------------------  --------  ------------  --------  ----------  -------
    0  SHAFT-260302-001V  SHAFT  released  produced  2026-03-02T09:30+01:00                                    WO-001      CNC1
    1  STEEL-260302-0013  STEEL  released  received  2026-03-02T07:00+01:00  SteelCo   H123          DN-1

Links
input              output             qty  unit  work_order  basis     ambiguous
-----------------  -----------------  ---  ----  ----------  --------  ---------
STEEL-260302-0013  SHAFT-260302-001V  120  kg    WO-001      explicit

Supplier deliveries
supplier  delivery
--------  --------
SteelCo   DN-1
"""
    )
    assert last == "lots: 2, links: 1 (ambiguous: 0); … ms"


def test_trace_forward_csv_and_json(flow):
    assert (
        run("trace", "forward", "STEEL-260302-0013", "--format", "csv")
        == """\
depth,lot,item,status,origin,created,supplier,supplier_lot,delivery,work_order,machine
0,STEEL-260302-0013,STEEL,released,received,2026-03-02T07:00+01:00,SteelCo,H123,DN-1,,
1,SHAFT-260302-001V,SHAFT,released,produced,2026-03-02T09:30+01:00,,,,WO-001,CNC1
1,SHAFT-260302-002T,SHAFT,released,produced,2026-03-02T11:00+01:00,,,,WO-002,CNC1
"""
    )
    data = json.loads(run("trace", "forward", "STEEL-260302-0013", "--depth", "1", "--format", "json"))
    assert isinstance(data.pop("elapsed_ms"), float)
    assert [lot["lot"] for lot in data.pop("lots")] == list(flow.lots)
    assert data == {
        "direction": "forward",
        "roots": ["STEEL-260302-0013"],
        "links": [
            {
                "input": "STEEL-260302-0013",
                "output": "SHAFT-260302-001V",
                "quantity": "120",
                "unit": "kg",
                "work_order": "WO-001",
                "basis": "explicit",
                "ambiguous": False,
            },
            {
                "input": "STEEL-260302-0013",
                "output": "SHAFT-260302-002T",
                "quantity": "",
                "unit": "",
                "work_order": "WO-002",
                "basis": "implicit",
                "ambiguous": False,
            },
        ],
        "deliveries": [],
    }


def test_recall_table(flow):
    body, last = without_timing(run("recall", "STEEL-260302-0013"))
    assert (
        body
        == """\
Recall scope: STEEL-260302-0013

lot                item   made  used  shipped  scrapped  on_hand  unit  status
-----------------  -----  ----  ----  -------  --------  -------  ----  --------
STEEL-260302-0013  STEEL   500   220        0         0      280  kg    released
SHAFT-260302-001V  SHAFT    40     0       30         0       10  pcs   released
SHAFT-260302-002T  SHAFT    30     0       10         0       20  pcs   released

Shipments
document  shipped_at              customer  lot                qty  unit
--------  ----------------------  --------  -----------------  ---  ----
INV-1     2026-03-03T08:00+01:00  BIKES     SHAFT-260302-001V   30  pcs
INV-1     2026-03-03T08:00+01:00  BIKES     SHAFT-260302-002T   10  pcs

Customers to notify
code   name       contact  email           phone  shipments
-----  ---------  -------  --------------  -----  ---------
BIKES  Bikes Ltd  Ann      ann@bikes.test         INV-1
"""
    )
    assert last == (
        "lots: 3 (with stock on hand: 3), shipment lines: 2, customers: 1, ambiguous links: 0; … ms"
    )
    assert run("recall", "--delivery", "DN-1", "--supplier", "STEELCO").startswith(
        "Recall scope: SteelCo delivery DN-1\n"
    )


def test_recall_csv_is_one_sortable_sheet(flow):
    assert (
        run("recall", "STEEL-260302-0013", "--format", "csv")
        == """\
lot,item,status,made,used,scrapped,on_hand,on_hand_at,unit,shipment,shipped_at,customer,customer_name,contact,email,phone,shipped_qty,ambiguous_inputs
STEEL-260302-0013,STEEL,released,500,220,0,280,RACK-A:280,kg,,,,,,,,,
SHAFT-260302-001V,SHAFT,released,40,0,0,10,RACK-A:10,pcs,INV-1,2026-03-03T08:00+01:00,BIKES,Bikes Ltd,Ann,ann@bikes.test,,30,
SHAFT-260302-002T,SHAFT,released,30,0,0,20,RACK-A:20,pcs,INV-1,2026-03-03T08:00+01:00,BIKES,Bikes Ltd,Ann,ann@bikes.test,,10,
"""
    )


def test_recall_json_names_ambiguous_links(flow):
    """Two bars consumed on one order, two outputs, no named inputs: every link may or may not be real."""
    second = run(
        "receive",
        "--item",
        "STEEL",
        "--qty",
        "50",
        "--supplier",
        "ACME",
        "--supplier-lot",
        "A7",
        "--delivery",
        "ACME-1",
        "--at",
        "2026-03-02T12:00",
    ).strip()
    flow.work_order(item=flow.shaft, machine=flow.saw)
    for lot, at in (("STEEL-260302-0013", "12:10"), (second, "12:20")):
        run("consume", "--work-order", "WO-003", "--lot", lot, "--qty", "20", "--at", f"2026-03-02T{at}")
    out1 = run("produce", "--work-order", "WO-003", "--qty", "5", "--at", "2026-03-02T13:00").strip()
    out2 = run("produce", "--work-order", "WO-003", "--qty", "6", "--at", "2026-03-02T14:00").strip()
    data = json.loads(run("recall", second, "--format", "json"))
    data.pop("elapsed_ms")
    assert data == {
        "description": second,
        "suspects": [second],
        "lots": [
            {
                "lot": second,
                "item": "STEEL",
                "made": "50",
                "used": "20",
                "shipped": "0",
                "scrapped": "0",
                "on_hand": "30",
                "unit": "kg",
                "status": "released",
                "on_hand_by_location": {"RACK-A": "30"},
                "depth": 0,
            },
            {
                "lot": out1,
                "item": "SHAFT",
                "made": "5",
                "used": "0",
                "shipped": "0",
                "scrapped": "0",
                "on_hand": "5",
                "unit": "pcs",
                "status": "released",
                "on_hand_by_location": {"RACK-A": "5"},
                "depth": 1,
            },
            {
                "lot": out2,
                "item": "SHAFT",
                "made": "6",
                "used": "0",
                "shipped": "0",
                "scrapped": "0",
                "on_hand": "6",
                "unit": "pcs",
                "status": "released",
                "on_hand_by_location": {"RACK-A": "6"},
                "depth": 1,
            },
        ],
        "shipments": [],
        "customers": [],
        "ambiguous_links": [
            {"input": second, "output": out1, "work_order": "WO-003"},
            {"input": second, "output": out2, "work_order": "WO-003"},
        ],
    }
    assert f"  {second} → {out1}  (WO-003)" in run("recall", second)


def test_recall_by_machine_window(flow):
    body, _last = without_timing(
        run("recall", "--machine", "CNC1", "--from", "2026-03-02T09:00", "--to", "2026-03-02T10:00")
    )
    assert body.splitlines()[0] == "Recall scope: CNC1, 2026-03-02T09:00:00+01:00 – 2026-03-02T10:00:00+01:00"
    assert "SHAFT-260302-001V" in body and "SHAFT-260302-002T" not in body


def test_refusals_exit_2_and_write_nothing(flow):
    events = Event.objects.count()
    assert refused("consume", "--work-order", "WO-001", "--lot", "STEEL-260302-0013", "--qty", "900") == (
        "Lot STEEL-260302-0013 has only 280 kg on hand; 900 kg asked for."
    )
    assert refused("ship", "--customer", "BIKES", "--document", "INV-2", "--lot", "SHAFT-260302-001V=11") == (
        "Lot SHAFT-260302-001V has only 10 pcs on hand; 11 pcs asked for."
    )
    assert (
        refused(
            "receive",
            "--item",
            "NOPE",
            "--qty",
            "5",
            "--supplier",
            "STEELCO",
            "--supplier-lot",
            "H1",
            "--delivery",
            "DN-9",
        )
        == "No item with code NOPE."
    )
    assert (
        refused("ship", "--customer", "NOPE", "--document", "X", "--lot", "A=1")
        == "No customer with code NOPE."
    )
    assert (
        refused(
            "receive",
            "--item",
            "STEEL",
            "--qty",
            "5",
            "--supplier",
            "BIKES",
            "--supplier-lot",
            "H1",
            "--delivery",
            "DN-9",
        )
        == "Bikes Ltd is not a supplier."
    )
    assert refused("ship", "--customer", "BIKES", "--document", "X", "--lot", "SHAFT-260302-001V") == (
        "--lot takes LOT=QUANTITY, not SHAFT-260302-001V."
    )
    assert refused("produce", "--work-order", "WO-999", "--qty", "1") == "No work order WO-999."
    assert refused("trace", "back", "SHAFT-260302-001X") == (
        "No lot SHAFT-260302-001X. The last character does not match — was it mistyped?"
    )
    assert (
        refused("recall")
        == "Name suspect lots, or --delivery, or --machine with --from and --to (one of them)."
    )
    assert refused("recall", "--delivery", "DN-404") == "No delivery DN-404."
    assert (
        refused("recall", "--machine", "CNC1", "--from", "2026-03-02") == "--machine needs --from and --to."
    )
    assert Event.objects.count() == events
