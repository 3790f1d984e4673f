"""ZPL II for Zebra label printers (203 and 300 dpi), written as plain templates.

Escaping rules that keep user data from becoming printer commands:

- Text fields use ``^FH`` (field hexadecimal, indicator ``_``): ``^`` -> ``_5E``, ``~`` -> ``_7E``,
  ``_`` -> ``_5F``, and every non-ASCII byte of the UTF-8 text -> ``_XX``; ``^CI28`` makes the printer read
  the bytes as UTF-8. The ZPL itself stays pure ASCII.
- Code 128 (``^BC``) treats ``>`` as an invocation prefix, so a literal ``>`` is written ``>0``.
- GS1 DataMatrix: ``^BXN,h,200,,,,_`` makes ``_`` the escape character, ``_1`` is FNC1 (first position =
  GS1 mode, afterwards = separator) and a literal ``_`` is ``__``. GS1 data is CSET 82, so it never
  contains ``^`` or ``~``.
- GS1-128: ``^BC…,D`` (UCC/EAN mode) takes the HRI "(01)…(10)…" and adds FNC1 where the AI table needs it.
  It cannot tell a "(" inside a lot from the start of an AI, so such lots are refused.
GS1 QR has no reliable ZPL form and is refused: use GS1 DataMatrix or a Digital Link QR.
"""

from __future__ import annotations

from collections.abc import Iterable

from lotline.gs1 import GS

from .content import LabelContent, LabelError, LabelSpec, text_lines
from .symbols import SymbolPayload, module_matrix, symbol_payload

DPIS = (203, 300)

_MESSAGES = {
    "dpi": "ZPL resolution must be 203 or 300 dpi, got {dpi}",
    "sheet": "Sheet layouts are for office printers (PDF); ZPL prints one label at a time",
    "gs1_qr": "GS1 QR cannot be printed reliably in ZPL; use GS1 DataMatrix or a Digital Link QR",
    "parens": "Lot {lot}: Zebra's GS1-128 mode cannot print parentheses in data; use GS1 DataMatrix",
    "ascii": "Lot {lot}: barcodes in ZPL can only hold printable ASCII characters",
}


