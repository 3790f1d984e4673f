"""Lot labels printed from lotline for real lots decode back — pdftoppm + zxing-cpp — to exactly that lot."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Item, Party
from lotline.core.services import produce, receive
from lotline.printing.models import LabelPrint, LabelTemplate
from lotline.printing.services import label_content_for_lot, print_lot_labels, spec_for
from tests.test_labels_pdf import decoded, label_text, page_words, rasterise

GTIN = "09521234543213"  # GS1's example GTIN, valid check digit


def make_operator(plant):
    Group.objects.get(name="operator").user_set.add(plant.operator)
    return plant.operator


def received(
    plant, item=None, supplier_lot="S-77", expires_on=dt.date(2026, 12, 31), delivery="DN-1", qty="25"
):
    recorded = receive(
        plant.ctx(),
        item=item or plant.steel,
        quantity=qty,
        supplier=plant.supplier,
        supplier_lot=supplier_lot,
        delivery_ref=delivery,
        expires_on=expires_on,
    )
    return recorded.lot


def pdf_codes(pdf: bytes, tmp_path) -> list[tuple[str, bytes]]:
    return sorted(code for page in rasterise(pdf, tmp_path) for code in decoded(page))


def test_plain_qr_is_the_lot_number(plant, tmp_path, client):
    lot = received(plant)
    client.force_login(make_operator(plant))
    response = client.get(f"/labels/lots/{lot.number}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert pdf_codes(response.content, tmp_path) == [("]Q1", lot.number.encode())]
    record = LabelPrint.objects.get()
    assert (
        record.lot,
        record.user,
        record.format,
        record.symbol,
        record.is_reprint,
        record.barcode_data,
    ) == (lot, plant.operator, "pdf", "qr", False, lot.number)


def test_content_names_the_lot_supplier_and_dates(plant):
    lot = received(plant, qty="25.5")
    content = label_content_for_lot(lot)
    assert (content.lot_number, content.item_code, content.quantity, content.unit) == (
        lot.number,
        "STEEL",
        Decimal("25.5"),
        "kg",
    )
    assert (content.supplier_name, content.supplier_lot, content.site_name) == (
        "SteelCo",
        "S-77",
        "Main plant",
    )
    # 06:01 UTC on 2 March is 07:01 in Warsaw: the plant's day.
    assert (content.date_label, content.date, content.date_ai, content.expiry) == (
        "Received",
        dt.date(2026, 3, 2),
        None,
        dt.date(2026, 12, 31),
    )


@pytest.mark.parametrize("size", ["100x50", "4x6"])
def test_gs1_datamatrix_for_an_item_with_gtin(plant, tmp_path, client, size):
    plant.steel.gtin = GTIN
    plant.steel.save()
    lot = received(plant)
    client.force_login(make_operator(plant))
    response = client.get(f"/labels/lots/{lot.number}.pdf?size={size}")
    # Raw lot: (01) GTIN, (17) expiry, (10) lot last; the receipt date is not a production date (11).
    assert pdf_codes(response.content, tmp_path) == [
        ("]d2", "".join([f"01{GTIN}", "17261231", f"10{lot.number}"]).encode())
    ]


def test_produced_lot_carries_production_date(plant, tmp_path):
    plant.shaft.gtin = GTIN
    plant.shaft.shelf_life_days = 30
    plant.shaft.save()
    steel = received(plant)
    wo = plant.work_order()
    lot = produce(plant.ctx(work_order=wo), quantity="10", inputs=[(steel, "5")]).lot
    job = print_lot_labels([lot], plant.operator, "pdf")
    assert pdf_codes(job.data, tmp_path) == [
        ("]d2", "".join([f"01{GTIN}", "1126030217260401", f"10{lot.number}"]).encode())
    ]


def test_digital_link_qr_from_the_kind_template(plant, tmp_path):
    LabelTemplate.objects.create(item_kind="raw", symbol="dl_qr", fields="lot_number,item,quantity")
    plant.steel.gtin = GTIN
    plant.steel.save()
    lot = received(plant)
    job = print_lot_labels([lot], plant.operator, "pdf")
    uri = f"https://id.gs1.org/01/{GTIN}/10/{lot.number}?17=261231"
    assert pdf_codes(job.data, tmp_path) == [("]Q1", uri.encode())]
    assert job.prints[0].barcode_data == uri


def test_template_asking_gs1_falls_back_to_plain_qr_without_gtin(plant):
    LabelTemplate.objects.create(item_kind="raw", symbol="gs1_datamatrix", size="4x6", fields="lot_number")
    spec = spec_for(plant.steel)
    assert (spec.symbol, spec.size.name, spec.fields) == ("qr", "4x6in", ("lot_number",))


def test_delivery_sheet_mixes_symbols_and_names_every_lot(plant, tmp_path, client):
    plant.steel.gtin = GTIN
    plant.steel.save()
    with_gtin = [received(plant, supplier_lot=f"S-{n}") for n in range(2)]
    without = received(plant, item=plant.blank, supplier_lot="B-1", expires_on=None)
    client.force_login(make_operator(plant))
    delivery = without.delivery
    response = client.get(f"/labels/deliveries/{delivery.pk}.pdf")
    assert response.status_code == 200
    pages = rasterise(response.content, tmp_path)
    assert len(pages) == 1  # three labels on one A4 3x7 sheet
    assert sorted(decoded(pages[0])) == sorted(
        [("]d2", "".join([f"01{GTIN}", "17261231", f"10{lot.number}"]).encode()) for lot in with_gtin]
        + [("]Q1", without.number.encode())]
    )
    assert sorted(LabelPrint.objects.values_list("lot__number", flat=True)) == sorted(
        lot.number for lot in [*with_gtin, without]
    )


def test_work_order_sheet_has_all_output_lots(plant, tmp_path, client):
    steel = received(plant)
    wo = plant.work_order()
    outputs = [produce(plant.ctx(work_order=wo), quantity="4", inputs=[(steel, "2")]).lot for _ in range(3)]
    client.force_login(make_operator(plant))
    response = client.get(f"/labels/work-orders/{wo.number}.pdf?sheet=letter_3x10")
    assert response.status_code == 200
    assert pdf_codes(response.content, tmp_path) == sorted(("]Q1", lot.number.encode()) for lot in outputs)


def test_received_lot_label_pdf_shows_lot_supplier_lot_and_names_in_full(plant, tmp_path, client):
    Party.objects.filter(pk=plant.supplier.pk).update(name="Huta Stali Wrocław Sp. z o.o.")
    Item.objects.filter(pk=plant.steel.pk).update(name="Hot-rolled coil S355 8 mm, pickled and oiled")
    lot = received(plant, supplier_lot="SUP-UX-001")
    client.force_login(make_operator(plant))

    response = client.get(f"/labels/lots/{lot.number}.pdf")

    assert response.status_code == 200
    text = " ".join(label_text(page) for page in page_words(response.content, tmp_path))
    assert f"Lot {lot.number}" in text
    assert "STEEL Hot-rolled coil S355 8 mm, pickled and oiled" in text
    assert "Supplier lot SUP-UX-001" in text
    assert "Supplier Huta Stali Wrocław Sp. z o.o." in text
    assert pdf_codes(response.content, tmp_path) == [("]Q1", lot.number.encode())]
