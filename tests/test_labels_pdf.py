"""PDF labels: every symbol on every layout is rasterised at 300 dpi and decoded back exactly."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from lotline.gs1 import GS, build_sscc
from lotline.labels import (
    SHEET_A4_3X7,
    SHEET_LETTER_3X10,
    SIZE_4X6,
    SIZE_100X50,
    SYMBOL_KINDS,
    LabelContent,
    LabelError,
    LabelSpec,
    PdfRenderer,
    render_pdf,
)


def flour(lot: str = "L-240611-0042", **changes) -> LabelContent:
    base = {
        "lot_number": lot,
        "item_code": "FL-100",
        "item_name": "Wheat flour type 550",
        "quantity": Decimal("25.000"),
        "unit": "kg",
        "date": dt.date(2024, 6, 11),
        "expiry": dt.date(2026, 12, 31),
        "supplier_name": "Mill AG",
        "supplier_lot": "M-77",
        "site_name": "Plant 1",
        "gtin": "09521234543213",
        "extra_lines": ("Keep dry",),
    }
    return LabelContent(**(base | changes))


def expected_scan(symbol: str, lot: str) -> tuple[str, bytes]:
    """What a scanner must transmit for ``flour(lot)`` — written out by hand, not by lotline."""
    element = f"0109521234543213112406111726123110{lot}"
    uri = f"https://id.gs1.org/01/09521234543213/10/{lot}?11=240611&17=261231"
    return {
        "qr": ("]Q1", lot),
        "code128": ("]C0", lot),
        "gs1_datamatrix": ("]d2", element),
        "gs1_128": ("]C1", element),
        "gs1_qr": ("]Q3", element),
        "dl_qr": ("]Q1", uri),
    }[symbol][0], {
        "qr": lot,
        "code128": lot,
        "gs1_datamatrix": element,
        "gs1_128": element,
        "gs1_qr": element,
        "dl_qr": uri,
    }[symbol].encode()


def rasterise(pdf: bytes, tmp_path: Path) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: install poppler-utils (apt-get install -y poppler-utils)")
    source = tmp_path / "labels.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(source), str(tmp_path / "page")], check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page*.png"))]


def decoded(image: Image.Image) -> list[tuple[str, bytes]]:
    return sorted(
        (b.symbology_identifier, b.bytes)
        for b in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    )


LAYOUTS = {
    "100x50": {"size": SIZE_100X50},
    "4x6": {"size": SIZE_4X6},
    "A4 3x7": {"sheet": SHEET_A4_3X7},
    "Letter 3x10": {"sheet": SHEET_LETTER_3X10},
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("symbol", SYMBOL_KINDS)
def test_every_symbol_decodes_exactly(symbol, layout, tmp_path):
    lots = ["L-240611-0042", "L-240611-0043", "A/B%(7)_x"]  # the last one uses CSET 82 punctuation
    pdf = PdfRenderer().render([flour(lot) for lot in lots], LabelSpec(symbol=symbol, **LAYOUTS[layout]))
    pages = rasterise(pdf, tmp_path)
    found = [code for page in pages for code in decoded(page)]
    expected = [expected_scan(symbol, lot) for lot in lots]
    if symbol == "dl_qr":  # the Digital Link percent-encodes the lot in the URI path
        expected[2] = ("]Q1", expected[2][1].replace(b"A/B%(7)_x", b"A%2FB%25%287%29_x"))
    assert sorted(found) == sorted(expected)
    assert len(pages) == (3 if "sheet" not in LAYOUTS[layout] else 1)


def test_gs_separator_survives_in_print(tmp_path):
    content = flour(date=None, expiry=None, extra_lines=())
    spec = LabelSpec(symbol="gs1_datamatrix")
    # A lot followed by another variable field needs GS: use a pallet-style count to force one.
    pallet = flour(sscc=build_sscc(1, "0614141", 123456789), item_count=48, date=None, expiry=None)
    pages = rasterise(render_pdf([content, pallet], spec), tmp_path)
    assert decoded(pages[0]) == [("]d2", b"010952123454321310L-240611-0042")]
    assert decoded(pages[1]) == [
        ("]d2", b"0010614141123456789702095212345432133748" + GS.encode() + b"10L-240611-0042")
    ]


def test_sheet_spills_onto_second_page(tmp_path):
    lots = [f"L-{n:04d}" for n in range(25)]
    pages = rasterise(render_pdf([flour(lot) for lot in lots], LabelSpec(sheet=SHEET_A4_3X7)), tmp_path)
    assert len(pages) == 2
    assert len(decoded(pages[0])) == 21
    assert sorted(code for page in pages for code in decoded(page)) == sorted(
        ("]Q1", lot.encode()) for lot in lots
    )


def test_pallet_label_4x6_sscc_only_gs1_128(tmp_path):
    pallet = flour(lot="S-1", gtin=None, sscc="106141411234567897")
    pages = rasterise(render_pdf([pallet], LabelSpec(symbol="gs1_128", size=SIZE_4X6)), tmp_path)
    assert decoded(pages[0]) == [("]C1", b"00106141411234567897")]


@pytest.mark.parametrize(
    ("content", "symbol", "message"),
    [
        (flour(gtin=None), "gs1_datamatrix", "needs a GTIN"),
        (flour(gtin="09521234543214"), "gs1_qr", "check digit should be 3"),
        (flour(lot="L" * 21), "gs1_128", "at most 20 characters"),
        (flour(lot="Lot 1"), "dl_qr", "not allowed in GS1 barcodes: ' '"),
        (flour(lot="LÖT"), "code128", "printable ASCII"),
        (
            flour(lot="L-2406110042X", sscc="106141411234567897", item_count=12),
            "gs1_128",
            "do not fit in one GS1-128",
        ),
    ],
)
def test_refuses_labels_that_would_be_wrong(content, symbol, message):
    with pytest.raises(LabelError, match=message):
        render_pdf([content], LabelSpec(symbol=symbol))


def test_net_weight_in_gs1_symbol(tmp_path):
    spec = LabelSpec(symbol="gs1_datamatrix", encode_net_weight=True)
    content = flour(quantity=Decimal("12.5"), date=None, expiry=None)
    pages = rasterise(render_pdf([content], spec), tmp_path)
    assert decoded(pages[0]) == [("]d2", b"0109521234543213310100012510L-240611-0042")]
