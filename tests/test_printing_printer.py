"""Printing to a label printer through the lot page: a fake Zebra on 127.0.0.1 receives the ZPL, the print
is recorded; a silent printer gives a clear message on the page; a reprint needs a reason."""

from __future__ import annotations

import socket
import threading

import pytest

from lotline.labels import SIZE_4X6, SIZE_100X50
from lotline.printing.models import LabelPrint, Printer
from tests.test_labels_zpl import decoded, render_png
from tests.test_printing_decode import GTIN, make_operator, received


class FakePrinter:
    """A raw-TCP "printer" on 127.0.0.1 that keeps every job it receives."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return
            with connection:
                data = bytearray()
                while chunk := connection.recv(65536):
                    data.extend(chunk)
                self.jobs.append(bytes(data))

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def zebra():
    fake = FakePrinter()
    yield fake
    fake.close()


def closed_port() -> int:
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def split_labels(zpl: bytes) -> list[str]:
    return [block + "^XZ" for block in zpl.decode("ascii").split("^XZ") if block.strip()]


@pytest.mark.parametrize(
    ("dpi", "size", "label_size"), [(203, "100x50", SIZE_100X50), (300, "4x6", SIZE_4X6)]
)
def test_fake_printer_receives_the_lot_label(plant, client, zebra, dpi, size, label_size):
    plant.steel.gtin = GTIN
    plant.steel.save()
    lot = received(plant)
    printer = Printer.objects.create(
        site=plant.site,
        name="Zebra dock",
        host="127.0.0.1",
        port=zebra.port,
        dpi=dpi,
        size=size,
        is_default=True,
    )
    client.force_login(make_operator(plant))
    response = client.post(f"/labels/lots/{lot.number}/print", {"printer": printer.pk, "copies": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"/labels/lots/{lot.number}/"
    page = client.get(response["Location"]).content.decode()
    assert f"Sent 2 label(s) for lot {lot.number} to Zebra dock." in page
    for _ in range(50):
        if zebra.jobs:
            break
        zebra.thread.join(0.1)
    [job] = zebra.jobs
    labels = split_labels(job)
    assert len(labels) == 2
    expected = [("]d2", "".join([f"01{GTIN}", "17261231", f"10{lot.number}"]).encode())]
    for label in labels:
        assert decoded(render_png(label, label_size, dpi)) == expected
    record = LabelPrint.objects.get()
    assert (record.lot, record.user, record.format, record.printer, record.copies, record.is_reprint) == (
        lot,
        plant.operator,
        "zpl",
        printer,
        2,
        False,
    )


def test_printer_that_does_not_answer_gives_a_clear_message(plant, client):
    lot = received(plant)
    port = closed_port()
    printer = Printer.objects.create(site=plant.site, name="Zebra 2", host="127.0.0.1", port=port)
    client.force_login(make_operator(plant))
    response = client.post(f"/labels/lots/{lot.number}/print", {"printer": printer.pk, "copies": "1"})
    assert response.status_code == 502
    page = response.content.decode()
    assert (
        f"Nothing was printed on Zebra 2: Printer 127.0.0.1:{port} refused the connection "
        f"(is it switched on and is {port} right?)."
    ) in page
    assert not LabelPrint.objects.exists()


def test_reprint_needs_a_reason_and_is_recorded(plant, client, zebra):
    lot = received(plant)
    printer = Printer.objects.create(site=plant.site, name="Zebra", host="127.0.0.1", port=zebra.port)
    client.force_login(make_operator(plant))
    url = f"/labels/lots/{lot.number}/print"
    assert client.post(url, {"printer": printer.pk}).status_code == 302
    refused = client.post(url, {"printer": printer.pk, "reason": "  "})
    assert refused.status_code == 422
    assert f"Already printed: {lot.number}. A reprint is recorded — say why" in refused.content.decode()
    assert LabelPrint.objects.count() == 1
    assert client.post(url, {"printer": printer.pk, "reason": "label torn"}).status_code == 302
    first, second = LabelPrint.objects.order_by("id")
    assert (first.is_reprint, first.reason) == (False, "")
    assert (second.is_reprint, second.reason, second.user) == (True, "label torn", plant.operator)
    page = client.get(f"/labels/lots/{lot.number}/").content.decode()
    assert "label torn" in page and "Reprint label" in page


def test_pdf_reprint_asks_for_the_reason(plant, client):
    lot = received(plant)
    client.force_login(make_operator(plant))
    url = f"/labels/lots/{lot.number}.pdf"
    assert client.get(url + "?size=4x6").status_code == 200
    again = client.get(url + "?size=4x6")
    assert again.status_code == 400
    body = again.content.decode()
    assert 'name="reason"' in body and 'name="size" value="4x6"' in body
    assert LabelPrint.objects.count() == 1
    assert client.get(url, {"size": "4x6", "reason": "smudged"}).status_code == 400  # a GET records nothing
    assert LabelPrint.objects.count() == 1
    reprint = client.post(url, {"size": "4x6", "reason": "smudged"}, follow=True)
    assert reprint.status_code == 200 and reprint.content.startswith(b"%PDF")
    assert LabelPrint.objects.filter(is_reprint=True, reason="smudged").count() == 1


def test_label_page_is_phone_friendly_and_offers_printers(plant, client):
    lot = received(plant)
    Printer.objects.create(site=plant.site, name="Zebra A", host="10.0.0.5", is_default=True)
    client.force_login(make_operator(plant))
    page = client.get(f"/labels/lots/{lot.number}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="viewport"' in body and "<svg" in body
    assert f'href="/labels/lots/{lot.number}.pdf?size=4x6"' in body
    assert "Zebra A" in body and "Print label" in body
    assert f"Lot {lot.number}" in body
    assert not LabelPrint.objects.exists()  # looking is not printing


def test_label_records_are_append_only(plant):
    from django.core.exceptions import ValidationError

    from lotline.printing.services import print_lot_labels

    lot = received(plant)
    record = print_lot_labels([lot], plant.operator, "pdf").prints[0]
    record = LabelPrint.objects.get(pk=record.pk)
    with pytest.raises(ValidationError):
        record.save()
    with pytest.raises(ValidationError):
        record.delete()
