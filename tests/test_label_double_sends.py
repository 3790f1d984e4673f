"""Label pages: a printer id that is no id ("²", 10^20) is refused on the lot page, not a 500; and a print
or reprint form sent twice (a double click, Back and send again) records — and prints — once, while a
deliberate later reprint from a fresh form records another. The forms carry a one-time token
(lotline.printing.services.form_token); see docs/labels.md, "Print record and reprint policy"."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client

from lotline.printing import services
from lotline.printing.models import LabelPrint, Printer, PrintFormClaim
from lotline.web.views import labels
from tests.test_printing_decode import make_operator, received
from tests.test_printing_pallet import prefix, shipment  # noqa: F401
from tests.test_printing_printer import FakePrinter, closed_port, zebra  # noqa: F401


def token_in(response) -> str:
    found = re.search(r'name="form_token" value="([0-9a-f]{32})"', response.content.decode())
    assert found, "the form carries no one-time token"
    return found.group(1)


def error_on_page(response) -> str:
    body = response.content.decode()
    start = body.index('id="print-error"')
    return body[body.index(">", start) + 1 : body.index("</p>", start)]


@pytest.fixture
def printed(plant, client):
    """A lot whose first label was downloaded: any further one is a reprint."""
    lot = received(plant)
    client.force_login(make_operator(plant))
    url = f"/labels/lots/{lot.number}.pdf"
    assert client.get(url).status_code == 200
    return lot, url


# Item 4: the printer field


@pytest.mark.parametrize("printer", ["²", "99999999999999999999", "abc", "", " ", "-1", "1e3"])
def test_a_printer_that_is_no_printer_id_is_refused_on_the_page(plant, client, printer):
    lot = received(plant)
    Printer.objects.create(site=plant.site, name="Zebra dock", host="127.0.0.1", port=closed_port())
    client.force_login(make_operator(plant))
    response = client.post(f"/labels/lots/{lot.number}/print", {"printer": printer, "copies": "1"})
    assert response.status_code == 422
    assert error_on_page(response) == "Choose a label printer of site Main plant."
    assert not LabelPrint.objects.exists()


@pytest.mark.parametrize("copies", ["٣", "1_000", "²", "2.0"])
def test_copies_are_ascii_whole_numbers(plant, client, zebra, copies):  # noqa: F811
    lot = received(plant)
    printer = Printer.objects.create(site=plant.site, name="Zebra dock", host="127.0.0.1", port=zebra.port)
    client.force_login(make_operator(plant))
    response = client.post(f"/labels/lots/{lot.number}/print", {"printer": printer.pk, "copies": copies})
    assert response.status_code == 422
    assert error_on_page(response) == "Copies must be between 1 and 50."
    assert not LabelPrint.objects.exists() and zebra.jobs == []


# Item 5: reprint downloads


def test_the_reprint_form_sent_twice_records_one_reprint(printed, client):
    _lot, url = printed
    form = client.get(url)  # asks for the reason, in a form with a one-time token
    assert form.status_code == 400
    data = {"reason": "damaged", "form_token": token_in(form)}
    first = client.post(url, data)
    again = client.post(url, data)  # the double click, or Back and Reprint again
    reprint = LabelPrint.objects.get(is_reprint=True)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"{url}?prints={reprint.pk}"
    assert LabelPrint.objects.count() == 2  # the first print and one reprint
    download = client.get(again["Location"])
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert LabelPrint.objects.count() == 2


def test_a_later_reprint_from_a_fresh_form_records_another(printed, client):
    _lot, url = printed
    client.post(url, {"reason": "damaged", "form_token": token_in(client.get(url))})
    client.post(url, {"reason": "smudged", "form_token": token_in(client.get(url))})
    assert list(
        LabelPrint.objects.filter(is_reprint=True).order_by("id").values_list("reason", flat=True)
    ) == [
        "damaged",
        "smudged",
    ]


def test_back_and_send_after_the_window_records_nothing_more(printed, client, monkeypatch):
    _lot, url = printed
    data = {"reason": "damaged", "form_token": token_in(client.get(url))}
    client.post(url, data)
    monkeypatch.setattr(labels, "REDOWNLOAD_WINDOW", timedelta(0))
    again = client.post(url, data)
    assert again.status_code == 302
    assert client.get(again["Location"]).status_code == 400  # asks for a reason: a new reprint is new
    assert LabelPrint.objects.filter(is_reprint=True).count() == 1


def test_a_second_send_waits_for_the_first_and_answers_with_its_prints(printed, client, plant, monkeypatch):
    lot, url = printed
    token = token_in(client.get(url))
    PrintFormClaim.objects.create(token=token, user=plant.operator)  # the first send is still drawing
    first_send: list[LabelPrint] = []

    def first_send_records(_seconds):
        if not first_send:
            first_send.append(
                LabelPrint.objects.create(
                    lot=lot,
                    user=plant.operator,
                    format="pdf",
                    symbol="qr",
                    is_reprint=True,
                    reason="damaged",
                    form_token=token,
                )
            )

    monkeypatch.setattr(services.time, "sleep", first_send_records)
    again = client.post(url, {"reason": "damaged", "form_token": token})
    assert again.status_code == 302 and again["Location"] == f"{url}?prints={first_send[0].pk}"
    assert LabelPrint.objects.filter(is_reprint=True).count() == 1


def test_a_second_send_that_waits_in_vain_says_so_and_records_nothing(printed, client, plant, monkeypatch):
    _lot, url = printed
    token = token_in(client.get(url))
    PrintFormClaim.objects.create(token=token, user=plant.operator)
    monkeypatch.setattr(services, "CLAIM_WAIT_SECONDS", 0)
    response = client.post(url, {"reason": "damaged", "form_token": token})
    assert response.status_code == 422
    assert (
        "This form was sent a moment ago and is still being printed. Open the label page again to see what "
        "was recorded."
    ) in response.content.decode()
    assert not LabelPrint.objects.filter(is_reprint=True).exists()


def test_a_double_click_on_the_first_print_link_records_one_first_print(plant, client, monkeypatch):
    lot = received(plant)
    client.force_login(make_operator(plant))
    real = services._lot_labels

    def other_request_records_first(*args, **kwargs):
        # The other GET of the double click records its first print while this one draws.
        if not LabelPrint.objects.exists():
            LabelPrint.objects.create(lot=lot, user=plant.operator, format="pdf", symbol="qr")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_lot_labels", other_request_records_first)
    response = client.get(f"/labels/lots/{lot.number}.pdf")
    assert response.status_code == 400  # the reprint form: a second label needs a reason
    assert LabelPrint.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sends_of_one_form_record_once(plant):
    lot = received(plant)
    operator = make_operator(plant)
    url = f"/labels/lots/{lot.number}.pdf"
    first = Client()
    first.force_login(operator)
    assert first.get(url).status_code == 200
    data = {"reason": "damaged", "form_token": token_in(first.get(url))}
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(operator)
    start = threading.Barrier(2)
    answers: list = [None, None]

    def send(k: int) -> None:
        start.wait()
        try:
            answers[k] = clients[k].post(url, data)
        finally:
            connection.close()  # the thread's own connection; left open, PostgreSQL keeps the test database

    threads = [threading.Thread(target=send, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    reprint = LabelPrint.objects.get(is_reprint=True)
    assert [a.status_code for a in answers] == [302, 302]
    assert {a["Location"] for a in answers} == {f"{url}?prints={reprint.pk}"}


# Item 5: the label printer form


def test_the_printer_form_sent_twice_prints_and_records_once(plant, client, zebra):  # noqa: F811
    lot = received(plant)
    printer = Printer.objects.create(site=plant.site, name="Zebra dock", host="127.0.0.1", port=zebra.port)
    client.force_login(make_operator(plant))
    data = {
        "printer": printer.pk,
        "copies": "1",
        "form_token": token_in(client.get(f"/labels/lots/{lot.number}/")),
    }
    assert client.post(f"/labels/lots/{lot.number}/print", data).status_code == 302
    again = client.post(f"/labels/lots/{lot.number}/print", data, follow=True)
    at = LabelPrint.objects.get().printed_at.astimezone(ZoneInfo("Europe/Warsaw")).strftime("%H:%M:%S")
    body = again.content.decode()
    assert f"These labels were sent to Zebra dock at {at} already; nothing was printed again." in body
    assert LabelPrint.objects.count() == 1
    zebra.close()
    assert len(zebra.jobs) == 1


def test_a_send_the_printer_refused_can_be_sent_again(plant, client, zebra):  # noqa: F811
    lot = received(plant)
    printer = Printer.objects.create(site=plant.site, name="Zebra dock", host="127.0.0.1", port=closed_port())
    client.force_login(make_operator(plant))
    data = {
        "printer": printer.pk,
        "copies": "1",
        "form_token": token_in(client.get(f"/labels/lots/{lot.number}/")),
    }
    assert client.post(f"/labels/lots/{lot.number}/print", data).status_code == 502
    assert not LabelPrint.objects.exists() and not PrintFormClaim.objects.exists()
    Printer.objects.filter(pk=printer.pk).update(port=zebra.port)  # switched on
    assert client.post(f"/labels/lots/{lot.number}/print", data).status_code == 302
    assert LabelPrint.objects.count() == 1


# Item 5: pallet reprints


def test_the_pallet_reprint_form_sent_twice_records_one_reprint(plant, client, prefix):  # noqa: F811
    doc = shipment(plant)
    client.force_login(make_operator(plant))
    url = f"/labels/shipments/{doc.number}/pallet.pdf"
    assert client.get(url).status_code == 200
    data = {"reason": "torn", "form_token": token_in(client.get(url))}
    first, again = client.post(url, data), client.post(url, data)
    reprint = LabelPrint.objects.get(is_reprint=True)
    assert first["Location"] == again["Location"] == f"{url}?prints={reprint.pk}"
    assert LabelPrint.objects.filter(shipment=doc).count() == 2
