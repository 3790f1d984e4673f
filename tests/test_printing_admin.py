"""An admin sets a label template per item kind in the Django admin; lots of that kind follow it."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from lotline.printing.models import LabelTemplate
from lotline.printing.services import spec_for


def test_admin_edits_template_fields_as_tick_boxes(plant, client):
    admin = get_user_model().objects.create_superuser("ada", password="pw-ada-123")
    client.force_login(admin)
    form = client.get("/admin/printing/labeltemplate/add/")
    assert form.status_code == 200
    assert 'type="checkbox" name="shown" value="supplier"' in form.content.decode()
    response = client.post(
        "/admin/printing/labeltemplate/add/",
        {
            "item_kind": "raw",
            "symbol": "code128",
            "size": "4x6",
            "sheet": "letter_3x10",
            "shown": ["lot_number", "supplier", "expiry"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    template = LabelTemplate.objects.get()
    assert template.fields == "lot_number,expiry,supplier"
    spec = spec_for(plant.steel, sheet="")
    assert (spec.symbol, spec.size.name, spec.sheet.name, spec.fields) == (
        "code128",
        "4x6in",
        "Letter 3x10",
        ("lot_number", "expiry", "supplier"),
    )
    edit = client.get(f"/admin/printing/labeltemplate/{template.pk}/change/").content.decode()
    assert 'name="shown" value="supplier" id="id_shown_5" checked' in edit
    assert 'name="shown" value="item" id="id_shown_1" checked' not in edit


def test_print_record_is_read_only_in_the_admin(plant, client):
    admin = get_user_model().objects.create_superuser("ada", password="pw-ada-123")
    client.force_login(admin)
    assert client.get("/admin/printing/labelprint/").status_code == 200
    assert client.get("/admin/printing/labelprint/add/").status_code == 403


def test_the_admin_sees_what_is_wrong_with_the_company_prefix(plant, client, settings, monkeypatch):
    settings.LOTLINE_GS1_COMPANY_PREFIX = ""
    monkeypatch.delenv("LOTLINE_GS1_COMPANY_PREFIX", raising=False)
    admin = get_user_model().objects.create_superuser("ada", password="pw-ada-123")
    client.force_login(admin)
    page = client.get("/admin/printing/sscccounter/").content.decode()
    assert "Pallet labels cannot be printed: LOTLINE_GS1_COMPANY_PREFIX is not set" in page
    settings.LOTLINE_GS1_COMPANY_PREFIX = "0614141"
    assert "Pallet labels cannot be printed" not in client.get("/admin/printing/labelprint/").content.decode()
