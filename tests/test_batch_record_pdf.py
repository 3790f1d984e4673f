"""The batch record PDF of a work order, read back with pdftotext (poppler-utils): what an auditor sees."""

import subprocess
from decimal import Decimal

import pytest

from lotline.core.models import Item, Site, WorkOrder
from lotline.core.services import consume, hold, produce, receive, scrap
from lotline.planning.batch_record_pdf import render_batch_record
from lotline.planning.queries import batch_record
from lotline.planning.services import confirm_operation, transition
from tests.test_planning_plant import Golden


@pytest.fixture
def golden(plant) -> Golden:
    return Golden(plant)


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())  # one line: table cells wrap unpredictably


@pytest.fixture
def finished(golden):
    plant = golden.plant
    wo = plant.work_order(status=WorkOrder.Status.PLANNED, customer_ref="PO-77")
    transition(wo, WorkOrder.Status.RELEASED, plant.supervisor, at=plant.tick())
    blanks = receive(
        plant.ctx(),
        item=plant.blank,
        quantity=200,
        supplier=plant.supplier,
        supplier_lot="BL-9",
        delivery_ref="DN-9",
    ).lot
    consume(plant.ctx(work_order=wo, machine=plant.lathe), lot=blanks, quantity=102)
    confirm_operation(wo, golden.turn, plant.operator, answers={}, at=plant.tick())
    confirm_operation(
        wo,
        golden.inspect,
        plant.operator,
        at=plant.tick(),
        answers={golden.check_measured.pk: True, golden.check_burrs.pk: True},
    )
    first = produce(plant.ctx(work_order=wo, machine=plant.lathe), quantity=60).lot
    second = produce(plant.ctx(work_order=wo, machine=plant.lathe), quantity=40).lot
    scrap(plant.ctx(work_order=wo), lot=second, quantity=2, reason="dropped")
    hold(plant.ctx(user=plant.supervisor), lots=[first], reason="hardness check")
    wo.refresh_from_db()
    transition(wo, WorkOrder.Status.DONE, plant.supervisor, at=plant.tick())
    return golden, wo, blanks, first, second


def test_the_record_holds_the_numbers(finished):
    _golden, wo, blanks, first, second = finished
    record = batch_record(wo)
    assert [(r.lot_number, r.quantity) for r in record.inputs] == [(blanks.number, Decimal(102))]
    assert [(r.lot_number, r.quantity) for r in record.outputs] == [(first.number, 60), (second.number, 40)]
    assert (record.produced, record.scrapped_total) == (Decimal(100), Decimal(2))
    assert [(b.item_code, b.expected, b.consumed) for b in record.balance] == [
        ("BLANK", Decimal(102), Decimal(102)),
        ("CARTON", Decimal(2), 0),
        ("PAINT", Decimal("1.375"), 0),
    ]
    assert record.operators == ["olga", "sam"]
    assert record.machines == ["CNC1"]


def test_the_pdf_text_is_what_the_auditor_reads(finished):
    _golden, wo, blanks, first, second = finished
    text = pdf_text(render_batch_record(batch_record(wo)))
    # Times are the plant's (Europe/Warsaw, UTC+1 in March): the clock starts at 06:00 UTC.
    for expected in [
        "Batch record — work order WO-001",
        "SHAFT Shaft",
        "PO-77",
        "Version 1, expected yield 1, frozen at release.",
        "BLANK Blank",
        "2026-03-02 07:01 planned released sam",
        "released in progress olga first scan on the floor",
        "10 Turn turning",
        "20 Inspect turning",
        "First part measured — yes, Burrs removed — yes",
        f"{blanks.number}",
        "102 pcs",
        "BL-9",
        f"{first.number}",
        f"{second.number}",
        "60 pcs",
        "hardness check",
        "on_hold",
        "Scrap",
        "Operators olga, sam",
        "Machines CNC1",
        "Europe/Warsaw",
    ]:
        assert expected in text, expected


def test_a_lot_note_with_markup_characters_prints_as_typed(finished):
    g, wo, _blanks, first, _second = finished
    from lotline.core.services import release

    release(g.plant.ctx(user=g.plant.supervisor), lots=[first], reason="hardness < 60 HRC & ok")
    text = pdf_text(render_batch_record(batch_record(wo)))
    # The reason wraps inside its table cell; each half comes out as typed (no markup eaten).
    assert "released hardness < 60" in text and "HRC & ok" in text


def test_polish_names_print_with_the_vendored_font(finished):
    g, wo, blanks, _first, _second = finished
    Site.objects.filter(pk=wo.site_id).update(name="Zakład Wrocław-Psie Pole")
    Item.objects.filter(pk=wo.item_id).update(name="Wałek Ø40 — żółty")
    wo.refresh_from_db()

    pdf = render_batch_record(batch_record(wo))

    text = pdf_text(pdf)
    # Table cells wrap: each word comes out whole and spelt right (Helvetica would print "Wroc■aw").
    for word in ("Zakład", "Wrocław-Psie", "Wałek", "Ø40", "żółty"):
        assert word in text.split(), word
    assert "BL-9" in text and blanks.number in text
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "DejaVuSans" in fonts and "DejaVuSans-Bold" in fonts
