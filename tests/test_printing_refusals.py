"""A label that would be wrong is refused with a message naming the field — and nothing is recorded."""

from __future__ import annotations

import pytest

from lotline.core.models import Item, Lot
from lotline.printing.errors import PrintingError
from lotline.printing.models import LabelPrint, LabelTemplate
from lotline.printing.services import print_lot_labels
from tests.test_printing_decode import GTIN, make_operator, received

BAD_GTIN = "09521234543214"  # check digit should be 3


def test_bad_gtin_written_past_the_validator_is_refused(plant, client):
    lot = received(plant)
    Item.objects.filter(pk=plant.steel.pk).update(gtin=BAD_GTIN)  # as an import or raw SQL could
    lot.refresh_from_db()
    lot.item.refresh_from_db()
    with pytest.raises(PrintingError) as refused:
        print_lot_labels([lot], plant.operator, "pdf")
    assert refused.value.field == "gtin"
    assert refused.value.message == (
        f"Item STEEL: the GTIN field is wrong (GTIN {BAD_GTIN}: check digit should be 3). "
        "Correct the item's GTIN before printing."
    )
    client.force_login(make_operator(plant))
    for url in (f"/labels/lots/{lot.number}.pdf", f"/labels/lots/{lot.number}.zpl"):
        response = client.get(url)
        assert response.status_code == 422
        assert "the GTIN field is wrong" in response.content.decode()
    page = client.get(f"/labels/lots/{lot.number}/")
    assert page.status_code == 200
    assert "check digit should be 3" in page.content.decode()
    assert "Print label" not in page.content.decode()
    assert not LabelPrint.objects.exists()


def test_bad_gtin_is_refused_even_for_a_plain_qr_template(plant):
    """The GTIN would be printed as text: a wrong one is never printed."""
    LabelTemplate.objects.create(item_kind="raw", symbol="qr")
    lot = received(plant)
    Item.objects.filter(pk=plant.steel.pk).update(gtin="1234")
    lot.item.refresh_from_db()
    with pytest.raises(PrintingError, match="GTIN 1234: must be 8, 12, 13 or 14 digits"):
        print_lot_labels([lot], plant.operator, "zpl")


def imported_lot(plant, number: str) -> Lot:
    """A lot as an old-system import may leave it, outside lotline's own lot-number rules."""
    lot = received(plant)
    Lot.objects.filter(pk=lot.pk).update(number=number)
    lot.refresh_from_db()
    return lot


@pytest.mark.parametrize("symbol", ["gs1_datamatrix", "gs1_128", "dl_qr"])
def test_lot_number_outside_gs1_character_set_is_refused(plant, symbol, client):
    LabelTemplate.objects.create(item_kind="raw", symbol=symbol)
    plant.steel.gtin = GTIN
    plant.steel.save()
    lot = imported_lot(plant, "LOT 7#")
    with pytest.raises(PrintingError) as refused:
        print_lot_labels([lot], plant.operator, "pdf")
    assert refused.value.field == "lot_number"
    assert refused.value.message.startswith("Lot number LOT 7# cannot go into a GS1 barcode: ")
    client.force_login(make_operator(plant))
    response = client.get("/labels/lots/LOT 7#.pdf".replace("#", "%23"))
    assert response.status_code == 422
    assert "cannot go into a GS1 barcode" in response.content.decode()
    assert not LabelPrint.objects.exists()


def test_over_long_lot_number_is_refused_for_gs1(plant):
    plant.steel.gtin = GTIN
    plant.steel.save()
    lot = received(plant)
    lot.number = "L" * 21  # AI (10) holds 20; the column refuses it on PostgreSQL, so keep it in memory
    with pytest.raises(PrintingError) as refused:
        print_lot_labels([lot], plant.operator, "pdf")
    assert refused.value.field == "lot_number"
    assert "at most 20" in refused.value.message
    assert not LabelPrint.objects.exists()


def test_stored_lot_number_gs1_cannot_carry_is_refused_on_the_endpoint(plant, client):
    """An imported lot may carry a character outside GS1's 82-character set ('~'): the page says so."""
    plant.steel.gtin = GTIN
    plant.steel.save()
    lot = imported_lot(plant, "OLD~LOT7")
    client.force_login(make_operator(plant))
    response = client.get(f"/labels/lots/{lot.number}.pdf")
    assert response.status_code == 422
    assert "OLD~LOT7" in response.content.decode()
    assert not LabelPrint.objects.exists()


def test_plain_qr_prints_any_stored_lot_exactly(plant, tmp_path):
    """Without GS1 the QR holds the lot number as it is: nothing to refuse."""
    from tests.test_printing_decode import pdf_codes

    lot = imported_lot(plant, "OLD/LOT_7.A")
    job = print_lot_labels([lot], plant.operator, "pdf")
    assert pdf_codes(job.data, tmp_path) == [("]Q1", b"OLD/LOT_7.A")]


def test_unknown_size_copies_and_sheet_on_zpl_are_refused(plant):
    lot = received(plant)
    cases = [
        ({"size": "A3"}, "size"),
        ({"copies": 0}, "copies"),
        ({"sheet": "a4_3x7"}, "sheet"),
    ]
    for kwargs, field in cases:
        with pytest.raises(PrintingError) as refused:
            print_lot_labels([lot], plant.operator, "zpl", **kwargs)
        assert refused.value.field == field
    assert not LabelPrint.objects.exists()


def test_printing_needs_the_record_events_permission(plant, client):
    lot = received(plant)
    client.force_login(plant.supervisor)  # in no role group
    assert client.get(f"/labels/lots/{lot.number}.pdf").status_code == 403
    assert client.get(f"/labels/lots/{lot.number}/").status_code == 403
    client.logout()
    assert client.get(f"/labels/lots/{lot.number}.pdf").status_code == 302  # to the login page
    assert not LabelPrint.objects.exists()
