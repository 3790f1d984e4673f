"""The import page in a real browser: upload a sheet with a bad row, see the row named, upload the fixed
sheet, commit, and watch the progress bar (polled with htmx every 500 ms) reach 100 %."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from lotline.core.models import Lot
from lotline.imports import jobs
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

HEADER = "Charge;item;quantity;unit;received_at;supplier;supplier_lot;delivery_ref\n"


def sheet(bad: bool) -> bytes:
    rows = [f"L-{n:03d};STEEL;{n + 1};kg;2026-03-01 08:00;STEELCO;H{n};DN-{n // 10}\n" for n in range(120)]
    if bad:
        rows[6] = "L-006;STEEL;-4;kg;2026-03-01 08:00;STEELCO;H6;DN-0\n"  # sheet row 8
    return (HEADER + "".join(rows)).encode()


def choose(page, data: bytes) -> None:
    page.select_option("select[name=kind]", "opening_stock")
    page.set_input_files(
        "input[name=file]", files=[{"name": "stock.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.fill("input[name=map_from_0]", "Charge")
    page.select_option("select[name=map_to_0]", "lot_number")
    page.click("#import-form button[type=submit]")


def test_upload_fix_and_commit_with_a_progress_bar(live_server, desktop, transactional_db, monkeypatch):
    from tests.conftest import Plant

    plant = Plant()
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    monkeypatch.setattr(jobs, "BACKGROUND_BYTES", 0)  # every file runs in the background here
    sign_in(desktop, live_server, "sam", "pw-sam-123")
    desktop.goto(f"{live_server.url}/data/")

    choose(desktop, sheet(bad=True))
    desktop.wait_for_selector("#row-errors")
    assert desktop.locator("#row-errors tbody tr").all_inner_texts() == [
        "8\tquantity\tThe quantity must not be negative.\tnegative_quantity"
    ]
    assert desktop.locator("#commit").count() == 0

    desktop.click("text=Upload a corrected file")
    choose(desktop, sheet(bad=False))
    desktop.wait_for_selector("#commit")
    assert "All 120 rows are fine." in desktop.inner_text("#import-report")
    assert Lot.objects.count() == 0

    desktop.click("#commit")
    desktop.wait_for_selector("#import-report")
    assert desktop.get_attribute("#import-bar", "value") == "100"
    assert desktop.inner_text("#import-percent") == "100 %"
    assert "Imported: 120 records written." in desktop.inner_text("#import-report")
    assert Lot.objects.count() == 120
    screenshot(desktop, "data-import-committed")
