"""Receiving: supplier + item + their lot + delivery note + quantity → a new lot with its label."""

from __future__ import annotations

from io import BytesIO

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lotline.core.services import LedgerError, receive
from lotline.web.forms import ReceiveForm

from .floor_common import event_context, floor_view


def qr_svg(text: str) -> str:
    buffer = BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def floor_words(exc: LedgerError) -> str:
    """The refusal as the operator should read it. A reused event id means this very form was sent before
    with other values (Back, edit, send again): the first receipt stands, and the id — the API's words — means
    nothing on the floor."""
    if exc.code == "event_id_reused":
        return _("This form was already sent with other values. Reload the page to record a new receipt.")
    return exc.message


@floor_view()
def receive_lot(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST (htmx): record the receipt and answer with the new lot, or the refusal."""
    if request.method != "POST":
        return render(request, "web/floor/receive.html", {"form": ReceiveForm()})
    form = ReceiveForm(request.POST)
    if not form.is_valid():
        if form.has_error("event_id"):
            # The hidden event id is missing or garbled: a page from an old version or a broken cache. No
            # field on screen is at fault, so "check the fields marked below" would mark nothing.
            form.add_error(None, _("The page is out of date; reload it and scan again."))
        return render(request, "web/floor/_receive_form.html", {"form": form, "refused": True}, status=422)
    data = form.cleaned_data
    try:
        recorded = receive(
            event_context(request, uid=data["event_id"]),
            item=data["item"],
            quantity=data["quantity"],
            supplier=data["supplier"],
            supplier_lot=data["supplier_lot"],
            delivery_ref=data["delivery_ref"],
            expires_on=data["expires_on"],
        )
    except LedgerError as exc:
        form.add_error(None, floor_words(exc))
        return render(request, "web/floor/_receive_form.html", {"form": form, "refused": True}, status=422)
    lot = recorded.lot
    # A fresh form for the next lot of the same delivery: supplier, item and delivery note stay.
    again = ReceiveForm(
        initial={
            "supplier": data["supplier"].code,
            "item": data["item"].code,
            "delivery_ref": data["delivery_ref"],
        }
    )
    return render(
        request,
        "web/floor/_receive_form.html",
        {
            "form": again,
            "lot": lot,
            "qr": qr_svg(lot.number),
            "quantity": data["quantity"],
            "created": recorded.created,
        },
    )
