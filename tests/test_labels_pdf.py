"""PDF labels: every symbol on every layout is rasterised at 300 dpi and decoded back exactly."""

import datetime as dt
import html
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

import lotline
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
from lotline.labels.content import MM
from lotline.labels.pdf import MIN_HEADLINE
from lotline.lib.pdf_fonts import FONT_DIR


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


# --- Text on the label: read back with pdftotext, every word with its box (points, origin top left). ---

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def page_words(pdf: bytes, tmp_path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page: (word, x_min, y_min, x_max, y_max) as pdftotext -bbox reads them."""
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-bbox", str(source), "-"], capture_output=True, text=True, check=True
    )
    pages = done.stdout.split("<page ")[1:]
    return [
        [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in WORD.findall(page)]
        for page in pages
    ]


def label_text(words: list[tuple[str, float, float, float, float]]) -> str:
    return " ".join(word for word, *_box in words)


def coil(lot: str = "S355-CL-261125-0001", **changes) -> LabelContent:
    """A received coil as the demo plant labels it: long lot number, Polish supplier and site names."""
    base = {
        "lot_number": lot,
        "item_code": "S355-CL",
        "item_name": "Hot-rolled coil S355 8 mm, pickled and oiled",
        "quantity": Decimal("1187.5"),
        "unit": "kg",
        "date_label": "Received",
        "date": dt.date(2026, 11, 25),
        "date_ai": None,  # a receipt date is not a production date: not encoded
        "expiry": dt.date(2027, 11, 25),
        "supplier_name": "Huta Wrocław S.A.",
        "supplier_lot": "SUP-UX-001",
        "site_name": "Metalworks Wrocław",
        "gtin": "09521234543213",
    }
    return LabelContent(**(base | changes))


def expected_coil_scan(symbol: str, content: LabelContent) -> tuple[str, bytes]:
    lot = content.lot_number
    dates = "17271125" if content.expiry else ""
    return {
        "qr": ("]Q1", lot.encode()),
        "code128": ("]C0", lot.encode()),
        "gs1_datamatrix": ("]d2", f"0109521234543213{dates}10{lot}".encode()),
        "gs1_128": ("]C1", f"0109521234543213{dates}10{lot}".encode()),
        "gs1_qr": ("]Q3", f"0109521234543213{dates}10{lot}".encode()),
        "dl_qr": ("]Q1", f"https://id.gs1.org/01/09521234543213/10/{lot}?17=271125".encode()),
    }[symbol]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("symbol", SYMBOL_KINDS)
def test_lot_number_item_and_supplier_lot_print_in_full(symbol, layout, tmp_path):
    # The widest 20-character lot number (AI 10's limit, and lotline's), next to the demo plant's.
    lots = ["S355-CL-261125-0001", "WMWMWMWMWMWMWMWMWMWM"]
    # GS1-128 holds 48 characters: without the expiry (no AI 11 on received lots) the lot still fits.
    labels = [coil(lot, expiry=None) if symbol == "gs1_128" else coil(lot) for lot in lots]
    spec = LabelSpec(symbol=symbol, **LAYOUTS[layout])
    pdf = render_pdf(labels, spec)

    size = spec.label_size
    pages = page_words(pdf, tmp_path)
    # One label per page, or both in the first row of a sheet: split the words by the label they are on.
    if spec.sheet is None:
        per_label = pages
        lefts = [0.0, 0.0]
    else:
        pitch = spec.sheet.column_pitch_mm * MM
        lefts = [spec.sheet.left_mm * MM + column * pitch for column in (0, 1)]
        per_label = [[w for w in pages[0] if left <= w[1] < left + pitch] for left in lefts]
    for content, words, left in zip(labels, per_label, lefts, strict=True):
        text = label_text(words)
        assert f"Lot {content.lot_number}" in text
        assert "S355-CL Hot-rolled coil S355 8 mm, pickled and oiled" in text
        assert "Supplier lot SUP-UX-001" in text
        assert "…" not in text.split("Supplier lot")[0]  # nothing above the supplier's lot is cut
        headline = next(w for w in words if w[0] == content.lot_number)
        assert headline[3] <= left + size.width_mm * MM, "the lot number runs off the label"
        assert headline[4] - headline[2] >= MIN_HEADLINE, "the lot number is too small to read"
    # A small label leaves the supplier's and site's names out before anything above; where they are, they
    # are spelt right ("Wroc■aw" in Helvetica).
    names = [word for page in pages for word, *_box in page if word.startswith("Wroc")]
    assert set(names) <= {"Wrocław"}
    codes = sorted(code for page in rasterise(pdf, tmp_path) for code in decoded(page))
    expected = sorted(expected_coil_scan(symbol, content) for content in labels)
    if symbol == "gs1_128" and layout == "A4 3x7":
        # 20 alphanumeric characters in GS1-128 on a 63.5 mm label need 0.15 mm bars: too narrow to scan
        # (the template should use GS1 DataMatrix there). The demo plant's lot number still decodes.
        expected = [code for code in expected if b"WMWM" not in code[1]]
    assert codes == expected


def test_a_long_item_name_wraps_onto_two_lines_and_is_cut_only_after_them(tmp_path):
    name = "Hot-rolled coil S355 8 mm, pickled and oiled, edge trimmed, " * 4
    pdf = render_pdf([coil(item_name=name.strip())], LabelSpec(sheet=SHEET_LETTER_3X10))
    words = page_words(pdf, tmp_path)[0]
    item_rows = {round(y_min) for word, _x, y_min, _x2, _y in words if word in ("coil", "pickled", "edge")}
    assert len(item_rows) == 2
    text = label_text(words)
    assert "S355-CL Hot-rolled coil" in text and "…" in text
    assert "Lot S355-CL-261125-0001" in text and "Supplier lot SUP-UX-001" in text


def test_labels_embed_the_vendored_unicode_font(tmp_path):
    pdf = render_pdf([coil()], LabelSpec())
    text = label_text(page_words(pdf, tmp_path)[0])
    assert "Supplier Huta Wrocław S.A." in text and "Metalworks Wrocław" in text
    source = tmp_path / "font.pdf"
    source.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(source)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans-Bold" in fonts and "DejaVuSans" in fonts and "Helvetica" not in fonts, fonts
    # Shipped inside the package (pyproject package-data "*.ttf"), with its licence: no system font needed.
    package = Path(lotline.__file__).parent
    assert FONT_DIR.parent == package / "lib"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE.txt"):
        assert (FONT_DIR / name).is_file(), name
    assert '"*.ttf"' in (package.parent / "pyproject.toml").read_text()
