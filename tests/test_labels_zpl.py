"""ZPL labels: rendered offline by zplkit (an independent ZPL renderer) and decoded back exactly."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import zplkit
import zxingcpp
from PIL import Image

from lotline.labels import (
    SHEET_A4_3X7,
    SIZE_4X6,
    SIZE_100X50,
    LabelContent,
    LabelError,
    LabelSpec,
    ZplRenderer,
    escape_field,
    render_label_zpl,
    render_zpl,
)

GS = b"\x1d"


def flour(lot: str = "L-240611-0042", **changes) -> LabelContent:
    base = {
        "lot_number": lot,
        "item_code": "FL-100",
        "item_name": "Wheat flour ^type~ 550",
        "quantity": Decimal("25"),
        "unit": "kg",
        "date": dt.date(2024, 6, 11),
        "expiry": dt.date(2026, 12, 31),
        "site_name": "Plant 1",
        "gtin": "09521234543213",
    }
    return LabelContent(**(base | changes))


def render_png(zpl: str, size, dpi: int) -> Image.Image:
    dots = dpi / 25.4
    options = zplkit.Options(
        profile="specification",
        width=round(size.width_mm * dots),
        height=round(size.height_mm * dots),
        dpi=dpi,
    )
    document = zplkit.render(zpl, options)
    assert len(document.labels) == 1
    return Image.open(io.BytesIO(document.labels[0].png())).convert("L")


def decoded(image: Image.Image) -> list[tuple[str, bytes]]:
    return sorted(
        (b.symbology_identifier, b.bytes)
        for b in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    )


LOT = "L-2406_11>42"  # "_" is ZPL's escape character and ">" Code 128's invocation prefix
ELEMENT = b"0109521234543213112406111726123110" + LOT.encode()
EXPECTED = {
    "qr": ("]Q1", LOT.encode()),
    "code128": ("]C0", LOT.encode()),
    "gs1_datamatrix": ("]d2", ELEMENT),
    "gs1_128": ("]C1", ELEMENT),
    "dl_qr": ("]Q1", b"https://id.gs1.org/01/09521234543213/10/L-2406_11%3E42?11=240611&17=261231"),
}


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", [SIZE_100X50, SIZE_4X6], ids=["100x50", "4x6"])
@pytest.mark.parametrize("symbol", EXPECTED)
def test_every_symbol_decodes_exactly(symbol, size, dpi):
    zpl = render_label_zpl(flour(LOT), LabelSpec(symbol=symbol, size=size), dpi)
    assert zpl.isascii()
    assert decoded(render_png(zpl, size, dpi)) == [EXPECTED[symbol]]


def test_gs1_datamatrix_separator_and_underscore():
    pallet = flour("A_1", sscc="106141411234567897", item_count=48, date=None, expiry=None)
    zpl = render_label_zpl(pallet, LabelSpec(symbol="gs1_datamatrix"), 203)
    assert "^FD_100106141411234567897020952123454321337" in zpl
    assert "48_110A__1^FS" in zpl  # "_1" = FNC1 separator, "__" = literal underscore
    assert decoded(render_png(zpl, SIZE_100X50, 203)) == [
        ("]d2", b"0010614141123456789702095212345432133748" + GS + b"10A_1")
    ]


def test_pallet_sscc_gs1_128_on_4x6():
    pallet = flour("S-1", gtin=None, sscc="106141411234567897")
    zpl = render_label_zpl(pallet, LabelSpec(symbol="gs1_128", size=SIZE_4X6), 300)
    assert ",D^FD(00)106141411234567897^FS" in zpl
    assert decoded(render_png(zpl, SIZE_4X6, 300)) == [("]C1", b"00106141411234567897")]


def test_user_text_cannot_inject_commands():
    zpl = render_label_zpl(flour(site_name="^XZ~JA Ünit_1"), LabelSpec(), 203)
    assert "^FH^FD_5EXZ_7EJA _C3_9Cnit_5F1^FS" in zpl
    assert zpl.count("^XZ") == 1 and "~JA" not in zpl


def test_escape_field():
    assert escape_field("a^b~c_d") == "a_5Eb_7Ec_5Fd"
    assert escape_field("é") == "_C3_A9"
    assert escape_field("\x1d") == "_1D"


def test_many_labels_one_stream():
    zpl = ZplRenderer(dpi=300).render([flour("L1"), flour("L2")], LabelSpec(symbol="qr"))
    assert zpl.count(b"^XA") == 2 and zpl.count(b"^XZ") == 2
    assert len(zplkit.render(zpl).labels) == 2


@pytest.mark.parametrize(
    ("content", "spec", "dpi", "message"),
    [
        (flour(), LabelSpec(symbol="gs1_qr"), 203, "GS1 QR cannot be printed"),
        (flour("A(1)"), LabelSpec(symbol="gs1_128"), 203, "parentheses"),
        (flour("LÖT"), LabelSpec(symbol="qr"), 203, "printable ASCII"),
        (flour(), LabelSpec(sheet=SHEET_A4_3X7), 203, "Sheet layouts are for office printers"),
        (flour(), LabelSpec(), 600, "203 or 300 dpi"),
        (flour(gtin="09521234543214"), LabelSpec(symbol="gs1_datamatrix"), 203, "should be 3"),
    ],
)
def test_refusals(content, spec, dpi, message):
    with pytest.raises(LabelError, match=message):
        render_zpl([content], spec, dpi)


def test_gs1_datamatrix_lot_with_parentheses_is_fine():
    zpl = render_label_zpl(flour("A(1)", date=None, expiry=None), LabelSpec(symbol="gs1_datamatrix"), 203)
    assert decoded(render_png(zpl, SIZE_100X50, 203)) == [("]d2", b"010952123454321310A(1)")]


@pytest.mark.parametrize("size", [SIZE_100X50, SIZE_4X6])
def test_lot_number_and_supplier_lot_are_printed_whole(size):
    content = flour(lot="S355-CL-261125-0001", supplier_lot="SUP-UX-001", gtin=None)
    zpl = render_zpl([content], LabelSpec(size=size), 203)
    assert "^FDLot S355-CL-261125-0001^FS" in zpl
    assert "^FDSupplier lot SUP-UX-001^FS" in zpl
