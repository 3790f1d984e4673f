"""The phone camera reads a label lotline printed: the lot's PDF label (GS1 DataMatrix, the item has a GTIN),
rasterised with pdftoppm, played to Chromium as a fake camera.

The page is turned into a YUV4MPEG2 (.y4m) video here with Pillow (no ffmpeg), and decoded in the page by
zxing-wasm served from our own static files; the GS1 data names the lot by AI (10).
"""

from __future__ import annotations

import subprocess

import pytest
from django.contrib.auth.models import Group
from PIL import Image

from lotline.core.models import Event, EventKind
from lotline.core.services import receive
from lotline.printing.services import print_lot_labels
from tests.browser.conftest import ARGS, CHROMIUM, screenshot, sign_in
from tests.browser.floor_helpers import verdict

pytestmark = pytest.mark.browser


def write_y4m(image: Image.Image, path, frames: int = 10, size=(1280, 720)) -> None:
    """YUV4MPEG2, 4:2:0: a header line, then per frame 'FRAME\\n' + the Y plane + the U and V planes at half
    resolution."""
    canvas = Image.new("RGB", size, "white")
    canvas.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2))
    y, cb, cr = canvas.convert("YCbCr").split()
    half = (size[0] // 2, size[1] // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{size[0]} H{size[1]} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)


def test_camera_scan_of_a_printed_label_consumes_the_lot(
    live_server, playwright_instance, plant, tmp_path, transactional_db
):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    plant.steel.gtin = "09521234543213"  # GS1's example GTIN: the label becomes a GS1 DataMatrix
    plant.steel.save()
    lot = receive(
        plant.ctx(occurred_at=None),
        item=plant.steel,
        quantity="75",
        supplier=plant.supplier,
        supplier_lot="H9",
        delivery_ref="DN-9",
    ).lot
    wo = plant.work_order()
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(print_lot_labels([lot], plant.operator, "pdf").data)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "label")], check=True
    )
    video = tmp_path / "label.y4m"
    write_y4m(Image.open(tmp_path / "label.png").convert("RGB"), video)

    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = browser.new_context(**playwright_instance.devices["Pixel 7"], permissions=["camera"])
        page = context.new_page()
        page.set_default_timeout(15_000)
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
        sign_in(page, live_server, "olga", "pw-olga-123")
        page.goto(f"{live_server.url}/floor/work-order/{wo.number}/")
        page.click("#camera-toggle")
        state, text = verdict(page, 0, timeout=30_000)
        screenshot(page, "floor-camera")
        page.click("#camera-toggle")  # stop the camera
        assert (state, text) == ("ok", f"Used 75 kg of lot {lot.number} (Steel bar 40) on {wo.number}.")
        assert Event.objects.filter(kind=EventKind.CONSUME, work_order=wo, lines__lot=lot).count() == 1
        assert outside == []  # the wasm came from our static files, not a CDN
    finally:
        browser.close()
