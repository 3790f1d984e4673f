"""Pallet labels: an SSCC (00) from the GS1 Company Prefix and the counter, with a valid check digit, that
decodes as ]C1 / ]d2 and stays the same on a reprint."""

from __future__ import annotations

import pytest

from lotline.core.models import Shipment
from lotline.core.services import ship
from lotline.gs1 import has_valid_check_digit
from lotline.labels import SIZE_4X6
from lotline.printing.errors import PrintingError
from lotline.printing.models import LabelPrint, SsccCounter
from lotline.printing.services import pallet_label_for_shipment, print_pallet_label
from tests.test_labels_zpl import decoded as zpl_decoded
from tests.test_labels_zpl import render_png
from tests.test_printing_decode import make_operator, pdf_codes, received

PREFIX = "0614141"


@pytest.fixture
def prefix(settings):
    settings.LOTLINE_GS1_COMPANY_PREFIX = PREFIX


def shipment(plant, document="INV/2026/001") -> Shipment:
    lots = [received(plant, supplier_lot=f"S-{n}") for n in range(2)]
    ship(plant.ctx(), customer=plant.customer, document=document, lines=[(lots[0], "10"), (lots[1], "5")])
    return Shipment.objects.get(number=document)


def test_pallet_pdf_decodes_to_the_sscc(plant, client, tmp_path, prefix):
    doc = shipment(plant)
    client.force_login(make_operator(plant))
    response = client.get(f"/labels/shipments/{doc.number}/pallet.pdf")
    assert response.status_code == 200
    doc.refresh_from_db()
    assert has_valid_check_digit(doc.sscc)
    assert doc.sscc == "006141410000000012"  # 0 + 0614141 + 000000001 + check digit 2
    assert pdf_codes(response.content, tmp_path) == [("]C1", f"00{doc.sscc}".encode())]
    record = LabelPrint.objects.get()
    assert (record.shipment, record.lot, record.barcode_data, record.symbol) == (
        doc,
        None,
        doc.sscc,
        "gs1_128",
    )


def test_pallet_datamatrix_and_zpl(plant, client, tmp_path, prefix):
    doc = shipment(plant)
    client.force_login(make_operator(plant))
    pdf = client.get(f"/labels/shipments/{doc.number}/pallet.pdf?symbol=gs1_datamatrix")
    doc.refresh_from_db()
    assert pdf_codes(pdf.content, tmp_path) == [("]d2", f"00{doc.sscc}".encode())]
    url = f"/labels/shipments/{doc.number}/pallet.zpl"
    zpl = client.post(url, {"reason": "second copy for the truck"}, follow=True)
    assert zpl.redirect_chain[0][0].startswith(f"{url}?prints=") and zpl.status_code == 200
    assert zpl_decoded(render_png(zpl.content.decode(), SIZE_4X6, 203)) == [("]C1", f"00{doc.sscc}".encode())]
    assert [p.is_reprint for p in LabelPrint.objects.order_by("id")] == [False, True]


def test_each_shipment_gets_the_next_sscc_and_reprints_keep_theirs(plant, prefix):
    first, second = shipment(plant, "D-1"), shipment(plant, "D-2")
    a = pallet_label_for_shipment(first)[0].sscc
    b = pallet_label_for_shipment(second)[0].sscc
    assert a is not None and b is not None
    assert (a[8:17], b[8:17]) == ("000000001", "000000002")
    assert has_valid_check_digit(a) and has_valid_check_digit(b)
    assert pallet_label_for_shipment(Shipment.objects.get(pk=first.pk))[0].sscc == a
    assert SsccCounter.objects.get(company_prefix=PREFIX).last == 2


def test_pallet_reprint_needs_a_reason(plant, client, prefix):
    doc = shipment(plant)
    print_pallet_label(doc, plant.operator, "pdf")
    with pytest.raises(PrintingError) as refused:
        print_pallet_label(doc, plant.operator, "pdf")
    assert refused.value.field == "reason"
    client.force_login(make_operator(plant))
    assert client.get(f"/labels/shipments/{doc.number}/pallet.pdf").status_code == 400
    assert LabelPrint.objects.count() == 1


def test_missing_company_prefix_is_a_clear_refusal(plant, client, settings, monkeypatch):
    settings.LOTLINE_GS1_COMPANY_PREFIX = ""
    monkeypatch.delenv("LOTLINE_GS1_COMPANY_PREFIX", raising=False)
    doc = shipment(plant)
    client.force_login(make_operator(plant))
    response = client.get(f"/labels/shipments/{doc.number}/pallet.pdf")
    assert response.status_code == 422
    page = response.content.decode()
    assert "Pallet labels need the company&#x27;s GS1 prefix; ask your administrator to set it up." in page
    assert "LOTLINE_GS1_COMPANY_PREFIX" not in page  # the setting's name is for the admin and the log
    doc.refresh_from_db()
    assert doc.sscc == "" and not LabelPrint.objects.exists()


def test_missing_company_prefix_is_named_in_the_log(plant, settings, monkeypatch, caplog):
    settings.LOTLINE_GS1_COMPANY_PREFIX = ""
    monkeypatch.delenv("LOTLINE_GS1_COMPANY_PREFIX", raising=False)
    with pytest.raises(PrintingError) as refused:
        pallet_label_for_shipment(shipment(plant))
    assert refused.value.message == (
        "Pallet labels need the company's GS1 prefix; ask your administrator to set it up."
    )
    assert "LOTLINE_GS1_COMPANY_PREFIX is not set" in caplog.text


def test_a_malformed_company_prefix_is_refused_in_operator_words(plant, settings, caplog):
    settings.LOTLINE_GS1_COMPANY_PREFIX = "12-34"
    with pytest.raises(PrintingError) as refused:
        pallet_label_for_shipment(shipment(plant))
    assert refused.value.message == (
        "Pallet labels need the company's GS1 prefix, and the one set up is not valid; ask your "
        "administrator to correct it."
    )
    assert "LOTLINE_GS1_COMPANY_PREFIX=12-34 is not a GS1 Company Prefix (6 to 12 digits)." in caplog.text


def test_company_prefix_from_the_environment(plant, settings, monkeypatch):
    del settings.LOTLINE_GS1_COMPANY_PREFIX
    monkeypatch.setenv("LOTLINE_GS1_COMPANY_PREFIX", "952123456")
    content, _spec = pallet_label_for_shipment(shipment(plant))
    assert content.sscc == "095212345600000012"  # 0 + 952123456 + 0000001 (7 digits left) + check digit 2
    assert has_valid_check_digit(content.sscc)