def escape_field(text: str) -> str:
    """Text for a ``^FH^FD`` field: control-like and non-ASCII characters as ``_XX`` hex bytes."""
    out = []
    for char in text:
        if " " <= char <= "~" and char not in "^~_":
            out.append(char)
        else:
            out.extend(f"_{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def _code128_text(text: str) -> str:
    return text.replace(">", ">0")


def _barcode(payload: SymbolPayload, lot: str, x: int, y: int, box_w: int, box_h: int, dpi: int) -> str:
    """ZPL for the symbol, fitted into the box at (x, y) (dots)."""
    if payload.kind == "gs1_qr":
        raise LabelError(_MESSAGES["gs1_qr"])
    if payload.kind in ("qr", "dl_qr", "code128") and not all(" " <= c <= "~" for c in payload.text):
        raise LabelError(_MESSAGES["ascii"].format(lot=lot))
    modules = module_matrix(payload).width
    if payload.kind in ("code128", "gs1_128"):
        module = max(1, min(box_w // modules, round(dpi / 100)))  # ~0.25 mm, never wider
        text_h = int(dpi * 0.12)
        bar_h = max(int(box_h - text_h - dpi * 0.04), int(dpi * 0.2))
        left = x + max(0, (box_w - modules * module) // 2)
        if payload.kind == "code128":
            data = "^FH^FD" + escape_field(_code128_text(payload.text))
            mode = ""
        else:
            assert payload.element_string is not None
            if any(c in value for _, value in payload.element_string.fields for c in "()"):
                raise LabelError(_MESSAGES["parens"].format(lot=lot))
            hri = "".join(f"({ai}){_code128_text(v)}" for ai, v in payload.element_string.fields)
            data = "^FD" + hri
            mode = ",D"
        return f"^FO{left},{y}^BY{module}^BCN,{bar_h},Y,N,N{mode}{data}^FS"
    side = min(box_w, box_h)
    if payload.kind == "gs1_datamatrix":
        module = max(2, min(side // (modules + 2), round(dpi / 25.4)))  # <= ~1 mm
        data = "_1" + payload.text.replace("_", "__").replace(GS, "_1")
        return f"^FO{x},{y}^BXN,{module},200,,,,_^FD{data}^FS"
    # QR: ^FD<error correction><input mode>,<data>; M = 15 % recovery, A = automatic.
    module = max(2, min(side // (modules + 2), 10, round(dpi / 25.4)))
    return f"^FO{x},{y}^BQN,2,{module}^FH^FDMA,{escape_field(payload.text)}^FS"


def _text(lines: list[str], x: int, y: int, width: int, height: int) -> list[str]:
    if not lines or width <= 0 or height <= 0:
        return []
    min_h = 18
    lines = lines[: max(1, height // int(min_h * 1.2))]
    size = max(min_h, min(60, int(height / (len(lines) * 1.2 + 0.3))))
    # The headline (1.15 x size) must fit the width whole; the body is never set larger than it.
    size = max(min_h, min(size, int(width / (max(1, len(lines[0])) * 0.55 * 1.15))))
    out = []
    for index, line in enumerate(lines):
        h = int(size * 1.15) if index == 0 else size
        # Font 0 is about 0.55 h wide a character: a line shrinks to fit (a 20-character lot number always
        # does, down to min_h) before it is cut.
        h = max(min_h, min(h, int(width / (max(1, len(line)) * 0.55))))
        max_chars = max(1, int(width / (h * 0.55)))
        shown = line if len(line) <= max_chars else line[: max_chars - 2] + ".."
        out.append(f"^FO{x},{y}^A0N,{h},{h}^FH^FD{escape_field(shown)}^FS")
        y += int(size * 1.2)
    return out


def render_label_zpl(content: LabelContent, spec: LabelSpec, dpi: int = 203) -> str:
    """One label as a ``^XA…^XZ`` block."""
    if dpi not in DPIS:
        raise LabelError(_MESSAGES["dpi"].format(dpi=dpi))
    if spec.sheet is not None:
        raise LabelError(_MESSAGES["sheet"])
    dots = dpi / 25.4
    width, height = round(spec.size.width_mm * dots), round(spec.size.height_mm * dots)
    pad = int(min(width, height) * 0.05)
    payload = symbol_payload(content, spec)
    lines = text_lines(content, spec)
    parts = ["^XA", "^CI28", f"^PW{width}", f"^LL{height}", "^LH0,0"]
    if payload.kind in ("code128", "gs1_128"):
        bar_box_h = int(height * 0.4)
        parts.append(
            _barcode(
                payload, content.lot_number, pad, height - pad - bar_box_h, width - 2 * pad, bar_box_h, dpi
            )
        )
        parts += _text(lines, pad, pad, width - 2 * pad, height - 3 * pad - bar_box_h)
    elif height > width:
        side = min(width - 2 * pad, int(height * 0.45))
        parts.append(
            _barcode(payload, content.lot_number, (width - side) // 2, height - pad - side, side, side, dpi)
        )
        parts += _text(lines, pad, pad, width - 2 * pad, height - 3 * pad - side)
    else:
        side = min(height - 2 * pad, int(width * 0.45))
        parts.append(_barcode(payload, content.lot_number, pad, (height - side) // 2, side, side, dpi))
        parts += _text(lines, 2 * pad + side, pad, width - 3 * pad - side, height - 2 * pad)
    parts.append("^XZ")
    return "\n".join(parts) + "\n"


def render_zpl(labels: Iterable[LabelContent], spec: LabelSpec, dpi: int = 203) -> str:
    """Many labels, one ``^XA…^XZ`` block each, ready for ``send_zpl``."""
    return "".join(render_label_zpl(content, spec, dpi) for content in labels)
